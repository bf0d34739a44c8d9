# repr() shows invisible characters pasted from the web as escapes
names = ["Ada\u00a0Lovelace", "Grace\u200bHopper", "line\u2028break", "next\x85line",
         "tag\U000e0001", "tab\tand\nnewline", "caf\u00e9", "\u4f60\u597d", "em\u2003space",
         "soft\u00adhyphen", "bom\ufeff", "rtl\u202emark", "private\ue000use", "euro \u20ac"]
for name in names:
    print(repr(name), name.isprintable(), len(name))
print(ascii("caf\u00e9\u00a0"), repr("\x7f\x80\x9f\xa0\xa1"))
print([c for c in "a\u00a0b\u3000c\u2009d" if not c.isprintable()])
print("".isprintable(), " ".isprintable(), "\u0378".isprintable(), "\U0010ffff".isprintable())
print(f"{'x' + chr(0x85)!r}", "%r" % "\u2029")
