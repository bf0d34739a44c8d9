# A learner's attempt: None marks the end, so a None message ends the
# subscription early.
# fails: Every subscriber gets every message of its topic, in order
# fails: A subscription counts from subscribe(), not from the first read
import asyncio


class Broker:
    def __init__(self):
        self._queues = {}

    def subscribe(self, topic):
        queue = asyncio.Queue()
        self._queues.setdefault(topic, []).append(queue)
        return self._read(queue)

    async def _read(self, queue):
        while (message := await queue.get()) is not None:
            yield message

    async def publish(self, topic, message):
        for queue in self._queues.get(topic, []):
            queue.put_nowait(message)

    async def close(self):
        for queues in self._queues.values():
            for queue in queues:
                queue.put_nowait(None)
