# lookahead and lookbehind
import re

prices = "USD100 EUR200 USD35 GBP7"
print(re.findall(r"(?<=USD)\d+", prices))
print(re.findall(r"\d+(?= )", prices))
print(re.findall(r"\b(?!USD)[A-Z]{3}\d+", prices))
print(re.findall(r"(?<!U)SD", "USD XSD SD"))
pw = ["abc123", "abcdefg", "Abc12345", "ABC12345"]
strong = re.compile(r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{8,}$")
print([p for p in pw if strong.match(p)])
print(re.sub(r"(?<=\d)(?=(\d{3})+$)", ",", "1234567"))
