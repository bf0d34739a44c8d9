# checksums over a bytearray: sum, XOR, a running CRC-like mix, and in-place fixes
message = bytearray("Hello, Looplab!", "utf-8")
print(message, len(message))

total = 0
for byte in message:
    total += byte
print("sum:", total, "mod 256:", total % 256, "same as sum():", sum(message) & 0xFF)

xor = 0
for b in message:
    xor ^= b
print("xor:", xor, hex(xor))

def fletcher16(data):
    a, b = 0, 0
    for x in data:
        a = (a + x) % 255
        b = (b + a) % 255
    return (b << 8) | a

print("fletcher16:", fletcher16(message), fletcher16(bytes(message)) == fletcher16(message))

checksum = (-sum(message)) & 0xFF
framed = message + bytearray([checksum])
print(framed[-3:], sum(framed) % 256 == 0)

framed[0] ^= 0x20
print(framed[:5], sum(framed) % 256 == 0)
framed[0] ^= 0x20
print(framed.decode("utf-8", errors="replace")[:15], sum(framed) % 256)
print(max(message), min(message), message.count(b"l"), sorted(set(message))[:4])
