# tee and chunking by hand
from itertools import tee, islice

a, b = tee([1, 2, 3])
print(list(a), list(b))


def chunks(iterable, n):
    it = iter(iterable)
    while batch := list(islice(it, n)):
        yield batch


print(list(chunks(range(7), 3)))
