//! Tasks and the ways to wait for several of them: `gather`,
//! `gather_settled`, `wait`, `as_completed`, `shield`; cancellation counts
//! (`cancel`/`uncancel`/`cancelling`), a task cancelled while it awaits
//! another task or a gather, done callbacks and names. Ported from
//! CPython's `Lib/test/test_asyncio/test_tasks.py` (3.12.1 source).
//!
//! CPython's tests drive a hand-stepped test loop and bare futures; here
//! the futures are tasks that sleep for the same virtual times, or wait on
//! an [`Event`]. Every expected value was checked by running the
//! equivalent Python under 3.12.1 with the `looptime` virtual clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{
    as_completed, current_task, gather, gather_settled, shield, sleep, spawn, spawn_named, wait,
    yield_now, AsCompletedError, Cancelled, Elapsed, Error, Event, Handle, JoinHandle, ReturnWhen,
    Runtime, TaskError, TaskState,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn now_ns() -> u64 {
    looplab_core::now().as_nanos()
}

fn my_cancelling() -> u32 {
    Handle::current().cancelling(current_task().unwrap())
}

/// A task that sleeps `d` seconds, then returns `v`.
fn after<T: Clone + std::fmt::Debug + 'static>(d: f64, v: T) -> JoinHandle<T, Error> {
    spawn(async move {
        sleep(secs(d)).await?;
        Ok(v)
    })
}

/// A task that sleeps `d` seconds, then fails with `msg`.
fn fail_after<T: Clone + std::fmt::Debug + 'static>(
    d: f64,
    msg: &'static str,
) -> JoinHandle<T, Error> {
    spawn(async move {
        sleep(secs(d)).await?;
        Err(Error::msg(msg))
    })
}

fn ids<T, E: TaskError>(hs: &[JoinHandle<T, E>]) -> Vec<looplab_core::trace::TaskId>
where
    T: Clone,
{
    hs.iter().map(|h| h.id()).collect()
}

// ------------------------------------------------- cancel / uncancel counts

/// From test_tasks.py: BaseTaskTests.test_cancelling — each `cancel()` of
/// a pending task returns true and counts; the count survives the task
/// (CPython 3.12.1: 0, True, 1, True, 2, cancelled, 2).
#[test]
fn every_cancel_request_counts() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async {
                sleep(secs(10.0)).await?;
                Ok::<_, Error>(())
            });
            let counts = (
                t.cancelling(),
                t.cancel(None),
                t.cancelling(),
                t.cancel(None),
                t.cancelling(),
            );
            let r = t.clone().await;
            Ok::<_, Error>((counts, r.is_err(), t.is_cancelled(), t.cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, ((0, true, 1, true, 2), true, true, 2));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_tasks.py: BaseTaskTests.test_uncancel_basic — a task that
/// uncancels itself in its handler goes on; a second cancel ends it (CPython
/// 3.12.1: cancelled at 0.02).
#[test]
fn uncancel_in_the_handler_lets_the_task_go_on() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async {
                if sleep(secs(10.0)).await.is_err() {
                    Handle::current().uncancel(current_task().unwrap());
                    sleep(secs(10.0)).await?;
                }
                Ok::<_, Error>(())
            });
            sleep(secs(0.01)).await?;
            let first = (t.cancel(None), t.cancelling(), t.is_cancelled());
            sleep(secs(0.01)).await?;
            let after_uncancel = (t.cancelling(), t.is_finished());
            let second = (t.cancel(None), t.cancelling());
            let r = t.clone().await;
            let ended = (r.is_err(), now_ns());
            t.uncancel();
            Ok::<_, Error>((
                first,
                after_uncancel,
                second,
                ended,
                t.is_cancelled(),
                t.is_finished(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            (true, 1, false),
            (0, false),
            (true, 1),
            (true, 20_000_000),
            true,
            true
        )
    );
}

