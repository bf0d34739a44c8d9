//! Warming the engine up while its Worker waits for a run.
//!
//! A fresh Worker's engine is slow at first: the browser compiles each wasm
//! function when it is first called, with its quick baseline compiler, and
//! compiles the busy ones again with its optimising compiler only after
//! they have run a while, in the background; a call that is already running
//! keeps the code it started with. Measured in Node 20 on the full engine
//! (`docs/budgets.md`, "Warming the engine up"): a fresh instance's first
//! `fib(25)` took about twice as long as its second.
//!
//! So a Worker that has no run yet warms up, one step per macrotask so
//! that the page's messages come in between:
//!
//! 1. [`FIRST`] (tasks, gather, a semaphore, sleeps, an exception, print)
//!    through the engine's own run path, its trace encoded and dropped:
//!    the first run of a fresh engine compiles about 1,300 functions
//!    (80 ms and more), and this one does it instead;
//! 2. the small programs of [`PIECES`] (calls, a class, a dict, f-strings, a
//!    generator, a queue of tasks), twice over, on the virtual clock with no
//!    trace, so the busiest code runs long enough to be optimised.
//!
//! It stops for good as soon as a run is asked for ([`stop`]): a run waits
//! at most for the one piece in progress. The page starts each run's
//! Worker ahead of time (its spare), so that run usually finds the engine
//! warm. (The VM helps too: one call of its loop runs a bounded stretch,
//! so a long run moves to the optimised code once it exists.)
//!
//! Nothing of a warm-up reaches the page: its output and trace are
//! dropped, and the interpreters it made are gone before the real run
//! starts.

use looplab_script::{Clock, Options};
#[cfg(target_arch = "wasm32")]
use std::cell::{Cell, RefCell};
#[cfg(target_arch = "wasm32")]
use std::rc::Rc;

/// The first warm-up program, run as the page's runs are (trace on): the
/// parser, the compiler and the usual asyncio paths.
pub const FIRST: &str = r#"import asyncio

class Box:
    def __init__(self, n):
        self.n = n

async def work(i, sem, out):
    async with sem:
        await asyncio.sleep(0.001 * (i % 3))
        try:
            if i == 2:
                raise ValueError(f"item {i}")
        except ValueError as e:
            out.append(str(e))
    return Box(i * 2).n

async def main():
    sem = asyncio.Semaphore(2)
    out = []
    task = asyncio.create_task(work(9, sem, out))
    results = await asyncio.gather(*(work(i, sem, out) for i in range(4)))
    print("warm", results, await task, {k: v for k, v in enumerate(out)}, sum(results) / 3)

asyncio.run(main())
"#;

/// What the warm-up runs after [`FIRST`], one program per macrotask.
pub const PIECES: [&str; 4] = [PLAIN, TASKS, PLAIN, TASKS];

/// Plain code: calls, a class, a dict, f-strings, a generator, a
/// comprehension and an exception, in about 8,000 instructions.
const PLAIN: &str = r#"class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx):
        self.x += dx
        return self.x + self.y


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def squares(n):
    for i in range(n):
        yield i * i


p = Point(1, 2)
seen = {}
parts = []
for i in range(300):
    p.moved(i % 5)
    seen[i % 11] = seen.get(i % 11, 0) + 1
    parts.append(f"{i}:{p.x:>4}")
total = fib(12) + sum(squares(100)) + len(",".join(parts)) + len(seen)
total += sum([x for x in range(150) if x % 3])
try:
    {}["missing"]
except KeyError:
    total += 1
print(total)
"#;

/// asyncio: tasks, a queue, cancellation, `gather` and a sleep.
const TASKS: &str = r#"import asyncio


async def worker(q, done):
    while True:
        item = await q.get()
        done.append(item * 2)
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=4)
    done = []
    tasks = [asyncio.create_task(worker(q, done)) for _ in range(3)]
    for i in range(20):
        await q.put(i)
    await q.join()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(0.01)
    print(sum(done))


