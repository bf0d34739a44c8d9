"""Bank transfers: per-account locks acquired in a fixed order to avoid deadlock; invariants checked; insufficient funds error."""
import asyncio


class InsufficientFunds(Exception):
    def __init__(self, account, needed):
        super().__init__(f"{account.name} lacks {needed}")


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = asyncio.Lock()

    def __repr__(self):
        return f"{self.name}:{self.balance}"


async def transfer(src, dst, amount, delay):
    first, second = sorted([src, dst], key=lambda a: a.name)
    async with first.lock, second.lock:
        if src.balance < amount:
            raise InsufficientFunds(src, amount - src.balance)
        src.balance -= amount
        await asyncio.sleep(delay)
        dst.balance += amount
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.2f} moved {amount} {src.name}->{dst.name}")
    return amount


async def main():
    a, b, c = Account("a", 100), Account("b", 50), Account("c", 0)
    jobs = [(a, b, 30, 0.5), (b, a, 20, 0.3), (b, c, 60, 0.2), (c, a, 10, 0.1), (a, c, 500, 0.1)]
    results = await asyncio.gather(*(transfer(*j) for j in jobs), return_exceptions=True)
    for (src, dst, amount, _), r in zip(jobs, results):
        status = "ok" if not isinstance(r, Exception) else f"{type(r).__name__}: {r}"
        print(f"{src.name}->{dst.name} {amount}: {status}")
    total = a.balance + b.balance + c.balance
    print([a, b, c], "total", total)
    assert total == 150, "money was created or destroyed"


asyncio.run(main())
