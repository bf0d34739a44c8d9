# sorted() and list.sort() compare in CPython's order, so a list with items
# that cannot be compared fails on the same pair; results stay stable.
import random
random.seed(7)
def show(f):
    try:
        print(f())
    except TypeError as e:
        print("TypeError:", e)
for n in [0, 1, 2, 3, 5, 8, 17, 40, 63, 64, 65, 100, 150, 300]:
    for trial in range(4):
        xs = [random.randint(0, 20) for _ in range(n)]
        show(lambda: sorted(xs) == sorted(xs, key=lambda v: v))
        pairs = [(random.randint(0, 5), i) for i in range(n)]
        show(lambda: sorted(pairs, key=lambda p: p[0]) == sorted(pairs, key=lambda p: (p[0], p[1])))
        show(lambda: sorted(pairs, key=lambda p: p[0], reverse=True)[:5])
        ys = xs[:]
        if n:
            ys[random.randrange(n)] = None
        show(lambda: sorted(ys))
        zs = [random.choice([1, 2.5, "a", "b", None, 3]) for _ in range(min(n, 50))]
        show(lambda: sorted(zs))
        show(lambda: sorted(zs, reverse=True))
print(sorted([3, "a", 1]) if False else "done")
