# finally runs even with return; a return in finally wins
def a():
    try:
        return "from try"
    finally:
        print("finally in a")


def b():
    try:
        return "from try"
    finally:
        return "from finally"


def c():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"


def d():
    for i in range(3):
        try:
            if i == 1:
                continue
            print("body", i)
        finally:
            print("finally", i)


print(a())
print(b())
print(c())
d()
