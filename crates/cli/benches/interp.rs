//! Side-by-side timings of the Looplab interpreter and CPython 3.11.
//!
//! `cargo bench -p looplab-cli --bench interp` prints markdown tables:
//!
//! 1. every `tests/corpus/NN_*.py` program, run in-process with
//!    `looplab_script::run` (on a 256 MiB stack, as the corpus test does)
//!    and under CPython on `tests/corpus/reference.py`'s virtual clock
//!    (looptime loops, virtual `time`), timed inside Python around the
//!    program's execution only (no interpreter startup);
//! 2. recursive `fib(25)` in a plain `def`;
//! 3. 10 000 tasks through `asyncio.gather`, and 10 000 tasks through a
//!    `Semaphore(10)`, as cost per task;
//! 4. patterns that must stay linear (`GROWTH`), each at n and 4n, with
//!    how much longer the larger took on each side.
//!
//! Then the goals, each PASS or MISS. Nothing here asserts a timing.
//!
//! Each figure is the fastest of `LOOPLAB_BENCH_REPS` runs (default 3);
//! every CPython run is a fresh process, as `reference.py` runs them.
//! `LOOPLAB_BENCH_PYTHON` names the Python (default `python3`); without
//! looptime installed the CPython columns are skipped. Arguments that do
//! not start with `-` filter the corpus programs by substring.

