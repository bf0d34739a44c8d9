# asyncio.wait with a timeout leaves some tasks pending
import asyncio


async def job(n):
    await asyncio.sleep(n)
    return n


async def main():
    tasks = [asyncio.create_task(job(n)) for n in (1, 2, 4)]
    done, pending = await asyncio.wait(tasks, timeout=3)
    print("done:", sorted(t.result() for t in done))
    print("pending:", len(pending))
    done, pending = await asyncio.wait(pending)
    print("finally:", [t.result() for t in done], len(pending))
    print(f"{asyncio.get_running_loop().time():.2f}")


asyncio.run(main())
