"""Closures, nonlocal, global, decorators with functools.wraps."""
import asyncio
import functools

calls = 0


def make_counter(start=0, step=1):
    count = start

    def inc():
        nonlocal count
        count += step
        return count
    return inc


def bump():
    global calls
    calls += 1
    return calls


def logged(prefix):
    def decorator(fn):
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            loop = asyncio.get_running_loop()
            print(f"{loop.time():.2f} {prefix} enter {fn.__name__}{args}")
            result = await fn(*args, **kwargs)
            print(f"{loop.time():.2f} {prefix} exit {fn.__name__} -> {result!r}")
            return result
        return wrapper
    return decorator


@logged("[log]")
async def slow_double(x):
    """Doubles x slowly."""
    await asyncio.sleep(x / 10)
    return x * 2


async def main():
    c1, c2 = make_counter(), make_counter(100, 5)
    print(c1(), c1(), c2(), c1(), c2())
    adders = [lambda y, i=i: y + i for i in range(3)]
    late = [lambda y: y + i for i in range(3)]
    print([f(10) for f in adders], [f(10) for f in late])
    for _ in range(3):
        bump()
    print("calls", calls)
    print(slow_double.__name__, slow_double.__doc__)
    r = await slow_double(5)
    r2 = await slow_double(r)
    print("results", r, r2)


asyncio.run(main())
