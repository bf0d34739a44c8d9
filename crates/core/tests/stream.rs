//! Async streams (`Stream`, Python's async generators): values in order,
//! early close with async cleanup, error propagation, a producer that
//! yields after being closed, and cancellation of the consumer.
//!
//! Expected values come from CPython 3.12.1 async generators (3.11.7 agrees) on a
//! `looptime` virtual-time loop (async generator semantics are the same in
//! 3.12); each test quotes the snippet's output.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{now, sleep, spawn, Error, Runtime, Stream, TaskError};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

type Log = Rc<RefCell<Vec<String>>>;

fn say(log: &Log, what: impl std::fmt::Display) {
    log.borrow_mut().push(format!("{what} at {}", now()));
}

/// Values come out in order, each when the producer yields it.
///
/// CPython:
/// ```python
/// async def gen():
///     for i in range(3):
///         await asyncio.sleep(0.5)
///         yield (i, loop.time())
/// [x async for x in gen()]   # [(0, 0.5), (1, 1.0), (2, 1.5)]
/// ```
#[test]
fn values_come_in_order_at_the_times_they_are_yielded() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let mut s = Stream::new(|y| async move {
                for i in 0..3u32 {
                    sleep(secs(0.5)).await?;
                    y.yield_((i, now().as_secs_f64())).await?;
                }
                Ok::<_, Error>(())
            });
            let mut got = vec![];
            while let Some(v) = s.next().await {
                got.push(v?);
            }
            let again = s.next().await.is_none();
            Ok::<_, Error>((got, s.is_finished(), again))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (vec![(0, 0.5), (1, 1.0), (2, 1.5)], true, true));
    assert_eq!(rt.now().as_secs_f64(), 1.5);
}

/// Closing early resumes the producer so that its cleanup runs to the end,
/// awaiting included; `close` returns once it has, and later `next` calls
/// see the end of the stream.
///
/// CPython:
/// ```python
/// async def gen():
///     try:
///         for i in range(5): yield i
///     finally:
///         log.append(('cleanup start', loop.time()))
///         await asyncio.sleep(2)
///         log.append(('cleanup end', loop.time()))
/// g = gen(); await g.__anext__(); await g.__anext__(); await g.aclose()
/// # [0, 1, ('cleanup start', 0.0), ('cleanup end', 2.0), ('closed at', 2.0), 'stop']
/// ```
#[test]
fn an_early_close_runs_the_producers_async_cleanup() {
    let rt = Runtime::new_virtual();
    let log: Log = Rc::default();
    let l = log.clone();
    rt.block_on(async move {
        let lp = l.clone();
        let mut s = Stream::new(move |y| async move {
            let body = async {
                for i in 0..5u32 {
                    y.yield_(i).await?;
                }
                Ok::<_, Error>(())
            }
            .await;
            say(&lp, "cleanup start");
            sleep(secs(2.0)).await?;
            say(&lp, "cleanup end");
            body
        });
        say(&l, format!("got {:?}", s.next().await));
        say(&l, format!("got {:?}", s.next().await));
        s.close().await?;
        say(&l, "closed");
        say(&l, format!("then {:?}", s.next().await));
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        vec![
            "got Some(Ok(0)) at 0.000s",
            "got Some(Ok(1)) at 0.000s",
            "cleanup start at 0.000s",
            "cleanup end at 2.000s",
            "closed at 2.000s",
            "then None at 2.000s",
        ]
    );
}

/// The producer's error comes out of `next`, after which the stream is
/// finished.
///
/// CPython:
/// ```python
/// async def gen():
///     yield 1
///     raise ValueError('bad')
/// # __anext__ -> 1, then ValueError('bad'), then StopAsyncIteration
/// ```
#[test]
fn a_producer_error_comes_out_of_next_and_ends_the_stream() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let mut s = Stream::new(|y| async move {
                y.yield_(1u32).await?;
                Err::<(), _>(Error::msg("bad"))
            });
            let a = s.next().await;
            let b = s.next().await;
            let c = s.next().await;
            Ok::<_, Error>((a, b, c, s.is_finished()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Some(Ok(1)), Some(Err(Error::msg("bad"))), None, true));
}

