# re.error messages, positions, line and column
import re

bad = ["(", ")", "a)", "*", "a**", "a{2}{3}", "[", "[a", "[z-a]", r"\q", "(?P<1a>x)", "(?P<n>a)(?P<n>b)",
       "(?P=zz)", r"(a)\2", "(?<=a+)b", "(?z)", "a(?i)b", "(?", "(?P", "(?#abc", r"[\d-z]", "x{5,2}",
       "(?<x", "\\", "a|*", "^*", r"(?P<n>a)(?P=n", "(?i", "(?-", "(a(?P=x))", "(?P<x>a\\1)", "\n(\nab"]
for p in bad:
    try:
        re.compile(p)
        print(repr(p), "compiled")
    except re.error as e:
        print(repr(p), "|", e, "|", e.msg, e.pos, e.lineno, e.colno, e.pattern == p)
try:
    re.compile("x{99999999999}")
except OverflowError as e:
    print("OverflowError:", e)
print(isinstance(re.error("x"), ValueError), re.error.__name__, issubclass(re.error, Exception))
try:
    re.search("a", b"abc")
except TypeError as e:
    print("TypeError:", e)
try:
    re.search(b"a", "abc")
except TypeError as e:
    print("TypeError:", e)
try:
    re.compile(re.compile("a"), re.I)
except ValueError as e:
    print("ValueError:", e)
try:
    re.match("a", 5)
except TypeError as e:
    print("TypeError:", e)
re.purge()
raise re.error("custom")