/// From test_tasks.py: BaseTaskTests.test_uncancel_basic, its last step:
/// `t.uncancel()` on a finished task still decrements the count (CPython
/// 3.12.1's C `Task.uncancel` has no done check: `cancelling()` goes 1 → 0).
#[test]
fn uncancel_after_the_task_finished_still_decrements_the_count() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async {
                sleep(secs(10.0)).await?;
                Ok::<_, Error>(())
            });
            t.cancel(None);
            let _ = t.clone().await;
            let before = t.cancelling();
            let returned = t.uncancel();
            Ok::<_, Error>((before, returned, t.cancelling(), t.is_cancelled()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (1, 0, 0, true));
}

/// From test_tasks.py: BaseTaskTests.test_cancel_yield
#[test]
fn a_task_cancelled_between_yields_ends_cancelled_and_refuses_a_second_cancel() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async {
                yield_now().await?;
                yield_now().await?;
                Ok::<_, Error>(12)
            });
            yield_now().await?; // start the task
            t.cancel(None);
            let r = t.clone().await;
            Ok::<_, Error>((
                r.map_err(|e| e.is_cancelled()),
                t.is_finished(),
                t.is_cancelled(),
                t.cancel(None),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), true, true, false));
}

/// From test_tasks.py: BaseTaskTests.test_cancel_task_catching
#[test]
fn a_task_that_catches_the_cancellation_returns_its_value() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let ev = Event::new();
            let e = ev.clone();
            let t = spawn(async move {
                e.wait().await?;
                if sleep(secs(10.0)).await.is_err() {
                    return Ok::<_, Error>(42);
                }
                Ok(0)
            });
            yield_now().await?;
            ev.set();
            yield_now().await?;
            yield_now().await?;
            t.cancel(None);
            let r = t.clone().await;
            Ok::<_, Error>((r, t.is_cancelled(), t.cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(42), false, 1));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_tasks.py: BaseTaskTests.test_cancel_task_ignoring
#[test]
fn a_task_that_ignores_the_cancellation_goes_on_awaiting() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async {
                let _ = sleep(secs(10.0)).await;
                sleep(secs(1.0)).await?;
                Ok::<_, Error>(42)
            });
            yield_now().await?;
            t.cancel(None);
            let r = t.clone().await;
            Ok::<_, Error>((r, t.is_cancelled()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(42), false));
    assert_eq!(rt.now().as_nanos(), 1_000_000_000);
}

/// From test_tasks.py: BaseTaskTests.test_cancel_at_end — a task that
/// cancels itself and then returns without awaiting ends cancelled.
#[test]
fn a_self_cancel_just_before_returning_still_cancels_the_task() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async {
                Handle::current().cancel(current_task().unwrap(), None);
                Ok::<_, Error>(12)
            });
            let r = t.clone().await;
            Ok::<_, Error>((
                r.map_err(|e| e.is_cancelled()),
                t.is_cancelled(),
                t.cancel(None),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), true, false));
}

