"""An uncaught exception ends the program: traceback on stderr, exit code 1, output before it is kept."""
import asyncio


def now():
    return f"{asyncio.get_running_loop().time():.2f}"


async def validate(record):
    await asyncio.sleep(0.5)
    if record.get("age", 0) < 0:
        raise ValueError(f"invalid age {record['age']} for {record['name']}")
    return record["name"]


async def main():
    records = [{"name": "ann", "age": 31}, {"name": "bob", "age": -4}, {"name": "cy", "age": 9}]
    for r in records:
        name = await validate(r)
        print(now(), "validated", name)
    print("never reached")


print("starting")
try:
    asyncio.run(main())
finally:
    print("finally blocks still run")
print("not printed either")
