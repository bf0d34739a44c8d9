# deque as a queue and a sliding window
from collections import deque

q = deque([1, 2, 3])
q.append(4)
q.appendleft(0)
print(q, q.popleft(), q.pop(), q)
q.rotate(1)
print(q)
window = deque(maxlen=3)
for x in range(6):
    window.append(x)
    print(list(window), sum(window) / len(window))
print(deque("abc")[1], len(deque()), deque([1, 2]) == deque([1, 2]))
deque().popleft()
