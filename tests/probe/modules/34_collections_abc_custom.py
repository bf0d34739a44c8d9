# a custom mapping from collections.abc
from collections.abc import Mapping, MutableSequence


class Lower(Mapping):
    def __init__(self, data):
        self._d = {k.lower(): v for k, v in data.items()}

    def __getitem__(self, key):
        return self._d[key.lower()]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)


m = Lower({"Name": "Ann", "AGE": 3})
print(m["NAME"], m.get("age"), "name" in m, len(m), list(m.items()))
print(dict(m), m == {"name": "Ann", "age": 3})


class Broken(MutableSequence):
    pass


Broken()
