# removing from a set while iterating it
seen = {1, 2, 3, 4, 5, 6}
try:
    for n in seen:
        if n % 2 == 0:
            seen.remove(n)
except RuntimeError as e:
    print("error:", e)
seen = {1, 2, 3, 4, 5, 6}
for n in list(seen):
    if n % 2 == 0:
        seen.remove(n)
print(sorted(seen))
