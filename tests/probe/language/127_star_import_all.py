# from json import * binds only what json's __all__ lists
from json import *

print(dumps({"a": [1, 2]}))
print(loads("[1, 2.5, null]"))
for name in ["dumps", "loads", "dump", "load", "JSONDecodeError", "decoder", "scanner"]:
    print(name, name in globals())
