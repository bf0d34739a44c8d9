"""Hello: print with sep/end, asyncio.run, sleep, virtual time stamps, basic literals."""
import asyncio


async def greet(name, delay=0.5):
    await asyncio.sleep(delay)
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.2f} hello, {name}")
    return len(name)


async def main():
    print("start", "of", "main", sep="-")
    print("no newline", end="")
    print(" ... continued")
    n = await greet("world")
    m = await greet("looplab", delay=1.25)
    print(f"{asyncio.get_running_loop().time():.2f} lengths", n, m, sep=", ")
    print(1, 2.5, "three", True, None, [1, 2], (3,), {"k": 4}, {5}, b"six", sep=" | ")
    print(10 / 4, 10 // 4, -7 // 2, -7 % 3, 2 ** 10, 1e20, 1.5e-7, 0.1 + 0.2)
    print(int("42") + 1, float("3.5"), str(7) * 3, bool(""), bool("x"))
    return "done"


result = asyncio.run(main())
print("result:", result)
