# math functions outside their domain
import math

print(math.sqrt(2))
try:
    math.log(0)
except ValueError as e:
    print("log:", e)
print(math.sqrt(-1))
