"""pytest.raises (with match=, as excinfo, DID NOT RAISE, a pattern that does not match) and pytest.approx, in async tests."""
import asyncio

import pytest


async def parse_age(text):
    await asyncio.sleep(0)
    age = int(text)
    if age < 0:
        raise ValueError(f"age must be >= 0, got {age}")
    return age


async def average(values):
    await asyncio.sleep(0)
    return sum(values) / len(values)


@pytest.mark.asyncio
async def test_negative_age_raises():
    with pytest.raises(ValueError, match="must be >= 0"):
        await parse_age("-3")


@pytest.mark.asyncio
async def test_excinfo():
    with pytest.raises(ValueError) as excinfo:
        await parse_age("abc")
    assert "invalid literal" in str(excinfo.value)
    assert excinfo.type is ValueError


@pytest.mark.asyncio
async def test_did_not_raise():
    with pytest.raises(ValueError):
        await parse_age("42")


@pytest.mark.asyncio
async def test_match_fails():
    with pytest.raises(ValueError, match=r"^age must be positive"):
        await parse_age("-1")


@pytest.mark.asyncio
async def test_wrong_exception_type():
    with pytest.raises(TypeError):
        await parse_age("-5")


@pytest.mark.asyncio
async def test_average_approx():
    assert await average([0.1, 0.2]) == pytest.approx(0.15)
    assert 0.1 + 0.2 == pytest.approx(0.3)
    assert [0.1 + 0.2, 1 / 3] == pytest.approx([0.3, 0.3333], abs=1e-3)


@pytest.mark.asyncio
async def test_average_not_approx():
    assert await average([1, 2, 4]) == pytest.approx(2.3, rel=1e-3)


def test_zero_division_raises():
    with pytest.raises(ZeroDivisionError):
        asyncio.run(average([]))
