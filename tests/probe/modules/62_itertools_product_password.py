# brute-forcing a tiny lock code with product
from itertools import product

secret = "372"
tries = 0
for digits in product("0123456789", repeat=3):
    tries += 1
    guess = "".join(digits)
    if guess == secret:
        print("found", guess, "after", tries, "tries")
        break
codes = ["".join(p) for p in product("ab", repeat=2)]
print(codes, len(list(product(range(3), "xy"))))
