"""Retry with exponential backoff
The flaky service fails FAILURES times before it answers; each retry waits twice as long as the previous one.
Watch the gaps between attempts double in the timeline, and the retry give up once MAX_ATTEMPTS is reached."""
import asyncio

FAILURES = 2
BASE_DELAY = 0.2
MAX_ATTEMPTS = 4

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


class FlakyService:
    """Fails its first `failures` calls, then works: deterministic, no randomness."""

    def __init__(self, name, failures):
        self.name = name
        self.failures_left = failures
        self.calls = 0

    async def call(self):
        self.calls += 1
        await asyncio.sleep(0.1)  # the round trip
        if self.failures_left > 0:
            self.failures_left -= 1
            raise ConnectionError(f"{self.name} unavailable (call {self.calls})")
        return f"{self.name}: 200 OK"


async def with_retries(operation, attempts, base_delay):
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except ConnectionError as exc:
            if attempt == attempts:
                raise  # out of attempts: let the caller see the last error
            delay = base_delay * 2 ** (attempt - 1)
            print(f"{elapsed()}   {exc}; retry in {delay:.1f}s")
            await asyncio.sleep(delay)


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    for service in [FlakyService("billing", FAILURES), FlakyService("legacy", 99)]:
        print(f"{elapsed()} calling {service.name}")
        try:
            answer = await with_retries(service.call, MAX_ATTEMPTS, BASE_DELAY)
            print(f"{elapsed()} {answer} after {service.calls} calls")
        except ConnectionError as exc:
            print(f"{elapsed()} giving up on {service.name}: {exc}")


asyncio.run(main())
