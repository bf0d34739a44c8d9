# Match objects: groups, spans, lastindex/lastgroup, expand, repr
import re

m = re.search(r"(?P<key>\w+)=(?P<val>\d+)?(;)?", "x: width=;height=20")
print(m, bool(m))
print(m.group(), m.group(0), m.group("key"), m.group(1, "val"), m[2], m["key"])
print(m.groups(), m.groups("-"), m.groupdict(), m.groupdict(0))
print(m.span(), m.span(2), m.start("val"), m.end(3), m.lastindex, m.lastgroup)
print(m.string, m.pos, m.endpos, m.re.pattern, m.re.groups, m.re.groupindex)
m = re.match(r"((a)(b))", "abc")
print(m.lastindex, m.lastgroup, m.regs)
m = re.match(r"(?P<outer>(?P<inner>a)b)c", "abc")
print(m.lastindex, m.lastgroup)
print(re.match(r"(\w+) (\w+)", "Jane Doe").expand(r"\2, \1 \g<0> \g<2>"))
for bad in [5, "nope", -1]:
    try:
        m.group(bad)
    except IndexError as e:
        print("IndexError:", e)
p = re.compile(r"\d+")
print(p.search("ab12cd345", 4), p.search("ab12cd345", 2, 3), p.match("12ab", 1), p.fullmatch("a123b", 1, 4))
print(p.findall("1 22 333 4444", 2, 9), [m.span() for m in p.finditer("1 22 333", 3)])
print(p, re.compile("a.b", re.I | re.S), re.compile(r"x\n'y"), re.compile(b"ab+"))
print(re.match("", ""), re.search("$", "abc"), re.match("a*", "bbb"))
print(re.compile("(a)|(b)").match("b").groups(), re.compile("(a)|(b)").match("b").lastindex)
