# JavaScript habits: push and length
stack = [1, 2]
stack.append(3)
print(stack)
try:
    print(stack.length)
except AttributeError as e:
    print("AttributeError:", e)
stack.push(4)
