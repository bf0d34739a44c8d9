"""Imports (import x, from x import y, as), json dumps/loads, functools.partial."""
import json
import math as m
from functools import partial, reduce
from json import dumps as to_json, loads
import asyncio


async def fetch(record_id, *, delay=0.5):
    await asyncio.sleep(delay)
    return {"id": record_id, "tags": ["a", "b"], "score": record_id * 1.5, "ok": record_id % 2 == 0, "none": None}


async def main():
    rec = await fetch(3)
    text = json.dumps(rec)
    print(f"{asyncio.get_running_loop().time():.2f} {text}")
    print(to_json(rec, sort_keys=True))
    print(json.dumps({"b": [1, 2], "a": {"x": "y"}}, indent=2))
    print(json.dumps([1, "two", 3.0, True, None, "é"]), json.dumps("é", ensure_ascii=False))
    print(json.dumps({"k": 1}, separators=(",", ":")), json.dumps((1, 2)))
    back = loads(text)
    print(back == rec, back["tags"], type(back["score"]).__name__, back["none"] is None)
    print(loads('{"n": 1e2, "s": "a\\nb", "l": [true, false, null]}'))
    try:
        json.loads("{bad json}")
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", isinstance(e, ValueError))
    quick = partial(fetch, delay=0.1)
    results = await asyncio.gather(*(quick(i) for i in range(3)))
    print(f"{asyncio.get_running_loop().time():.2f}", [r["score"] for r in results])
    pow2 = partial(pow, 2)
    print(pow2(10), m.sqrt(16), m.floor(2.7), m.ceil(2.1), m.pi > 3.14, m.gcd(12, 18), m.inf > 10**18)
    print(reduce(lambda a, b: a * b, range(1, 6)), m.isclose(0.1 + 0.2, 0.3), m.factorial(5))


asyncio.run(main())
