# strings cannot be changed in place
word = "hello"
try:
    word[0] = "H"
except TypeError as e:
    print(e)
word = "H" + word[1:]
print(word)
point = (1, 2)
point[0] = 5
