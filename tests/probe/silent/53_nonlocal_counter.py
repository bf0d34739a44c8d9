# counters with nonlocal and global
count = 0


def bump():
    global count
    count += 1


def make_counter():
    n = 0

    def inc():
        nonlocal n
        n += 1
        return n
    return inc


bump()
bump()
print(count)
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2())
