# A learner's attempt: close() waits until every subscriber has read
# everything.
# fails: close() returns at once
import asyncio

_END = object()


class Broker:
    def __init__(self):
        self._queues = {}

    def subscribe(self, topic):
        queue = asyncio.Queue()
        self._queues.setdefault(topic, []).append(queue)
        return self._read(queue)

    async def _read(self, queue):
        while True:
            message = await queue.get()
            queue.task_done()
            if message is _END:
                return
            yield message

    async def publish(self, topic, message):
        for queue in self._queues.get(topic, []):
            queue.put_nowait(message)

    async def close(self):
        for queues in self._queues.values():
            for queue in queues:
                queue.put_nowait(_END)
                await queue.join()
