# dataclasses: repr, equality, defaults, post_init
from dataclasses import dataclass, field, asdict, replace


@dataclass
class Item:
    name: str
    price: float
    tags: list = field(default_factory=list)
    qty: int = 1

    def __post_init__(self):
        self.name = self.name.title()

    @property
    def total(self):
        return self.price * self.qty


a = Item("pen", 1.5)
b = Item("Pen", 1.5)
print(a)
print(a == b, a.total)
c = replace(a, qty=4)
print(c, c.total)
print(asdict(c))
a.tags.append("office")
print(a.tags, b.tags)
