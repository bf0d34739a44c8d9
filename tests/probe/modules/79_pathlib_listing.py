# listing a folder: iterdir, glob, rglob and summing the CSV files found
from pathlib import Path

data = Path("data")
names = sorted(p.name for p in data.iterdir())
print(names)
for p in sorted(data.iterdir()):
    print(p, p.suffix, p.is_file())

csvs = sorted(data.glob("*.csv"))
print(len(csvs), [str(p) for p in csvs])
print(sorted(str(p) for p in Path(".").glob("*.txt")))
print(sorted(str(p) for p in Path(".").glob("data/orders-?.csv")))
print(sorted(str(p) for p in Path(".").rglob("*.csv")))
print(sorted(str(p) for p in Path(".").glob("**/*.log")))
print(list(data.glob("*.json")))

total = 0
for path in csvs:
    lines = path.read_text().strip().splitlines()
    rows = lines[1:]
    total += len(rows)
    print(f"{path.name}: {len(rows)} orders")
print("total orders:", total)

top = sorted(p.name + ("/" if p.is_dir() else "") for p in Path(".").iterdir())
print(top)
