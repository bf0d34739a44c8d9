# format codes that do not fit the value
price = 9.5
print(f"{price:.2f}")
try:
    print(f"{price:d}")
except ValueError as e:
    print("ValueError:", e)
try:
    print("{} and {}".format("one"))
except IndexError as e:
    print("IndexError:", e)
print("{name}".format(who="x"))