asyncio.run(main())
"#;

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// Whether a run has been asked for (warming up is over for good).
    static STOPPED: Cell<bool> = const { Cell::new(false) };
    /// The run of [`FIRST`], while it goes.
    static WARMING: RefCell<Option<Rc<crate::runner::Run>>> = const { RefCell::new(None) };
}

/// Starts warming up, unless a run has been asked for already.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    if !STOPPED.with(Cell::get) {
        crate::host::post_macrotask(first);
    }
}

/// A run has been asked for: the warm-up run in progress ends, and no more
/// start.
#[cfg(target_arch = "wasm32")]
pub fn stop() {
    STOPPED.with(|s| s.set(true));
    if let Some(run) = WARMING.with(|w| w.borrow_mut().take()) {
        run.stop();
    }
}

/// Runs [`FIRST`] through the engine's run path, in its slices; the pieces
/// follow when it ends.
#[cfg(target_arch = "wasm32")]
fn first() {
    if STOPPED.with(Cell::get) {
        return;
    }
    let cfg = crate::runner::RunConfig {
        source: FIRST.to_string(),
        clock: looplab_protocol::Clock::Virtual,
        speed: 1.0,
        seed: 0,
        mock: looplab_script::mockapi::MockSettings::default(),
        base_url: String::new(),
        trace: true,
        output: Some(Box::new(|_, _| {})),
        sql: None,
        fs: crate::workspace::start(Some(Vec::new())),
        tests: false,
        io: looplab_protocol::IoCosts::default(),
        checker: None,
        horizon: 0.0,
    };
    let run = crate::runner::start(
        cfg,
        |events| {
            let _ = looplab_core::wire::encode_events(&events);
        },
        |_| {
            WARMING.with(|w| w.borrow_mut().take());
            crate::host::post_macrotask(|| piece(0));
        },
    );
    if run.is_running() {
        WARMING.with(|w| *w.borrow_mut() = Some(run));
    }
}

/// Runs piece `n` of [`PIECES`], and the next one a macrotask later.
#[cfg(target_arch = "wasm32")]
fn piece(n: usize) {
    let Some(source) = PIECES.get(n) else {
        return;
    };
    if STOPPED.with(Cell::get) {
        return;
    }
    // What it printed and how it ended are of no interest: only the code
    // it made the browser compile is.
    let _ = run_piece(source);
    crate::host::post_macrotask(move || piece(n + 1));
}

/// One warm-up run of `source`, on the virtual clock, with no trace; what
/// it printed and how it ended (the error, as `None` or the traceback).
///
/// Through a [`Session`](looplab_script::Session) and not
/// `looplab_script::run`, which would link the trace writers the engines
/// leave out (`docs/size.md`, "Trace text only where it is read").
pub fn run_piece(source: &str) -> (String, Option<String>) {
    let opts = Options {
        filename: "<warm-up>".into(),
        clock: Clock::Virtual,
        trace: false,
        ..Options::default()
    };
    let printed = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let sink = printed.clone();
    let host = std::rc::Rc::new(looplab_core::VirtualClock::new());
    let outcome = match looplab_script::Session::start(
        source,
        &opts,
        host,
        Box::new(move |_, text: &str| sink.borrow_mut().push_str(text)),
    ) {
        Ok(session) => {
            session.drive_blocking();
            session.finish()
        }
        Err(outcome) => *outcome,
    };
    let error = outcome.error.map(|_| outcome.stderr);
    let text = printed.borrow().clone();
    (text, error)
}

#[cfg(test)]
mod tests {
    /// Every warm-up program runs to its end without an error and prints
    /// what CPython 3.11 prints for it (`python3` of each printed the
    /// text below).
    #[test]
    fn warm_up_programs_run_as_cpython_does() {
        let expected = [
            (super::FIRST, "warm [0, 2, 4, 6] 18 {0: 'item 2'} 4.0\n"),
            (super::PLAIN, "338595\n"),
            (super::TASKS, "380\n"),
        ];
        for (source, expected) in expected {
            let (printed, error) = super::run_piece(source);
            assert_eq!(error, None);
            assert_eq!(printed, expected);
        }
    }
}
