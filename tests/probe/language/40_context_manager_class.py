# a context manager class that can swallow errors
class Timer:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None)
        return self.swallow


with Timer("a") as t:
    print("inside", t.name)
with Timer("b", swallow=True):
    raise ValueError("hidden")
print("after b")
with Timer("outer"), Timer("inner"):
    print("both")
with Timer("c"):
    raise KeyError("shown")
