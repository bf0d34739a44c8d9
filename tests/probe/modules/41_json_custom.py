# json with a custom default and object_hook
import json
from dataclasses import dataclass, asdict


@dataclass
class Money:
    amount: int
    currency: str


@dataclass
class Order:
    item: str
    price: Money


def encode(obj):
    if isinstance(obj, Money):
        return f"{obj.amount} {obj.currency}"
    raise TypeError(f"cannot encode {type(obj).__name__}")


order = Order("lamp", Money(30, "EUR"))
text = json.dumps({"item": order.item, "price": order.price}, default=encode)
print(text)


def decode(d):
    if "price" in d:
        amount, currency = d["price"].split()
        d["price"] = Money(int(amount), currency)
    return d


back = json.loads(text, object_hook=decode)
print(back, Order(**back) == order)
print(json.dumps(asdict(order)))
json.dumps(order)
