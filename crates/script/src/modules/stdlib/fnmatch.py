"""fnmatch: shell-style filename patterns (`*`, `?`, `[seq]`, `[!seq]`),
with `fnmatch`, `fnmatchcase` and `filter` as CPython 3.11 on POSIX
matches them (case-sensitive, as `os.path.normcase` changes nothing
there).

Looplab's own module, written in the Python Looplab runs (there is no `re`
module to translate patterns into).

Left out: `translate`.
"""


def _class_end(pat, i):
    """The index just past a `[...]` class starting at `pat[i] == '['`, or
    -1 when it does not close (then `[` is literal)."""
    j = i + 1
    if j < len(pat) and pat[j] == "!":
        j += 1
    if j < len(pat) and pat[j] == "]":
        j += 1
    while j < len(pat) and pat[j] != "]":
        j += 1
    return j + 1 if j < len(pat) else -1


def _in_class(c, body):
    negate = body.startswith("!")
    if negate:
        body = body[1:]
    found = False
    k = 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            if body[k] <= c <= body[k + 2]:
                found = True
            k += 3
        else:
            if body[k] == c:
                found = True
            k += 1
    return found != negate


def fnmatchcase(name, pat):
    # Iterative glob matching with backtracking to the last `*`.
    n, p = 0, 0
    star_p, star_n = -1, 0
    while n < len(name):
        if p < len(pat):
            c = pat[p]
            if c == "*":
                star_p, star_n = p, n
                p += 1
                continue
            if c == "?":
                n += 1
                p += 1
                continue
            if c == "[":
                end = _class_end(pat, p)
                if end > 0:
                    if _in_class(name[n], pat[p + 1:end - 1]):
                        n += 1
                        p = end
                        continue
                elif name[n] == "[":
                    n += 1
                    p += 1
                    continue
            elif c == name[n]:
                n += 1
                p += 1
                continue
        if star_p >= 0:
            star_n += 1
            n = star_n
            p = star_p + 1
            continue
        return False
    while p < len(pat) and pat[p] == "*":
        p += 1
    return p == len(pat)


def fnmatch(name, pat):
    return fnmatchcase(name, pat)


def filter(names, pat):
    return [name for name in names if fnmatchcase(name, pat)]
