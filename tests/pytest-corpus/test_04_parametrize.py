"""pytest.mark.parametrize: generated ids (test_double[1-2]), custom ids, stacked parametrize, async parametrized tests, one failing case."""
import asyncio

import pytest


def double(x):
    return x * 2


async def slow_upper(s):
    await asyncio.sleep(0)
    return s.upper()


@pytest.mark.parametrize("value, expected", [(1, 2), (2, 4), (3, 7), (-1, -2)])
def test_double(value, expected):
    assert double(value) == expected


@pytest.mark.parametrize("text", ["a", "", "ab c", "x-1", None, True, 2.5])
def test_ids_for_other_types(text):
    assert text is None or text is True or isinstance(text, (str, float))


@pytest.mark.asyncio
@pytest.mark.parametrize("word, shout", [("hi", "HI"), ("ok", "OK"), ("éa", "ÉA")])
async def test_slow_upper(word, shout):
    assert await slow_upper(word) == shout


@pytest.mark.parametrize(
    "a, b, total",
    [(1, 1, 2), (2, 3, 5), (10, -10, 1)],
    ids=["small", "mixed", "cancel-out"],
)
def test_add_with_ids(a, b, total):
    assert a + b == total


@pytest.mark.parametrize("x", [1, 2])
@pytest.mark.parametrize("y", [10, 20])
def test_stacked(x, y):
    assert x < y


@pytest.mark.parametrize("n", [pytest.param(0, id="zero"), pytest.param(5, id="five"), 7])
def test_param_objects(n):
    assert n % 7 == 0 or n == 5


@pytest.mark.asyncio
@pytest.mark.parametrize("delay", [0, 0.01])
async def test_sleep_returns_none(delay):
    assert await asyncio.sleep(delay) is None
