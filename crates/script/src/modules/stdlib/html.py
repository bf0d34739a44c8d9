"""html: `escape` and `unescape`, as CPython 3.11's `html` module.

Looplab's own module, written in the Python Looplab runs. `escape` replaces
`&`, `<`, `>` and, with `quote=True`, `"` and `'`. `unescape` decodes
numeric references (`&#65;`, `&#x42;`, with CPython's replacements for
invalid code points) and the named entities programs commonly use.

Left out: the full HTML5 entity table (about 2,200 names; only the common
ones here), `html.entities` and `html.parser`.
"""

_ENTITIES = {
    "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0",
    "copy": "\xa9", "reg": "\xae", "trade": "\u2122", "mdash": "\u2014", "ndash": "\u2013",
    "hellip": "\u2026", "laquo": "\xab", "raquo": "\xbb", "lsquo": "\u2018", "rsquo": "\u2019",
    "ldquo": "\u201c", "rdquo": "\u201d", "bull": "\u2022", "middot": "\xb7", "deg": "\xb0",
    "plusmn": "\xb1", "times": "\xd7", "divide": "\xf7", "para": "\xb6", "sect": "\xa7",
    "cent": "\xa2", "pound": "\xa3", "yen": "\xa5", "euro": "\u20ac", "iexcl": "\xa1",
    "iquest": "\xbf", "shy": "\xad", "micro": "\xb5", "frac12": "\xbd", "frac14": "\xbc",
    "frac34": "\xbe", "sup1": "\xb9", "sup2": "\xb2", "sup3": "\xb3", "larr": "\u2190",
    "rarr": "\u2192", "uarr": "\u2191", "darr": "\u2193", "harr": "\u2194", "hearts": "\u2665",
    "spades": "\u2660", "clubs": "\u2663", "diams": "\u2666", "infin": "\u221e", "ne": "\u2260",
    "le": "\u2264", "ge": "\u2265", "alpha": "\u03b1", "beta": "\u03b2", "gamma": "\u03b3",
    "delta": "\u03b4", "pi": "\u03c0", "sigma": "\u03c3", "omega": "\u03c9", "mu": "\u03bc",
    "lambda": "\u03bb", "szlig": "\xdf", "thinsp": "\u2009", "ensp": "\u2002", "emsp": "\u2003",
    "zwj": "\u200d", "zwnj": "\u200c",
}
_ACCENTED = {
    "agrave": "\xe0", "aacute": "\xe1", "acirc": "\xe2", "atilde": "\xe3", "auml": "\xe4", "aring": "\xe5",
    "aelig": "\xe6", "ccedil": "\xe7", "egrave": "\xe8", "eacute": "\xe9", "ecirc": "\xea", "euml": "\xeb",
    "igrave": "\xec", "iacute": "\xed", "icirc": "\xee", "iuml": "\xef", "eth": "\xf0", "ntilde": "\xf1",
    "ograve": "\xf2", "oacute": "\xf3", "ocirc": "\xf4", "otilde": "\xf5", "ouml": "\xf6", "oslash": "\xf8",
    "ugrave": "\xf9", "uacute": "\xfa", "ucirc": "\xfb", "uuml": "\xfc", "yacute": "\xfd", "thorn": "\xfe",
    "yuml": "\xff",
}
for _k, _v in _ACCENTED.items():
    _ENTITIES[_k] = _v
    if _k != "yuml":
        _ENTITIES[_k[0].upper() + _k[1:]] = _v.upper()
_ENTITIES["AElig"] = "\xc6"
_ENTITIES["ETH"] = "\xd0"
_ENTITIES["THORN"] = "\xde"
_ENTITIES["Yuml"] = "\u0178"
_ENTITIES["AMP"] = "&"
_ENTITIES["LT"] = "<"
_ENTITIES["GT"] = ">"
_ENTITIES["QUOT"] = '"'
_ENTITIES["COPY"] = "\xa9"
_ENTITIES["REG"] = "\xae"

_ENTITIES["not"] = "\xac"
_ENTITIES["brvbar"] = "\xa6"
_ENTITIES["curren"] = "\xa4"
_ENTITIES["macr"] = "\xaf"
_ENTITIES["ordf"] = "\xaa"
_ENTITIES["ordm"] = "\xba"
_ENTITIES["uml"] = "\xa8"
_ENTITIES["acute"] = "\xb4"
_ENTITIES["cedil"] = "\xb8"

# Entities HTML5 accepts without a trailing semicolon (the Latin-1 ones).
_NO_SEMI = frozenset(
    "AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1 sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml".split()
)

_INVALID_CHARREFS = {
    0x00: "\ufffd", 0x0d: "\r", 0x80: "\u20ac", 0x81: "\x81", 0x82: "\u201a", 0x83: "\u0192",
    0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030",
    0x8a: "\u0160", 0x8b: "\u2039", 0x8c: "\u0152", 0x8d: "\x8d", 0x8e: "\u017d", 0x8f: "\x8f",
    0x90: "\x90", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022",
    0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122", 0x9a: "\u0161", 0x9b: "\u203a",
    0x9c: "\u0153", 0x9d: "\x9d", 0x9e: "\u017e", 0x9f: "\u0178",
}

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_DIGITS = frozenset("0123456789")
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")


def escape(s, quote=True):
    s = s.replace("&", "&amp;")
    s = s.replace("<", "&lt;")
    s = s.replace(">", "&gt;")
    if quote:
        s = s.replace('"', "&quot;")
        s = s.replace("'", "&#x27;")
    return s


def _charref(num):
    if num in _INVALID_CHARREFS:
        return _INVALID_CHARREFS[num]
    if (0xD800 <= num <= 0xDFFF) or num > 0x10FFFF:
        return "\ufffd"
    return chr(num)


def unescape(s):
    if "&" not in s:
        return s
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "&":
            j = s.find("&", i)
            if j < 0:
                j = n
            out.append(s[i:j])
            i = j
            continue
        if i + 1 < n and s[i + 1] == "#":
            j = i + 2
            hexa = j < n and s[j] in "xX"
            if hexa:
                j += 1
            start = j
            digits = _HEXDIGITS if hexa else _DIGITS
            while j < n and s[j] in digits:
                j += 1
            if j == start:
                out.append("&")
                i += 1
                continue
            num = int(s[start:j], 16 if hexa else 10)
            if j < n and s[j] == ";":
                j += 1
            out.append(_charref(num))
            i = j
            continue
        j = i + 1
        while j < n and j - i <= 32 and s[j] in _ALNUM:
            j += 1
        name = s[i + 1:j]
        if j < n and s[j] == ";" and name in _ENTITIES:
            out.append(_ENTITIES[name])
            i = j + 1
            continue
        # The longest prefix HTML5 accepts without the semicolon.
        done = False
        for k in range(len(name), 1, -1):
            if name[:k] in _NO_SEMI:
                out.append(_ENTITIES[name[:k]])
                i = i + 1 + k
                done = True
                break
        if not done:
            out.append("&")
            i += 1
    return "".join(out)
