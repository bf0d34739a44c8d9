# sub/split/findall with empty matches (Python 3.7+ rules) and templates
import re

print(re.sub("x*", "-", "abxd"), re.sub("", "-", "abc"), re.sub(r"\b", "|", "hi there"))
print(re.split("x*", "axbc"), re.split(r"\b", "a b"), re.split("", "abc"), re.split(r"(?=b)", "abab"))
print(re.findall("", "ab"), re.findall(r"a*", "baaac"), [m.span() for m in re.finditer(r"\w*", "ab cd")])
print(re.split(r"(,)|(;)", "a,b;c"), re.split(r"\s*(?:,|;)\s*", "a , b;c", maxsplit=1))
print(re.split(",", "a,b,c", 0), re.split(",", "a,b,c", -1), re.split("z", ""), re.split("(z)?", "ab"))
print(re.sub(r"(\w)(\d)?", r"[\1\2]", "a1b"), re.sub(r"(?P<w>\w+)", r"<\g<w>>", "hi yo"))
print(re.sub(r"a", r"\n\t\\x", "a"), repr(re.sub("a", r"\0", "a")), re.sub("(a)", r"\g<1>0", "a"), re.sub("a", "\\&", "a"))
print(re.subn(r"\d", "#", "a1b22c333", count=4), re.sub("a", "b", "aaa", 2), re.subn("q", "z", "abc"))
print(re.sub(r"\d+", lambda m: str(len(m.group())), "12 345 6"), re.sub("(?i)HELLO", "bye", "Hello hello"))
print(re.sub(b"a+", b"<\\g<0>>", b"baaad"), re.split(rb"\s", b"a b\tc"), re.findall(rb"[a-z]\d", b"a1 b2 C3"))
for tpl in [r"\2", r"\g<x>", r"\q", r"\g<1", "\\"]:
    try:
        print(re.sub("(a)", tpl, "a"))
    except (re.error, IndexError) as e:
        print(type(e).__name__, e)
try:
    re.sub("a", lambda m: 1, "a")
except TypeError as e:
    print("TypeError:", e)
print(re.escape("a.b*c?d+e(f)[g]{h}|i^j$k\\l m-n#o&p~q"), re.escape("ünï_01"), re.escape(b"a.b"))
n = [0]
def third_bad(m):
    n[0] += 1
    return None if n[0] == 1 else "ok" if n[0] < 3 else 3
try:
    re.sub("a", third_bad, "xayaza")
except TypeError as e:
    print("TypeError:", e, n)