/// From test_tasks.py: BaseTaskTests.test_cancel_awaited_task (bpo-34872) —
/// a task with a pending self-cancel that then awaits another task cancels
/// that task.
#[test]
fn a_pending_cancel_is_forwarded_to_the_task_awaited_next() {
    let rt = Runtime::new_virtual();
    let nested_saw = Rc::new(Cell::new(false));
    let ns = nested_saw.clone();
    let out = rt
        .block_on(async move {
            let slot: Rc<RefCell<Option<JoinHandle<(), Error>>>> = Rc::default();
            let s = slot.clone();
            let task = spawn(async move {
                let nested = spawn(async move {
                    if let Err(c) = Event::new().wait().await {
                        ns.set(true);
                        return Err(Error::from(c));
                    }
                    Ok(())
                });
                *s.borrow_mut() = Some(nested.clone());
                yield_now().await?;
                Handle::current().cancel(current_task().unwrap(), None);
                nested.await
            });
            let r = task.clone().await;
            let nested = slot.borrow().clone().unwrap();
            Ok::<_, Error>((
                r.map_err(|e| e.is_cancelled()),
                task.state(),
                nested.state(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), TaskState::Cancelled, TaskState::Cancelled));
    assert!(nested_saw.get());
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_tasks.py: BaseTaskTests.test_task_cancel_sleeping_task — the
/// task awaiting a task that gets cancelled sees a cancellation error but
/// is not cancelled itself (CPython 3.12.1: 'cancelled' at 0.1,
/// `cancelling() == 0`).
#[test]
fn awaiting_a_task_that_gets_cancelled_does_not_cancel_the_awaiter() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let sleeper = after(5000.0, ());
            let s = sleeper.clone();
            // loop.call_later(0.1, sleeper.cancel)
            let _canceller = spawn(async move {
                sleep(secs(0.1)).await?;
                s.cancel(None);
                Ok::<_, Error>(())
            });
            let r = match sleeper.await {
                Err(e) if e.is_cancelled() => "cancelled",
                _ => "slept in",
            };
            Ok::<_, Error>((r, now_ns(), my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, ("cancelled", 100_000_000, 0));
}

/// From test_tasks.py: BaseTaskTests.test_yield_future_passes_cancel — the
/// cancellation reaches the innermost await of a nested coroutine, which
/// re-raises; the outer coroutine swallows it and the task finishes.
#[test]
fn a_cancellation_passes_through_nested_coroutines() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let proof = Rc::new(Cell::new(0));
            let p = proof.clone();
            let ev = Event::new();
            let e = ev.clone();
            let f = spawn(async move {
                let inner = async {
                    if let Err(c) = e.wait().await {
                        p.set(p.get() + 1);
                        return Err(Error::from(c));
                    }
                    Ok(())
                };
                match inner.await {
                    Err(err) if err.is_cancelled() => p.set(p.get() + 100),
                    _ => p.set(p.get() + 10),
                }
                Ok::<_, Error>("outer done")
            });
            yield_now().await?;
            f.cancel(None);
            let r = f.clone().await;
            Ok::<_, Error>((proof.get(), r, f.is_cancelled()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (101, Ok("outer done"), false));
}

// ------------------------------------------------------------------ gather

/// From test_tasks.py: GatherTestsBase.test_success — values in argument
/// order, whatever the completion order.
#[test]
fn gather_returns_values_in_argument_order() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let r = gather(vec![after(0.2, 2), after(0.1, 1), after(0.3, 3)]).await?;
            Ok::<_, Error>(r)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, vec![2, 1, 3]);
    assert_eq!(rt.now().as_nanos(), 300_000_000);
}

/// From test_tasks.py: GatherTestsBase.test_one_exception — the first error
/// is raised as soon as it happens; the other children are not cancelled
/// (CPython 3.12.1: error at 0.2, 'c' still finishes at 0.3).
#[test]
fn gather_raises_the_first_error_at_once_and_leaves_the_others_running() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let ts = vec![after(0.1, "a"), fail_after(0.2, "b"), after(0.3, "c")];
            let r = gather(ts.clone()).await;
            let at = now_ns();
            let c_finished = ts[2].is_finished();
            sleep(secs(0.2)).await?;
            Ok::<_, Error>((r, at, c_finished, ts[2].result(), ts[2].is_cancelled()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            Err(Error::msg("b")),
            200_000_000,
            false,
            Some(Ok("c")),
            false
        )
    );
    assert_eq!(rt.now().as_nanos(), 400_000_000);
}

/// From test_tasks.py: GatherTestsBase.test_return_exceptions and
/// test_result_exception_success.
#[test]
fn gather_settled_returns_every_outcome_in_argument_order() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let r = gather_settled(vec![
                after(0.3, 3),
                after(0.1, 1),
                fail_after(0.2, "exc"),
                fail_after(0.4, "exc2"),
            ])
            .await?;
            Ok::<_, Error>(r)
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        vec![
            Ok(3),
            Ok(1),
            Err(Error::msg("exc")),
            Err(Error::msg("exc2"))
        ]
    );
    assert_eq!(rt.now().as_nanos(), 400_000_000);
}

/// From test_tasks.py: FutureGatherTests.test_one_cancellation — a child
/// cancelled from elsewhere makes the gather fail with a cancellation; the
/// awaiting task is not itself cancelled and the other children go on.
#[test]
fn a_cancelled_child_fails_gather_with_a_cancellation() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let ts: Vec<_> = (0..3).map(|i| after(0.1 * f64::from(i + 1), i)).collect();
            yield_now().await?;
            let g = gather(ts.clone());
            ts[1].cancel(None);
            let r = g.await;
            let at = (now_ns(), my_cancelling(), ts[2].is_finished());
            let last = ts[2].clone().await?;
            Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), at, last))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), (0, 0, false), 2));
    assert_eq!(rt.now().as_nanos(), 300_000_000);
}

