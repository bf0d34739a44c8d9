# printing a small aligned table
rows = [("apple", 3, 0.5), ("banana", 12, 0.25), ("kiwi", 100, 1.125)]
print(f"{'item':<8}|{'qty':>5}|{'price':>8}")
print("-" * 23)
for name, qty, price in rows:
    print(f"{name:<8}|{qty:>5}|{price:>8.2f}")
total = sum(q * p for _, q, p in rows)
print(f"{'total':<8}|{'':>5}|{total:>8.2f}")
print("{:<8}|{:>5}".format("x", 1))
print("%-8s|%5d" % ("y", 2))
