# class UpperStr(str): __new__ normalises, str methods return plain str
import json


class UpperStr(str):
    def __new__(cls, value):
        return super().__new__(cls, value.upper())

    def shout(self):
        return self + "!"


s = UpperStr("hello world")
print(s, repr(s), len(s), s[0], s[-5:], "WORLD" in s, "world" in s)
low = s.lower()
print(low, type(low).__name__, type(s).__name__, type(s.shout()).__name__)
print(s.split(), s.startswith("HELLO"), s.replace("L", "1"), s.count("L"))
print(f"[{s}]", f"{s:>15}|", "%s." % s, s.shout())
print(s == "HELLO WORLD", isinstance(s, str), hash(s) == hash("HELLO WORLD"))
counts = {"HELLO WORLD": 1}
counts[s] += 1
print(counts, json.dumps({"name": s, s: [1]}))
print(" / ".join([UpperStr("a"), UpperStr("b")]), sorted([UpperStr("b"), "a", UpperStr("c")]))
print([ch for ch in UpperStr("abc")], str(s), list(map(len, [s])))
