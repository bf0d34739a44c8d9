# Writes re_differential.cpython.json for re_differential.rs: random
# (pattern, flags, string) cases from a small grammar, a program that
# describes what `re` does with each (finditer spans and groups, sub with a
# function, split, fullmatch, or the re.error), and CPython 3.11's output
# for that program. Run: python3 crates/script/tests/re_differential_reference.py
import json, os, random, subprocess, sys

rng = random.Random(20240611)

def atom(depth):
    r = rng.random()
    if depth > 2 or r < 0.45:
        return rng.choice(["a", "b", "a", "b", "1", " ", ".", "[ab]", "[^a]", "[a-c1]",
                           r"\d", r"\w", r"\s", r"\W", r"\b", r"\B", "^", "$", r"\A", r"\Z",
                           "A", "B", "[A-B]", r"\n"])
    if r < 0.60:
        return "(" + regex(depth + 1) + ")"
    if r < 0.68:
        return "(?:" + regex(depth + 1) + ")"
    if r < 0.74:
        return "(?P<g%d>" % rng.randint(0, 99) + regex(depth + 1) + ")"
    if r < 0.80:
        return rng.choice(["(?=", "(?!"]) + regex(depth + 1) + ")"
    if r < 0.85:
        return rng.choice(["(?<=", "(?<!"]) + rng.choice(["a", "b", "[ab]", r"\d", "ab", "a|b"]) + ")"
    if r < 0.89:
        return "(?>" + regex(depth + 1) + ")"
    if r < 0.93:
        return rng.choice(["(?i:", "(?s:", "(?m:", "(?-i:"]) + regex(depth + 1) + ")"
    if rng.random() < 0.3:
        return rng.choice([r"\1", r"\2", "(?P=g1)"])
    return "(" + rng.choice(["a", "b", "a|b", "[ab]+", "a*"]) + ")" + rng.choice([r"\1", ".\\1", r"\1?"])

def piece(depth):
    a = atom(depth)
    anchor = a in ("^", "$", r"\A", r"\Z", r"\b", r"\B")
    if rng.random() < 0.35 and (not anchor or rng.random() < 0.05):
        q = rng.choice(["*", "+", "?", "{2}", "{1,2}", "{,2}", "{2,}", "{0}"])
        q += rng.choice(["", "", "?", "+"])
        a += q
    return a

def regex(depth=0):
    alts = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        alts.append("".join(piece(depth) for _ in range(rng.randint(0, 3))))
    return "|".join(alts)

FLAGS = [0, 0, 0, 2, 8, 16, 2 | 8, 256]

cases = []
while len(cases) < 800:
    p = regex()
    if rng.random() < 0.08 and p:
        p = p[: rng.randint(0, len(p) - 1)]
    s = "".join(rng.choice("aab1 \nAB") for _ in range(rng.randint(0, 8)))
    cases.append((p, rng.choice(FLAGS), s))

PROGRAM = '''import re

def describe(p, flags, s):
    try:
        r = re.compile(p, flags)
    except re.error as e:
        return "error: " + str(e) + " | " + repr(e.pos)
    its = [(m.span(), m.groups(), m.lastindex) for m in r.finditer(s)]
    sub = r.sub(lambda m: "<" + m.group() + ">", s)
    split = r.split(s)
    fm = r.fullmatch(s)
    m = r.match(s, 1)
    return repr((its, sub, split, fm and fm.span(), m and m.span()))

CASES = @CASES@

for p, flags, s in CASES:
    print(repr(p), flags, repr(s), "->", describe(p, flags, s))
'''.replace("@CASES@", repr(cases))

out = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True).stdout
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "re_differential.cpython.json"), "w") as f:
    json.dump({"program": PROGRAM, "stdout": out}, f, indent=0)
    f.write("\n")
print(len(cases), "cases")
