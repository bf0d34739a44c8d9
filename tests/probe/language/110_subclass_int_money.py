# class Money(int) with __new__, an extra attribute, arithmetic giving int
class Money(int):
    def __new__(cls, cents, currency="USD"):
        obj = super().__new__(cls, cents)
        obj.currency = currency
        return obj

    def __str__(self):
        return f"{int(self) / 100:.2f} {self.currency}"


price = Money(1999, "EUR")
print(price)
print(repr(price))
total = price + 1
print(total, type(total).__name__)
print(price * 2, price // 100, price % 100, -price)
print(isinstance(price, int), type(price) is Money, type(price).__name__)
print(price == 1999, price < 2000, price > 10, sorted([Money(5), 3, Money(1)]))
print(Money.__bases__, [c.__name__ for c in Money.__mro__])
print(price.currency, price.bit_length(), price.real)
print(f"{price}", f"{price:>8d}", "%d cents" % price)
print(hash(price) == hash(1999), {1999: "found"}[price])
print(abs(Money(-5)), round(Money(7)), int(price), float(Money(2)))
print(sum([Money(1), Money(2), Money(3)]))
