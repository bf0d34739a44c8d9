# deleting from a dict while looping, and the fix with list()
stock = {"apples": 0, "pears": 3, "plums": 0, "kiwis": 7}
try:
    for item, count in stock.items():
        if count == 0:
            del stock[item]
except RuntimeError as e:
    print("oops:", e)
print(stock)
for item in list(stock):
    if stock[item] == 0:
        del stock[item]
print(stock)
