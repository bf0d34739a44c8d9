# A learner's attempt: close() does nothing, so every `async for` waits
# forever.
# fails: Every subscriber's `async for` ends after close()
import asyncio


class Broker:
    def __init__(self):
        self._queues = {}

    def subscribe(self, topic):
        queue = asyncio.Queue()
        self._queues.setdefault(topic, []).append(queue)
        return self._read(queue)

    async def _read(self, queue):
        while True:
            yield await queue.get()

    async def publish(self, topic, message):
        for queue in self._queues.get(topic, []):
            queue.put_nowait(message)

    async def close(self):
        pass
