# a plugin registry with __init_subclass__ and class keywords
class Plugin:
    registry = {}

    def __init_subclass__(cls, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        key = name or cls.__name__.lower()
        Plugin.registry[key] = cls
        print("registered", key)


class CsvExport(Plugin, name="csv"):
    pass


class JsonExport(Plugin):
    pass


print(sorted(Plugin.registry))
print(Plugin.registry["csv"].__name__)