/// A producer that yields again after being closed is stopped and `close`
/// reports an error.
///
/// CPython:
/// ```python
/// async def gen():
///     try: yield 1
///     finally: yield 2
/// g = gen(); await g.__anext__(); await g.aclose()
/// # RuntimeError('async generator ignored GeneratorExit')
/// ```
#[test]
fn a_yield_after_close_is_reported_by_close() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let mut s = Stream::new(|y| async move {
                let r = y.yield_(1u32).await;
                // "finally: yield 2"
                let _ = y.yield_(2).await;
                r.map_err(Error::from)
            });
            let first = s.next().await;
            let closed = s.close().await;
            let after = s.next().await;
            Ok::<_, Error>((first, closed.is_err(), after, s.is_finished()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Some(Ok(1)), true, None, true));
}

/// Closing a stream that was never started runs none of the producer.
///
/// CPython: `aclose()` on an unstarted async generator runs neither body
/// nor `finally` (`ran == []`), and `__anext__` then raises
/// `StopAsyncIteration`.
#[test]
fn closing_an_unstarted_stream_runs_nothing() {
    let rt = Runtime::new_virtual();
    let ran = Rc::new(Cell::new(0u32));
    let r = ran.clone();
    let out = rt
        .block_on(async move {
            let r2 = r.clone();
            let mut s = Stream::new(move |y| async move {
                r2.set(r2.get() + 1);
                let body = y.yield_(1u32).await;
                r2.set(r2.get() + 10);
                body.map_err(Error::from)
            });
            s.close().await?;
            Ok::<_, Error>(s.next().await)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, None);
    assert_eq!(ran.get(), 0);
}

/// An error raised by the cleanup comes out of `close`, after the cleanup's
/// own awaits.
///
/// CPython:
/// ```python
/// async def gen():
///     try: yield 1
///     finally:
///         await asyncio.sleep(1)
///         raise KeyError('cleanup')
/// # aclose() raises KeyError('cleanup') at loop.time() == 1.0
/// ```
#[test]
fn an_error_in_cleanup_comes_out_of_close() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let mut s = Stream::new(|y| async move {
                let _ = y.yield_(1u32).await;
                sleep(secs(1.0)).await?;
                Err::<(), _>(Error::msg("cleanup"))
            });
            s.next().await;
            let r = s.close().await;
            Ok::<_, Error>((r, now().as_secs_f64()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Error::msg("cleanup")), 1.0));
}

/// Closing a stream that has run to its end is a no-op; so is closing
/// twice.
///
/// CPython: `aclose()` after `async for` exhausted the generator returns
/// normally.
#[test]
fn closing_a_finished_stream_is_a_no_op() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let mut s = Stream::new(|y| async move {
                y.yield_(1u32).await?;
                Ok::<_, Error>(())
            });
            let mut got = vec![];
            while let Some(v) = s.next().await {
                got.push(v?);
            }
            let a = s.close().await;
            let b = s.close().await;
            Ok::<_, Error>((got, a, b))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (vec![1], Ok(()), Ok(())));
}

