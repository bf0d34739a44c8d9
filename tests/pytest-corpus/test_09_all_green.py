"""A suite that passes: an async cache under test with an async yield fixture, parametrize, raises, approx; exit code 0."""
import asyncio

import pytest
import pytest_asyncio


class AsyncCache:
    def __init__(self, loader):
        self.loader = loader
        self.data = {}
        self.loads = 0

    async def get(self, key):
        if key not in self.data:
            self.loads += 1
            self.data[key] = await self.loader(key)
        return self.data[key]

    async def close(self):
        await asyncio.sleep(0)
        self.data.clear()


async def slow_square(key):
    await asyncio.sleep(0.001)
    if key < 0:
        raise ValueError("negative key")
    return key * key


@pytest_asyncio.fixture
async def cache():
    c = AsyncCache(slow_square)
    yield c
    await c.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("key, value", [(0, 0), (3, 9), (12, 144)])
async def test_get(cache, key, value):
    assert await cache.get(key) == value


@pytest.mark.asyncio
async def test_second_get_is_cached(cache):
    await cache.get(5)
    await cache.get(5)
    assert cache.loads == 1


@pytest.mark.asyncio
async def test_concurrent_gets(cache):
    values = await asyncio.gather(*(cache.get(k) for k in range(5)))
    assert values == [0, 1, 4, 9, 16]


@pytest.mark.asyncio
async def test_loader_error_propagates(cache):
    with pytest.raises(ValueError, match="negative"):
        await cache.get(-1)
    assert -1 not in cache.data


@pytest.mark.asyncio
async def test_ratio(cache):
    assert await cache.get(1) / await cache.get(3) == pytest.approx(0.111, abs=1e-3)


def test_plain_sync():
    assert sorted({3, 1, 2}) == [1, 2, 3]
