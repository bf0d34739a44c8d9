"""Rich comparisons: __eq__/__lt__/__le__/__gt__/__ge__/__ne__, __hash__, sorting objects, NotImplemented."""


class Version:
    def __init__(self, major, minor=0):
        self.major = major
        self.minor = minor

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() == other._key()

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()

    def __hash__(self):
        return self.major * 1000 + self.minor

    def __repr__(self):
        return f"v{self.major}.{self.minor}"


vs = [Version(2, 1), Version(1, 9), Version(2, 0), Version(1, 10), Version(2, 0)]
print(sorted(vs), max(vs), min(vs))
print(sorted(vs, reverse=True))
print(Version(1) == Version(1, 0), Version(1) != Version(1, 1), Version(1) == "v1.0")
print(Version(1, 2) < Version(1, 3) <= Version(1, 3) < Version(2))
print(Version(3) > Version(2, 99), Version(3) >= Version(3))
print(len({Version(1), Version(1, 0), Version(2)}), hash(Version(4, 2)))
print(Version(1, 5) in vs, Version(2, 0) in vs, vs.count(Version(2, 0)), vs.index(Version(2, 0)))
print((1, 2) < (1, 3), [1, 2] < [1, 2, 0], "abc" < "abd", "Z" < "a")
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0, 0.1 + 0.2 == 0.3, None is None)
try:
    Version(1) < 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    print(sorted([3, "a"]))
except TypeError as e:
    print("TypeError:", e)
