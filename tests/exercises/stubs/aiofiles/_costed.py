"""A blocking os call as an awaitable costing one file wait (after the work)."""
import asyncio

OP = 0.001  # seconds: FileSettings::default().op_ms


def wrap(fn):
    async def call(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001
            await asyncio.sleep(OP)
            raise e
        await asyncio.sleep(OP)
        return result
    call.__name__ = call.__qualname__ = fn.__name__
    return call
