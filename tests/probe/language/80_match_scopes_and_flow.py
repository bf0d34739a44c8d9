# match in every kind of scope, control flow in cases, `match` as a name
import asyncio

# `match` and `case` stay ordinary names
match = {"case": 1}
case = [match]
print(match["case"], case)
match match:
    case {"case": c}:
        print("soft keywords", c)
del match


def closures(v):
    fns = []
    match v:
        case [a, b]:
            fns.append(lambda: a + b)
    return [f() for f in fns]


print(closures([1, 2]), closures("no"))


def counter():
    total = 0

    def add(item):
        nonlocal total
        match item:
            case int(total):
                pass
            case _:
                total = -1
        return total

    return add


add = counter()
print(add(5), add("x"))


class Config:
    mode = ("fast", 3)
    match mode:
        case ("fast", level):
            speed = level * 10
        case _:
            speed = 0


print(Config.speed, Config.level)


def loop(items):
    out = []
    for it in items:
        match it:
            case "stop":
                break
            case "skip":
                continue
            case int(n) if n < 0:
                return out + ["negative"]
            case x:
                out.append(x)
    else:
        out.append("done")
    return out


print(loop([1, "skip", 2]), loop([1, "stop", 2]), loop([1, -1, 2]))


def cleanup(v):
    try:
        match v:
            case 0:
                raise ValueError("zero")
            case n:
                return n * 2
    except ValueError as e:
        return f"caught {e}"
    finally:
        print("  finally for", v)


print(cleanup(0), cleanup(4))

# a failed guard leaves the capture bound; a later case rebinds it
match [1, 2]:
    case [x, y] if x > y:
        print("no")
    case [x, _]:
        print("x is", x, "y kept from the failed case:", y)

# the subject is evaluated once
calls = 0


def subject():
    global calls
    calls += 1
    return (calls, "v")


match subject():
    case (2, _):
        print("no")
    case (1, v):
        print("once", v, calls)


# guards and cases can await
async def fetch(n):
    await asyncio.sleep(0.1)
    return n * 10


async def is_big(n):
    await asyncio.sleep(0.1)
    return n > 15


async def main():
    for i in [1, 2]:
        match await fetch(i):
            case 10 as ten if await is_big(ten):
                print("big ten?")
            case int(n) if await is_big(n):
                print("big", n, await fetch(n))
            case n:
                print("small", n)


asyncio.run(main())

# the guard sees the captures; side effects in guards happen in order
log = []


def check(tag, ok):
    log.append(tag)
    return ok


match (3, 4):
    case (a, b) if check("first", a > b):
        pass
    case (a, 4) if check("second", True):
        print("second case", a, log)
