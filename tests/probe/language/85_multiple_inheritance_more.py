# More multiple inheritance: a diamond, super() reaching a sibling,
# class methods and properties through the MRO, __bases__/__mro__, and
# the errors CPython raises for impossible hierarchies.
import asyncio


class Base:
    def describe(self):
        return ["Base"]

    @classmethod
    def kind(cls):
        return f"kind of {cls.__name__}"


class Loud(Base):
    def describe(self):
        return ["Loud"] + super().describe()

    @classmethod
    def kind(cls):
        return "loud " + super().kind()


class Timed(Base):
    started = 0.0

    def describe(self):
        return ["Timed"] + super().describe()

    @property
    def label(self):
        return "timed"


class Job(Loud, Timed):
    def describe(self):
        return ["Job"] + super().describe()


j = Job()
print(j.describe())
print(Job.kind(), j.label, Job.started)
print([c.__name__ for c in Job.__mro__])
print([c.__name__ for c in Job.__bases__], Job.__base__.__name__)
print(isinstance(j, Timed), issubclass(Job, Loud), issubclass(Loud, Timed))


class AsyncMixin:
    async def fetch(self, n):
        await asyncio.sleep(0.01)
        return n * 2


class Service(AsyncMixin, Timed):
    pass


async def main():
    s = Service()
    print(await asyncio.gather(s.fetch(1), s.fetch(2)), s.describe())


asyncio.run(main())


class RetryableError(Exception):
    pass


class Timeout(RetryableError, TimeoutError):
    pass


try:
    raise Timeout("slow")
except TimeoutError as e:
    print("caught as TimeoutError:", repr(e), isinstance(e, RetryableError))
print([c.__name__ for c in Timeout.__mro__])

try:

    class Twice(Base, Base):
        pass

except TypeError as e:
    print("TypeError:", e)
try:

    class Wrong(Base, Loud):
        pass

except TypeError as e:
    print("TypeError:", e)
