# __getattr__ fallback and __setattr__ logging
class Config:
    def __init__(self, **values):
        self.__dict__["values"] = values

    def __getattr__(self, name):
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(f"no setting {name!r}") from None

    def __setattr__(self, name, value):
        print(f"set {name} = {value!r}")
        self.values[name] = value


c = Config(debug=True)
print(c.debug)
c.level = 3
print(c.level, c.values)
print(getattr(c, "missing", "default"))
print(c.missing)
