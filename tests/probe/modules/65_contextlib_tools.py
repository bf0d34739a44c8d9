# contextlib: contextmanager, suppress, closing, ExitStack
from contextlib import contextmanager, suppress, ExitStack


@contextmanager
def tag(name):
    print(f"<{name}>")
    yield name.upper()
    print(f"</{name}>")


with tag("b") as t:
    print("inside", t)
with suppress(KeyError):
    {}["x"]
    print("not printed")
print("after suppress")
with ExitStack() as stack:
    for n in ["x", "y"]:
        stack.enter_context(tag(n))
    print("both open")
with tag("p"):
    raise ValueError("inside tag")
