# raise ... from ... while converting errors
class ConfigError(Exception):
    pass


def read_port(settings):
    try:
        return int(settings["port"])
    except KeyError as e:
        raise ConfigError("port is missing") from e


try:
    read_port({})
except ConfigError as e:
    print(e, "| cause:", repr(e.__cause__))
read_port({"host": "x"})
