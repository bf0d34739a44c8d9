"""random with random.seed(N): random, randint, uniform, choice, shuffle (CPython's Mersenne Twister), used to jitter sleeps."""
import asyncio
import random

random.seed(12345)
print([round(random.random(), 6) for _ in range(3)])
print([random.randint(1, 6) for _ in range(10)])
print([round(random.uniform(-1.0, 1.0), 6) for _ in range(3)])
colors = ["red", "green", "blue", "cyan"]
print([random.choice(colors) for _ in range(5)])
deck = list(range(10))
random.shuffle(deck)
print(deck)
random.seed(12345)
print(round(random.random(), 6), "(same as first after reseed)")
random.seed(7)
print(random.randint(0, 10**12), random.randint(-5, 5), random.choice("abcdef"), random.random())
print(random.uniform(10, 20), random.randrange(100), random.randrange(0, 100, 5))


async def worker(name, rng):
    delay = round(rng.uniform(0.1, 2.0), 2)
    await asyncio.sleep(delay)
    print(f"{asyncio.get_running_loop().time():.2f} {name} slept {delay}")
    return delay


async def main():
    rng = random.Random(99)
    delays = await asyncio.gather(*(worker(f"w{i}", rng) for i in range(5)))
    print("total", round(sum(delays), 2), "max", max(delays))
    random.seed(2024)
    order = ["a", "b", "c", "d", "e"]
    random.shuffle(order)
    print(order, random.choice(order), random.randint(100, 200))


asyncio.run(main())
