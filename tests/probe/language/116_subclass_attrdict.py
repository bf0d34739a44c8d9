# AttrDict: attribute access mapped to keys, json.dumps, dict(), ==
import json


class AttrDict(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no attribute {name!r}") from None

    def __setattr__(self, name, value):
        self[name] = value


cfg = AttrDict(host="localhost", port=8080)
print(cfg.host, cfg.port, cfg)
cfg.debug = True
print(cfg, cfg["debug"], list(cfg.keys()), list(cfg.values()))
print(json.dumps(cfg), json.dumps({"cfg": cfg}, sort_keys=True))
print(dict(cfg), cfg == {"host": "localhost", "port": 8080, "debug": True})
print(isinstance(cfg, dict), type(cfg).__name__, len(cfg), {**cfg, "port": 1})
try:
    cfg.missing
except AttributeError as e:
    print("AttributeError:", e)
print(cfg.items(), cfg.copy(), type(cfg.copy()).__name__)
