"""Concurrency inside tests: asyncio.wait_for timeouts (expected and not), gather, gather(return_exceptions=True), TaskGroup and its ExceptionGroup."""
import asyncio

import pytest


async def slow_echo(value, delay):
    await asyncio.sleep(delay)
    return value


async def boom(delay, message):
    await asyncio.sleep(delay)
    raise ValueError(message)


@pytest.mark.asyncio
async def test_wait_for_in_time():
    assert await asyncio.wait_for(slow_echo("fast", 0.01), timeout=1) == "fast"


@pytest.mark.asyncio
async def test_wait_for_times_out_as_expected():
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(slow_echo("slow", 5), timeout=0.05)


@pytest.mark.asyncio
async def test_wait_for_times_out_unexpectedly():
    result = await asyncio.wait_for(slow_echo("too slow", 5), timeout=0.05)
    assert result == "too slow"


@pytest.mark.asyncio
async def test_gather_keeps_order():
    results = await asyncio.gather(slow_echo("a", 0.03), slow_echo("b", 0.01), slow_echo("c", 0.02))
    assert results == ["a", "b", "c"]


@pytest.mark.asyncio
async def test_gather_return_exceptions():
    results = await asyncio.gather(slow_echo(1, 0), boom(0, "bad"), return_exceptions=True)
    assert results[0] == 1
    assert isinstance(results[1], ValueError) and str(results[1]) == "bad"


@pytest.mark.asyncio
async def test_gather_first_error_propagates():
    await asyncio.gather(slow_echo(1, 0.01), boom(0, "first failure"))


@pytest.mark.asyncio
async def test_taskgroup_results():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(slow_echo(i * i, 0.01 * i)) for i in range(4)]
    assert [t.result() for t in tasks] == [0, 1, 4, 9]


@pytest.mark.asyncio
async def test_taskgroup_error_is_grouped():
    with pytest.raises(ExceptionGroup) as excinfo:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom(0.01, "one"))
            tg.create_task(slow_echo("never", 1))
    assert excinfo.group_contains(ValueError, match="one")


@pytest.mark.asyncio
async def test_taskgroup_error_uncaught():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(boom(0.01, "left"))
        tg.create_task(boom(0.02, "right"))
