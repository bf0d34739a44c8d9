# re.sub with a string template and with a function
import re

print(re.sub(r"\s+", " ", "too    many   spaces"))
print(re.sub(r"(\w+)@(\w+)\.com", r"\2 at \1", "alice@example.com bob@test.com"))
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "3 apples and 10 pears"))


def censor(m):
    word = m.group(0)
    return word[0] + "*" * (len(word) - 1)


print(re.sub(r"\b(darn|heck)\b", censor, "darn it, what the heck"))
print(re.sub(r"x", "-", "xaxbx", count=2))
print(re.subn(r"a", "A", "banana"))
print(re.sub(r"(?P<first>\w+) (?P<last>\w+)", r"\g<last>, \g<first>", "Ada Lovelace"))
