# adding keys to a dict while looping over it
prices = {"apple": 1.0, "pear": 2.0}
for fruit in prices:
    print("checking", fruit)
    prices[fruit + "_organic"] = prices[fruit] * 2
print(prices)
