# inspect: what kind of function is this?
import asyncio
import inspect


async def fetch():
    return 1


def plain(a, b=2, *args, c, **kw):
    """Docs here."""
    return a


def gen():
    yield 1


print(inspect.iscoroutinefunction(fetch), inspect.iscoroutinefunction(plain))
print(asyncio.iscoroutinefunction(fetch))
print(inspect.isgeneratorfunction(gen), inspect.isfunction(plain), inspect.isclass(int))
print(inspect.signature(plain))
print(list(inspect.signature(plain).parameters))
print(inspect.getdoc(plain))
c = fetch()
print(inspect.iscoroutine(c), inspect.isawaitable(c))
c.close()
