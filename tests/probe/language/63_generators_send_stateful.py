# a running average generator primed with next()
def running_avg():
    total, count, avg = 0, 0, None
    while True:
        x = yield avg
        total += x
        count += 1
        avg = total / count


avg = running_avg()
print(next(avg))
for v in [10, 20, 60]:
    print(avg.send(v))
gen = running_avg()
gen.send(5)
