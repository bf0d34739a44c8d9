# seeding random with an int: the usual tutorial dice
import random

random.seed(42)
rolls = [random.randint(1, 6) for _ in range(10)]
print(rolls)
print(random.sample(range(100), 5))
print(f"{random.random():.6f}")
print(f"{random.uniform(1, 10):.4f}")
print(random.choices("abc", k=6))
print(random.randrange(0, 100, 5))
