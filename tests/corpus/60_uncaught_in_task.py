"""An uncaught custom exception raised with `raise ... from` inside an awaited task ends the program with exit 1."""
import asyncio


class ConfigError(Exception):
    """Raised when configuration cannot be loaded."""


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def read_setting(settings, key):
    await asyncio.sleep(0.25)
    try:
        return settings[key]
    except KeyError as e:
        raise ConfigError(f"missing setting {key!r}") from e


async def load(settings):
    values = []
    for key in ["host", "port", "user"]:
        values.append(await read_setting(settings, key))
        print(now(), "loaded", key, "=", values[-1])
    return values


async def main():
    helper = asyncio.create_task(asyncio.sleep(10))
    task = asyncio.create_task(load({"host": "localhost", "user": "root"}))
    try:
        await task
    finally:
        print(now(), "task failed:", task.done() and not task.cancelled(), "helper pending:", not helper.done())


asyncio.run(main())