/// Cancelling the consumer while the producer awaits inside `next`
/// delivers the cancellation in the producer; its cleanup (which awaits)
/// runs, then the cancellation comes out of `next`.
///
/// CPython:
/// ```python
/// async def gen():
///     try:
///         while True:
///             await asyncio.sleep(1); yield loop.time()
///     finally:
///         log.append(('gen finally', loop.time()))
///         await asyncio.sleep(0.25)
///         log.append(('gen cleanup done', loop.time()))
/// # consumer: async for v in gen(): log got v; cancelled by main at 2.5
/// # [('got', 1.0), ('got', 2.0), ('gen finally', 2.5), ('gen cleanup done', 2.75),
/// #  ('consumer cancelled', 2.75), ('joined', 2.75)]
/// ```
#[test]
fn cancelling_the_consumer_runs_the_producers_cleanup_first() {
    let rt = Runtime::new_virtual();
    let log: Log = Rc::default();
    let l = log.clone();
    rt.block_on(async move {
        let lc = l.clone();
        let consumer = spawn(async move {
            let lp = lc.clone();
            let mut s: Stream<f64> = Stream::new(move |y| async move {
                let body = async {
                    loop {
                        sleep(secs(1.0)).await?;
                        y.yield_(now().as_secs_f64()).await?;
                    }
                }
                .await;
                say(&lp, "gen finally");
                let _ = sleep(secs(0.25)).await;
                say(&lp, "gen cleanup done");
                body
            });
            while let Some(v) = s.next().await {
                match v {
                    Ok(t) => say(&lc, format!("got {t}")),
                    Err(e) => {
                        if e.is_cancelled() {
                            say(&lc, "consumer cancelled");
                        }
                        return Err(e);
                    }
                }
            }
            Ok::<_, Error>(())
        });
        sleep(secs(2.5)).await?;
        consumer.cancel(None);
        let r = consumer.clone().await;
        if r.is_err() && consumer.is_cancelled() {
            say(&l, "joined");
        }
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        vec![
            "got 1 at 1.000s",
            "got 2 at 2.000s",
            "gen finally at 2.500s",
            "gen cleanup done at 2.750s",
            "consumer cancelled at 2.750s",
            "joined at 2.750s",
        ]
    );
}

/// Cancelling the task while `close` awaits the producer's cleanup: the
/// cancellation is delivered inside the cleanup's await, and `close`
/// reports it.
///
/// CPython: a task doing `await g.__anext__(); await g.aclose()` on a
/// generator whose `finally` sleeps 5 s, cancelled at 1.0, sees
/// `CancelledError` from `aclose()` at 1.0 (`('cancelled', 1.0)`).
#[test]
fn a_cancellation_during_close_comes_out_of_close() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async {
                let mut s = Stream::new(|y| async move {
                    let body = y.yield_(1u32).await;
                    sleep(secs(5.0)).await?; // cleanup
                    body.map_err(Error::from)
                });
                s.next().await;
                let r = s.close().await;
                Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), now().as_secs_f64()))
            });
            sleep(secs(1.0)).await?;
            t.cancel(None);
            t.await
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), 1.0));
}

/// Dropping a stream without closing it drops the producer without running
/// its async cleanup (documented: as a garbage-collected generator; Python
/// would run `aclose()` later through the loop's async-generator hooks).
/// Synchronous drop logic still runs, at once.
#[test]
fn dropping_an_unclosed_stream_drops_the_producer() {
    struct OnDrop(Rc<Cell<bool>>);
    impl Drop for OnDrop {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let rt = Runtime::new_virtual();
    let dropped = Rc::new(Cell::new(false));
    let async_cleanup = Rc::new(Cell::new(false));
    let (d, a) = (dropped.clone(), async_cleanup.clone());
    let out = rt
        .block_on(async move {
            let mut s = Stream::new(move |y| async move {
                let _guard = OnDrop(d);
                let body = y.yield_(1u32).await;
                sleep(secs(1.0)).await?;
                a.set(true);
                body.map_err(Error::from)
            });
            let first = s.next().await;
            drop(s);
            Ok::<_, Error>(first)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, Some(Ok(1)));
    assert!(dropped.get());
    assert!(!async_cleanup.get());
    assert_eq!(rt.now().as_nanos(), 0);
}

// ---------------------------------------------------------------------------
// Ported from CPython 3.12 Lib/test/test_asyncgen.py (AsyncGenAsyncioTest)
// ---------------------------------------------------------------------------

async fn to_list(mut s: Stream<u32>) -> Result<Vec<u32>, Error> {
    let mut out = vec![];
    while let Some(v) = s.next().await {
        out.push(v?);
    }
    Ok(out)
}

/// From test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_01
/// (yields around sleeps, then returns: `[1, 2]`).
#[test]
fn asyncgen_asyncio_01() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(to_list(Stream::new(|y| async move {
            y.yield_(1).await?;
            sleep(secs(0.01)).await?;
            y.yield_(2).await?;
            sleep(secs(0.01)).await?;
            Ok(())
        })))
        .unwrap();
    assert_eq!(out, Ok(vec![1, 2]));
    assert_eq!(rt.now().as_nanos(), 20_000_000);
}

/// From test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_02
/// (`1 / 0` after the second yield: the error reaches the consumer).
#[test]
fn asyncgen_asyncio_02() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(to_list(Stream::new(|y| async move {
            y.yield_(1).await?;
            sleep(secs(0.01)).await?;
            y.yield_(2).await?;
            Err(Error::msg("division by zero"))
        })))
        .unwrap();
    assert_eq!(out, Err(Error::msg("division by zero")));
}

