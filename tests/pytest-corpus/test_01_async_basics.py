"""First async tests: @pytest.mark.asyncio, awaiting coroutines, a sync test next to them, and forgetting the marker."""
import asyncio

import pytest


async def fetch_greeting(name):
    await asyncio.sleep(0.01)
    return f"hello, {name}"


async def add_slowly(a, b):
    await asyncio.sleep(0)
    return a + b


def test_sync_still_works():
    assert 1 + 1 == 2


@pytest.mark.asyncio
async def test_greeting():
    assert await fetch_greeting("ada") == "hello, ada"


@pytest.mark.asyncio
async def test_add():
    result = await add_slowly(2, 3)
    assert result == 5


@pytest.mark.asyncio
async def test_add_wrong():
    assert await add_slowly(2, 2) == 5


@pytest.mark.asyncio
async def test_running_loop_is_available():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_soon(future.set_result, "done")
    assert await future == "done"


async def test_forgot_the_marker():
    assert await add_slowly(1, 1) == 2


@pytest.mark.asyncio
async def test_tasks():
    tasks = [asyncio.create_task(add_slowly(i, i)) for i in range(4)]
    assert [await t for t in tasks] == [0, 2, 4, 6]
