"""Text processing: word counts with dicts, sorting by key, str methods, enumerate/zip, formatted table output."""
import asyncio

TEXT = """The quick brown fox jumps over the lazy dog.
The dog sleeps; the fox runs away!
A quick end."""


async def tokenize(line, delay):
    await asyncio.sleep(delay)
    cleaned = "".join(ch.lower() if ch.isalpha() or ch == " " else " " for ch in line)
    return cleaned.split()


async def main():
    lines = TEXT.splitlines()
    per_line = await asyncio.gather(*(tokenize(l, 0.1 * i) for i, l in enumerate(lines, 1)))
    counts = {}
    for words in per_line:
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    print(f"{asyncio.get_running_loop().time():.2f} {len(counts)} distinct words")
    print(f"{'word':<8}|{'count':>6}|{'share':>7}")
    total = sum(counts.values())
    for word, n in top:
        print(f"{word:<8}|{n:>6}|{n / total:>7.1%}")
    for i, (line, words) in enumerate(zip(lines, per_line)):
        print(f"line {i}: {len(words):2d} words, longest={max(words, key=len)!r}, caps={sum(c.isupper() for c in line)}")
    acronym = "".join(w[0].upper() for w in per_line[0])
    print(acronym, acronym[::2], acronym.count("T"), "-".join(sorted(set(acronym))))
    print(" ".join(reversed(per_line[2])).capitalize(), TEXT.count("the"), TEXT.lower().count("the"))


asyncio.run(main())
