"""A reusable barrier written in Python on asyncio.Condition: workers meet at each phase; the last arrival releases everyone."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


class Barrier:
    def __init__(self, parties):
        self.parties = parties
        self.count = 0
        self.generation = 0
        self.cond = asyncio.Condition()

    async def wait(self):
        async with self.cond:
            gen = self.generation
            self.count += 1
            index = self.count
            if self.count == self.parties:
                self.generation += 1
                self.count = 0
                self.cond.notify_all()
            else:
                await self.cond.wait_for(lambda: self.generation != gen)
            return index


async def worker(name, barrier, durations):
    for phase, d in enumerate(durations):
        await asyncio.sleep(d)
        print(now(), f"{name} reached barrier {phase}")
        arrival = await barrier.wait()
        print(now(), f"{name} passes phase {phase} (arrived #{arrival})")


async def main():
    barrier = Barrier(3)
    await asyncio.gather(
        worker("A", barrier, [0.5, 0.1, 1.0]),
        worker("B", barrier, [1.5, 0.2, 0.3]),
        worker("C", barrier, [1.0, 0.7, 0.1]),
    )
    print(now(), "generations:", barrier.generation)


asyncio.run(main())
