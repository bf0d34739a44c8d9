# class Tags(set): add() override, set algebra gives a set
class Tags(set):
    def add(self, tag):
        super().add(tag.lower())


t = Tags()
t.add("Python")
t.add("PYTHON")
t.add("Rust")
print(sorted(t), len(t), "python" in t, isinstance(t, set))
u = t | {"go"}
print(sorted(u), type(u).__name__, sorted(t & {"rust"}), t == {"python", "rust"})
t.discard("rust")
print(sorted(t), type(t).__name__, bool(Tags()))
try:
    {t: 1}
except TypeError as e:
    print("TypeError:", e)