/// From test_tasks.py: FutureGatherTests.test_result_exception_one_cancellation
#[test]
fn gather_settled_reports_cancelled_children_as_cancellations() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let ts = vec![
                after(0.1, 1),
                fail_after(0.1, "ZeroDivisionError"),
                after(1.0, 0),
                after(0.2, 3),
                after(1.0, 0),
                fail_after(0.3, "RuntimeError"),
            ];
            yield_now().await?;
            ts[2].cancel(None);
            ts[4].cancel(None);
            let r = gather_settled(ts).await?;
            Ok::<_, Error>(
                r.into_iter()
                    .map(|o| match o {
                        Ok(v) => format!("{v}"),
                        Err(e) if e.is_cancelled() => "CancelledError".to_string(),
                        Err(e) => e.to_string(),
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        [
            "1",
            "ZeroDivisionError",
            "CancelledError",
            "3",
            "CancelledError",
            "RuntimeError"
        ]
    );
    assert_eq!(rt.now().as_nanos(), 300_000_000);
}

/// From test_tasks.py: CoroutineGatherTests.test_cancellation_broadcast —
/// cancelling the task awaiting a gather cancels every child.
#[test]
fn cancelling_the_task_awaiting_gather_cancels_every_child() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let proof = Rc::new(Cell::new(0));
            let ev = Event::new();
            let child = |p: Rc<Cell<i32>>, e: Event| {
                spawn(async move {
                    e.wait().await?;
                    p.set(p.get() + 1);
                    Ok::<_, Error>(())
                })
            };
            let c1 = child(proof.clone(), ev.clone());
            let c2 = child(proof.clone(), ev.clone());
            let p = proof.clone();
            let cs = vec![c1.clone(), c2.clone()];
            let f = spawn(async move {
                gather(cs).await?;
                p.set(p.get() + 100);
                Ok::<_, Error>(())
            });
            yield_now().await?;
            let accepted = f.cancel(None);
            let r = f.clone().await;
            yield_now().await?;
            Ok::<_, Error>((
                accepted,
                r.map_err(|e| e.is_cancelled()),
                c1.is_cancelled(),
                c2.is_cancelled(),
                proof.get(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, Err(true), true, true, 0));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_tasks.py: BaseTaskTests.test_cancel_gather_2 — the message
/// given to `cancel()` reaches the caller through a `gather(...,
/// return_exceptions=True)` (CPython 3.12.1: `exc.args == ('my message',)`
/// at 0.2).
#[test]
fn the_cancel_message_survives_a_gather() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let qwe = spawn(async {
                let mut t = 0.0;
                loop {
                    t += 0.05;
                    let child = spawn(async {
                        sleep(secs(0.05)).await?;
                        Ok::<_, Error>(())
                    });
                    gather_settled(vec![child]).await?;
                    if t > 1.0 {
                        return Ok::<_, Error>(());
                    }
                }
            });
            sleep(secs(0.2)).await?;
            qwe.cancel(Some("my message"));
            let r = qwe.clone().await;
            Ok::<_, Error>((r, qwe.is_cancelled()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            Err(Error::Cancelled(Cancelled::new(Some("my message".into())))),
            true
        )
    );
    assert_eq!(rt.now().as_nanos(), 200_000_000);
}

// -------------------------------------------------------------------- wait

/// From test_tasks.py: BaseTaskTests.test_wait — all complete at 0.15;
/// waiting again takes no time.
#[test]
fn wait_all_completed_returns_when_the_last_finishes() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(0.1, ());
            let b = after(0.15, ());
            let (done, pending) =
                wait(vec![b.clone(), a.clone()], ReturnWhen::AllCompleted, None).await?;
            let first = (done.len(), pending.len(), now_ns());
            let (done, pending) = wait(vec![b, a], ReturnWhen::AllCompleted, None).await?;
            Ok::<_, Error>((first, (done.len(), pending.len(), now_ns())))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, ((2, 0, 150_000_000), (2, 0, 150_000_000)));
}

