# type(), __mro__, __bases__, isinstance and issubclass with built-in bases
class Money(int):
    pass


class Stack(list):
    pass


class Registry(dict):
    pass


m, s, r = Money(3), Stack([1]), Registry(a=1)
for obj in (m, s, r):
    print(type(obj).__name__, type(obj).__bases__[0].__name__, [c.__name__ for c in type(obj).__mro__])
print(issubclass(Money, int), issubclass(Stack, list), issubclass(Registry, dict), issubclass(Money, str))
print(isinstance(m, (str, int)), isinstance(s, tuple), type(m) == int, type(m + 0) == int)
print(m, s, r, repr(m), repr(s), repr(r))
m.note = "hi"
print(m.note, m.__dict__, vars(s))
print(Money(), Stack(), Registry(), Money("42"), Money("ff", 16))
try:
    Money("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    len(m)
except TypeError as e:
    print("TypeError:", e)
