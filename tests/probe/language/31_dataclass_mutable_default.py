# a list default in a dataclass is refused
from dataclasses import dataclass

print("defining")


@dataclass
class Cart:
    items: list = []
