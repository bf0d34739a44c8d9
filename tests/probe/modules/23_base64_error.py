# decoding bad base64
import base64
import binascii

print(base64.b64decode("aGk="))
try:
    base64.b64decode("abc")
except binascii.Error as e:
    print("binascii.Error:", e)
base64.b64decode("a")
