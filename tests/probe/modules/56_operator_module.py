# operator functions
import operator

print(operator.add(2, 3), operator.mul("ab", 2), operator.neg(5))
print(operator.itemgetter(1)([9, 8, 7]), operator.itemgetter(0, 2)("xyz"))


class User:
    name = "ann"


print(operator.attrgetter("name")(User()))
print(operator.methodcaller("upper")("abc"))
print(operator.truediv(7, 2), operator.floordiv(7, 2), operator.mod(7, 2))
print(operator.contains([1, 2], 2), operator.not_(0), operator.eq(1, 1.0))
