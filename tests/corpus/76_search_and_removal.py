# Searching and removing without copying or re-walking: str.find/count/
# startswith with start and end in long non-ASCII text, `in`/index/remove on
# lists (live, as CPython walks them), set.pop, and asyncio's TaskGroup and
# semaphore with thousands of tasks finishing or cancelled newest first.
import asyncio

s = "héllo wörld, héllo again " * 10
for args in [("é",), ("é", 5), ("é", -30), ("é", 5, 20), ("x",), ("", 3), ("", 300), ("o", 2, 1), ("llo", -1000, 1000)]:
    print(args, s.find(*args), s.rfind(*args), s.count(*args), s.startswith(args[0], *args[1:]), s.endswith(args[0], *args[1:]))
try:
    s.index("zzz", 3)
except ValueError as e:
    print(e)
print(s.rindex("é", 0, 40), "abc".find("c", 1), "abc".count("", 1, 2), "ab".startswith(("x", "a")), "ab".endswith(("b",), 0, 1))
big = "ab" * 100000
i = n = 0
while True:
    i = big.find("b", i)
    if i < 0:
        break
    n += 1
    i += 1
print(n)
big = "éb" * 50000
i = n = 0
while (i := big.find("b", i)) >= 0:
    n += big.startswith("b", i)
    i += 1
print(n, big.count("é", 1000, -1000), big.rfind("é", 0, 99999))

print({100, 1}.pop(), {3, 1, 2}.pop(), set(range(10)).pop(), {-5, 7, 8}.pop())
s = set(range(8))
print([s.pop() for _ in range(8)])
t = set(range(100000))
n = 0
while t:
    n += t.pop()
print(n)
todo = {0}
seen = set()
while todo:
    x = todo.pop()
    seen.add(x)
    for y in (2 * x + 1, 3 * x + 1):
        if y < 50000 and y not in seen:
            todo.add(y)
print(len(seen), sum(seen))
try:
    set().pop()
except KeyError as e:
    print("KeyError", e)

a = [1, 2, 3, 2, 1]
print(2 in a, 5 in a, a.index(2), a.index(2, 2), a.index(1, -2), a.index(3, 0, 3))
for args in [(2, 4), (9,), (1, 1, 4), (3, -1)]:
    try:
        print(a.index(*args))
    except ValueError as e:
        print("ValueError", e)
a.remove(2)
print(a)
try:
    a.remove(7)
except ValueError as e:
    print("ValueError", e)
nan = float("nan")
b = [nan, 1]
print(nan in b, b.index(nan))
b.remove(nan)
print(b)


class Evil:
    def __init__(self, lst):
        self.lst = lst

    def __eq__(self, other):
        self.lst.clear()
        return False


c = [1, 2, 3]
print(Evil(c) in c, c)
c = [1, 2, 3]
try:
    c.remove(Evil(c))
except ValueError as e:
    print("ValueError", e, c)
big = list(range(100000))
for i in range(20000):
    big.remove(i)
print(len(big), big[0], 99999 in big, 0 in big)



async def child(i, log):
    await asyncio.sleep((i % 5) / 100)
    if i % 1000 == 999:
        log.append(i)


async def holder(sem, i, log):
    try:
        async with sem:
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        log.append(i)
        raise


async def main():
    log = []
    async with asyncio.TaskGroup() as tg:
        for i in range(5000):
            tg.create_task(child(i, log))
    print(sorted(log), len(log))
    sem = asyncio.Semaphore(2)
    cancelled = []
    ts = [asyncio.create_task(holder(sem, i, cancelled)) for i in range(3000)]
    await asyncio.sleep(0)
    for t in reversed(ts):
        t.cancel()
    results = await asyncio.gather(*ts, return_exceptions=True)
    print(len(results), cancelled[:3], cancelled[-3:], sem.locked())
    async with sem:
        print("acquired", sem.locked())


asyncio.run(main())
