# int | None in annotations and isinstance
def find(items: list[int], target: int) -> int | None:
    for i, x in enumerate(items):
        if x == target:
            return i
    return None


print(find([5, 6, 7], 6), find([5], 1))
print(int | None)
print(isinstance(3, int | str), isinstance(3.0, int | str))
print(find.__annotations__["return"])
print(list[int], dict[str, int])
alias = str | bytes
print(isinstance(b"x", alias))
