# A learner's attempt: small queues, and publish awaits room in each, so a
# slow subscriber holds up the publisher.
# fails: publish() returns at once
# fails: close() returns at once
import asyncio

_END = object()


class Broker:
    def __init__(self):
        self._queues = {}

    def subscribe(self, topic):
        queue = asyncio.Queue(maxsize=1)
        self._queues.setdefault(topic, []).append(queue)
        return self._read(queue)

    async def _read(self, queue):
        while (message := await queue.get()) is not _END:
            yield message

    async def publish(self, topic, message):
        for queue in self._queues.get(topic, []):
            await queue.put(message)

    async def close(self):
        for queues in self._queues.values():
            for queue in queues:
                await queue.put(_END)
