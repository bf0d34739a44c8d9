# A learner's attempt: one queue per topic, shared by its subscribers, so
# each message reaches only one of them.
# fails: Every subscriber gets every message of its topic, in order
# fails: A subscription counts from subscribe(), not from the first read
import asyncio

_END = object()


class Broker:
    def __init__(self):
        self._topics = {}
        self._readers = {}

    def subscribe(self, topic):
        queue = self._topics.setdefault(topic, asyncio.Queue())
        self._readers[topic] = self._readers.get(topic, 0) + 1
        return self._read(queue)

    async def _read(self, queue):
        while (message := await queue.get()) is not _END:
            yield message

    async def publish(self, topic, message):
        if topic in self._topics:
            self._topics[topic].put_nowait(message)

    async def close(self):
        for topic, queue in self._topics.items():
            for _ in range(self._readers[topic]):
                queue.put_nowait(_END)
