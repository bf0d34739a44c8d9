"""Generators: def with yield, iter/next, StopIteration, generator expressions, yield from, send."""


def countdown(n):
    print(f"countdown({n}) starts")
    while n > 0:
        yield n
        n -= 1
    print("countdown done")
    return "liftoff"


def evens(limit):
    yield from (i for i in range(limit) if i % 2 == 0)


def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value


gen = countdown(3)
print(type(gen).__name__)
print(next(gen), next(gen))
for x in gen:
    print("loop got", x)
try:
    next(gen)
except StopIteration as e:
    print("StopIteration", repr(e), e.value)

g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("returned:", repr(e), e.value)

print(list(evens(10)), sum(evens(7)))
it = iter([10, 20])
print(next(it), next(it), next(it, "default"))
acc = accumulator()
print(next(acc), acc.send(5), acc.send(10), acc.send(-3))
squares = (n * n for n in range(5))
print(type(squares).__name__, list(squares), list(squares))
print(max(len(w) for w in ["a", "abc", "ab"]))
