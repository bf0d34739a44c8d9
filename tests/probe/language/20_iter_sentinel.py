# iter(callable, sentinel)
queue = [3, 1, 4, 0, 5]


def next_job():
    return queue.pop(0)


for job in iter(next_job, 0):
    print("job", job)
print("left:", queue)

import random
random.seed(1)
rolls = list(iter(lambda: random.randint(1, 6), 6))
print(rolls)
