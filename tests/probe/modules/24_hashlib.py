# hashing strings
import hashlib

text = "The quick brown fox"
print(hashlib.md5(text.encode()).hexdigest())
print(hashlib.sha1(text.encode()).hexdigest())
print(hashlib.sha256(text.encode()).hexdigest())
h = hashlib.sha256()
h.update(b"The quick ")
h.update(b"brown fox")
print(h.hexdigest() == hashlib.sha256(b"The quick brown fox").hexdigest())
print(len(hashlib.sha256(b"").digest()), hashlib.sha256(b"").name)
print(hashlib.new("md5", b"abc").hexdigest())
