"""A tiny scheduler on loop.call_later/call_at/call_soon: periodic jobs, cancelling handles, TimerHandle.when()."""
import asyncio


class Scheduler:
    def __init__(self):
        self.loop = asyncio.get_running_loop()
        self.handles = {}
        self.log = []

    def every(self, name, interval, times):
        def run(remaining):
            self.log.append(name)
            print(f"{self.loop.time():.2f} run {name} ({remaining - 1} left)")
            if remaining > 1:
                self.handles[name] = self.loop.call_later(interval, run, remaining - 1)
            else:
                del self.handles[name]
        self.handles[name] = self.loop.call_later(interval, run, times)

    def once_at(self, name, when):
        self.handles[name] = self.loop.call_at(when, lambda: print(f"{self.loop.time():.2f} once {name}"))

    def cancel(self, name):
        self.handles.pop(name).cancel()


async def main():
    s = Scheduler()
    loop = s.loop
    s.every("poll", 0.4, 4)
    s.every("sync", 1.0, 3)
    s.once_at("report", loop.time() + 1.5)
    s.once_at("never", loop.time() + 2.0)
    print("report scheduled for", f"{s.handles['report'].when():.2f}", "pending:", sorted(s.handles))
    loop.call_soon(print, "call_soon runs first, with args:", 1, 2)
    await asyncio.sleep(1.2)
    s.cancel("never")
    await asyncio.sleep(2.5)
    print(f"{loop.time():.2f} log:", s.log, "pending:", sorted(s.handles))


asyncio.run(main())
