# Big integers from random.getrandbits and json
import random, json
random.seed(5)
print(random.getrandbits(100), random.getrandbits(64), random.getrandbits(33))
print(json.loads('{"a": 123456789012345678901234567890, "b": -99999999999999999999}'))