/// From test_tasks.py: BaseTaskTests.test_wait_first_completed
#[test]
fn wait_first_completed_returns_the_first_to_finish() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(10.0, ());
            let b = after(0.1, ());
            let (done, pending) =
                wait(vec![b.clone(), a.clone()], ReturnWhen::FirstCompleted, None).await?;
            Ok::<_, Error>((
                ids(&done) == vec![b.id()],
                ids(&pending) == vec![a.id()],
                a.is_finished(),
                b.result(),
                now_ns(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, true, false, Some(Ok(())), 100_000_000));
}

/// From test_tasks.py: BaseTaskTests.test_wait_really_done — tasks that
/// finished before `wait` resumes are reported done even if only one was
/// needed (CPython 3.12.1: 2 done, 0 pending). In asyncio the waiter is
/// woken through the first task's done callback and then its own wake-up,
/// one iteration later than a plain await; by then the second task has
/// finished too.
#[test]
fn wait_reports_every_task_finished_by_the_time_it_resumes() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = spawn(async {
                yield_now().await?;
                Ok::<_, Error>(())
            });
            let b = spawn(async {
                yield_now().await?;
                yield_now().await?;
                Ok::<_, Error>(())
            });
            let (done, pending) =
                wait(vec![b.clone(), a.clone()], ReturnWhen::FirstCompleted, None).await?;
            Ok::<_, Error>((done.len(), pending.len()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (2, 0));
}

/// From test_tasks.py: BaseTaskTests.test_wait_first_exception and
/// test_wait_first_exception_in_wait.
#[test]
fn wait_first_exception_returns_at_the_first_failure() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(10.0, ());
            let b = spawn(async { Err::<(), _>(Error::msg("err")) });
            let (done, pending) =
                wait(vec![b.clone(), a.clone()], ReturnWhen::FirstException, None).await?;
            let first = (
                ids(&done) == vec![b.id()],
                ids(&pending) == vec![a.id()],
                now_ns(),
            );
            let c = fail_after(0.01, "err");
            let (done, pending) =
                wait(vec![c.clone(), a.clone()], ReturnWhen::FirstException, None).await?;
            let second = (
                ids(&done) == vec![c.id()],
                ids(&pending) == vec![a.id()],
                now_ns(),
            );
            Ok::<_, Error>((first, second))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, ((true, true, 0), (true, true, 10_000_000)));
}

/// From test_tasks.py: BaseTaskTests.test_wait_with_exception — a failure
/// is just one more done task for ALL_COMPLETED.
#[test]
fn wait_all_completed_counts_failed_tasks_as_done() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(0.1, ());
            let b = fail_after(0.15, "really");
            let (done, pending) = wait(vec![b, a], ReturnWhen::AllCompleted, None).await?;
            let errors = done
                .iter()
                .filter(|t| matches!(t.result(), Some(Err(_))))
                .count();
            Ok::<_, Error>((done.len(), pending.len(), errors, now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (2, 0, 1, 150_000_000));
}

/// From test_tasks.py: BaseTaskTests.test_wait_with_timeout — the timeout
/// ends the wait and cancels nothing.
#[test]
fn wait_with_a_timeout_returns_what_is_done_and_cancels_nothing() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(0.1, ());
            let b = after(0.15, ());
            let (done, pending) = wait(
                vec![b.clone(), a.clone()],
                ReturnWhen::AllCompleted,
                Some(secs(0.11)),
            )
            .await?;
            Ok::<_, Error>((
                ids(&done) == vec![a.id()],
                ids(&pending) == vec![b.id()],
                now_ns(),
                b.is_cancelled(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, true, 110_000_000, false));
}