use looplab_script::{run, Options, Outcome, ProgramError};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The CPython side of a corpus-style run: imports `reference.py` and calls
/// its `_child` (which installs the looptime event loop policy, the virtual
/// `time` module and the stamped stdout, then `runpy.run_path`s the
/// program), with `runpy.run_path` wrapped so that only the program's own
/// execution is timed. It runs the program twice: first cold (a fresh
/// process, as `reference.py` runs it), then again warm (modules imported,
/// caches filled). Prints one JSON line: both times in milliseconds, and
/// whether the cold run's output is the expected file's (null when there is
/// none).
const DRIVER: &str = r#"
import importlib.util, json, os, sys, time
perf = time.perf_counter  # the real clock: reference.py swaps `time` out
corpus, program, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
spec = importlib.util.spec_from_file_location("looplab_reference", os.path.join(corpus, "reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
import runpy
run_path = runpy.run_path
spent = []
def timed_run_path(*args, **kwargs):
    t0 = perf()
    try:
        return run_path(*args, **kwargs)
    finally:
        spent.append(perf() - t0)
runpy.run_path = timed_run_path
ref._child(program, out_path)
with open(out_path, encoding="utf-8") as f:
    result = json.load(f)["result"]
ref._child(program, out_path)
expected = ref.expected_path(program)
same = None
if os.path.exists(expected):
    with open(expected, encoding="utf-8") as f:
        same = f.read() == ref.render(result)
print(json.dumps({"ms": spent[0] * 1000.0, "warm": spent[-1] * 1000.0, "same": same,
                  "last": result["stdout"][-1][1] if result["stdout"] else None}))
"#;

/// `fib(25)` for CPython, timed around the call.
const FIB_PY: &str = r#"
import time
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
t0 = time.perf_counter()
r = fib(25)
ms = (time.perf_counter() - t0) * 1000.0
assert r == 75025, r
print(ms)
"#;

/// `fib(25)` for Looplab (the whole run is timed; compiling it is noise).
const FIB_LOOPLAB: &str =
    "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(25))\n";

/// 10 000 tasks through `asyncio.gather`.
const GATHER: &str = r#"import asyncio


async def t(i):
    await asyncio.sleep(0)
    return i


async def main():
    r = await asyncio.gather(*(t(i) for i in range(10000)))
    print(len(r), sum(r), f"{asyncio.get_running_loop().time():.3f}")


asyncio.run(main())
"#;

/// 10 000 tasks through a `Semaphore(10)`: 1 000 rounds of 1 ms.
const SEMAPHORE: &str = r#"import asyncio


async def w(sem, i):
    async with sem:
        await asyncio.sleep(0.001)
    return i


async def main():
    sem = asyncio.Semaphore(10)
    r = await asyncio.gather(*(w(sem, i) for i in range(10000)))
    print(len(r), sum(r), f"{asyncio.get_running_loop().time():.3f}")


asyncio.run(main())
"#;

/// Tasks in the task benchmarks.
const TASKS: f64 = 10_000.0;

/// Patterns whose cost per step CPython keeps constant, so that a program
/// doing them n times takes time linear in n: (label, n, program with `{n}`
/// for its size). A quadratic one here is a program that works at n = 100
/// and hangs the tab at n = 100 000.
const GROWTH: &[(&str, usize, &str)] = &[
    (
        "set.discard of every element",
        20_000,
        "s = set(range({n}))\nfor i in range({n}):\n    s.discard(i)\nassert not s\n",
    ),
    (
        "done-callbacks discarding tasks from a set (the asyncio docs' pattern)",
        5_000,
        "import asyncio\nasync def w():\n    await asyncio.sleep(0)\nasync def main():\n    bg = set()\n    \
         for i in range({n}):\n        t = asyncio.create_task(w())\n        bg.add(t)\n        \
         t.add_done_callback(bg.discard)\n    await asyncio.sleep(0.01)\n    assert not bg\nasyncio.run(main())\n",
    ),
    (
        "two non-ASCII strs compared by index",
        20_000,
        "a = 'é' * {n}\nb = 'e' * {n}\nd = 0\nfor i in range({n}):\n    if a[i] != b[i]:\n        d += 1\nassert d == {n}\n",
    ),
    (
        "len() of a non-ASCII str in a loop's test",
        20_000,
        "s = 'é' * {n}\ni = 0\nwhile i < len(s):\n    i += 1\nassert i == {n}\n",
    ),
    (
        "del d[k] of a dict's oldest key, until empty",
        5_000,
        "d = {i: i for i in range({n})}\nfor i in range({n}):\n    del d[i]\nassert not d\n",
    ),
    (
        "deque.popleft until empty",
        10_000,
        "from collections import deque\nq = deque(range({n}))\nt = 0\nwhile q:\n    t += q.popleft()\nassert t == {n} * ({n} - 1) // 2\n",
    ),
    (
        "a dict as a FIFO of n/4 keys: del d[next(iter(d))]",
        20_000,
        "d = {}\nfor i in range({n}):\n    d[i] = i\n    if len(d) > {n} // 4:\n        del d[next(iter(d))]\nassert len(d) == {n} // 4\n",
    ),
    (
        "lru_cache of n/4 entries evicting its oldest",
        20_000,
        "import functools\n@functools.lru_cache(maxsize={n} // 4)\ndef f(x):\n    return x\nfor i in range({n}):\n    f(i)\n\
         assert f.cache_info().currsize == {n} // 4\n",
    ),
    (
        "set.pop until empty",
        20_000,
        "s = set(range({n}))\nt = 0\nwhile s:\n    t += s.pop()\nassert t == {n} * ({n} - 1) // 2\n",
    ),
    (
        "str.find from a moving start in a non-ASCII str",
        20_000,
        "s = '\u{e9}b' * {n}\ni = k = 0\nwhile (i := s.find('b', i)) >= 0:\n    k += 1\n    i += 1\nassert k == {n}\n",
    ),
    (
        "a TaskGroup's children finishing",
        20_000,
        "import asyncio\nasync def w():\n    await asyncio.sleep(0)\nasync def main():\n    \
         async with asyncio.TaskGroup() as tg:\n        for i in range({n}):\n            tg.create_task(w())\n\
         asyncio.run(main())\n",
    ),
    (
        "semaphore waiters cancelled newest first (quadratic in CPython)",
        5_000,
        "import asyncio\nasync def w(s):\n    async with s:\n        await asyncio.sleep(1)\nasync def main():\n    \
         s = asyncio.Semaphore(1)\n    ts = [asyncio.create_task(w(s)) for _ in range({n})]\n    await asyncio.sleep(0)\n    \
         for t in reversed(ts):\n        t.cancel()\n    await asyncio.gather(*ts, return_exceptions=True)\n\
         asyncio.run(main())\n",
    ),
];

/// The fastest of `n` CPython runs of `source` (each a fresh process),
/// timed inside the process around the program alone.
fn cpython_timed(python: &str, source: &str, n: usize) -> Option<f64> {
    // The program comes as an argument, so no quoting can go wrong.
    let timed = "import sys, time\n_t0 = time.perf_counter()\n\
                 exec(compile(sys.argv[1], 'growth.py', 'exec'), {'__name__': '__main__'})\n\
                 print((time.perf_counter() - _t0) * 1000.0)\n";
    python_best(python, &["-c", timed, source], n)
}

/// The smallest of the numbers `n` runs of `python ARGS` print (each a
/// fresh process); None when one does not print a number.
fn python_best(python: &str, args: &[&str], n: usize) -> Option<f64> {
    let mut best: Option<f64> = None;
    for _ in 0..n {
        let o = Command::new(python)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .ok()?;
        let v: f64 = String::from_utf8_lossy(&o.stdout).trim().parse().ok()?;
        best = Some(best.map_or(v, |b: f64| b.min(v)));
    }
    best
}

/// The corpus directory, with symlinks resolved: Python normalises `..`
/// textually, which goes wrong when `crates/cli` is a symlink.
fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

fn reps() -> usize {
    std::env::var("LOOPLAB_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3)
}

/// One Looplab run on a 256 MiB stack: milliseconds, and the outcome (None
/// when the interpreter panicked).
fn looplab_once(name: &str, source: &str) -> (f64, Option<Outcome>) {
    let opts = Options {
        filename: name.to_string(),
        ..Options::default()
    };
    let src = source.to_string();
    let joined = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let t0 = Instant::now();
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&src, &opts)));
            (t0.elapsed().as_secs_f64() * 1e3, out.ok())
        })
        .map(|h| h.join());
    match joined {
        Ok(Ok(r)) => r,
        _ => (f64::NAN, None),
    }
}

