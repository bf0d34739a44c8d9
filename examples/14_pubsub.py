"""Pub/sub: broadcasting to subscriber queues
The broker copies every message into each subscriber's own queue, so a slow subscriber never holds up a fast one.
Watch the slow subscriber fall behind in the task views while the fast one keeps up; in the end both see every message."""
import asyncio

MESSAGES = 5
PUBLISH_EVERY = 0.2
SLOW = 0.5

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


class Broker:
    def __init__(self):
        self.queues = {}

    def subscribe(self, name):
        self.queues[name] = asyncio.Queue()
        return self.queues[name]

    def publish(self, message):
        for queue in self.queues.values():
            queue.put_nowait(message)


async def subscriber(name, queue, seconds):
    seen = 0
    while True:
        message = await queue.get()
        if message is None:  # the end-of-stream marker
            break
        seen += 1
        print(f"{elapsed()} {name}: got {message!r} ({queue.qsize()} still waiting)")
        await asyncio.sleep(seconds)  # handling takes this long
    print(f"{elapsed()} {name}: end of stream after {seen} messages")


async def publisher(broker):
    for n in range(1, MESSAGES + 1):
        broker.publish(f"news #{n}")
        if n < MESSAGES:
            await asyncio.sleep(PUBLISH_EVERY)
    broker.publish(None)  # tell every subscriber we are done


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    broker = Broker()
    subscribers = [
        asyncio.create_task(subscriber(name, broker.subscribe(name), seconds), name=name)
        for name, seconds in [("fast", 0.1), ("slow", SLOW)]
    ]
    await asyncio.create_task(publisher(broker), name="publisher")
    print(f"{elapsed()} publisher finished")
    await asyncio.gather(*subscribers)


asyncio.run(main())
