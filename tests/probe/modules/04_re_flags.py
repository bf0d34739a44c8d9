# flags: IGNORECASE, MULTILINE, DOTALL, VERBOSE
import re

text = "Hello\nhello\nHELLO world"
print(re.findall(r"hello", text, re.IGNORECASE))
print(re.findall(r"^h\w+", text, re.M | re.I))
print(re.findall(r"o.h", text))
print(re.findall(r"o.h", text, re.DOTALL))
phone = re.compile(r"""
    (\d{3})   # area
    [-.\s]?   # separator
    (\d{4})   # number
""", re.VERBOSE)
print(phone.findall("123-4567 and 890.1234"))
print(re.search(r"(?i)WORLD", text).group())
