# printing objects that have no __repr__ of their own
import asyncio


class Account:
    def __init__(self, owner):
        self.owner = owner

    def deposit(self, amount):
        return amount


async def fetch():
    return 1


def numbers():
    yield 1


acct = Account("ada")
print(acct)
print([acct, acct])
print(Account, Account.deposit)
print(acct.deposit)
print(fetch, numbers, len)
print(lambda x: x)
print(object())
gen = numbers()
print(gen)
coro = fetch()
print(coro)
coro.close()
print(f"{acct!r} == {str(acct)}", repr(acct) == str(acct))
print(str(acct) == f"<__main__.Account object at {hex(id(acct))}>")
print([].append)
