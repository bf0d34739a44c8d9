# base64 encoding
import base64

raw = b"hello, world!"
enc = base64.b64encode(raw)
print(enc, base64.b64decode(enc))
print(base64.urlsafe_b64encode(b"\xfb\xff\xfe"), base64.b64encode(b"\xfb\xff\xfe"))
print(base64.b64encode("naïve".encode()).decode())
print(base64.b16encode(b"AB"), base64.b32encode(b"hi"))
token = base64.b64encode(b"user:secret").decode("ascii")
print("Authorization: Basic " + token)
