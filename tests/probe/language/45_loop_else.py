# for-else and while-else for searching
def find_prime_factor(n):
    for d in range(2, n):
        if n % d == 0:
            print(n, "has factor", d)
            break
    else:
        print(n, "is prime")


for n in [7, 12, 13]:
    find_prime_factor(n)
count = 0
while count < 3:
    count += 1
else:
    print("while finished normally at", count)
