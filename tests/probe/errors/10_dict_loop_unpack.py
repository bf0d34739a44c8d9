# looping over a dict and unpacking, forgetting .items()
ages = {"ab": 1, "cd": 2}
for k, v in ages:
    print(k, v)
ages = {"ann": 31, "bob": 42}
for name, age in ages:
    print(name, age)
