# string methods return new strings
name = "alice"
name.upper()
print(name)
name = name.capitalize()
print(name)
s = "a-b-c"
parts = s.split("-")
parts.reverse()
print("-".join(parts), s)
print("hello"[1:3] * 2, "x".join("abc"))
print("%s" % name.center(11, "*"))
print(str.upper("abc"), "abc".__len__())
