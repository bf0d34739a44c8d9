# sorting records with lambdas and operator helpers
from operator import itemgetter, attrgetter

rows = [{"name": "b", "age": 3}, {"name": "a", "age": 5}, {"name": "c", "age": 3}]
print([r["name"] for r in sorted(rows, key=lambda r: r["age"])])
print([r["name"] for r in sorted(rows, key=itemgetter("age", "name"))])
pairs = [(1, "z"), (0, "y"), (1, "a")]
print(sorted(pairs, key=itemgetter(1)))
print(sorted(pairs))


class P:
    def __init__(self, n):
        self.n = n

    def __repr__(self):
        return f"P{self.n}"


print(sorted([P(3), P(1), P(2)], key=attrgetter("n")))
print(sorted([P(1), P(2)]))
