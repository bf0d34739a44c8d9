# random with a fixed seed: the full tour
import random

random.seed(2024)
print(random.random())
print(random.randint(1, 10), random.randrange(10), random.choice("abcdef"))
deck = list(range(1, 11))
random.shuffle(deck)
print(deck)
print(random.sample(deck, 3))
print(random.choices(["win", "lose"], weights=[1, 3], k=5))
print(round(random.gauss(0, 1), 6), round(random.uniform(5, 6), 6))
rng = random.Random(7)
print(rng.randint(1, 100), rng.random())
