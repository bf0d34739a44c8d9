"""Context managers: __enter__/__exit__, with, contextlib.contextmanager, contextlib.suppress, exception swallowing."""
from contextlib import contextmanager, suppress


class Resource:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print(f"open {self.name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type else None
        print(f"close {self.name} exc={kind} msg={exc}")
        return self.swallow


@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    except KeyError as e:
        print(f"tag {name} saw KeyError {e}")
    finally:
        print(f"</{name}>")


with Resource("a") as r:
    print("inside", r.name)

with Resource("b", swallow=True):
    raise ValueError("swallowed")
print("after b")

try:
    with Resource("c"):
        raise RuntimeError("escapes")
except RuntimeError as e:
    print("caught", repr(e))

with Resource("x") as x, Resource("y") as y:
    print("both", x.name, y.name)

with tag("div") as t:
    print("got", t)
with tag("span"):
    {}["missing"]
print("after span")

with suppress(ZeroDivisionError, KeyError):
    print("before")
    1 / 0
    print("never")
print("suppressed")
