"""uuid: the `UUID` class, `uuid3`, `uuid4`, `uuid5` and the `NAMESPACE_*`
constants, as CPython 3.11's `uuid` module.

Looplab's own module, written in the Python Looplab runs. `UUID` parses
hex strings (with or without hyphens, braces or a `urn:uuid:` prefix),
`bytes=`, `int=` and `fields=`; it has `str`, `repr`, `hex`, `int`,
`bytes`, `urn`, `version`, `variant`, the `fields` parts, comparison and
hashing. `uuid4()` draws from the program's seeded `random` generator, so a
run is reproducible (CPython uses `os.urandom`); it therefore advances the
sequence `random` hands out.

Left out: immutability (attributes can be assigned), `uuid1` (no clock or MAC address in the sandbox), `bytes_le`,
`is_safe`, `getnode` and the command-line interface.
"""

import hashlib as _hashlib
import random as _random

RESERVED_NCS = "reserved for NCS compatibility"
RFC_4122 = "specified in RFC 4122"
RESERVED_MICROSOFT = "reserved for Microsoft compatibility"
RESERVED_FUTURE = "reserved for future definition"

_HEXCHARS = frozenset("0123456789abcdefABCDEF")


class UUID:
    __slots__ = ("_hex",)

    def __init__(self, hex=None, bytes=None, bytes_le=None, fields=None, int=None, version=None, *, is_safe=None):
        if [hex, bytes, bytes_le, fields, int].count(None) != 4:
            raise TypeError("one of the hex, bytes, bytes_le, fields, or int arguments must be given")
        if hex is not None:
            hex = hex.replace("urn:", "").replace("uuid:", "")
            hex = hex.strip("{}").replace("-", "")
            if len(hex) != 32 or any(c not in _HEXCHARS for c in hex):
                raise ValueError("badly formed hexadecimal UUID string")
            value = hex.lower()
        elif bytes_le is not None:
            if len(bytes_le) != 16:
                raise ValueError("bytes_le is not a 16-char string")
            b = bytes_le[4 - 1::-1] + bytes_le[6 - 1:4 - 1:-1] + bytes_le[8 - 1:6 - 1:-1] + bytes_le[8:]
            value = b.hex()
        elif bytes is not None:
            if len(bytes) != 16:
                raise ValueError("bytes is not a 16-char string")
            value = bytes.hex()
        elif fields is not None:
            if len(fields) != 6:
                raise ValueError("fields is not a 6-tuple")
            time_low, time_mid, time_hi_version, clock_seq_hi_variant, clock_seq_low, node = fields
            for v, bits, name in ((time_low, 32, "time_low"), (time_mid, 16, "time_mid"), (time_hi_version, 16, "time_hi_version"), (clock_seq_hi_variant, 8, "clock_seq_hi_variant"), (clock_seq_low, 8, "clock_seq_low"), (node, 48, "node")):
                if not 0 <= v < (1 << bits):
                    raise ValueError("field %d out of range (need a %d-bit value)" % ((time_low, time_mid, time_hi_version, clock_seq_hi_variant, clock_seq_low, node).index(v) + 1, bits))
            value = "%08x%04x%04x%02x%02x%012x" % (time_low, time_mid, time_hi_version, clock_seq_hi_variant, clock_seq_low, node)
        else:
            if not 0 <= int < (1 << 128):
                raise ValueError("int is out of range (need a 128-bit value)")
            value = "%032x" % int
        if version is not None:
            if not 1 <= version <= 5:
                raise ValueError("illegal version number")
            b = list(_bytes_of(value))
            b[8] = (b[8] & 0x3F) | 0x80
            b[6] = (b[6] & 0x0F) | (version << 4)
            value = _to_bytes(b).hex()
        self._hex = value

    def __str__(self):
        h = self._hex
        return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, str(self))

    def __eq__(self, other):
        if isinstance(other, UUID):
            return self._hex == other._hex
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, UUID):
            return self._hex < other._hex
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, UUID):
            return self._hex <= other._hex
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, UUID):
            return self._hex > other._hex
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, UUID):
            return self._hex >= other._hex
        return NotImplemented

    def __hash__(self):
        return hash(self._hex)

    def __int__(self):
        return int(self._hex, 16)

    @property
    def hex(self):
        return self._hex

    @property
    def int(self):
        return int(self._hex, 16)

    @property
    def bytes(self):
        return _bytes_of(self._hex)

    @property
    def urn(self):
        return "urn:uuid:" + str(self)

    @property
    def time_low(self):
        return int(self._hex[:8], 16)

    @property
    def time_mid(self):
        return int(self._hex[8:12], 16)

    @property
    def time_hi_version(self):
        return int(self._hex[12:16], 16)

    @property
    def clock_seq_hi_variant(self):
        return int(self._hex[16:18], 16)

    @property
    def clock_seq_low(self):
        return int(self._hex[18:20], 16)

    @property
    def node(self):
        return int(self._hex[20:], 16)

    @property
    def fields(self):
        return (self.time_low, self.time_mid, self.time_hi_version, self.clock_seq_hi_variant, self.clock_seq_low, self.node)

    @property
    def variant(self):
        b = int(self._hex[16], 16)
        if not b & 0x8:
            return RESERVED_NCS
        if not b & 0x4:
            return RFC_4122
        if not b & 0x2:
            return RESERVED_MICROSOFT
        return RESERVED_FUTURE

    @property
    def version(self):
        if self.variant == RFC_4122:
            return int(self._hex[12], 16)
        return None


def _bytes_of(h):
    return bytes(int(h[i:i + 2], 16) for i in range(0, 32, 2))


def _to_bytes(b):
    return bytes(b)


def _name_bytes(name):
    if isinstance(name, str):
        return name.encode("utf-8")
    return name


def uuid3(namespace, name):
    digest = _hashlib.md5(namespace.bytes + _name_bytes(name)).digest()
    return UUID(bytes=digest[:16], version=3)


def uuid5(namespace, name):
    digest = _hashlib.sha1(namespace.bytes + _name_bytes(name)).digest()
    return UUID(bytes=digest[:16], version=5)


def uuid4():
    parts = "".join("%08x" % _random.getrandbits(32) for _ in range(4))
    return UUID(hex=parts, version=4)


def uuid1(node=None, clock_seq=None):
    raise NotImplementedError("uuid.uuid1 is not supported by Looplab (no clock or MAC address); use uuid.uuid4")


NAMESPACE_DNS = UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
NAMESPACE_URL = UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
NAMESPACE_OID = UUID("6ba7b812-9dad-11d1-80b4-00c04fd430c8")
NAMESPACE_X500 = UUID("6ba7b814-9dad-11d1-80b4-00c04fd430c8")
NIL = UUID("00000000-0000-0000-0000-000000000000")
