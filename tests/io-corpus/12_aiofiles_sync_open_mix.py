"""Plain sync open() inside async code next to aiofiles: json and csv modules, with-blocks, both see the same files."""
import asyncio
import csv
import json

import aiofiles


async def save_settings(path, settings):
    async with aiofiles.open(path, "w") as f:
        await f.write(json.dumps(settings, indent=2, sort_keys=True))


def load_settings_sync(path):
    with open(path) as f:
        return json.load(f)


async def main():
    await save_settings("settings.json", {"theme": "dark", "size": 14, "plugins": ["lint", "git"]})
    settings = load_settings_sync("settings.json")
    print("sync json.load:", settings)

    with open("settings.json") as f:
        print("first two lines:", [f.readline().rstrip(), f.readline().rstrip()])

    with open("scores.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "score"])
        w.writerows([["ada", 92], ["grace", 88], ["alan", 95]])

    async with aiofiles.open("scores.csv", newline="") as f:
        text = await f.read()
    rows = list(csv.DictReader(text.splitlines()))
    best = max(rows, key=lambda r: int(r["score"]))
    print("rows:", len(rows), "best:", best["name"], best["score"])

    async with aiofiles.open("scores.csv", "a", newline="") as f:
        await f.write("linus,90\r\n")
    with open("scores.csv", newline="") as f:
        names = [r["name"] for r in csv.DictReader(f)]
    print("names after async append:", names)

    with open("settings.json", "rb") as f:
        raw = f.read()
    print("bytes:", len(raw), raw[:10])
    data = json.loads(raw)
    data["size"] += 2
    await save_settings("settings.json", data)
    print("size now", load_settings_sync("settings.json")["size"])


asyncio.run(main())