/// The fastest of `n` Looplab runs, and the first run's outcome.
fn looplab_best(name: &str, source: &str, n: usize) -> (f64, Option<Outcome>) {
    let (mut best, first) = looplab_once(name, source);
    for _ in 1..n {
        best = best.min(looplab_once(name, source).0);
    }
    (best, first)
}

/// What the CPython driver reported.
struct PyRun {
    ms: f64,
    warm: f64,
    same: Option<bool>,
    last: Option<String>,
}

/// Runs the driver on `program` once; None (after a note) if it failed.
fn cpython_once(
    python: &str,
    dir: &Path,
    driver: &Path,
    program: &Path,
    out: &Path,
) -> Option<PyRun> {
    let res = Command::new(python)
        .arg(driver)
        .arg(corpus_dir())
        .arg(program)
        .arg(out)
        .current_dir(dir)
        .env_remove("PYTHONHASHSEED")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .output();
    let res = match res {
        Ok(r) => r,
        Err(e) => {
            eprintln!("note: cannot start {python}: {e}");
            return None;
        }
    };
    let line = String::from_utf8_lossy(&res.stdout);
    let parsed: Option<Json> = line
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok());
    match parsed {
        Some(j) if res.status.success() => Some(PyRun {
            ms: j["ms"].as_f64().unwrap_or(f64::NAN),
            warm: j["warm"].as_f64().unwrap_or(f64::NAN),
            same: j["same"].as_bool(),
            last: j["last"].as_str().map(str::to_string),
        }),
        _ => {
            let err = String::from_utf8_lossy(&res.stderr);
            eprintln!(
                "note: CPython driver failed on {}: {}",
                program.display(),
                err.trim_end()
            );
            None
        }
    }
}

/// The fastest of `n` CPython runs (each a fresh process), cold and warm.
fn cpython_best(
    python: &str,
    dir: &Path,
    driver: &Path,
    program: &Path,
    n: usize,
) -> Option<PyRun> {
    let out = dir.join("result.json");
    let mut best: Option<PyRun> = None;
    for _ in 0..n {
        let r = cpython_once(python, dir, driver, program, &out)?;
        best = match best {
            Some(b) if b.ms <= r.ms => Some(PyRun {
                warm: b.warm.min(r.warm),
                ..b
            }),
            Some(b) => Some(PyRun {
                warm: b.warm.min(r.warm),
                ..r
            }),
            None => Some(r),
        };
    }
    best
}

/// Lines grouped by the instant they were printed at (order within an
/// instant ignored), as the corpus test compares them.
fn groups(lines: &[(f64, String)]) -> Vec<(i64, Vec<String>)> {
    let mut out: Vec<(i64, Vec<String>)> = Vec::new();
    for (t, line) in lines {
        let key = (t * 1e6).round() as i64;
        match out.last_mut() {
            Some((k, ls)) if *k == key => ls.push(line.clone()),
            _ => out.push((key, vec![line.clone()])),
        }
    }
    for (_, ls) in out.iter_mut() {
        ls.sort();
    }
    out
}

