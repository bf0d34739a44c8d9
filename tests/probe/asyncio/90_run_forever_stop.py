# loop.run_forever() until loop.stop(), callbacks rescheduling themselves,
# call_soon_threadsafe, run_until_complete after it, a closed loop.
import asyncio


def tick(loop, n):
    print(f"{loop.time():.1f} tick {n}")
    if n < 3:
        loop.call_later(0.5, tick, loop, n + 1)
    else:
        loop.call_soon_threadsafe(loop.stop)


async def job():
    await asyncio.sleep(0.7)
    print("job done")
    return 42


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.call_soon(tick, loop, 0)
task = loop.create_task(job())
print("running:", loop.is_running())
loop.run_forever()
print("stopped; task done?", task.done(), task.result())
print(loop.run_until_complete(asyncio.sleep(0.1, "again")))
loop.close()
try:
    loop.run_forever()
except RuntimeError as e:
    print("RuntimeError:", e)
