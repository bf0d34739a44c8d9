# capturing print output with redirect_stdout
import io
from contextlib import redirect_stdout


def noisy(n):
    for i in range(n):
        print("line", i)
    return n


buf = io.StringIO()
with redirect_stdout(buf):
    result = noisy(3)
    print("also captured")
captured = buf.getvalue()
print("returned", result)
print(repr(captured))
print(captured.splitlines()[-1])
