//! The playground's gallery: one small asyncio program per concurrency
//! pattern, ready to load into the editor.
//!
//! Each program lives in `examples/NN_slug.py` and is embedded here with
//! `include_str!`, together with what CPython 3.11 printed for it on a
//! virtual clock (`examples/NN_slug.expected.json`, made by
//! `tests/corpus/reference.py`; `crates/cli/tests/corpus.rs` checks that the
//! interpreter prints the same). A program starts with a docstring: its first
//! line is the title and the next two say what to watch in the task views.
//! Its top-level `UPPER_CASE = number` constants are the knobs the page can
//! turn into sliders.

/// One example of the gallery.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// Stable, URL-friendly name: the file name without `NN_` and `.py`.
    pub id: &'static str,
    /// The title, as on the first line of the program's docstring.
    pub title: &'static str,
    /// What to look at while it runs: the docstring's next two lines, joined
    /// with a space.
    pub summary: &'static str,
    /// The Python program.
    pub source: &'static str,
}

/// Every example, in the order the gallery shows them (simple to advanced).
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "coroutines_and_tasks",
        title: "Coroutines and create_task",
        summary: "Calling an async function only builds a coroutine; awaiting it runs it to the end before anything else. Watch the brew tasks in the task table: create_task starts them at once and they run while main keeps working.",
        source: include_str!("../examples/01_coroutines_and_tasks.py"),
    },
    Example {
        id: "sequential_vs_gather",
        title: "Sequential await vs gather",
        summary: "Awaiting calls one after another adds their delays up; gather runs them at the same time. Watch the timeline: the first fetches form a staircase; the gathered ones run side by side and end with the slowest.",
        source: include_str!("../examples/02_sequential_vs_gather.py"),
    },
    Example {
        id: "gather_return_exceptions",
        title: "gather with return_exceptions",
        summary: "By default the first failure jumps straight out of gather, while the other tasks keep running unwatched. With return_exceptions=True gather waits for every task and hands back errors as values, in order.",
        source: include_str!("../examples/03_gather_return_exceptions.py"),
    },
    Example {
        id: "taskgroup_cancellation",
        title: "TaskGroup: one failure cancels the siblings",
        summary: "When a task in a TaskGroup raises, the group cancels all the others, waits for them, then raises an ExceptionGroup. Watch the slow downloads turn cancelled in the task table at the very moment the broken mirror fails.",
        source: include_str!("../examples/04_taskgroup_cancellation.py"),
    },
    Example {
        id: "as_completed",
        title: "as_completed: results in finishing order",
        summary: "as_completed hands you each result as soon as it is ready, fastest first, whatever order the work was started in. Watch the quote tasks in the timeline: we stop after the first ENOUGH answers and cancel the ones still running.",
        source: include_str!("../examples/05_as_completed.py"),
    },
    Example {
        id: "wait_for_and_timeout",
        title: "wait_for and asyncio.timeout",
        summary: "wait_for puts a deadline on a single awaitable; async with asyncio.timeout() puts one on a whole block. Watch the slow lookup get cancelled exactly at the deadline, and the timed block stop partway through its steps.",
        source: include_str!("../examples/06_wait_for_and_timeout.py"),
    },
    Example {
        id: "cancellation_cleanup",
        title: "Cancellation with cleanup",
        summary: "cancel() raises CancelledError inside the task at the await it is paused on; its finally block still runs and may even await. Watch the writer stay alive through its cleanup after the supervisor's cancel, then end as cancelled rather than failed.",
        source: include_str!("../examples/07_cancellation_cleanup.py"),
    },
    Example {
        id: "connection_pool",
        title: "Async context managers: a connection pool",
        summary: "async with calls __aenter__ and __aexit__, so a connection always goes back to the pool, even when the query fails. Watch the clients wait on the pool's queue in the task table: never more than POOL_SIZE hold a connection at once.",
        source: include_str!("../examples/08_connection_pool.py"),
    },
    Example {
        id: "async_generator_pagination",
        title: "Async generators: paging through an API",
        summary: "An async generator can await between yields, so async for fetches the next page only when the loop asks for it. Watch the page fetches in the timeline: stopping early at the user we want means the later pages are never requested.",
        source: include_str!("../examples/09_async_generator_pagination.py"),
    },
    Example {
        id: "semaphore_limit",
        title: "Semaphore: at most LIMIT at a time",
        summary: "A Semaphore holds LIMIT permits; async with sem waits for a free permit and gives it back when the block ends. Watch the downloads in the timeline: only LIMIT run at once, the others wait on the semaphore until a permit frees up.",
        source: include_str!("../examples/10_semaphore_limit.py"),
    },
    Example {
        id: "token_bucket",
        title: "Token-bucket throttling",
        summary: "The bucket refills at RATE tokens a second up to CAPACITY; each request spends a token, or sleeps until one is due. Watch the first CAPACITY requests leave at once (the burst), then the rest settle into a steady beat of 1/RATE seconds.",
        source: include_str!("../examples/11_token_bucket.py"),
    },
    Example {
        id: "producer_consumer",
        title: "Producer/consumer with a bounded queue",
        summary: "put() waits while the queue is full, so a fast producer is held back to the pace of its consumers. Watch the producer block on the full queue in the task table; queue.join() returns once every item is marked task_done.",
        source: include_str!("../examples/12_producer_consumer.py"),
    },
    Example {
        id: "priority_scheduler",
        title: "A priority scheduler with PriorityQueue",
        summary: "Jobs go in as (priority, order, name) tuples and the worker always takes the smallest, so urgent work jumps the line. Watch the urgent job, submitted late, overtake the backlog; the order number keeps equal priorities first come, first served.",
        source: include_str!("../examples/13_priority_scheduler.py"),
    },
    Example {
        id: "pubsub",
        title: "Pub/sub: broadcasting to subscriber queues",
        summary: "The broker copies every message into each subscriber's own queue, so a slow subscriber never holds up a fast one. Watch the slow subscriber fall behind in the task views while the fast one keeps up; in the end both see every message.",
        source: include_str!("../examples/14_pubsub.py"),
    },
    Example {
        id: "retry_backoff",
        title: "Retry with exponential backoff",
        summary: "The flaky service fails FAILURES times before it answers; each retry waits twice as long as the previous one. Watch the gaps between attempts double in the timeline, and the retry give up once MAX_ATTEMPTS is reached.",
        source: include_str!("../examples/15_retry_backoff.py"),
    },
    Example {
        id: "pipeline",
        title: "A pipeline: stages connected by queues",
        summary: "Each stage is its own task reading one queue and writing the next, so every stage works on a different item at once. Watch the timeline look like an assembly line: item 2 downloads while item 1 is parsed and stored.",
        source: include_str!("../examples/16_pipeline.py"),
    },
    Example {
        id: "blocking_call",
        title: "The blocking-call anti-pattern",
        summary: "time.sleep() inside a coroutine freezes the whole event loop: no other task runs until it returns. Watch the ticker's first beat arrive late while the job blocks the loop, then stay on time once the job uses asyncio.sleep.",
        source: include_str!("../examples/17_blocking_call.py"),
    },
    Example {
        id: "fire_and_forget",
        title: "Fire-and-forget: the error nobody sees",
        summary: "A task that is created and never awaited fails silently: asyncio only logs \"Task exception was never retrieved\". Watch the email tasks end in error in the task table while main carries on; a done callback reports the kept task's error.",
        source: include_str!("../examples/18_fire_and_forget.py"),
    },
    Example {
        id: "rate_limited_crawler",
        title: "A crawler against the mock API",
        summary: "A semaphore caps how many requests are in flight; every request really goes to the mock API and takes its latency. Watch the crawl tasks queue on the semaphore, then wait on \"external\" while their request is out; raise FAIL_RATE to see errors handled per user.",
        source: include_str!("../examples/19_rate_limited_crawler.py"),
    },
    Example {
        id: "file_pipeline",
        title: "A file pipeline with a bounded queue",
        summary: "Readers load the order files with aiofiles and put rows on a small queue; workers total them; a writer saves the report. Watch the Files tab after the run for totals.txt, and the timeline: readers wait on the full queue while workers catch up.",
        source: include_str!("../examples/20_file_pipeline.py"),
    },
    Example {
        id: "log_scanner",
        title: "Scanning a log with an async generator",
        summary: "An async generator yields the ERROR and WARNING lines of app.log as aiofiles reads it; the caller stops at a limit. Watch the file waits on the timeline: each line read is its own small wait, and breaking out closes the file.",
        source: include_str!("../examples/21_log_scanner.py"),
    },
    Example {
        id: "asyncpg_pool",
        title: "A connection pool with asyncpg",
        summary: "Tasks share a pool of database connections; a transfer runs in a transaction, and one that would overdraw rolls back. Watch the Database tab for the accounts, and the pool on the timeline: with POOL_SIZE below the number of tasks, some wait for a connection.",
        source: include_str!("../examples/22_asyncpg_pool.py"),
    },
    Example {
        id: "blocking_open",
        title: "Plain open() in async code",
        summary: "A synchronous open() and read stall the whole event loop while they run: the heartbeat cannot beat meanwhile. Watch the Warnings tab and the timeline: the reads block the loop; aiofiles does the same reads while the heartbeat keeps its beat.",
        source: include_str!("../examples/23_blocking_open.py"),
    },
    Example {
        id: "pytest_fixture",
        title: "Testing async code, pytest-style",
        summary: "Tests marked with pytest.mark.asyncio run on a fresh event loop each; an async fixture with yield sets up and tears down. Press \"Run tests\" to run the test_ functions: one fails on purpose, and its row explains the failed assert.",
        source: include_str!("../examples/24_pytest_fixture.py"),
    },
];

