# frozen and ordered dataclasses
from dataclasses import dataclass


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0


vs = [Version(1, 2), Version(0, 9), Version(1, 0)]
print(sorted(vs))
print(max(vs), Version(1) < Version(1, 1))
print({Version(1), Version(1, 0)})
v = Version(2)
v.major = 3
