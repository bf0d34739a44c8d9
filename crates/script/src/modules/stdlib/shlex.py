"""shlex: `split`, `quote` and `join`, as CPython 3.11's read and write
POSIX shell words.

Looplab's own module, written in the Python Looplab runs. `split` follows
`shlex.shlex` in POSIX mode with `whitespace_split=True`: quotes group and
are removed, a backslash escapes the next character outside quotes and
`\\`, `"`, `$`, `` ` `` and a newline inside double quotes, and
`comments=True` drops the rest of a line from a `#` (ending the word it
interrupts). Errors are CPython's ("No closing quotation", "No escaped
character").

Left out: the `shlex` class itself (non-POSIX mode, `punctuation_chars`,
`get_token`, `push_source`).
"""

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")


def split(s, comments=False, posix=True):
    if s is None:
        raise ValueError("s argument must not be None")
    if not posix:
        raise NotImplementedError("shlex.split(posix=False) is not supported by Looplab")
    words = []
    word = ""
    in_word = False
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in " \t\r\n":
            if in_word:
                words.append(word)
                word = ""
                in_word = False
            i += 1
        elif c == "#" and comments:
            # A comment ends the word it interrupts and the line.
            if in_word:
                words.append(word)
                word = ""
                in_word = False
            while i < n and s[i] != "\n":
                i += 1
        elif c == "\\":
            if i + 1 >= n:
                raise ValueError("No escaped character")
            word += s[i + 1]
            in_word = True
            i += 2
        elif c == "'":
            j = s.find("'", i + 1)
            if j < 0:
                raise ValueError("No closing quotation")
            word += s[i + 1:j]
            in_word = True
            i = j + 1
        elif c == '"':
            i += 1
            while True:
                if i >= n:
                    raise ValueError("No closing quotation")
                c = s[i]
                if c == '"':
                    i += 1
                    break
                if c == "\\" and i + 1 < n and s[i + 1] in '\\"$`\n':
                    word += s[i + 1]
                    i += 2
                    continue
                if c == "\\" and i + 1 >= n:
                    raise ValueError("No closing quotation")
                word += c
                i += 1
            in_word = True
        else:
            word += c
            in_word = True
            i += 1
    if in_word:
        words.append(word)
    return words


def quote(s):
    if not s:
        return "''"
    for c in s:
        if c not in _SAFE:
            return "'" + s.replace("'", "'\"'\"'") + "'"
    return s


def join(split_command):
    return " ".join(quote(arg) for arg in split_command)
