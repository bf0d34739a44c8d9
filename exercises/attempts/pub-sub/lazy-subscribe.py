# A learner's attempt: subscribe() is an async generator, so the queue is
# only registered when the subscriber first reads.
# fails: Every subscriber gets every message of its topic, in order
# fails: Every subscriber's `async for` ends after close()
# fails: A subscription counts from subscribe(), not from the first read
import asyncio

_END = object()


class Broker:
    def __init__(self):
        self._queues = {}

    async def subscribe(self, topic):
        queue = asyncio.Queue()
        self._queues.setdefault(topic, []).append(queue)
        while (message := await queue.get()) is not _END:
            yield message

    async def publish(self, topic, message):
        for queue in self._queues.get(topic, []):
            queue.put_nowait(message)

    async def close(self):
        for queues in self._queues.values():
            for queue in queues:
                queue.put_nowait(_END)