/// Why a Looplab outcome is not CPython's (None if it is), judged as
/// `crates/cli/tests/corpus.rs` judges it.
fn mismatch(outcome: Option<&Outcome>, expected: &Json) -> Option<String> {
    let Some(outcome) = outcome else {
        return Some("panicked".into());
    };
    let want: Vec<(f64, String)> = expected["stdout"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let (g_want, g_got) = (groups(&want), groups(&outcome.stdout_lines));
    if g_want != g_got {
        let at = g_want
            .iter()
            .zip(g_got.iter())
            .position(|(a, b)| a != b)
            .unwrap_or(g_want.len().min(g_got.len()));
        let why = match &outcome.error {
            Some(ProgramError::Uncaught { summary, .. }) => summary.clone(),
            Some(ProgramError::Syntax { message, line, .. }) => {
                format!("SyntaxError line {line}: {message}")
            }
            Some(ProgramError::Deadlock(m)) => m.clone(),
            None => "no error".into(),
        };
        return Some(format!("stdout differs at group {at} ({why})"));
    }
    let want_exit = expected["exit_code"].as_i64().unwrap_or(0);
    if i64::from(outcome.exit_code()) != want_exit {
        return Some(format!(
            "exit code {} (expected {want_exit})",
            outcome.exit_code()
        ));
    }
    if let Some(last) = expected["stderr_last_line"].as_str() {
        let got = match &outcome.error {
            Some(ProgramError::Uncaught { summary, .. }) => summary.as_str(),
            _ => "",
        };
        if got != last {
            return Some(format!("last stderr line {got:?} (expected {last:?})"));
        }
    }
    None
}

fn ms(v: f64) -> String {
    if v.is_nan() {
        "—".into()
    } else if v < 10.0 {
        format!("{v:.3}")
    } else {
        format!("{v:.1}")
    }
}

fn ratio(ours: f64, theirs: Option<f64>) -> String {
    match theirs {
        Some(t) if t > 0.0 && !ours.is_nan() && !t.is_nan() => format!("{:.2}x", ours / t),
        _ => "—".into(),
    }
}

fn verdict(pass: Option<bool>) -> &'static str {
    match pass {
        Some(true) => "PASS",
        Some(false) => "MISS",
        None => "n/a",
    }
}

