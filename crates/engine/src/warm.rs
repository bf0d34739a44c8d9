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
//! So a Worker that has started and has no run yet runs the small
//! programs of [`PIECES`] (plain functions, a class, a dict, f-strings, a
//! generator, a few asyncio tasks), one per timer turn, on the virtual
//! clock and with no trace. It stops for good as soon as a run is asked
//! for (`stop`): a run waits at most for the one warm-up piece in
//! progress. The page starts each run's Worker ahead of time (its spare),
//! so that run usually finds the engine warm. (The VM helps too: one call
//! of its loop runs a bounded stretch, so a long run moves to the
//! optimised code once it exists.)
//!
//! Nothing of a warm-up run reaches the page: its output is dropped, and
//! the interpreter it made is gone before the real run starts.

#[cfg(target_arch = "wasm32")]
use gloo_timers::callback::Timeout;
use looplab_script::{Clock, Options};
#[cfg(target_arch = "wasm32")]
use std::cell::Cell;

/// What a warm-up runs, one program per timer turn: first a trivial one
/// (the first run of a fresh engine compiles everything it touches, so
/// the first pieces are small), then the interpreter's everyday paths,
/// plain and asyncio, twice over so the busiest code gets optimised.
pub const PIECES: [&str; 7] = [FIRST, PLAIN, TASKS, PLAIN, TASKS, PLAIN, TASKS];

const FIRST: &str = "x = [1, 2]\nprint(len(x))\n";

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

/// How long a new engine waits before warming up, in milliseconds: a run
/// asked for in that time starts without waiting for a warm-up run.
#[cfg(target_arch = "wasm32")]
const FIRST_DELAY_MS: u32 = 30;

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// Whether a run has been asked for (warming up is over for good).
    static STOPPED: Cell<bool> = const { Cell::new(false) };
}

/// Starts warming up, unless a run has been asked for already.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    if STOPPED.with(Cell::get) {
        return;
    }
    Timeout::new(FIRST_DELAY_MS, || step(0)).forget();
}

/// A run has been asked for: no more warm-up runs.
#[cfg(target_arch = "wasm32")]
pub fn stop() {
    STOPPED.with(|s| s.set(true));
}

/// Runs the warm-up program once (the `n`th time) and the next one a timer
/// turn later, so that the page's messages come in between.
#[cfg(target_arch = "wasm32")]
fn step(n: usize) {
    let Some(piece) = PIECES.get(n) else {
        return;
    };
    if STOPPED.with(Cell::get) {
        return;
    }
    // The outcome (output, any error) is of no interest: only the code it
    // made the browser compile is.
    let _ = run_piece(piece);
    Timeout::new(0, move || step(n + 1)).forget();
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
    /// Every warm-up piece runs to its end without an error and prints
    /// what CPython 3.11 prints for it (`python3` of each piece printed
    /// 2, 338595 and 380).
    #[test]
    fn warm_up_pieces_run_as_cpython_does() {
        let expected = [(super::FIRST, "2\n"), (super::PLAIN, "338595\n"), (super::TASKS, "380\n")];
        for (source, expected) in expected {
            let (printed, error) = super::run_piece(source);
            assert_eq!(error, None);
            assert_eq!(printed, expected);
        }
    }
}
