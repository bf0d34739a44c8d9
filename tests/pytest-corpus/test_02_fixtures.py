"""Fixtures: sync and async (pytest_asyncio.fixture), yield fixtures with teardown, fixtures using fixtures, function and module scope."""
import asyncio

import pytest
import pytest_asyncio

EVENTS = []


@pytest.fixture(scope="module")
def settings():
    EVENTS.append("settings setup")
    yield {"db": "memory", "retries": 2}
    EVENTS.append("settings teardown")


@pytest.fixture
def counter():
    EVENTS.append("counter setup")
    return {"n": 0}


class FakeDB:
    def __init__(self):
        self.rows = []
        self.open = True

    def __repr__(self):
        return f"FakeDB(rows={self.rows}, open={self.open})"

    async def insert(self, row):
        await asyncio.sleep(0)
        self.rows.append(row)
        return len(self.rows)


@pytest_asyncio.fixture
async def db(settings):
    EVENTS.append("db connect")
    database = FakeDB()
    yield database
    database.open = False
    await asyncio.sleep(0)
    EVENTS.append(f"db close ({len(database.rows)} rows)")
    print("db closed")


@pytest.mark.asyncio
async def test_insert_one(db, counter):
    assert await db.insert("a") == 1
    counter["n"] += 1
    assert counter["n"] == 1


@pytest.mark.asyncio
async def test_fresh_db_each_test(db, counter):
    assert db.rows == []
    assert counter["n"] == 0
    await db.insert("x")
    await db.insert("y")
    assert db.rows == ["x", "y", "z"]


def test_settings_shared(settings):
    settings["retries"] += 1
    assert settings["retries"] == 3


def test_settings_saw_change(settings):
    assert settings["retries"] == 3


def test_order_of_events():
    assert EVENTS == [
        "settings setup",
        "db connect", "counter setup", "db close (1 rows)",
        "db connect", "counter setup", "db close (2 rows)",
    ]
