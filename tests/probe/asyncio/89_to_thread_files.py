# A worker thread writes and reads a file and sleeps while the loop runs;
# a built-in that sleeps (map(time.sleep, ...)) on a thread waits after it.
import asyncio
import time


def save_and_load(path, text):
    with open(path, "w") as f:
        f.write(text)
    time.sleep(1)
    with open(path) as f:
        return f.read().upper()


async def beat():
    for i in range(3):
        print(f"{asyncio.get_running_loop().time():.1f} beat")
        await asyncio.sleep(0.5)


async def main():
    got, _ = await asyncio.gather(asyncio.to_thread(save_and_load, "notes.txt", "hello"), beat())
    print(got, f"{asyncio.get_running_loop().time():.1f}")
    print(await asyncio.to_thread(list, map(time.sleep, [0.5, 0.5])), f"{asyncio.get_running_loop().time():.1f}")


asyncio.run(main())
