# split, groups and match objects
import re

print(re.split(r"[,;]\s*", "a, b;c;  d"))
print(re.split(r"(\d)", "a1b2c"))
print(re.split(r"\s+", "  lead and trail  "))
print(re.split(r",", "a,b,c", maxsplit=1))
m = re.search(r"(\d+)-(\d+)?", "range 10- end")
print(m.groups(), m.groups(default="?"), m.group(1, 2))
print(re.match(r"abc", "xabc"), re.search(r"abc", "xabc").start())
print(re.fullmatch(r"\d+", "123"), re.fullmatch(r"\d+", "123a"))
print(re.escape("1+1=2?"))
m = re.match(r"(\w+) (\w+)", "hello world again")
print(m.expand(r"\2 \1"), m.string, m.pos, m.lastindex)
