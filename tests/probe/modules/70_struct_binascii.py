# packing binary data
import struct
import binascii

packed = struct.pack(">HIf", 1, 65536, 1.5)
print(packed, len(packed), struct.calcsize(">HIf"))
print(struct.unpack(">HIf", packed))
print(binascii.hexlify(b"\x00\xffAB"), binascii.crc32(b"hello"))
print(struct.pack("<i", -2), struct.unpack("<I", b"\xff\xff\xff\xff"))
