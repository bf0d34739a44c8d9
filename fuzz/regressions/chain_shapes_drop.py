# Long chains of every container kind, each freed when the next replaces
# it: nested dicts and tuples, default arguments, closures, bound methods,
# instances, exceptions and their `from` chains, deques, partials and
# iterators. Without the trashcan in `Value`'s Drop
# (crates/script/src/value.rs) freeing any of them recursed once per link.
# CPython 3.11 prints "built 12".
import collections
import functools


class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


def closure(v):
    def inner():
        return v

    return inner


def chained(cause):
    try:
        raise ValueError("link") from cause
    except ValueError as e:
        return e


shapes = [
    lambda x: {"k": x},
    lambda x: (x,),
    lambda x: (lambda y=x: y),
    closure,
    lambda x: Box(x).get,
    Box,
    lambda x: Exception(x),
    chained,
    lambda x: collections.deque([x]),
    lambda x: functools.partial(print, x),
    lambda x: iter([x]),
    lambda x: {1: x}.values(),
]
for make in shapes:
    x = None
    for i in range(50000):
        x = make(x)
    x = None
print("built", len(shapes))
