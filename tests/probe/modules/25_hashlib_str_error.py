# hashing a str without encoding it
import hashlib

print(hashlib.sha256(b"ok").hexdigest()[:16])
hashlib.sha256("password")
