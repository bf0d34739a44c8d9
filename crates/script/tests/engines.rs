//! The two builds of the interpreter: the full one (the `full` feature, on
//! by default) and the first-run engine's (without it; docs/size.md, cut 9).
//! Which modules only the full build has is `modules::FULL_ONLY`; which
//! programs need it is `modules::full_only_imports`, which the browser's
//! Worker asks before every run.
//!
//! `cargo test -p looplab-script --test engines` checks the full build,
//! `cargo test -p looplab-script --no-default-features --test engines` the
//! first-run one (`scripts/test` runs both).

use looplab_script::modules::{full_only_imports, is_full_only};
use looplab_script::{run, Options};

/// What the first-run engine must have: what most asyncio programs and
/// every gallery example without aiohttp, aiofiles, asyncpg or pytest use.
#[rustfmt::skip]
const FIRST_RUN: &[&str] = &[
    "asyncio", "time", "random", "contextlib", "typing", "dataclasses", "functools", "logging",
    "json", "sys", "collections", "collections.abc", "math", "itertools", "enum", "abc", "heapq",
    "bisect", "operator", "copy", "string", "os", "os.path", "io", "contextvars", "types",
    "traceback", "inspect",
];

/// The rest of the modules Looplab provides: only the full engine has them.
#[rustfmt::skip]
const FULL_ONLY: &[&str] = &[
    "csv", "datetime", "re", "textwrap", "base64", "binascii", "hashlib", "statistics",
    "urllib.parse", "html", "pprint", "uuid", "shlex", "fnmatch", "pathlib", "decimal",
    "fractions", "struct", "calendar", "shutil", "aiohttp", "aiofiles", "aiofiles.os", "asyncpg",
    "asyncpg.exceptions", "pytest", "pytest_asyncio",
];

/// Every module Looplab provides, as a program imports it.
fn all() -> impl Iterator<Item = &'static str> {
    FIRST_RUN.iter().chain(FULL_ONLY).copied()
}

fn imports(name: &str) -> Result<(), String> {
    let out = run(&format!("import {name}\n"), &Options::default());
    match out.error {
        None => Ok(()),
        Some(_) => Err(out.stderr),
    }
}

#[test]
fn the_first_run_set_is_not_full_only() {
    for name in FIRST_RUN {
        assert!(!is_full_only(name), "{name} is needed on first run");
    }
    for name in [
        "aiohttp",
        "aiofiles.os",
        "asyncpg.exceptions",
        "re",
        "urllib.parse",
        "pytest",
    ] {
        assert!(is_full_only(name), "{name}");
    }
}

#[cfg(feature = "full")]
#[test]
fn the_full_build_has_every_module() {
    for name in all() {
        if let Err(e) = imports(name) {
            panic!("import {name}: {e}");
        }
    }
}

#[cfg(not(feature = "full"))]
#[test]
fn the_first_run_build_has_all_but_the_full_only_modules_and_says_where_they_are() {
    for name in all() {
        match (imports(name), is_full_only(name)) {
            (Ok(()), false) => {}
            (Err(e), false) => panic!("import {name} fails in the first-run build: {e}"),
            (Ok(()), true) => panic!("{name} is full-only but imports in the first-run build"),
            (Err(e), true) => {
                // `import a.b` imports `a` first.
                let top = name.split('.').next().unwrap_or(name);
                assert!(
                    e.contains(&format!(
                        "ModuleNotFoundError: No module named '{top}' in Looplab's first-run \
                         engine (the full engine has it, and loads in its place for a program \
                         whose `import` statements name it)"
                    )) || e.contains(&format!("No module named '{name}' in Looplab's first-run")),
                    "{name}: {e}"
                )
            }
        }
    }
    // A module no build has keeps CPython's message.
    let e = imports("numpy").expect_err("no numpy");
    assert!(
        e.contains("ModuleNotFoundError: No module named 'numpy' ("),
        "{e}"
    );
}

#[test]
fn full_only_imports_finds_every_import_statement_wherever_it_is() {
    let source = "\
import asyncio, os.path
import urllib.parse as up

def f():
    import re
    if True:
        from datetime import date

class C:
    try:
        import aiohttp
    except ImportError:
        from . import aiohttp
    else:
        import json

async def main():
    async with x:
        for _ in y:
            while z:
                with w:
                    import hashlib
    match q:
        case 1:
            import uuid
        case _:
            from re import compile
";
    assert_eq!(
        full_only_imports(source),
        [
            "urllib.parse",
            "re",
            "datetime",
            "aiohttp",
            "hashlib",
            "uuid"
        ]
    );
    // Relative imports, names merely mentioned, and strings name nothing.
    assert!(full_only_imports("from .re import x\nre = 're'\nprint('import re')\n").is_empty());
    assert!(full_only_imports("import asyncio\nimport collections.abc\n").is_empty());
    // A program that does not parse names nothing (either engine reports
    // its syntax error).
    assert!(full_only_imports("import re\ndef (:\n").is_empty());
}
