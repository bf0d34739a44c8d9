# decorators with and without arguments
import functools


def shout(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs).upper()
    return wrapper


def repeat(times):
    def deco(func):
        def wrapper(*args):
            return [func(*args) for _ in range(times)]
        return wrapper
    return deco


@shout
def greet(name):
    """Say hello."""
    return f"hello {name}"


@repeat(3)
def roll(n):
    return n * 2


print(greet("bo"), greet.__name__, greet.__doc__)
print(roll(4), roll.__name__)


def count_calls(func):
    def wrapper(*a):
        wrapper.calls += 1
        return func(*a)
    wrapper.calls = 0
    return wrapper


@count_calls
def noop():
    pass


noop()
noop()
print(noop.calls)
