# findall and finditer
import re

text = "Call 555-1234 or 555-9876, fax 555-0000. Order #42 and #1337."
print(re.findall(r"\d{3}-\d{4}", text))
print(re.findall(r"(\d{3})-(\d{4})", text))
print(re.findall(r"#(\d+)", text))
for m in re.finditer(r"#(\d+)", text):
    print(m.group(0), m.group(1), m.start(), m.end(), m.span())
print(re.findall(r"[A-Z]\w+", text))
print(re.findall(r"\bor\b", text))
