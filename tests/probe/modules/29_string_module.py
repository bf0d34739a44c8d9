# string constants and Template
import string

print(string.ascii_lowercase, string.digits)
print(string.ascii_uppercase[:5], len(string.punctuation), string.hexdigits)
t = string.Template("Hello $name, you owe $$${amount}")
print(t.substitute(name="Ann", amount=5))
print(t.safe_substitute(name="Bob"))
print(string.capwords("hello   wide world"))
try:
    t.substitute(name="Cy")
except KeyError as e:
    print("KeyError:", e)
