# changing a global counter without global
counter = 0


def increment():
    counter += 1


print("counter is", counter)
increment()
