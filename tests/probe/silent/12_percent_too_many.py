# more values than % placeholders
name, city = "Ana", "Lima"
try:
    print("Hello %s" % (name, city))
except TypeError as e:
    print("error:", e)
try:
    print("%s lives in %s" % name)
except TypeError as e:
    print("error:", e)
print("%s and %s" % (name, city))
