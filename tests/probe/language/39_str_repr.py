# __str__ versus __repr__ in print, lists and f-strings
class Book:
    def __init__(self, title):
        self.title = title

    def __str__(self):
        return self.title

    def __repr__(self):
        return f"Book({self.title!r})"


class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr>"


b = Book("Dune")
print(b)
print([b])
print(f"{b} {b!r}")
print(str(b), repr(b))
print(OnlyRepr(), str(OnlyRepr()))
print({"k": b}, (b,))
