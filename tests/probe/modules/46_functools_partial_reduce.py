# partial and reduce
from functools import partial, reduce
import operator

power_of_two = partial(pow, 2)
print([power_of_two(n) for n in range(5)])
int_from_binary = partial(int, base=2)
print(int_from_binary("1010"))
print(reduce(operator.mul, [1, 2, 3, 4, 5]))
print(reduce(lambda acc, x: acc + [x * 2], [1, 2, 3], []))
print(reduce(max, [3, 9, 2]))
print(power_of_two.func, power_of_two.args)
reduce(operator.add, [])
