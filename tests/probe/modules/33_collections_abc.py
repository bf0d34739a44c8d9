# checking interfaces with collections.abc
from collections.abc import Iterable, Iterator, Mapping, Sequence, Callable, Hashable, Sized

for value in [[1], (1,), "s", {"a": 1}, {1}, 5, len, iter([]), range(3)]:
    kinds = [abc.__name__ for abc in (Iterable, Iterator, Mapping, Sequence, Callable, Hashable, Sized)
             if isinstance(value, abc)]
    print(type(value).__name__, kinds)