/// From test_tasks.py: BaseTaskTests.test_wait_concurrent_complete — the
/// timeout falls at the instant a task finishes. Which wins depends on
/// which timer was armed first, exactly as in asyncio (CPython 3.12.1:
/// wait started in a task spawned after the sleepers → `done == {a}`;
/// wait started before the sleepers ran → nothing done yet).
#[test]
fn wait_timeout_at_the_instant_a_task_finishes_follows_timer_order() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(0.1, ());
            let b = after(0.15, ());
            let (x, y) = (a.clone(), b.clone());
            let w = spawn(async move {
                let (done, pending) =
                    wait(vec![y, x], ReturnWhen::AllCompleted, Some(secs(0.1))).await?;
                Ok::<_, Error>((ids(&done), ids(&pending)))
            });
            let (done, pending) = w.await?;
            Ok::<_, Error>((done == vec![a.id()], pending == vec![b.id()], now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, true, 100_000_000));

    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(0.1, ());
            let b = after(0.15, ());
            let (done, pending) =
                wait(vec![b, a], ReturnWhen::AllCompleted, Some(secs(0.1))).await?;
            Ok::<_, Error>((done.len(), pending.len(), now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (0, 2, 100_000_000));
}

/// From test_tasks.py: BaseTaskTests.test_yield_wait_does_not_shield_cancel
/// — cancelling the waiter ends the wait; the awaited task keeps running.
#[test]
fn cancelling_a_wait_leaves_the_tasks_running() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let proof = Rc::new(Cell::new(0));
            let ev = Event::new();
            let (p, e) = (proof.clone(), ev.clone());
            let inner = spawn(async move {
                e.wait().await?;
                p.set(p.get() + 1);
                Ok::<_, Error>(())
            });
            let p = proof.clone();
            let i2 = inner.clone();
            let f = spawn(async move {
                wait(vec![i2], ReturnWhen::AllCompleted, None).await?;
                p.set(p.get() + 100);
                Ok::<_, Error>(())
            });
            yield_now().await?;
            f.cancel(None);
            let r = f.clone().await;
            ev.set();
            inner.clone().await?;
            Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), proof.get(), inner.state()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), 1, TaskState::Done));
}

// ------------------------------------------------------------ as_completed

/// From test_tasks.py: BaseTaskTests.test_as_completed — outcomes in
/// completion order (tasks finishing together come in the order they were
/// spawned: CPython 3.12.1 gives b, a, c at 0.01, 0.01, 0.15).
#[test]
fn as_completed_yields_in_completion_order() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let ts = vec![after(0.01, "b"), after(0.15, "c"), after(0.01, "a")];
            let mut it = as_completed(ts, None);
            let mut values = vec![];
            while let Some(r) = it.next().await.map_err(|e| Error::msg(e.to_string()))? {
                values.push((r?, now_ns()));
            }
            Ok::<_, Error>(values)
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        vec![("b", 10_000_000), ("a", 10_000_000), ("c", 150_000_000)]
    );
}

/// From test_tasks.py: BaseTaskTests.test_as_completed_with_timeout — after
/// the timeout the iterator raises TimeoutError; the tasks are not
/// cancelled (CPython 3.12.1: 'a' at 0.1, TimeoutError at 0.12, 'b' still
/// finishes at 0.15).
#[test]
fn as_completed_times_out_without_cancelling_the_rest() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = after(0.1, "a");
            let b = after(0.15, "b");
            let mut it = as_completed(vec![a, b.clone()], Some(secs(0.12)));
            let first = (it.next().await, now_ns());
            let second = (it.next().await, now_ns());
            let b_state = (b.is_finished(), b.is_cancelled());
            let v = b.await?;
            Ok::<_, Error>((first, second, b_state, v, now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            (Ok(Some(Ok("a"))), 100_000_000),
            (Err(AsCompletedError::Elapsed(Elapsed)), 120_000_000),
            (false, false),
            "b",
            150_000_000
        )
    );
}

