# a missing dictionary key
config = {"host": "localhost", "port": 8080}
print(config["host"])
print(config.get("debug"))
print(config.get("debug", False))
print(config["debug"])
