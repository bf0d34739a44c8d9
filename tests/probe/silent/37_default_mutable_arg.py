# the mutable default argument surprise
def add_item(item, basket=[]):
    basket.append(item)
    return basket


print(add_item("apple"))
print(add_item("pear"))
print(add_item("plum", []))
print(add_item("fig"))


def add_safe(item, basket=None):
    if basket is None:
        basket = []
    basket.append(item)
    return basket


print(add_safe("apple"))
print(add_safe("pear"))
