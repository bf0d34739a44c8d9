# types.SimpleNamespace as a quick object
from types import SimpleNamespace

cfg = SimpleNamespace(host="localhost", port=8080)
print(cfg)
cfg.debug = True
print(cfg.host, cfg.port, cfg.debug)
print(vars(cfg))
print(cfg == SimpleNamespace(host="localhost", port=8080, debug=True))
del cfg.debug
print(cfg)
print(cfg.missing)
