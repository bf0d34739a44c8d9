# a learner's e-mail validator
import re

EMAIL = re.compile(r"^[\w.+-]+@[\w-]+\.[\w.-]+$")
for address in ["ann@example.com", "bob.smith+tag@mail.co.uk", "no-at-sign.com", "x@y", "a b@c.com", ""]:
    status = "valid" if EMAIL.match(address) else "invalid"
    print(f"{address!r:30} {status}")
print(EMAIL.pattern)
print(EMAIL.flags & re.UNICODE != 0)
