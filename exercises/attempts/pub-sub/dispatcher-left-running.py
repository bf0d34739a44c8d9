# A learner's attempt: a dispatcher task fans messages out, and close()
# never stops it.
# fails: No task of the broker is left running
import asyncio

_END = object()


class Broker:
    def __init__(self):
        self._inbox = asyncio.Queue()
        self._queues = {}
        self._dispatcher = asyncio.get_running_loop().create_task(self._dispatch())

    async def _dispatch(self):
        while True:
            topic, message = await self._inbox.get()
            for queue in self._queues.get(topic, []):
                queue.put_nowait(message)

    def subscribe(self, topic):
        queue = asyncio.Queue()
        self._queues.setdefault(topic, []).append(queue)
        return self._read(queue)

    async def _read(self, queue):
        while (message := await queue.get()) is not _END:
            yield message

    async def publish(self, topic, message):
        self._inbox.put_nowait((topic, message))

    async def close(self):
        await asyncio.sleep(0)
        for queues in self._queues.values():
            for queue in queues:
                queue.put_nowait(_END)
