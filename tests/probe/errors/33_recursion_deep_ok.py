# recursion a few hundred levels deep is fine
def count_down(n):
    if n == 0:
        return 0
    return 1 + count_down(n - 1)


def sum_list(items):
    if not items:
        return 0
    return items[0] + sum_list(items[1:])


print(count_down(900))
print(sum_list(list(range(500))))
