import asyncio, aiohttp

async def main():
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession() as session:
        async with session.get("/api/users/2") as resp:
            print(resp.status, resp.ok, await resp.json())
        t0 = loop.time()
        users = await asyncio.gather(*(session.get(f"/api/users/{i}", params={"latency": 100 * i}) for i in range(1, 4)))
        print([u.status for u in users], round(loop.time() - t0, 3))
        r = await session.get("/api/nope")
        try:
            r.raise_for_status()
        except aiohttp.ClientResponseError as e:
            print("error:", e.status, e)
        try:
            await session.get("/api/users", params={"latency": 5000}, timeout=aiohttp.ClientTimeout(total=0.5))
        except asyncio.TimeoutError:
            print("timed out at", round(loop.time() - t0, 3))
        try:
            await session.get("https://no-such-host.invalid/")
        except aiohttp.ClientConnectionError as e:
            print("conn:", type(e).__name__)
        page = 1
        n = 0
        while page:
            async with session.get("/api/items", params={"page": page, "size": 40}) as r:
                data = await r.json()
                n += len(data["items"])
                page = data["next"]
        print("items", n, round(loop.time() - t0, 3))
        r = await session.post("/api/echo", json={"a": [1, 2]})
        print(await r.text())
        t = asyncio.create_task(session.get("/api/users", params={"latency": 1000}))
        await asyncio.sleep(0.2)
        t.cancel()
        try:
            await t
        except asyncio.CancelledError:
            print("cancelled at", round(loop.time() - t0, 3))

asyncio.run(main())