/// From test_tasks.py: BaseTaskTests.test_as_completed_with_unused_timeout
/// — the unused timeout does not keep the program waiting.
#[test]
fn as_completed_with_an_unused_timeout_finishes_when_the_tasks_do() {
    let rt = Runtime::new_virtual();
    let out = rt
        .run(async {
            let mut it = as_completed(vec![after(0.01, "a")], Some(secs(1.0)));
            let v = it.next().await.map_err(|e| Error::msg(e.to_string()))?;
            let end = it.next().await.map_err(|e| Error::msg(e.to_string()))?;
            Ok::<_, Error>((v, end.is_none()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Some(Ok("a")), true));
    assert_eq!(rt.now().as_nanos(), 10_000_000);
}

// ------------------------------------------------------------------ shield

/// From test_tasks.py: BaseTaskTests.test_shield_effect — cancelling the
/// task awaiting a shield does not reach the shielded task.
#[test]
fn a_shield_keeps_the_inner_task_running() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let proof = Rc::new(Cell::new(0));
            let ev = Event::new();
            let (p, e) = (proof.clone(), ev.clone());
            let inner = spawn(async move {
                e.wait().await?;
                p.set(p.get() + 1);
                Ok::<_, Error>("inner")
            });
            let p = proof.clone();
            let i2 = inner.clone();
            let f = spawn(async move {
                shield(i2).await?;
                p.set(p.get() + 100);
                Ok::<_, Error>(())
            });
            yield_now().await?;
            f.cancel(None);
            let r = f.clone().await;
            let inner_finished = inner.is_finished();
            ev.set();
            let v = inner.clone().await?;
            Ok::<_, Error>((
                r.map_err(|e| e.is_cancelled()),
                inner_finished,
                proof.get(),
                v,
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), false, 1, "inner"));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// After test_tasks.py: BaseTaskTests.test_shield_effect, with times
/// (CPython 3.12.1, looptime: outer cancelled at 0.25, inner finishes at
/// 1.0 with its value).
#[test]
fn a_shielded_task_finishes_on_its_own_time_after_the_outer_is_cancelled() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let inner = after(1.0, "v");
            let i2 = inner.clone();
            let f = spawn(async move { shield(i2).await });
            sleep(secs(0.25)).await?;
            f.cancel(None);
            let r = f.clone().await;
            let outer_at = now_ns();
            let v = inner.await?;
            Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), outer_at, v, now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), 250_000_000, "v", 1_000_000_000));
}

/// From test_tasks.py: BaseTaskTests.test_shield_result,
/// test_shield_shortcut, test_shield_exception and test_shield_cancel_inner
/// — a shield passes on the inner task's value, error or cancellation (a
/// cancelled inner task does not cancel the awaiting task: 3.12.1
/// `cancelling() == 0`).
#[test]
fn a_shield_passes_on_the_inner_outcome() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let done = spawn(async { Ok::<_, Error>(42) });
            yield_now().await?;
            let shortcut = shield(done).await;
            let value = shield(after(0.1, 42)).await;
            let error = shield(fail_after::<i32>(0.1, "expected")).await;
            let inner = after(1.0, 0);
            let i2 = inner.clone();
            let _canceller = spawn(async move {
                sleep(secs(0.1)).await?;
                i2.cancel(None);
                Ok::<_, Error>(())
            });
            let cancelled = shield(inner).await;
            Ok::<_, Error>((
                shortcut,
                value,
                error,
                cancelled.map_err(|e| e.is_cancelled()),
                now_ns(),
                my_cancelling(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            Ok(42),
            Ok(42),
            Err(Error::msg("expected")),
            Err(true),
            300_000_000,
            0
        )
    );
}

/// From test_tasks.py: BaseTaskTests.test_shield_gather — a shielded gather
/// is not cancelled with the outer task.
#[test]
fn a_shielded_gather_survives_the_cancellation_of_its_awaiter() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let c1 = after(0.1, 1);
            let c2 = after(0.2, 2);
            let parent = spawn(gather(vec![c1, c2]));
            let p = parent.clone();
            let outer = spawn(async move { shield(p).await });
            yield_now().await?;
            outer.cancel(None);
            let r = outer.clone().await;
            let at = now_ns();
            let v = parent.await?;
            Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), at, v, now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), 0, vec![1, 2], 200_000_000));
}

/// From test_tasks.py: BaseTaskTests.test_gather_shield — cancelling a
/// gather of shields cancels the shields, not the shielded tasks.
#[test]
fn cancelling_a_gather_of_shields_leaves_the_shielded_tasks_running() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let c1 = after(0.1, 1);
            let c2 = after(0.2, 2);
            let s1 = spawn(shield(c1.clone()));
            let s2 = spawn(shield(c2.clone()));
            let (x, y) = (s1.clone(), s2.clone());
            let outer = spawn(async move { gather(vec![x, y]).await });
            yield_now().await?;
            outer.cancel(None);
            let r = outer.clone().await;
            let at = (now_ns(), s1.is_cancelled(), s2.is_cancelled());
            let at2 = (c1.is_cancelled(), c2.is_cancelled());
            let v = (c1.await?, c2.await?);
            Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), at, at2, v, now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            Err(true),
            (0, true, true),
            (false, false),
            (1, 2),
            200_000_000
        )
    );
}

