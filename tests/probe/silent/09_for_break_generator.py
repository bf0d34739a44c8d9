# for ... break over a generator: the generator is closed right away
def numbers():
    try:
        n = 0
        while True:
            yield n
            n += 1
    finally:
        print("numbers() finished")


for x in numbers():
    if x == 3:
        break
    print("got", x)
print("after loop")
