# a typo in a method name
word = "hello"
print(word.upper())
print(word.uper())
