# syntax corners: escapes, classes, repeats, lookarounds, atomic groups
import re

tests = [
    (r"\x41\u00e9\t\.\\", "Aé\t.\\"), (r"[\]\-^a]+", "]-^a"), (r"[]a]+", "]a]"), (r"[^]]+", "ab]"),
    (r"a{,2}", "aaa"), (r"a{2,}?", "aaaa"), (r"a{3}", "aa"), (r"x{", "x{"), (r"x{a}", "x{a}"), (r"x{1,a}", "x{1,a}"),
    (r"(a|ab)(c|bcd)(d*)", "abcd"), (r"(a+)+b", "aaab"), (r"(?>a+)b", "aaab"), (r"(?>a+)ab", "aaab"),
    (r"a++b", "aab"), (r"a*+a", "aaa"), (r"(?:a|b)*?c", "ababc"), (r"(a*)*", "b"), (r"(a*)+", "b"),
    (r"(a|b)*", "ab"), (r"(?:(a)|b)+", "ab"), (r"(?<=\d{3})x", "123x"), (r"(?<!\d)x", "1x ax"),
    (r"(?=(\w+))\w", "abc"), (r"(?!a)\w+", "abc bcd"), (r"(?P<q>['\"]).*?(?P=q)", "say 'hi' \"x\""),
    (r"(a)?(?(1)b|c)", "ab"), (r"(a)?(?(1)b|c)", "c"), (r"\0\07\101", "\x00\x07A"), (r"[\s\S]", "\n"),
    (r"\bfoo\b", "a foo."), (r"\Bo\B", "foo"), (r"(?i)[^a]", "A"), (r"(?i)\u212a", "k"),
    (r"(?i)ss", "SS"), (r".", "\n"), (r"(?s).", "\n"), (r"\N", "N"),
]
for p, s in tests:
    try:
        print(repr(p), [m.group() for m in re.finditer(p, s)], re.search(p, s) and re.search(p, s).groups())
    except re.error as e:
        print(repr(p), "error:", e)
print(re.findall(r"(\d+)-(\d+)?", "1-2 3-"), re.findall(r"(a)|b", "ab"), re.findall(r"((a)b)", "abab"))
print(re.fullmatch(r"(\w+)@(\w+)\.com", "me@site.com").groups(), re.match(r"(?:a|b)+", "abba!").end())
print(re.search(r"(?<=(a))b", "ab").groups(), re.sub(r"(?<=a)", "-", "aXa"))
