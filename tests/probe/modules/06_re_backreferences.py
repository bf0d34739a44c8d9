# backreferences: repeated words and matching quotes
import re

print(re.findall(r"\b(\w+) \1\b", "this is is a test test of the the code"))
print(re.sub(r"\b(\w+) \1\b", r"\1", "this is is a test test"))
print(re.findall(r"(['\"])(.*?)\1", "say 'hi' and \"bye\" and 'mixed\""))
m = re.match(r"(?P<tag><(\w+)>).*</\2>", "<b>bold</b>")
print(m.group(0), m.group(2), m.group("tag"))
print(bool(re.fullmatch(r"(\w)(\w)\2\1", "abba")), bool(re.fullmatch(r"(\w)(\w)\2\1", "abab")))