/// From test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_06
/// (a `finally` that sleeps and then yields: `aclose()` raises
/// "async generator ignored GeneratorExit").
#[test]
fn asyncgen_asyncio_aclose_06() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let mut s: Stream<u32> = Stream::new(|y| async move {
                let body = async {
                    y.yield_(1).await?;
                    Err::<(), _>(Error::msg("division by zero"))
                }
                .await;
                sleep(secs(0.01)).await?;
                y.yield_(12).await?;
                body
            });
            s.next().await;
            Ok::<_, Error>(s.close().await)
        })
        .unwrap()
        .unwrap();
    assert!(out.is_err());
    assert_eq!(rt.now().as_nanos(), 10_000_000);
}

/// From test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_07
/// (and _08, where the body would next await a future that never
/// completes): the `finally` with two sleeps runs to the end, the code after
/// it does not (`DONE == 1`).
#[test]
fn asyncgen_asyncio_aclose_07_and_08() {
    for never_ending_body in [false, true] {
        let rt = Runtime::new_virtual();
        let done = Rc::new(Cell::new(0));
        let d = done.clone();
        rt.block_on(async move {
            let mut s: Stream<u32> = Stream::new(move |y| async move {
                let body = async {
                    y.yield_(1).await?;
                    if never_ending_body {
                        looplab_core::Event::new().wait().await?;
                        d.set(d.get() + 1000);
                        y.yield_(2).await?;
                        Ok(())
                    } else {
                        Err::<(), _>(Error::msg("division by zero"))
                    }
                }
                .await;
                sleep(secs(0.01)).await?;
                sleep(secs(0.01)).await?;
                d.set(d.get() + 1);
                body?;
                d.set(d.get() + 1000);
                Ok::<_, Error>(())
            });
            assert_eq!(s.next().await, Some(Ok(1)));
            s.close().await
        })
        .unwrap()
        .unwrap();
        assert_eq!(done.get(), 1);
        assert_eq!(rt.now().as_nanos(), 20_000_000);
    }
}

/// From test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_10
/// (the generator catches the close and returns normally: `aclose()`
/// succeeds, `DONE == 11`).
#[test]
fn asyncgen_asyncio_aclose_10() {
    let rt = Runtime::new_virtual();
    let done = Rc::new(Cell::new(0));
    let d = done.clone();
    rt.block_on(async move {
        let d2 = d.clone();
        let mut s: Stream<()> = Stream::new(move |y| async move {
            let _ = y.yield_(()).await; // try: yield / except: pass
            d2.set(1);
            Ok::<_, Error>(())
        });
        s.next().await;
        s.close().await?;
        d.set(d.get() + 10);
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(done.get(), 11);
}

/// From test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_11
/// (the generator catches the close and yields again: `aclose()` raises
/// "ignored GeneratorExit" and the code after that yield never runs,
/// `DONE == 10`).
#[test]
fn asyncgen_asyncio_aclose_11() {
    let rt = Runtime::new_virtual();
    let done = Rc::new(Cell::new(0));
    let d = done.clone();
    rt.block_on(async move {
        let d2 = d.clone();
        let mut s: Stream<()> = Stream::new(move |y| async move {
            let _ = y.yield_(()).await; // try: yield / except: pass
            let _ = y.yield_(()).await;
            d2.set(d2.get() + 1);
            Ok::<_, Error>(())
        });
        s.next().await;
        assert!(s.close().await.is_err());
        d.set(d.get() + 10);
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(done.get(), 10);
}

/// From test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_12
/// (the `finally` awaits a task that fails and catches its error:
/// `DONE == 1`).
#[test]
fn asyncgen_asyncio_aclose_12() {
    let rt = Runtime::new_virtual();
    let done = Rc::new(Cell::new(0));
    let d = done.clone();
    rt.block_on(async move {
        let mut s: Stream<u32> = Stream::new(move |y| async move {
            let task = spawn(async {
                sleep(secs(0.01)).await?;
                Err::<(), _>(Error::msg("division by zero"))
            });
            let body = y.yield_(1).await;
            if task.await == Err(Error::msg("division by zero")) {
                d.set(1);
            }
            body.map_err(Error::from)
        });
        s.next().await;
        s.close().await
    })
    .unwrap()
    .unwrap();
    assert_eq!(done.get(), 1);
    assert_eq!(rt.now().as_nanos(), 10_000_000);
}
