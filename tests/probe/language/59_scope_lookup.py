# LEGB scope rules
x = "global"


def outer():
    x = "enclosing"

    def inner():
        print("inner sees", x)

    inner()
    print("outer sees", x)


outer()
print("module sees", x)


def shadow():
    print([x for _ in range(1)])


shadow()


def late():
    y = 1

    def get():
        return y
    y = 2
    return get()


print(late())
