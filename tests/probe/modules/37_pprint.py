# pretty-printing nested data
from pprint import pprint, pformat

data = {
    "users": [{"name": "ann", "roles": ["admin", "dev"], "active": True},
              {"name": "bob", "roles": [], "active": False}],
    "version": 3,
    "settings": {"theme": "dark", "languages": ["en", "fr", "de", "es", "it", "pt", "nl"]},
}
pprint(data)
pprint(data, width=40, depth=2)
print(pformat(list(range(30)), width=50))
pprint({"b": 1, "a": 2})
pprint({"b": 1, "a": 2}, sort_dicts=False)
