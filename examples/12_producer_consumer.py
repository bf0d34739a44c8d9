"""Producer/consumer with a bounded queue
put() waits while the queue is full, so a fast producer is held back to the pace of its consumers.
Watch the producer block on the full queue in the task table; queue.join() returns once every item is marked task_done."""
import asyncio

QUEUE_SIZE = 2
CONSUMERS = 2
WORK_TIME = 0.4

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.2f}s"


async def producer(queue, count):
    for item in range(1, count + 1):
        await queue.put(item)  # waits here while the queue is full
        print(f"{elapsed()} producer: queued item {item} ({queue.qsize()}/{queue.maxsize} full)")
    print(f"{elapsed()} producer: all {count} items queued")


async def consumer(name, speed, queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(WORK_TIME * speed)
        print(f"{elapsed()} {name}: finished item {item}")
        queue.task_done()  # one call per get(), or join() never returns


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    queue = asyncio.Queue(maxsize=QUEUE_SIZE)
    consumers = [  # each consumer is a little slower than the one before
        asyncio.create_task(consumer(f"consumer-{i}", 1 + 0.3 * i, queue), name=f"consumer-{i}")
        for i in range(CONSUMERS)
    ]
    await asyncio.create_task(producer(queue, 8), name="producer")
    await queue.join()  # every item has been processed
    print(f"{elapsed()} queue drained; stopping the consumers")
    for task in consumers:
        task.cancel()  # they are idle in queue.get(), waiting for work that will never come
    await asyncio.gather(*consumers, return_exceptions=True)
    print(f"{elapsed()} done")


asyncio.run(main())
