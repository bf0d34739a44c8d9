# try / except / else / finally order
def attempt(value):
    try:
        result = 10 / value
    except ZeroDivisionError:
        print("  except")
        return "failed"
    else:
        print("  else")
        return result
    finally:
        print("  finally")


for v in [2, 0]:
    print("attempt", v)
    print("->", attempt(v))
try:
    try:
        raise ValueError("inner")
    finally:
        print("cleanup runs before outer handler")
except ValueError as e:
    print("outer caught", e)
