# a class that acts like a list
class Playlist:
    def __init__(self, *songs):
        self.songs = list(songs)

    def __len__(self):
        return len(self.songs)

    def __getitem__(self, i):
        return self.songs[i]

    def __contains__(self, song):
        return song.lower() in (s.lower() for s in self.songs)

    def __iter__(self):
        return iter(self.songs)


p = Playlist("Help", "Yesterday", "Let It Be")
print(len(p), p[0], p[-1], p[0:2])
print("yesterday" in p, "Hey Jude" in p)
for s in p:
    print("-", s)
print(list(reversed(p)))
print(sorted(p))
print(p[10])
