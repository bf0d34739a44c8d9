# send() goes through yield from to the inner generator
def averager():
    total = 0
    count = 0
    while True:
        value = yield
        if value is None:
            break
        total += value
        count += 1
    return total / count


def collector(results):
    while True:
        avg = yield from averager()
        results.append(avg)


results = []
c = collector(results)
next(c)
for v in [10, 20, 30]:
    c.send(v)
c.send(None)
for v in [1, 2]:
    c.send(v)
c.send(None)
print(results)
