# building bytes with bytearray
buf = bytearray()
buf.extend(b"Hello")
buf.append(33)
print(buf)
print(bytes(buf), len(buf))
buf[0] = ord("J")
print(buf.decode())
buf += b" world"
print(buf)
del buf[0:2]
print(buf, buf.find(b"o"), buf.count(b"o"))
print(bytearray(3), bytearray([65, 66]))
print(buf.upper(), buf.hex())
print(bytes.fromhex("414243"), list(b"AB"))
print(b"abc"[0], b"abc"[0:1])
print("héllo".encode("utf-8"), b"h\xc3\xa9llo".decode("utf-8"))