/// The example called `id`, if there is one.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::{find, EXAMPLES};
    use std::collections::BTreeSet;

    /// The docstring's first three lines, without the quotes: title and the
    /// two explanation lines.
    fn docstring_head(source: &str) -> Option<(&str, &str, &str)> {
        let mut lines = source.strip_prefix("\"\"\"")?.lines();
        let title = lines.next()?;
        let first = lines.next()?;
        let second = lines.next()?.strip_suffix("\"\"\"")?;
        Some((title, first, second))
    }

    #[test]
    fn ids_are_unique_slugs() {
        let mut seen = BTreeSet::new();
        for e in EXAMPLES {
            let slug = !e.id.is_empty()
                && !e.id.starts_with('_')
                && !e.id.ends_with('_')
                && e.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            assert!(slug, "{:?} is not a slug", e.id);
            assert!(seen.insert(e.id), "{:?} appears twice", e.id);
        }
        assert!(EXAMPLES.len() >= 18);
    }

    #[test]
    fn titles_and_summaries_match_the_docstrings() {
        for e in EXAMPLES {
            assert!(!e.title.trim().is_empty(), "{}: empty title", e.id);
            assert!(!e.summary.trim().is_empty(), "{}: empty summary", e.id);
            let Some((title, first, second)) = docstring_head(e.source) else {
                panic!(
                    "{}: the source does not start with a 3-line docstring",
                    e.id
                );
            };
            assert_eq!(title, e.title, "{}: title", e.id);
            assert_eq!(format!("{first} {second}"), e.summary, "{}: summary", e.id);
        }
    }

    #[test]
    fn every_example_has_knobs_and_runs_main() {
        for e in EXAMPLES {
            let n = looplab_script::knobs::knobs(e.source).len();
            assert!((1..=3).contains(&n), "{}: {n} knobs", e.id);
            assert!(e.source.contains("\nasyncio.run(main())\n"), "{}", e.id);
        }
    }

    #[test]
    fn find_looks_up_by_id() {
        for e in EXAMPLES {
            assert_eq!(find(e.id).map(|f| f.title), Some(e.title));
        }
        assert!(find("no_such_example").is_none());
    }
}
