"""Functions: defaults, keyword-only args, *args, **kwargs, lambda, return, star-unpacking in calls."""
import asyncio


def describe(name, greeting="hi", *args, sep=", ", upper=False, **kwargs):
    text = f"{greeting} {name}"
    if args:
        text += sep + sep.join(str(a) for a in args)
    if kwargs:
        text += sep + sep.join(f"{k}={v}" for k, v in kwargs.items())
    return text.upper() if upper else text


def no_return():
    pass


def multi():
    return 1, "two", [3]


async def delayed_sum(*nums, delay=0.25, scale=1):
    await asyncio.sleep(delay)
    return sum(nums) * scale


async def main():
    print(describe("ann"))
    print(describe("bob", "hello", 1, 2, 3))
    print(describe("cy", upper=True, sep="; "))
    print(describe("dee", "yo", 9, color="red", size=3))
    args = ["eve", "hey", 7, 8]
    opts = {"sep": "/", "mood": "ok"}
    print(describe(*args, **opts))
    print(no_return())
    a, b, c = multi()
    print(a, b, c)
    square = lambda x: x * x
    add = lambda x, y=10: x + y
    print(square(7), add(1), add(1, 2), (lambda *a: len(a))(1, 2, 3))
    total = await delayed_sum(1, 2, 3)
    print(f"{asyncio.get_running_loop().time():.2f} total={total}")
    total = await delayed_sum(*range(5), delay=1, scale=10)
    print(f"{asyncio.get_running_loop().time():.2f} total={total}")
    try:
        describe("x", "hi", greeting="again")
    except TypeError as e:
        print("TypeError:", e)
    try:
        delayed_sum(1, bogus=True)
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
