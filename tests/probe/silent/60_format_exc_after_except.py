# traceback.format_exc() inside and after an except block
import sys
import traceback


def risky():
    return 1 / 0


try:
    risky()
except ZeroDivisionError:
    print(traceback.format_exc().splitlines()[-1])
    print(sys.exc_info()[0].__name__)
print(traceback.format_exc().strip())
print(sys.exc_info())
try:
    int("x")
except ValueError as e:
    print("caught", type(e).__name__)
print(traceback.format_exc().strip())