/// The Python to compare with, if it can run `looptime`.
fn find_python() -> Option<(String, String)> {
    let python = std::env::var("LOOPLAB_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = Command::new(&python)
        .args(["-c", "import sys, looptime; print(sys.version.split()[0])"])
        .stdin(Stdio::null())
        .output();
    match probe {
        Ok(o) if o.status.success() => {
            let version = String::from_utf8_lossy(&o.stdout).trim().to_string();
            if !version.starts_with("3.11") {
                eprintln!(
                    "note: {python} is {version}; the reference outputs come from CPython 3.11"
                );
            }
            Some((python, version))
        }
        _ => {
            println!(
                "> note: `{python}` with looptime is not available (`pip install looptime`): CPython columns skipped.\n"
            );
            None
        }
    }
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let n = reps();
    let dir = corpus_dir();
    let python = find_python();
    let work = std::env::temp_dir().join(format!("looplab-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&work) {
        eprintln!("cannot create {}: {e}", work.display());
        return;
    }
    let driver = work.join("driver.py");
    let python = python.filter(|_| match std::fs::write(&driver, DRIVER) {
        Ok(()) => true,
        Err(e) => {
            println!("> note: cannot write the CPython driver ({e}): CPython columns skipped.\n");
            false
        }
    });
    let py = python.as_ref().map(|(p, _)| p.as_str());
    println!(
        "# Looplab interpreter vs CPython {}\n\nFastest of {n} runs each; ratio = Looplab ÷ CPython (below 1 = Looplab faster). \
         CPython = the program's first run in a fresh process (as reference.py runs it); \
         warm = its second run in that process.\n",
        python.as_ref().map(|(_, v)| v.as_str()).unwrap_or("(not available)")
    );
    // Timings are wall-clock: a busy machine inflates both sides.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!("Load average at start: {} ({cpus} CPUs).\n", load.join(" "));
    }

    // 1. The corpus.
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    name.ends_with(".py") && name.as_bytes().first().is_some_and(u8::is_ascii_digit)
                })
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
                })
                .collect()
        })
        .unwrap_or_default();
    programs.sort();
    println!(
        "## Corpus ({} programs in {})\n",
        programs.len(),
        dir.display()
    );
    println!(
        "| program | Looplab ms | CPython ms | ratio | CPython warm ms | ratio warm | Looplab |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    let mut tot_ours = 0.0;
    // [Looplab, CPython, CPython warm] over the programs both sides timed.
    let (mut both, mut passing, mut pass_n) = ([0.0; 3], [0.0; 3], 0);
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut cpython_differs = Vec::new();
    for p in &programs {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        eprintln!("running {name}");
        let source = std::fs::read_to_string(p).unwrap_or_default();
        let expected: Json = std::fs::read_to_string(p.with_extension("expected.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(Json::Null);
        let (ours, outcome) = looplab_best(&name, &source, n);
        let passes = mismatch(outcome.as_ref(), &expected);
        let mut status = match passes.clone() {
            None => "ok".to_string(),
            Some(why) => {
                failed.push((name.clone(), why));
                "**fails**".to_string()
            }
        };
        let theirs = py.and_then(|py| cpython_best(py, &dir, &driver, p, n));
        if let Some(t) = &theirs {
            if t.same == Some(false) {
                status.push_str(" (CPython's output ≠ expected)");
                cpython_differs.push(name.clone());
            }
        }
        let theirs_ms = theirs.as_ref().map(|t| t.ms);
        let warm_ms = theirs.as_ref().map(|t| t.warm);
        if !ours.is_nan() {
            tot_ours += ours;
        }
        if let Some(t) = theirs
            .as_ref()
            .filter(|t| !ours.is_nan() && !t.ms.is_nan() && !t.warm.is_nan())
        {
            let row = [ours, t.ms, t.warm];
            for i in 0..3 {
                both[i] += row[i];
                if passes.is_none() {
                    passing[i] += row[i];
                }
            }
            pass_n += usize::from(passes.is_none());
        }
        println!(
            "| {name} | {} | {} | {} | {} | {} | {status} |",
            ms(ours),
            theirs_ms.map(ms).unwrap_or("—".into()),
            ratio(ours, theirs_ms),
            warm_ms.map(ms).unwrap_or("—".into()),
            ratio(ours, warm_ms),
        );
    }
    let corpus_cmp = py.map(|_| both).filter(|t| t[1] > 0.0);
    println!(
        "| **total** | **{}** | **{}** | **{}** | **{}** | **{}** | {} of {} fail |",
        ms(tot_ours),
        corpus_cmp.map(|t| ms(t[1])).unwrap_or("—".into()),
        corpus_cmp
            .map(|t| ratio(t[0], Some(t[1])))
            .unwrap_or("—".into()),
        corpus_cmp.map(|t| ms(t[2])).unwrap_or("—".into()),
        corpus_cmp
            .map(|t| ratio(t[0], Some(t[2])))
            .unwrap_or("—".into()),
        failed.len(),
        programs.len()
    );
    if py.is_some() {
        println!(
            "| total of the {pass_n} passing programs | {} | {} | {} | {} | {} | |",
            ms(passing[0]),
            ms(passing[1]),
            ratio(passing[0], Some(passing[1])),
            ms(passing[2]),
            ratio(passing[0], Some(passing[2])),
        );
    }
    if !failed.is_empty() {
        println!(
            "\nFailing under Looplab ({} of {}), still timed:\n",
            failed.len(),
            programs.len()
        );
        for (name, why) in &failed {
            println!("- {name}: {why}");
        }
    }
    if !cpython_differs.is_empty() {
        println!(
            "\n**Warning**: CPython's own output differed from the expected file (its timing is suspect) for: {}",
            cpython_differs.join(", ")
        );
    }

    // 2. Compute: fib(25).
    println!("\n## Compute: recursive fib(25)\n");
    let (fib_ours, fib_out) = looplab_best("fib.py", FIB_LOOPLAB, n);
    let fib_ok = fib_out.as_ref().is_some_and(|o| o.stdout == "75025\n");
    let fib_theirs = py.and_then(|py| python_best(py, &["-c", FIB_PY], n));
    println!("| | Looplab ms | CPython ms | ratio |\n|---|---:|---:|---:|");
    println!(
        "| fib(25){} | {} | {} | {} |",
        if fib_ok { "" } else { " (**wrong output**)" },
        ms(fib_ours),
        fib_theirs.map(ms).unwrap_or("—".into()),
        ratio(fib_ours, fib_theirs)
    );

    // 3. Tasks.
    println!("\n## Tasks: 10 000 each (virtual clock on both sides)\n");
    println!(
        "| | Looplab ms | CPython ms | ratio | CPython warm ms | Looplab µs/task | CPython µs/task | CPython warm µs/task | output |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    let mut gather_us = f64::NAN;
    for (label, file, src) in [
        ("gather", "gather.py", GATHER),
        ("Semaphore(10)", "semaphore.py", SEMAPHORE),
    ] {
        let (ours, out) = looplab_best(file, src, n);
        let path = work.join(file);
        let theirs = py.and_then(|py| {
            std::fs::write(&path, src)
                .ok()
                .and_then(|()| cpython_best(py, &work, &driver, &path, n))
        });
        let ours_line = out
            .as_ref()
            .map(|o| o.stdout.trim_end().to_string())
            .unwrap_or_else(|| "panicked".into());
        let output = match theirs.as_ref().and_then(|t| t.last.as_deref()) {
            Some(l) if l == ours_line => format!("same: `{l}`"),
            Some(l) => format!("**differs**: `{ours_line}` vs `{l}`"),
            None => format!("`{ours_line}`"),
        };
        let theirs_ms = theirs.as_ref().map(|t| t.ms);
        let warm_ms = theirs.as_ref().map(|t| t.warm);
        let per_task = |v: Option<f64>| {
            v.map(|t| format!("{:.2}", t * 1e3 / TASKS))
                .unwrap_or("—".into())
        };
        let us = ours * 1e3 / TASKS;
        if label == "gather" {
            gather_us = us;
        }
        println!(
            "| {label} | {} | {} | {} | {} | {:.2} | {} | {} | {output} |",
            ms(ours),
            theirs_ms.map(ms).unwrap_or("—".into()),
            ratio(ours, theirs_ms),
            warm_ms.map(ms).unwrap_or("—".into()),
            us,
            per_task(theirs_ms),
            per_task(warm_ms),
        );
    }

    // 4. Growth.
    println!("\n## Growth: patterns that must stay linear\n");
    println!(
        "Each pattern at n and 4n; growth = time(4n) ÷ time(n), about 4 when the work is linear \
         and 16 when it is quadratic. PASS when Looplab's growth is under 8.\n"
    );
    println!("| pattern | n | Looplab ms (n) | Looplab ms (4n) | Looplab growth | CPython ms (n) | CPython ms (4n) | CPython growth | result |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (label, base, template) in GROWTH {
        let program = |k: usize| template.replace("{n}", &(base * k).to_string());
        let runs = [1, 4].map(|k| looplab_best("growth.py", &program(k), n));
        // A run that raised (its own `assert` included) times nothing.
        let ours = runs.map(|(t, out)| match out {
            Some(o) if o.error.is_none() => t,
            _ => f64::NAN,
        });
        let theirs = [1, 4].map(|k| py.and_then(|py| cpython_timed(py, &program(k), n)));
        let growth = |t: [f64; 2]| t[1] / t[0];
        let ours_growth = growth(ours);
        let theirs_growth = match theirs {
            [Some(a), Some(b)] => Some(growth([a, b])),
            _ => None,
        };
        println!(
            "| {label} | {base} | {} | {} | {:.1} | {} | {} | {} | {} |",
            ms(ours[0]),
            ms(ours[1]),
            ours_growth,
            theirs[0].map(ms).unwrap_or("—".into()),
            theirs[1].map(ms).unwrap_or("—".into()),
            theirs_growth.map_or("—".into(), |g| format!("{g:.1}")),
            verdict((!ours_growth.is_nan()).then_some(ours_growth < 8.0)),
        );
    }

    // Goals.
    println!("\n## Goals\n\n| goal | measured | result |\n|---|---|---|");
    println!(
        "| corpus faster than CPython in total | {} vs {} ms ({}; warm {}) | {} |",
        ms(both[0]),
        corpus_cmp.map(|t| ms(t[1])).unwrap_or("—".into()),
        corpus_cmp
            .map(|t| ratio(t[0], Some(t[1])))
            .unwrap_or("—".into()),
        corpus_cmp
            .map(|t| ratio(t[0], Some(t[2])))
            .unwrap_or("—".into()),
        verdict(corpus_cmp.map(|t| t[0] < t[1]))
    );
    println!(
        "| fib(25) within 3x of CPython | {} | {} |",
        ratio(fib_ours, fib_theirs),
        verdict(fib_theirs.map(|t| fib_ours <= 3.0 * t))
    );
    println!(
        "| gather under 7.5 µs per task (Pyodide ~75 µs) | {gather_us:.2} µs | {} |",
        verdict((!gather_us.is_nan()).then_some(gather_us < 7.5))
    );
    let _ = std::fs::remove_dir_all(&work);
}
