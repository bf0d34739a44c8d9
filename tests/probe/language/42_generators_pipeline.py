# generator expressions chained lazily
def numbers():
    for i in range(1, 11):
        print("produce", i)
        yield i


evens = (n for n in numbers() if n % 2 == 0)
squares = (n * n for n in evens)
print("nothing computed yet")
print(next(squares))
print(next(squares))
print(sum(squares))
gen = (x for x in [1, 2])
print(list(gen), list(gen))
