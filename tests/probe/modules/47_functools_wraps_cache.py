# wraps, lru_cache statistics and cached_property
from functools import wraps, lru_cache, cached_property


def logged(func):
    @wraps(func)
    def inner(*args):
        print(f"calling {func.__name__}{args}")
        return func(*args)
    return inner


@logged
def add(a, b):
    """Add two numbers."""
    return a + b


print(add(2, 3), add.__name__, add.__doc__, add.__wrapped__(1, 1))


@lru_cache(maxsize=2)
def slow_square(n):
    return n * n


for n in [1, 2, 1, 3, 1]:
    slow_square(n)
print(slow_square.cache_info())


class Circle:
    def __init__(self, r):
        self.r = r

    @cached_property
    def area(self):
        print("computing area")
        return 3 * self.r ** 2


c = Circle(2)
print(c.area, c.area)
