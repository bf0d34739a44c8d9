# Big integers from bytes and float ratios, floor/ceil of huge floats, unary operators, bytes repetition
import math
print(int.from_bytes(b"\xff" * 12, "big"), int.from_bytes(b"\xff" * 12, "big", signed=True))
print(int.from_bytes(b"\x00\x01", "little"), int.from_bytes(b"\x80", "big", signed=True), int.from_bytes(b"", "big"))
print((1e-30).as_integer_ratio(), (1e30).as_integer_ratio(), (0.5).as_integer_ratio(), (-2.0).as_integer_ratio())
print(math.floor(1e20), math.ceil(-1.5e25), math.trunc(3.7))
print(-(2**70), +(2**70), ~(2**70), -(-2**63))
print(7 // -2, -7 % 3, divmod(-2**63, -1))
print(b"ab" * 2)
print(2 * b"ab")
print("ab" * 2)
