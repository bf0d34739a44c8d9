"""Indexing and slicing text and bytes, and f-string fields of every kind.

str and bytes indexed and sliced with positive, negative and extended
indices, over ASCII and non-ASCII text (the first char non-ASCII, the
last, several in the middle); the errors for a bad index, a bad type and
a zero step; f-string fields of plain strs and ints (negative, zero,
bools, big ints), with conversions (!r, !s, !a) and specs, of str and int
subclasses with their own __str__ and __format__, and long results.
"""

texts = ["abcdef", "héllo", "€uro", "naïve café", "x", "", "日本語のテキスト"]
for t in texts:
    print(repr(t), [t[i] for i in range(len(t))], [t[-i] for i in range(1, len(t) + 1)])
    print(" ", t[1:4], t[::-1], t[::2], t[-3:], t[:-2], t[5:1:-2], t[100:], t[-100:2])

for t, i in [("abc", 5), ("héllo", -6), ("€", -2), ("", 0)]:
    try:
        t[i]
    except IndexError as e:
        print("IndexError", e)

for bad in ["x", 1.0, None]:
    try:
        "abc"[bad]
    except TypeError as e:
        print("TypeError", e)
    try:
        b"abc"[bad]
    except TypeError as e:
        print("TypeError", e)

try:
    "abc"[::0]
except ValueError as e:
    print("ValueError", e)

print("ab"[True], "ab"[False], "a€b"[2], "a€b"[-2])
data = b"abcdef\xff"
print(data[1], data[-1], data[1:4], data[::2], data[::-3], data[10:])


class Loud(str):
    def __str__(self):
        return "LOUD"


class Money(int):
    def __format__(self, spec):
        return "$" + str(int(self)) + ("!" if spec else "")


class Plain(int):
    pass


n = 2 ** 70
# The ends of a machine word too (the longest digits the VM writes itself).
extremes = [-9223372036854775807 - 1, 9223372036854775807, -10, 10]
for v in [0, 7, -7, -1234567890123, True, False, n, -n, 3.5, "s", "é"] + extremes:
    print(f"[{v}] [{v!r}] [{v!s}] [{v!a}] [{v:>6}]")
print(f"{Loud('quiet')} {Loud('quiet')!s} {Money(5)} {Money(5):x} {Plain(9)} {Plain(9):03}")
smile = chr(0x1F600)
print(f"{'é'!a} {'日本'!a} {smile!a} {smile!r}")
long = f"{'x' * 300}{12}{'y' * 10}"
print(len(long), long[295:], long[-14:])
mixed = f"{'é' * 200}:{-5}:{'€' * 100}"
print(len(mixed), mixed[198:206])
parts = [f"{i}:{i % 13}" for i in range(-20, 20)]
print(",".join(parts))

# Long texts (past the short-text walk), indexed in turns so that the
# kept indexes change hands, and each compared with iteration.
ascii_long = "".join(chr(97 + i % 26) for i in range(500))
mixed_long = "".join("aé€😀"[i % 4] for i in range(500))
for t in (ascii_long, mixed_long):
    same = all(t[i] == c for i, c in enumerate(t)) and all(t[-i - 1] == c for i, c in enumerate(reversed(t)))
    print(len(t), same, t[100:108], t[-7:], t[::97], t[480:470:-3], t[499], t[-500])
turns = [ascii_long[i] + mixed_long[i] + mixed_long[-i - 1] for i in range(0, 500, 61)]
print(turns)
for t in (ascii_long, mixed_long):
    for i in (500, -501):
        try:
            t[i]
        except IndexError as e:
            print("IndexError", e)
print(mixed_long[:0] == "", mixed_long[:] is mixed_long or mixed_long[:] == mixed_long, len(mixed_long[1:-1]))

# Six long texts (more than the interpreter keeps indexes for) indexed in
# turns, one character of each per round, in an order that brings back
# texts whose index went: every character must still be the right one.
texts = [
    "".join(chr(0x3B1 + (i * k) % 25) for i in range(300 + 17 * k)) if k % 2 else
    "".join(chr(65 + (i * k + 3) % 26) for i in range(300 + 17 * k))
    for k in range(6)
]
order = [0, 1, 2, 3, 4, 5, 0, 2, 4, 1, 3, 5, 5, 4, 3, 2, 1, 0]
picked = []
for i in range(0, 300, 7):
    for k in order:
        picked.append(texts[k][i])
        picked.append(texts[k][-i - 1])
print(len(picked), "".join(picked[:40]), "".join(picked[-40:]))
print(all(picked[j * 2] == texts[k][i] and picked[j * 2 + 1] == texts[k][-i - 1]
          for j, (i, k) in enumerate((i, k) for i in range(0, 300, 7) for k in order)))
print([texts[k][100:104] + texts[k][-3:] for k in range(6)])
diff = sum(1 for i in range(len(texts[1])) if texts[1][i] != texts[3][i % len(texts[3])])
print(diff)

# len() of long texts: counted once while kept, so it must stay right for
# texts counted before being indexed, indexed before being counted, and for
# more texts than are kept, in turns.
longs = ["é" * 70, "a" * 90 + "😀", "x" * 65, "€" * 33 + "ab", "日本" * 40, "z" * 200]
print([len(t) for t in longs])
print([len(t) for t in reversed(longs)])
print([(t[-1], len(t), t[len(t) // 2], len(t[1:])) for t in longs])
i = 0
while i < len(longs[1]):
    i += 1
print(i, sum(len(t) for t in longs for _ in range(3)))
