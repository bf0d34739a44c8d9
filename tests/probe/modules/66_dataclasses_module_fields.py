# dataclass fields(), astuple and KW_ONLY
from dataclasses import dataclass, fields, astuple, field, KW_ONLY


@dataclass
class Order:
    item: str
    qty: int = 1
    _: KW_ONLY
    rush: bool = False
    notes: list[str] = field(default_factory=list, repr=False)


o = Order("pen", 3, rush=True)
print(o)
print([f.name for f in fields(o)])
print(astuple(o))
print(Order("cup"))
Order("ink", 2, True)
