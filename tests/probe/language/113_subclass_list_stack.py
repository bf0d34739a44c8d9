# class Stack(list): extra methods, super().append in an override, slicing
class Stack(list):
    def push(self, item):
        self.append(item)

    def peek(self):
        if not self:
            raise IndexError("peek from empty stack")
        return self[-1]

    def append(self, item):
        print("pushing", item)
        super().append(item)


s = Stack()
s.push(1)
s.push(2)
s.append(3)
print(s, len(s), s.peek(), bool(s), bool(Stack()))
print(s[0], s[1:], type(s[1:]).__name__, s + [4], type(s + [4]).__name__)
print([x * 10 for x in s], list(reversed(s)), sum(s), 2 in s, max(s))
print(s.pop(), s, isinstance(s, list), type(s).__name__)
s.extend([7, 8])
s += [9]
print(s, type(s).__name__)
s[0] = 100
del s[1]
print(s, s == [100, 7, 8, 9], s.index(8), sorted(s))
try:
    Stack().peek()
except IndexError as e:
    print("IndexError:", e)
