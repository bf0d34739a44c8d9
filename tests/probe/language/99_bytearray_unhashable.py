# using a bytearray as a dict key: it is mutable, so Python refuses
seen = {}
for chunk in [b"abc", b"def", b"abc"]:
    seen[chunk] = seen.get(chunk, 0) + 1
print(seen)

frozen = {bytes(bytearray(b"abc")): "fine as bytes"}
print(frozen)

buffer = bytearray(b"abc")
cache = {}
cache[buffer] = "remember me"
print(cache)
