"""Failures versus errors: an unexpected exception in a test (failed), in a fixture's setup (error), in a teardown (error after a pass)."""
import asyncio

import pytest
import pytest_asyncio


class ConfigError(Exception):
    pass


def load_config(name):
    raise ConfigError(f"missing setting {name!r}")


@pytest.fixture
def broken_config():
    return load_config("port")


@pytest_asyncio.fixture
async def broken_async_resource():
    await asyncio.sleep(0)
    raise ConnectionRefusedError("could not connect to localhost:5432")
    yield "never"


@pytest_asyncio.fixture
async def flaky_cleanup():
    yield "resource"
    await asyncio.sleep(0)
    raise RuntimeError("cleanup failed")


def test_unexpected_exception():
    data = {"a": 1}
    assert data["b"] == 1


@pytest.mark.asyncio
async def test_unexpected_in_coroutine():
    await asyncio.sleep(0)
    int("twelve")


def test_uses_broken_fixture(broken_config):
    assert broken_config


@pytest.mark.asyncio
async def test_uses_broken_async_fixture(broken_async_resource):
    assert broken_async_resource


@pytest.mark.asyncio
async def test_teardown_fails_after_pass(flaky_cleanup):
    assert flaky_cleanup == "resource"


def test_ok():
    assert True
