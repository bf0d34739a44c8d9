"""as_completed: results in finishing order
as_completed hands you each result as soon as it is ready, fastest first, whatever order the work was started in.
Watch the quote tasks in the timeline: we stop after the first ENOUGH answers and cancel the ones still running."""
import asyncio

ENOUGH = 2
SPREAD = 0.3

# provider, speed rank (0 = fastest), price: the fastest are not the cheapest
PROVIDERS = [("north", 0, 120), ("east", 3, 95), ("south", 2, 105), ("west", 1, 110)]

started_at = 0.0  # loop time when main() began; elapsed() counts from it


def elapsed():
    return f"{asyncio.get_running_loop().time() - started_at:.1f}s"


async def quote(provider, seconds, price):
    await asyncio.sleep(seconds)
    return provider, price


async def main():
    global started_at
    started_at = asyncio.get_running_loop().time()
    tasks = []
    for provider, rank, price in PROVIDERS:
        seconds = 0.2 + SPREAD * rank
        print(f"{elapsed()} asking {provider} (answers in {seconds:.1f}s)")
        tasks.append(asyncio.create_task(quote(provider, seconds, price), name=f"quote-{provider}"))

    answers = []
    for next_done in asyncio.as_completed(tasks):
        provider, price = await next_done
        answers.append((price, provider))
        print(f"{elapsed()} {provider} says {price}")
        if len(answers) >= ENOUGH:
            break

    for task in tasks:
        if not task.done():
            print(f"{elapsed()} no longer needed: cancelling {task.get_name()}")
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)  # let the cancellations finish

    price, provider = min(answers)
    print(f"{elapsed()} best of the first {len(answers)}: {provider} at {price}")


asyncio.run(main())
