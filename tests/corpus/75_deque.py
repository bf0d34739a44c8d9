# deque: both ends in O(1) (a queue of 100,000 drained from the left), maxlen
# windows, live iteration that raises once the deque changes, errors worded
# as CPython words them, copies, repetition and sequence patterns.
from collections import deque
d = deque([1, 2, 3])
for f in (lambda: d.remove(5), lambda: d.index(5), lambda: deque().pop(), lambda: deque().popleft(), lambda: d[10], lambda: d["a"], lambda: deque(maxlen=-1), lambda: deque([1], 2).insert(0, 1) or deque([1,2], 2).insert(0, 9)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
it = iter(d)
next(it)
d.append(4)
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    next(it)
except Exception as e:
    print(type(e).__name__, e)
it = iter(d)
next(it)
d[0] = 100
print(list(it))
it = reversed(d); next(it); d.reverse()
try:
    print(list(it))
except RuntimeError as e:
    print("RuntimeError", e)
it = iter(d); next(it); d.rotate(1)
try:
    print(list(it))
except RuntimeError as e:
    print("RuntimeError", e)
e = deque(); e.append(e); print(e)
print(type(iter(d)).__name__, type(reversed(d)).__name__, d.maxlen)
x = deque([1,2,3], maxlen=3); x.append(4); x.appendleft(0); print(x, x.maxlen)
x.extend([7,8]); print(x); x.extendleft([9, 10]); print(x)
print(deque([1,2]) == deque([1,2]), deque([1,2]) == [1,2], deque([1]) < deque([2]))
class D(deque):
    pass
dd = D([1]); print(dd, repr(dd))
import copy
a = deque([[1], [2]], maxlen=5)
b = copy.deepcopy(a)
c = copy.copy(a)
a[0].append(9)
a.append([3])
print(a, b, c, b.maxlen, type(b).__name__)
q = deque(range(100000))
n = 0
while q:
    n += q.popleft()
print(n)
w = deque(maxlen=3)
for i in range(10):
    w.append(i)
print(w, list(reversed(w)), w * 2, 2 * deque([1, 2]), deque([1]) + deque([2, 3]))
w *= 0
print(w, bool(w), len(w))
match deque([1, 2, 3]):
    case [first, *rest]:
        print(first, rest)


# A work queue shared by tasks, drained from the left.
import asyncio


async def main():
    work = deque(range(3000))
    done = []

    async def worker(name):
        while work:
            item = work.popleft()
            if item % 500 == 0:
                await asyncio.sleep(0.01)
            done.append((name, item))

    await asyncio.gather(*(worker(f"w{i}") for i in range(4)))
    print(len(done), done[:2], sorted(i for _, i in done) == list(range(3000)))


asyncio.run(main())

# index, count and in, with start and stop.
d = deque([1, 2, 3, 2, 1.0])
print(d.index(2), d.index(2, 2), d.index(1, -1), d.index(3, -10, 10), d.count(1), d.count(2.0), 2 in d, 9 in d)
for args in [(2, 4), (9,), (1, 1, 4)]:
    try:
        print(d.index(*args))
    except ValueError as e:
        print("ValueError", e)
