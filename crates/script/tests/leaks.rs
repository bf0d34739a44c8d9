//! Running a program must give back what it allocated: an embedder (the
//! page's Worker, a course page, the CLI's watch mode) runs program after
//! program in one process. A global allocator counts live bytes; each
//! program runs once to warm per-thread caches (built-in classes made on
//! first import), then several times more, and the live bytes must not
//! grow with the number of runs.
//!
//! With no cycle collector, what leaks is what a reference cycle holds; the
//! programs here are the cycles every ordinary program makes: module
//! functions and their globals, classes and their methods (`super()`'s
//! class cell), imported modules. Cycles the program itself builds (a tree
//! whose nodes point to their parent) still leak: that needs a collector.

use looplab_script::{run, Options};
use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn live() -> isize {
    let s = GLOBAL.stats();
    s.bytes_allocated as isize - s.bytes_deallocated as isize
}

/// Live bytes gained per run, over `runs` runs after a warm-up run.
fn growth_per_run(src: &str, runs: isize) -> isize {
    let once = |src: &str| {
        let out = run(src, &Options::default());
        assert!(out.error.is_none(), "{:?}\n{}", out.error, out.stderr);
    };
    once(src);
    let before = live();
    for _ in 0..runs {
        once(src);
    }
    (live() - before) / runs
}

const CLASSES: &str = r#"
import asyncio


class Base:
    def greet(self):
        return "base"


class Child(Base):
    def greet(self):
        return "child of " + super().greet()

    @property
    def name(self):
        return self.greet()


async def main():
    return Child().name


print(asyncio.run(main()))
"#;

const IMPORTS: &str = r#"
import asyncio
import collections
import dataclasses
import functools
import hashlib
import inspect
import json
import logging
import re
import statistics
import traceback
import types
import urllib.parse, html, pprint, uuid, time, sys, struct, calendar
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from datetime import date, timedelta


@dataclasses.dataclass
class Point:
    x: int
    y: int


@functools.lru_cache
def square(n):
    return n * n


@functools.singledispatch
def kind(x):
    return "other"


@kind.register
def _(x: int):
    return "int"


async def main():
    counts = collections.Counter(json.loads("[1, 2, 2, 3]"))
    logging.getLogger("t").debug("quiet")
    P = collections.namedtuple("P", "x y")
    print(P._make([1, 2]), date(2024, 1, 1) + timedelta(days=3))
    print(hashlib.md5(b"x").hexdigest(), statistics.stdev([1, 2, 4]))
    print(types.SimpleNamespace(a=1), isinstance({}, Mapping))
    print(kind(1), kind("s"), "sys" in sys.modules)
    packer = struct.Struct("<hd")
    print(struct.unpack(">HIf", struct.pack(">HIf", 1, 2, 1.5)), packer.unpack(packer.pack(1, 2.0)))
    print(calendar.month(2024, 2), calendar.monthrange(2024, 2))
    word = re.compile(r"(?P<w>\w+)", re.I)
    print(word.sub(lambda m: m["w"].upper(), "a b"), [m.span() for m in word.finditer("x y")])
    print(re.split(r"(,)", "a,b"), re.findall(r"(?<=a)b|c", "abc"), re.match("x", "x"))
    try:
        re.compile("(")
    except re.error as e:
        print(e.pos)
    try:
        {}["k"]
    except KeyError:
        print(len(traceback.format_exc()) > 0, inspect.signature(square))
    print(urllib.parse.urlparse("http://h/p?q=1").geturl(), html.unescape(html.escape("<&>")))
    print(pprint.pformat({"k": list(range(3))}), uuid.uuid5(uuid.NAMESPACE_DNS, "x"), uuid.uuid4().version)
    print(time.strftime("%Y", time.gmtime(0)), time.strptime("2024", "%Y")[:2], time.asctime(time.localtime(5)))
    with localcontext(prec=5):
        print(Decimal(1) / 7, f"{Decimal('2.675'):.2f}", sum([Fraction(1, 3), Fraction(1, 6)]), Fraction("0.25"))
    return Point(square(3), counts[2])


print(asyncio.run(main()))
"#;

const CONTEXTVARS: &str = r#"
import asyncio
import contextvars

request = contextvars.ContextVar("request", default=None)


async def handle(n):
    token = request.set(n)
    await asyncio.sleep(0)
    request.reset(token)
    request.set(n * 2)
    return request.get()


def later():
    request.set("callback")


async def main():
    ctx = contextvars.copy_context()
    ctx.run(request.set, "in ctx")
    asyncio.get_running_loop().call_soon(later)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(handle(3))
    return await asyncio.gather(handle(1), handle(2))


print(asyncio.run(main()))
"#;

const DESCRIPTORS_SLOTS: &str = r#"
class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        return self if obj is None else obj.__dict__.get(self.name)

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(value)
        obj.__dict__[self.name] = value


class Base:
    def __init_subclass__(cls, tag="", **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag


class Product(Base, tag="p"):
    price = Positive()

    def __init__(self, price):
        self.price = price


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


Made = type("Made", (Product,), {"double": lambda self: self.price * 2})
p = Made(4)
vars(p).update(extra=1)
print(p.double(), p.extra, Point(1, 2).x, [1, 2, 3][slice(1, None)], Made.tag)
print({frozenset([1, 2]): "pair"}[frozenset([2, 1])], frozenset([3]) | {4})
"#;

// Runs share one test so that no other test allocates while one measures.
#[test]
fn programs_give_back_what_they_allocate() {
    // A program allocates tens of kilobytes at least; a leaked class with
    // its methods is a few kilobytes. 256 bytes a run is rounding noise
    // (interned names, first-use caches that reach their size).
    for (name, src) in [
        ("plain", "print(1)\n"),
        ("sys", "import sys\nprint(sys.version_info.major)\n"),
        ("classes", CLASSES),
        ("imports", IMPORTS),
        ("csv", "import csv\nprint(1)\n"),
        ("contextvars", CONTEXTVARS),
        ("descriptors_slots", DESCRIPTORS_SLOTS),
    ] {
        let grew = growth_per_run(src, 8);
        assert!(grew <= 256, "{name}: {grew} bytes a run stay allocated");
    }
}
