# logging an exception's traceback text
import traceback


def risky():
    return {}["key"]


try:
    risky()
except KeyError:
    text = traceback.format_exc()
    lines = text.strip().splitlines()
    print(lines[0])
    print(lines[-1])
    print(sum(1 for l in lines if l.strip().startswith("File")))
try:
    int("x")
except ValueError as e:
    print(traceback.format_exception_only(type(e), e))
