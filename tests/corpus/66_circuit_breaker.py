"""Circuit breaker: closed -> open after failures, half-open after a cool-down on the loop clock, closes on success."""
import asyncio


class CircuitOpen(Exception):
    pass


class Breaker:
    def __init__(self, threshold, cooldown):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.state = "closed"
        self.opened_at = None

    async def call(self, fn, *args):
        loop = asyncio.get_running_loop()
        if self.state == "open":
            if loop.time() - self.opened_at < self.cooldown:
                raise CircuitOpen(f"open for {loop.time() - self.opened_at:.1f}s")
            self.state = "half-open"
        try:
            result = await fn(*args)
        except Exception:
            self.failures += 1
            if self.state == "half-open" or self.failures >= self.threshold:
                self.state, self.opened_at = "open", loop.time()
            raise
        self.failures, self.state = 0, "closed"
        return result


async def backend(t):
    await asyncio.sleep(0.1)
    if 0.55 <= t < 2.95:
        raise OSError("backend down")
    return "ok"


async def main():
    loop = asyncio.get_running_loop()
    breaker = Breaker(threshold=3, cooldown=0.95)
    start = loop.time()
    for _ in range(16):
        t = loop.time() - start
        try:
            out = await breaker.call(backend, t)
        except CircuitOpen as e:
            out = f"rejected ({e})"
        except OSError as e:
            out = f"error {e}"
        print(f"{loop.time():.2f} [{breaker.state:>9}] {out}")
        await asyncio.sleep(0.2)


asyncio.run(main())
