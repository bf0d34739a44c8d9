"""Pub/sub: a broker with per-subscriber queues, topic filtering, unsubscribe, slow subscriber does not block others."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


class Broker:
    def __init__(self):
        self.subs = {}

    def subscribe(self, name, topics):
        q = asyncio.Queue()
        self.subs[name] = (set(topics), q)
        return q

    def unsubscribe(self, name):
        _, q = self.subs.pop(name)
        q.put_nowait(None)

    def publish(self, topic, msg):
        delivered = 0
        for name, (topics, q) in self.subs.items():
            if topic in topics:
                q.put_nowait((topic, msg))
                delivered += 1
        return delivered


async def subscriber(name, q, delay):
    got = []
    while (item := await q.get()) is not None:
        await asyncio.sleep(delay)
        got.append(item[1])
        print(now(), f"{name} <- {item[0]}: {item[1]}")
    return name, got


async def main():
    broker = Broker()
    subs = [
        asyncio.create_task(subscriber("fast", broker.subscribe("fast", ["news", "sport"]), 0.1)),
        asyncio.create_task(subscriber("slow", broker.subscribe("slow", ["news"]), 0.6)),
        asyncio.create_task(subscriber("tech", broker.subscribe("tech", ["tech"]), 0.2)),
    ]
    schedule = [("news", "election"), ("sport", "goal"), ("tech", "release"), ("news", "weather")]
    for topic, msg in schedule:
        n = broker.publish(topic, msg)
        print(now(), f"published {topic}/{msg} to {n}")
        await asyncio.sleep(0.25)
    broker.unsubscribe("tech")
    print(now(), "after unsubscribe:", broker.publish("tech", "ignored"))
    for name in ["fast", "slow"]:
        broker.unsubscribe(name)
    for name, got in await asyncio.gather(*subs):
        print(now(), name, got)


asyncio.run(main())
