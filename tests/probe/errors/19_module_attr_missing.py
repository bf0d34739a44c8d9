# calling a function the module does not have
import math

print(math.sqrt(16))
print(math.floor(2.7), math.ceil(2.1))
print(math.squareroot(16))
