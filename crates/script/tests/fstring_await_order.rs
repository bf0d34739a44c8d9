//! An `await` inside an f-string runs where it stands: the fields before it
//! are evaluated (and formatted, as CPython formats each field as soon as it
//! has its value) before the await suspends. Expected output from python3
//! 3.11 on a virtual clock (`tests/corpus/reference.py --show`).

use looplab_script::{run, Options};

const PROGRAM: &str = r#"import asyncio

class Box:
    def __init__(self):
        self.items = []
    def __format__(self, spec):
        return f"Box{self.items}"

async def grab(box, v):
    await asyncio.sleep(1)
    box.items.append(v)
    return v

async def main():
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.1f} then {await asyncio.sleep(1, 'x')}")
    box = Box()
    xs = [1]
    print(f"{box} {xs!r} {await grab(box, 2)} {box} {loop.time()}")
    n = 3
    print(f"{n=} {loop.time():{'>'}{await asyncio.sleep(1, 6)}} {loop.time()}")
    print("a" f"{loop.time()}" f"{await asyncio.sleep(0.5, 'b')}" f"{loop.time():.2f}")
    print(f"{loop.time():{await asyncio.sleep(1, '.3f')}} after")
    print(f"{'const'} {await asyncio.sleep(0, 'y')}")
    results = [f"{i}:{loop.time()}:{await asyncio.sleep(1, i * 2)}" for i in range(2)]
    print(results)

asyncio.run(main())
"#;

#[test]
fn fields_before_an_await_in_an_fstring_are_evaluated_before_it() {
    let out = run(PROGRAM, &Options::default());
    assert!(out.error.is_none(), "{}", out.stderr);
    let want = "\
0.0 then x
Box[] [1] 2 Box[2] 2.0
n=3    2.0 3.0
a3.0b3.50
3.500 after
const y
['0:4.5:0', '1:5.5:2']
";
    assert_eq!(out.stdout, want);
}
