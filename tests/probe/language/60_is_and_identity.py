# identity versus equality
a = [1, 2, 3]
b = a
c = list(a)
print(a is b, a is c, a == c)
b.append(4)
print(a, c)
print(None is None, type(None) is type(None))
t = (1, [2])
t[1].append(3)
print(t)
import copy
deep = copy.deepcopy([[1], [2]])
shallow = copy.copy(deep)
shallow[0].append(9)
print(deep, shallow, shallow is deep)
