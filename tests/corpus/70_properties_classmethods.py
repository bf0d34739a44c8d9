"""@property/@setter, @classmethod, @staticmethod, __len__/__contains__/__getitem__/__bool__/__call__/__add__, inheritance."""
import asyncio


class Temperature:
    def __init__(self, celsius=0.0):
        self._c = celsius
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @classmethod
    def from_f(cls, f):
        return cls((f - 32) * 5 / 9)
    @staticmethod
    def describe(c):
        return "hot" if c > 25 else "cold" if c < 5 else "mild"
    def __add__(self, other):
        return Temperature(self._c + other._c)
    def __repr__(self):
        return f"Temperature({self._c:.1f})"

class Playlist:
    def __init__(self, *songs):
        self.songs = list(songs)
    def __len__(self):
        return len(self.songs)
    def __contains__(self, song):
        return song in self.songs
    def __getitem__(self, i):
        return self.songs[i]
    def __bool__(self):
        return bool(self.songs)
    async def __call__(self, seconds_each):
        for s in self.songs:
            await asyncio.sleep(seconds_each)
            print(f"{asyncio.get_running_loop().time():.2f} played {s}")

async def main():
    t = Temperature(20)
    t.celsius = 30
    print(t, t.fahrenheit, Temperature.from_f(212), Temperature.describe(t.celsius), t + Temperature(1.5))
    try:
        t.celsius = -300
    except ValueError as e:
        print("ValueError:", e)
    p = Playlist("intro", "verse", "outro")
    print(len(p), "verse" in p, p[0], p[-1], p[1:], bool(p), bool(Playlist()), list(p))
    await p(0.75)
    print(Temperature.describe(3), isinstance(Temperature.from_f(50), Temperature))

asyncio.run(main())
