# uuid from fixed values (no randomness)
import uuid

u = uuid.UUID("12345678-1234-5678-1234-567812345678")
print(u, u.hex, u.version)
print(uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"))
print(uuid.uuid3(uuid.NAMESPACE_URL, "https://example.com"))
print(str(u).upper())
