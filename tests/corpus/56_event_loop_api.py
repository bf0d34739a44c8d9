"""Low-level loop API: new_event_loop, set_event_loop, get_event_loop, run_until_complete, loop.create_task, call_soon/call_later/call_at, close."""
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    loop = asyncio.get_event_loop()
    print(f"{loop.time():.2f} {name} done (same loop: {loop is asyncio.get_running_loop()})")
    return name * 2


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print("running?", loop.is_running(), "closed?", loop.is_closed())
print("get_event_loop is ours:", asyncio.get_event_loop() is loop)
print(loop.run_until_complete(job("a", 1.0)))
print(f"{loop.time():.2f} between runs")
t1 = loop.create_task(job("b", 0.5))
t2 = loop.create_task(job("c", 0.25))
print(loop.run_until_complete(asyncio.gather(t1, t2)))

events = []
loop.call_soon(events.append, "soon")
loop.call_later(0.3, events.append, "later")
loop.call_at(loop.time() + 0.1, events.append, "at")
handle = loop.call_later(0.2, events.append, "cancelled")
handle.cancel()
loop.run_until_complete(asyncio.sleep(0.5))
print(f"{loop.time():.2f} callbacks:", events, "handle cancelled:", handle.cancelled())

fut = loop.create_future()
loop.call_later(0.7, fut.set_result, 42)
print("future:", loop.run_until_complete(fut), f"{loop.time():.2f}")
loop.close()
print("closed?", loop.is_closed())
coro = job("d", 0)
try:
    loop.run_until_complete(coro)
except RuntimeError as e:
    print("RuntimeError:", e)
finally:
    coro.close()
asyncio.set_event_loop(None)

other = asyncio.new_event_loop()
print(f"{other.time():.2f} a second loop continues the same virtual clock")
print(other.run_until_complete(job("e", 0.5)))
other.close()
