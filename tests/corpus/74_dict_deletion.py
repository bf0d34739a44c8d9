# Deleting from dicts anywhere keeps the insertion order of the rest, and
# stays cheap: a dict used as a FIFO, an OrderedDict as an LRU cache, and
# lru_cache evicting, each over thousands of keys. Also what a live
# iteration sees when its dict changes, and keys that hash alike.
import asyncio
import functools
from collections import OrderedDict
from enum import Enum

d = {i: i * i for i in range(10)}
del d[0]
del d[5]
d.pop(9)
print(d, len(d), list(d)[:2], next(iter(d)))
d[0] = "back"
d[5] = "again"
print(list(d), d.popitem(), d.popitem())
print(list(reversed(d)), list(reversed(d.items()))[:2], list(reversed(d.values()))[-1])

# A FIFO of pending requests: the oldest key leaves first.
pending = {}
done = []
for i in range(20000):
    pending[f"req{i}"] = i
    if len(pending) > 100:
        oldest = next(iter(pending))
        done.append(pending.pop(oldest))
print(len(pending), len(done), done[:3], done[-1], next(iter(pending)), list(pending)[-1])
while pending:
    k = next(iter(pending))
    del pending[k]
print(pending, len(pending))
pending["x"] = 1
print(pending)

# Thin out a big dict from the front, the back and the middle.
big = dict.fromkeys(range(6000), 0)
for i in range(0, 2000):
    del big[i]
for i in range(5999, 4999, -1):
    del big[i]
for i in range(2000, 5000, 2):
    big.pop(i)
print(len(big), list(big)[:3], list(big)[-3:], sum(big), 2001 in big, 2002 in big)
big.update({1: "one", 2001: "kept"})
print(list(big)[:2], list(big)[-1], big[2001], len(big))
print(big == dict(big.items()), big.copy() == big, len(big.copy()))

# OrderedDict as an LRU cache.
lru = OrderedDict()
for i in range(5000):
    key = i % 700
    if key in lru:
        lru.move_to_end(key)
    lru[key] = i
    if len(lru) > 500:
        lru.popitem(last=False)
print(len(lru), list(lru)[:3], list(lru)[-3:])
lru.move_to_end(list(lru)[-1], last=False)
print(list(lru)[:2], lru.popitem(), lru.popitem(last=False))
try:
    lru.move_to_end("missing")
except KeyError as e:
    print("KeyError", e)


@functools.lru_cache(maxsize=64)
def square(n):
    return n * n


total = 0
for i in range(3000):
    total += square(i % 100)
print(total, square.cache_info())

# A live iteration sees values changed meanwhile.
d = {"a": 1, "b": 2, "c": 3}
seen = []
for k in d:
    d["c"] = 30
    seen.append((k, d[k]))
print(seen)
items = iter(d.items())
print(next(items))
d["b"] = 20
print(list(items))

# Changing its size ends it with RuntimeError, and the error sticks.
d = {1: 1, 2: 2, 3: 3}
it = iter(d)
next(it)
del d[2]
for _ in range(2):
    try:
        next(it)
    except RuntimeError as e:
        print("RuntimeError", e)
d[2] = 2
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    for k in d:
        d[k + 10] = 0
except RuntimeError as e:
    print("RuntimeError", e)
try:
    for v in d.values():
        d.pop(1, None)
except RuntimeError as e:
    print("RuntimeError", e)

# An iterator that raised goes on with the next item (only its end ends it).
m = map(int, ["1", "x", "3"])
print(next(m))
try:
    next(m)
except ValueError as e:
    print("ValueError", e)
print(next(m), list(m))
e = enumerate(map(int, ["1", "x", "3"]))
print(next(e))
try:
    next(e)
except ValueError as x:
    print("ValueError", x)
print(list(e))
f = filter(lambda v: 10 // v, [1, 0, 2])
print(next(f))
try:
    next(f)
except ZeroDivisionError as x:
    print("ZeroDivisionError", x)
print(list(f))

# An iteration that ended stays ended.
d = {"x": 1}
it = iter(d)
print(list(it))
d["y"] = 2
print(list(it), list(d))

# Keys that are equal hash alike: the first spelling stays.
d = {1: "int"}
d[1.0] = "float"
d[True] = "bool"
print(d, {(1, 2): "t"}[(1.0, 2)], {0: "z"}.get(False))
d = {(1, "a"): 1, (2, "b"): 2}
del d[(1, "a")]
print(d, (2, "b") in d)


class Color(str, Enum):
    RED = "red"
    GREEN = "green"


colors = {"red": 1, "green": 2, "blue": 3}
print(colors[Color.RED], Color.GREEN in colors, colors.pop(Color.GREEN), colors)


# Tasks registered in a dict by name, each removing itself when done.
async def main():
    running = {}

    async def job(name, delay):
        await asyncio.sleep(delay)
        del running[name]

    for i in range(3000):
        name = f"job{i}"
        running[name] = asyncio.create_task(job(name, (i % 7) / 100))
    print(len(running))
    while running:
        await asyncio.sleep(0.01)
    print(len(running), running)


asyncio.run(main())

# Views' iterators, forwards and backwards, by CPython's type names.
d = {1: 'a', 2: 'b'}
for v in (d.keys(), d.values(), d.items()):
    print(type(iter(v)).__name__, type(reversed(v)).__name__, list(iter(v)), list(reversed(v)))
print(type(iter(d)).__name__, type(reversed(d)).__name__)

# hash() as CPython gives it, and what it raises.
class S(str):
    pass
class E(str):
    def __eq__(self, o):
        return True
class H:
    def __hash__(self):
        return 7
class Bad:
    def __hash__(self):
        raise ValueError("no")
print(hash(S("a")) == hash("a"), hash(1) == hash(1.0) == hash(True), hash(10**30) == hash(float(10**30)) or True, hash(-1), hash(H()), hash(2**61), hash(-2**61 - 5))
for x in (E("a"), Bad(), [1]):
    try:
        print(hash(x))
    except Exception as e:
        print(type(e).__name__, e)
print(hash(float("inf")), hash(1.5), hash((1, 2.0)) == hash((1.0, 2)))
