# format() and f-string specs on a plain object
class Item:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return f"Item({self.name})"


it = Item("pen")
print(format(it))
print(f"{it}")
print("{}".format(it))
print(f"[{it!s:>12}]")
print(f"[{it:>12}]")
