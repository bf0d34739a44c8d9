# str/int subclasses overriding __str__ and __repr__
class Name(str):
    def __repr__(self):
        return f"Name({str.__repr__(self)})"


class Secret(str):
    def __str__(self):
        return "*****"


class Percent(int):
    def __repr__(self):
        return f"{int(self)}%"


n = Name("ada")
print(n, repr(n), [n], str(n), f"{n!r}", n.title())
s = Secret("hunter2")
print(s, repr(s), f"{s}", len(s), s.upper(), "%s" % s)
p = Percent(42)
print(p, repr(p), [p, Percent(7)], str(p), p + 1, f"{p}")
print({"who": n, "pct": p})
