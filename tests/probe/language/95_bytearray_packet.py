# building a network-style packet byte by byte with a bytearray
HEADER = b"\xAA\x55"

def build_packet(kind, payload):
    packet = bytearray(HEADER)
    packet.append(kind)
    packet.extend(len(payload).to_bytes(2, "big"))
    packet += payload
    packet.append(sum(packet) & 0xFF)
    return packet

p = build_packet(1, b"ping")
print(p)
print(p.hex(), p.hex(" "), len(p))
print(bytes(p), list(p[:5]))

def parse(packet):
    if not packet.startswith(HEADER):
        raise ValueError("bad header")
    kind = packet[2]
    size = int.from_bytes(packet[3:5], "big")
    payload = packet[5:5 + size]
    ok = sum(packet[:-1]) & 0xFF == packet[-1]
    return kind, payload, ok

print(parse(p))
damaged = bytearray(p)
damaged[6] = ord("o")
print(parse(damaged), damaged == p, p == bytes(p))

stream = bytearray()
for i, word in enumerate([b"hi", b"there", b""]):
    stream.extend(build_packet(i, word))
print(len(stream), stream.count(HEADER), stream.find(b"there"))
print(bytearray.fromhex("aa 55 02"), bytearray(4), bytearray([1, 2, 255]))
print(bytearray(b"abc") * 2, 2 * bytearray(b"-"), b"x" + bytearray(b"y"), bytearray(b"x") + b"y")
