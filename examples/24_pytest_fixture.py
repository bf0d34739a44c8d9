"""Testing async code, pytest-style
Tests marked with pytest.mark.asyncio run on a fresh event loop each; an async fixture with yield sets up and tears down.
Press "Run tests" to run the test_ functions: one fails on purpose, and its row explains the failed assert."""
import asyncio
import pytest

DELAY = 0.1


async def fetch_price(item):
    await asyncio.sleep(DELAY)
    return {"tea": 3, "cake": 4}.get(item, 0)


@pytest.fixture
async def basket():
    items = ["tea", "cake"]
    yield items
    items.clear()


@pytest.mark.asyncio
async def test_prices(basket):
    prices = await asyncio.gather(*(fetch_price(i) for i in basket))
    assert prices == [3, 4]


@pytest.mark.asyncio
async def test_total_is_wrong(basket):
    total = sum(await asyncio.gather(*(fetch_price(i) for i in basket)))
    assert total == 8


def test_unknown_item():
    assert asyncio.run(fetch_price("soup")) == 0


async def main():
    print("tea costs", await fetch_price("tea"))


asyncio.run(main())
