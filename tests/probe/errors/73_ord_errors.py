# chr and ord misuse
print(ord("a"), chr(66))
try:
    ord("ab")
except TypeError as e:
    print(e)
try:
    ord("")
except TypeError as e:
    print(e)
try:
    chr(-1)
except ValueError as e:
    print(e)
chr("a")
