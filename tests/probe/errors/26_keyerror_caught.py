# catching KeyError and printing it
inventory = {"apples": 3}
for item in ["apples", "bananas"]:
    try:
        print(item, inventory[item])
    except KeyError as e:
        print("missing:", e)
        print("repr:", repr(e))
        print("args:", e.args)
try:
    {(1, 2): "a"}[(3, 4)]
except KeyError as e:
    print("tuple key:", e)
try:
    {}[0]
except LookupError as e:
    print("LookupError catches it:", type(e).__name__, e)
