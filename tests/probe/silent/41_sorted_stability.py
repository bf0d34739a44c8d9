# sorting by a key keeps equal items in their original order
people = [("bob", 25), ("amy", 30), ("cat", 25), ("dan", 30), ("eve", 22)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
words = ["banana", "Apple", "cherry", "apple"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
nums = [3, 1, 2]
nums.sort(reverse=True)
print(nums)
print(min(people, key=lambda p: p[1]), max(people, key=lambda p: p[1]))
