# int() with a base
print(int("ff", 16), int("777", 8), int("0b11", 0))
try:
    int("12", 2)
except ValueError as e:
    print(e)
try:
    int(3.5, 10)
except TypeError as e:
    print(e)
int("0x1G", 16)
