# OrderedDict and ChainMap
from collections import OrderedDict, ChainMap

od = OrderedDict()
od["b"] = 1
od["a"] = 2
od.move_to_end("b")
print(od, list(od))
print(od.popitem(last=False))
defaults = {"color": "red", "size": "M"}
user = {"size": "L"}
settings = ChainMap(user, defaults)
print(settings["color"], settings["size"], len(settings), dict(settings))
settings["color"] = "blue"
print(user, defaults)
