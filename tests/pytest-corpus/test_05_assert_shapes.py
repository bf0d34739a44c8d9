"""The shapes of a failing assert: literals, a call (+ where), membership, not, lists, dicts, strings, sets, a custom message."""
import asyncio

import pytest


def f():
    return 3


async def get_user():
    await asyncio.sleep(0)
    return {"name": "ada", "age": 36, "langs": ["en", "fr"]}


def test_literals():
    assert 3 == 4


def test_call_result():
    assert f() == 4


def test_membership():
    x = "kiwi"
    y = ["apple", "banana", "cherry"]
    assert x in y


def test_not_flag():
    flag = True
    assert not flag


def test_lists():
    assert [1, 2, 3] == [1, 2, 4]


def test_list_lengths():
    assert [1, 2] == [1, 2, 3, 4]


@pytest.mark.asyncio
async def test_dicts():
    user = await get_user()
    assert user == {"name": "ada", "age": 37, "langs": ["en", "fr"], "admin": False}


def test_strings():
    assert "hello world" == "hello wordl"


def test_sets():
    assert {1, 2, 3} == {2, 3, 4}


def test_greater_with_message():
    items = [1, 2]
    assert len(items) > 3, f"expected more than 3 items, got {items}"


def test_is_none():
    value = f()
    assert value is None


def test_passes():
    assert f() == 3
