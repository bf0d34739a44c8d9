# unicode text
word = "naïve café"
print(len(word), word.upper(), word[2])
print(word.encode("utf-8"))
print(len(word.encode("utf-8")))
print("😀", len("😀"), ord("😀"))
print("straße".casefold() == "STRASSE".casefold())
print(sorted(["é", "e", "f", "E"]))
print("日本語"[::-1], "abc" < "abd" < "b")
print(repr("tab\t newline\n quote' é"))
print(ascii("é😀"))
print("Ǆ".lower(), "ǆ".title())
