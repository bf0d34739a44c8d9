# flags: values, repr, combinations and inline forms
import re

print(re.I, re.M, re.S, re.X, re.A, re.U, re.NOFLAG)
print(re.I | re.M, re.IGNORECASE | re.DOTALL | re.ASCII, re.I.value)
print(re.compile("a").flags, re.compile("a", re.I).flags, re.compile(b"a").flags, re.compile("a", re.A).flags)
print(re.compile("(?i)a").flags, re.compile("(?x) a b").flags, re.compile("(?ms)a").flags)
print(bool(re.I & re.M), re.I == 2, re.I | 8, 8 | re.I)
print(re.findall(r"(?i:AB)c", "abc ABc abC"), re.findall(r"a(?-i:b)", "ab aB Ab AB", re.I))
print(re.findall(r"(?s:.)x", "\nx ax"), re.findall(r"^\w", "one\ntwo\nthree", re.M), re.findall(r"\w$", "one\ntwo\nthree", re.M))
print(re.findall(r"\w+", "héllo wörld 123", re.A), re.findall(r"\w+", "héllo wörld 123"))
print(re.findall(r"\d", "1٣5"), re.findall(r"\d", "1٣5", re.ASCII))
print(re.findall(r"ÉTÉ", "été Été", re.I), re.findall(r"[à-ÿ]+", "ÀÉÎ àéî", re.I))
print(re.search(r"""(?x)
    (\d+)   # a number
    \s* [a-z]+  # a word
""", "  42 apples").groups())
print(re.fullmatch(r"a # not a comment\ b", "a # not a comment b"), re.fullmatch(r"a\ b[ ]c\#", "a b c#", re.X))
print(re.findall("$", "a\n"), re.findall("$", "a\n", re.M), re.findall(r"\Z", "a\n"), re.search("a$", "a\n"))
print(re.split(r"^", "a\nb\nc", flags=re.M), re.sub("(?m)^", "> ", "one\ntwo"))
