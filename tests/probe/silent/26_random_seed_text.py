# seeding random with a string
import random

random.seed("hello world")
print([random.randint(1, 100) for _ in range(5)])
print(random.choice(["rock", "paper", "scissors"]))
cards = list(range(10))
random.shuffle(cards)
print(cards)
random.seed("hello world")
print(random.randint(1, 100))
print(round(random.random(), 6))
