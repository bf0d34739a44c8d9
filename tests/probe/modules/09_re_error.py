# an invalid regular expression
import re

try:
    re.compile(r"(unclosed")
except re.error as e:
    print("re.error:", e)
print(re.findall(r"[a-", "abc"))
