# Python puts identifiers in NFKC form: a ligature, fullwidth letters or
# mathematical letters spell the same name as plain ASCII does.
import asyncio

ﬁle_count = 3
µs = 250
𝐫𝐞𝐬𝐮𝐥𝐭 = "bold"


async def ｆｅｔｃｈ(n):
    await asyncio.sleep(0.01)
    return n * 2


async def main():
    print(file_count, μs, result)
    print(await fetch(ﬁle_count))
    café = "accents stay"
    print(café)


asyncio.run(main())
