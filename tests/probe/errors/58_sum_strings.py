# sum() of strings
words = ["a", "b", "c"]
print("".join(words))
try:
    print(sum(words))
except TypeError as e:
    print("sum:", e)
print(sum(words, ""))
