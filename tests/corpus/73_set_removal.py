# Removing from sets: remove, discard and the in-place operators, checked
# on what a set holds afterwards (its ints printed in CPython's table order),
# and the asyncio docs' pattern of a set that keeps background tasks alive
# until each one's done-callback discards it.
import asyncio

s = set(range(20))
for x in range(0, 20, 2):
    s.remove(x)
print(s, len(s), 3 in s, 4 in s)
s.discard(3)
s.discard(100)
print(s, sorted(s)[:3])
try:
    s.remove(4)
except KeyError as e:
    print("KeyError", e)
s.add(4)
s.add(0)
# (Printed sorted: where CPython puts an element added back depends on the
# dummy slots its removals left, which Looplab does not model.)
print(sorted(s), len(s))

big = set(range(0, 3000, 3))
for x in range(0, 3000, 6):
    big.discard(x)
print(len(big), min(big), max(big), sum(big), 9 in big, 12 in big)

words = {"alpha", "beta", "gamma", "delta", "epsilon"}
words.remove("gamma")
words.discard("alpha")
print(sorted(words), len(words), "beta" in words, "gamma" in words)
words -= {"beta"}
words |= {"zeta"}
print(sorted(words))

t = {1, 2, 3}
try:
    for x in t:
        t.discard(x)
except RuntimeError as e:
    print("RuntimeError", e)
print(len(t) <= 2)

pairs = {(i, i * i) for i in range(10)}
for i in range(0, 10, 3):
    pairs.remove((i, i * i))
print(sorted(pairs))


async def work(i, done):
    await asyncio.sleep(0.001 * (i % 7))
    done.append(i)


async def main():
    background = set()
    done = []
    for i in range(2000):
        task = asyncio.create_task(work(i, done))
        background.add(task)
        task.add_done_callback(background.discard)
    print("running", len(background))
    await asyncio.sleep(0.01)
    print("left", len(background), "done", len(done), sum(done))


asyncio.run(main())

# Intersections keep CPython's element of two equal ones: the smaller
# set's, an iterable operand's, a dict view's as CPython picks.
from enum import Enum


class Color(str, Enum):
    RED = "red"
print({1, 2} & {1.0}, {1.0} & {1, 2}, {1, 2} & {1.0, 2.0}, {True, 5} & {1, 5})
print({"x", "red", "y"} & {Color.RED}, {Color.RED} & {"x", "red", "y"})
print({1, 2, 3}.intersection({1.0, 2.0}), {1, 2}.intersection([1.0, 2.0, 3.0]), {1, 2}.intersection({1.0}, {1}))
s = {1, 2, 3}
s.intersection_update({2.0, 3.0})
print(s, {1: 'a', 2: 'b'}.keys() & {1.0}, {1: 'a'}.keys() & {1.0, 7})
s = {1, 2, 3}
s &= {3.0}
print(s)
