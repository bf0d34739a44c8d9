# a small pub/sub with one queue per subscriber
import asyncio


class Room:
    def __init__(self):
        self.subscribers = []

    def join(self):
        q = asyncio.Queue()
        self.subscribers.append(q)
        return q

    async def say(self, msg):
        for q in self.subscribers:
            await q.put(msg)


async def listener(name, q, count):
    for _ in range(count):
        msg = await q.get()
        print(f"{asyncio.get_running_loop().time():.2f} {name} heard {msg!r}")


async def main():
    room = Room()
    qa, qb = room.join(), room.join()
    tasks = [asyncio.create_task(listener("ann", qa, 2)), asyncio.create_task(listener("ben", qb, 2))]
    await room.say("hi")
    await asyncio.sleep(1)
    await room.say("bye")
    await asyncio.gather(*tasks)


asyncio.run(main())
