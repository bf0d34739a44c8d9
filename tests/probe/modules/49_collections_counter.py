# counting words with Counter
from collections import Counter

text = "the cat and the hat and the bat"
c = Counter(text.split())
print(c)
print(c.most_common(2), c["the"], c["dog"])
c.update(["cat", "cat"])
print(c["cat"], sum(c.values()))
print(Counter("mississippi").most_common())
a, b = Counter(a=3, b=1), Counter(a=1, b=2)
print(a + b, a - b, a & b, a | b)
print(list(Counter("aab").elements()))
