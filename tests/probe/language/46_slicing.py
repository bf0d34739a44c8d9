# slicing strings and lists
s = "Hello, World"
print(s[::-1], s[7:], s[:5], s[-5:], s[::2], s[1:-1:3])
nums = list(range(10))
print(nums[2:8:2], nums[::-3], nums[-3:], nums[5:2], nums[5:2:-1])
nums[2:5] = ["a"]
print(nums)
del nums[::2]
print(nums)
copy = nums[:]
copy.append("new")
print(len(nums), len(copy))
print(s[100:], s[-100:3])
print(slice(1, 5, 2), s[slice(0, 5)])
