"""A pipeline: a reader task feeds lines into an asyncio.Queue, three workers transform them, a writer collects results."""
import asyncio

import aiofiles

ORDERS = ["1,apple,3,0.5", "2,bread,1,2.25", "3,cheese,2,4.0", "bad line",
          "4,dates,10,0.3", "5,eggs,12,0.25", "6,figs,0,1.0"]


async def reader(path, queue, n_workers):
    async with aiofiles.open(path) as f:
        async for line in f:
            await queue.put(line.strip())
    for _ in range(n_workers):
        await queue.put(None)


async def worker(name, inbox, outbox):
    handled = 0
    while (line := await inbox.get()) is not None:
        handled += 1
        if len(parts := line.split(",")) != 4:
            await outbox.put(("error", line))
            continue
        oid, item, qty, price = parts
        await outbox.put(("ok", (int(oid), item, int(qty) * float(price))))
    await outbox.put(None)
    return name, handled


async def writer(path, outbox, n_workers):
    results, errors, done = [], [], 0
    while done < n_workers:
        msg = await outbox.get()
        if msg is None:
            done += 1
        else:
            (results if msg[0] == "ok" else errors).append(msg[1])
    async with aiofiles.open(path, "w") as f:
        for oid, item, total in sorted(results):
            await f.write(f"{oid:>3} {item:<8}{total:6.2f}\n")
    return len(results), errors


async def main():
    async with aiofiles.open("orders.csv", "w") as f:
        await f.writelines(line + "\n" for line in ORDERS)
    inbox, outbox, n = asyncio.Queue(maxsize=2), asyncio.Queue(), 3
    _, counts, (written, errors) = await asyncio.gather(
        reader("orders.csv", inbox, n),
        asyncio.gather(*(worker(f"w{i}", inbox, outbox) for i in range(n))),
        writer("totals.txt", outbox, n))
    print("lines handled by all workers:", sum(c for _, c in counts))
    print("written:", written, "errors:", errors)
    async with aiofiles.open("totals.txt") as f:
        print(await f.read(), end="")


asyncio.run(main())