// ---------------------------------------------------- done callbacks, names

/// After test_futures.py: BaseFutureTests.test_callbacks_invoked_on_set_result
/// and test_tasks.py's awaiting tasks — done callbacks run soon after the
/// task finishes, in the order they were added, and a task awaiting it is
/// just one more callback, registered when it suspended (CPython 3.12.1:
/// cb1, cb2, then the awaiter). A callback added to a finished task is
/// scheduled, not called at once.
#[test]
fn done_callbacks_run_in_registration_order_with_the_awaiter() {
    let rt = Runtime::new_virtual();
    let log = Rc::new(RefCell::new(Vec::<String>::new()));
    let l = log.clone();
    rt.block_on(async move {
        let l2 = l.clone();
        let task = spawn(async move {
            sleep(secs(0.1)).await?;
            l2.borrow_mut().push("task end".into());
            Ok::<_, Error>(1)
        });
        for name in ["cb1", "cb2"] {
            let l = l.clone();
            task.add_done_callback(move || l.borrow_mut().push(format!("{name} {}", now_ns())));
        }
        task.clone().await?;
        l.borrow_mut().push("awaiter resumed".into());
        let l3 = l.clone();
        task.add_done_callback(move || l3.borrow_mut().push(format!("late cb {}", now_ns())));
        l.borrow_mut().push("after late add".into());
        yield_now().await?;
        l.borrow_mut().push("after yield".into());
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        [
            "task end",
            "cb1 100000000",
            "cb2 100000000",
            "awaiter resumed",
            "after late add",
            "late cb 100000000",
            "after yield"
        ]
    );
}

/// After test_futures.py: BaseFutureTests.test_callbacks_invoked_on_set_result
/// — the part that does not involve an awaiter: callbacks run after the
/// task finished, in the order added, and one added to a finished task is
/// scheduled rather than called at once.
#[test]
fn done_callbacks_run_soon_and_in_order() {
    let rt = Runtime::new_virtual();
    let log = Rc::new(RefCell::new(Vec::<String>::new()));
    let l = log.clone();
    rt.block_on(async move {
        let l2 = l.clone();
        let task = spawn(async move {
            sleep(secs(0.1)).await?;
            l2.borrow_mut().push("task end".into());
            Ok::<_, Error>(1)
        });
        for name in ["cb1", "cb2", "cb3"] {
            let l = l.clone();
            task.add_done_callback(move || l.borrow_mut().push(format!("{name} {}", now_ns())));
        }
        sleep(secs(0.2)).await?;
        let l3 = l.clone();
        task.add_done_callback(move || l3.borrow_mut().push(format!("late cb {}", now_ns())));
        l.borrow_mut().push("after late add".into());
        yield_now().await?;
        l.borrow_mut().push("after yield".into());
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *log.borrow(),
        [
            "task end",
            "cb1 100000000",
            "cb2 100000000",
            "cb3 100000000",
            "after late add",
            "late cb 200000000",
            "after yield"
        ]
    );
}

/// From test_tasks.py: BaseTaskTests.test_bare_create_named_task,
/// test_task_repr_autogenerated and test_task_set_name (via
/// `Task.set_name`): a given name, a rename, and the default `Task-N`.
#[test]
fn tasks_have_given_or_generated_names() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn_named("yolo", async {
                yield_now().await?;
                Ok::<_, Error>(())
            });
            let n1 = t.name();
            Handle::current().set_name(t.id(), "renamed");
            let n2 = t.name();
            let u = spawn(async { Ok::<_, Error>(()) });
            let n3 = u.name();
            t.await?;
            u.await?;
            Ok::<_, Error>((n1, n2, n3))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out.0.as_deref(), Some("yolo"));
    assert_eq!(out.1.as_deref(), Some("renamed"));
    assert!(
        out.2.as_deref().unwrap().starts_with("Task-"),
        "{:?}",
        out.2
    );
}
