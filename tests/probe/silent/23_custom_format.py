# a class with its own __format__
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __format__(self, spec):
        if spec == "short":
            return f"${self.cents // 100}"
        return f"${self.cents / 100:.2f}"

    def __repr__(self):
        return f"Money({self.cents})"


m = Money(12345)
print(f"{m}")
print(f"{m:short}")
print(format(m, "short"))
print("{:short} / {}".format(m, m))
print(f"{m!r}")
print([m])
