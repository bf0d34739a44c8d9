//! `timeout` scopes and `wait_for`, ported from CPython's
//! `Lib/test/test_asyncio/test_timeouts.py` and `test_waitfor.py` (3.12.1
//! sources). Expected values were checked by running the tests' bodies
//! under Python 3.12.1 with the `looptime` virtual clock (real time for the
//! two tests that block the loop with `time.sleep`).
//!
//! `wait_for` follows 3.12, where it runs the awaitable inside a
//! `timeout()` scope in the calling task (3.11 wrapped it in a new task and
//! behaved differently when the inner work swallowed the cancellation).
//! `async with asyncio.timeout(d) as cm: body` is `cm.clone().run(body)`;
//! `Err(Elapsed)` is TimeoutError, `Ok(Err(cancelled))` a CancelledError
//! passing through the scope.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{
    current_task, shield, sleep, spawn, timeout, timeout_at, wait, wait_for, wait_for_task,
    yield_now, Elapsed, Error, Event, Handle, Instant, ReturnWhen, Runtime, TaskError, TaskState,
    Timeout,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn at(s: f64) -> Instant {
    Instant::from_secs_f64(s)
}

fn now_ns() -> u64 {
    looplab_core::now().as_nanos()
}

fn my_cancelling() -> u32 {
    Handle::current().cancelling(current_task().unwrap())
}

fn cancel_me() {
    Handle::current().cancel(current_task().unwrap(), None);
}

/// From test_timeouts.py: TimeoutTests.test_timeout_basic
#[test]
fn an_expired_timeout_reports_elapsed_at_its_deadline() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm = timeout(Some(secs(0.01)));
            let r = cm
                .clone()
                .run(async {
                    sleep(secs(10.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((r, cm.expired(), cm.when(), my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), true, Some(at(0.01)), 0));
    assert_eq!(rt.now().as_nanos(), 10_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_timeout_at_basic and
/// test_waiter_cancelled (the body sees the cancellation first).
#[test]
fn timeout_at_cancels_the_body_which_sees_the_cancellation() {
    let rt = Runtime::new_virtual();
    let seen = Rc::new(Cell::new(None));
    let s = seen.clone();
    let out = rt
        .block_on(async move {
            let deadline = looplab_core::now() + secs(0.01);
            let cm = timeout_at(Some(deadline));
            let r = cm
                .clone()
                .run(async move {
                    if let Err(c) = sleep(secs(10.0)).await {
                        s.set(Some(now_ns()));
                        return Err(Error::from(c));
                    }
                    Ok(())
                })
                .await;
            Ok::<_, Error>((r, cm.expired(), cm.when() == Some(deadline)))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), true, true));
    assert_eq!(seen.get(), Some(10_000_000));
}

/// From test_timeouts.py: TimeoutTests.test_nested_timeouts — two scopes
/// with the same deadline: only the outermost reports TimeoutError, the
/// inner one passes the cancellation through.
#[test]
fn nested_scopes_with_one_deadline_report_elapsed_only_at_the_top() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let deadline = looplab_core::now() + secs(0.01);
            let cm1 = timeout_at(Some(deadline));
            let cm2 = timeout_at(Some(deadline));
            let c2 = cm2.clone();
            let inner_saw = Rc::new(RefCell::new(None));
            let is = inner_saw.clone();
            let r = cm1
                .clone()
                .run(async move {
                    let inner = c2
                        .run(async {
                            sleep(secs(10.0)).await?;
                            Ok::<_, Error>(())
                        })
                        .await;
                    *is.borrow_mut() = Some(inner.clone());
                    match inner {
                        Ok(r) => r,
                        Err(e) => Err(Error::from(e)),
                    }
                })
                .await;
            let inner = inner_saw.borrow().clone();
            Ok::<_, Error>((
                r,
                inner.map(|i| matches!(i, Ok(Err(e)) if e.is_cancelled())),
                cm1.expired(),
                cm2.expired(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), Some(true), true, true));
    assert_eq!(rt.now().as_nanos(), 10_000_000);
}

/// Checked against CPython 3.12.1 (looptime), after test_nested_timeouts:
/// the inner scope (0.25) expires first and reports TimeoutError, which
/// the body catches; the outer scope (1.0) then expires on its own.
#[test]
fn an_inner_expiry_is_reported_by_the_inner_scope_only() {
    let rt = Runtime::new_virtual();
    let inner_at = Rc::new(Cell::new(None));
    let ia = inner_at.clone();
    let out = rt
        .block_on(async move {
            let cm1 = timeout(Some(secs(1.0)));
            let cm2 = timeout(Some(secs(0.25)));
            let c2 = cm2.clone();
            let r = cm1
                .clone()
                .run(async move {
                    let inner = c2
                        .run(async {
                            sleep(secs(10.0)).await?;
                            Ok::<_, Error>(())
                        })
                        .await;
                    if inner == Err(Elapsed) {
                        ia.set(Some(now_ns()));
                    }
                    sleep(secs(10.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((r, cm1.expired(), cm2.expired(), my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), true, true, 0));
    assert_eq!(inner_at.get(), Some(250_000_000));
    assert_eq!(rt.now().as_nanos(), 1_000_000_000);
}

/// Checked against CPython 3.12.1 (looptime), after test_nested_timeouts:
/// the outer scope (0.25) expires first; the inner scope (1.0), not
/// expired, passes the cancellation through and the outer one reports it.
#[test]
fn an_outer_expiry_passes_through_the_inner_scope() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm1 = timeout(Some(secs(0.25)));
            let cm2 = timeout(Some(secs(1.0)));
            let c2 = cm2.clone();
            let inner_saw = Rc::new(Cell::new(false));
            let is = inner_saw.clone();
            let r = cm1
                .clone()
                .run(async move {
                    match c2
                        .run(async {
                            sleep(secs(10.0)).await?;
                            Ok::<_, Error>(())
                        })
                        .await
                    {
                        Ok(Err(e)) if e.is_cancelled() => {
                            is.set(true);
                            Err(e)
                        }
                        Ok(r) => r,
                        Err(e) => Err(Error::from(e)),
                    }
                })
                .await;
            Ok::<_, Error>((
                r,
                inner_saw.get(),
                cm1.expired(),
                cm2.expired(),
                my_cancelling(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), true, true, false, 0));
    assert_eq!(rt.now().as_nanos(), 250_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_timeout_not_called,
/// test_timeout_disabled and test_timeout_at_disabled.
#[test]
fn a_scope_that_does_not_expire_or_has_no_deadline_changes_nothing() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm = timeout(Some(secs(10.0)));
            let a = cm
                .clone()
                .run(async {
                    sleep(secs(0.01)).await?;
                    Ok::<_, Error>(1)
                })
                .await;
            let t1 = looplab_core::now();
            let none = timeout(None);
            let b = none
                .clone()
                .run(async {
                    sleep(secs(0.01)).await?;
                    Ok::<_, Error>(2)
                })
                .await;
            let none_at = timeout_at(None);
            let c = none_at
                .clone()
                .run(async {
                    sleep(secs(0.01)).await?;
                    Ok::<_, Error>(3)
                })
                .await;
            Ok::<_, Error>((
                (a, b, c),
                (cm.expired(), none.expired(), none_at.expired()),
                cm.when().unwrap() > t1,
                (none.when(), none_at.when()),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            (Ok(Ok(1)), Ok(Ok(2)), Ok(Ok(3))),
            (false, false, false),
            true,
            (None, None)
        )
    );
    assert_eq!(rt.now().as_nanos(), 30_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_timeout_zero
#[test]
fn a_zero_deadline_expires_a_sleeping_body_at_once() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let zero = timeout(Some(Duration::ZERO));
            let a = zero
                .clone()
                .run(async {
                    sleep(secs(10.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((a, zero.expired(), zero.when()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), true, Some(Instant::ZERO)));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_timeouts.py: TimeoutTests.test_timeout_zero_sleep_zero and
/// test_timeout_in_the_past_sleep_zero — CPython schedules the expiry with
/// `call_soon` when the deadline is not in the future, so it runs before
/// the body's `sleep(0)` resumes and the yield is cancelled (3.12.1:
/// TimeoutError at 0.0 and at 1.0, both scopes expired).
#[test]
fn a_zero_or_past_deadline_cancels_a_body_that_only_yields() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let zero_yield = timeout(Some(Duration::ZERO));
            let b = zero_yield
                .clone()
                .run(async {
                    yield_now().await?;
                    Ok::<_, Error>(())
                })
                .await;
            let b_at = now_ns();
            sleep(secs(1.0)).await?;
            let past = timeout_at(Some(at(0.5)));
            let c = past
                .clone()
                .run(async {
                    yield_now().await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((
                (b, c),
                b_at,
                (zero_yield.expired(), past.expired()),
                past.when(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        ((Err(Elapsed), Err(Elapsed)), 0, (true, true), Some(at(0.5)))
    );
    assert_eq!(rt.now().as_nanos(), 1_000_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_foreign_exception_passed
#[test]
fn a_body_error_passes_through_an_unexpired_scope() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm = timeout(Some(secs(0.01)));
            let r = cm
                .clone()
                .run(async { Err::<(), _>(Error::msg("KeyError")) })
                .await;
            Ok::<_, Error>((r, cm.expired()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(Err(Error::msg("KeyError"))), false));
}

/// From test_timeouts.py: TimeoutTests.test_foreign_exception_on_timeout —
/// an error raised while handling the timeout's cancellation is not
/// replaced by TimeoutError (the scope still counts as expired, and the
/// cancel count is restored).
#[test]
fn an_error_raised_during_the_expiry_cleanup_wins_over_elapsed() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm = timeout(Some(secs(0.01)));
            let r = cm
                .clone()
                .run(async {
                    let _ = sleep(secs(1.0)).await;
                    Err::<(), _>(Error::msg("ZeroDivisionError"))
                })
                .await;
            Ok::<_, Error>((r, cm.expired(), my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(Err(Error::msg("ZeroDivisionError"))), true, 0));
    assert_eq!(rt.now().as_nanos(), 10_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired
#[test]
fn a_foreign_cancellation_is_not_turned_into_elapsed() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm = timeout(Some(secs(10.0)));
            let r = cm
                .clone()
                .run(async {
                    cancel_me();
                    sleep(secs(10.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((
                matches!(r, Ok(Err(ref e)) if e.is_cancelled()),
                cm.expired(),
                my_cancelling(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, false, 1));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_timeouts.py: TimeoutTests.test_outer_task_is_not_cancelled
#[test]
fn a_task_whose_timeout_expired_finishes_normally() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let task = spawn(async {
                let r = timeout(Some(secs(0.001)))
                    .run(async {
                        sleep(secs(10.0)).await?;
                        Ok::<_, Error>(())
                    })
                    .await;
                Ok::<_, Error>((r, now_ns()))
            });
            let r = task.clone().await?;
            Ok::<_, Error>((r, task.state(), task.cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, ((Err(Elapsed), 1_000_000), TaskState::Done, 0));
}

/// From test_timeouts.py: TimeoutTests.test_nested_timeouts_concurrent —
/// the loop is blocked past the outer deadline (0.002) but not the inner
/// one (0.1): the inner scope passes the cancellation through, the outer
/// reports TimeoutError at 0.01 (CPython 3.12.1, real clock, three runs:
/// inner 'cancelled', outer 'timeout', 0.01 s).
#[test]
fn a_blocked_loop_past_the_outer_deadline_expires_the_outer_scope_only() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let outer = timeout(Some(secs(0.002)));
            let inner = timeout(Some(secs(0.1)));
            let i2 = inner.clone();
            let r = outer
                .clone()
                .run(async move {
                    let r = i2
                        .run(async {
                            Handle::current().block_for(secs(0.01));
                            sleep(secs(1.0)).await?;
                            Ok::<_, Error>(())
                        })
                        .await;
                    assert!(matches!(r, Ok(Err(ref e)) if e.is_cancelled()), "{r:?}");
                    r.unwrap()
                })
                .await;
            Ok::<_, Error>((r, outer.expired(), inner.expired()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), true, false));
    assert_eq!(rt.now().as_nanos(), 10_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_nested_timeouts_loop_busy —
/// the loop is blocked past both deadlines: both scopes expire in the same
/// iteration, the inner one sees a second cancellation request (the
/// outer's) and passes it through, the outer reports TimeoutError
/// (CPython 3.12.1, real clock: inner 'cancelled', outer 'timeout', both
/// expired, 0.1 s, `cancelling() == 0`).
#[test]
fn a_blocked_loop_past_both_deadlines_is_reported_by_the_outer_scope() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let outer = timeout(Some(secs(0.1)));
            let inner = timeout(Some(secs(0.01)));
            let i2 = inner.clone();
            let inner_saw = Rc::new(Cell::new(false));
            let is = inner_saw.clone();
            let r = outer
                .clone()
                .run(async move {
                    let r = i2
                        .run(async {
                            Handle::current().block_for(secs(0.1));
                            sleep(secs(1.0)).await?;
                            Ok::<_, Error>(())
                        })
                        .await;
                    match r {
                        Err(Elapsed) => {}
                        Ok(Err(e)) if e.is_cancelled() => {
                            is.set(true);
                            return Err(e);
                        }
                        Ok(r) => r?,
                    }
                    sleep(secs(10.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((
                r,
                inner_saw.get(),
                outer.expired(),
                inner.expired(),
                my_cancelling(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), true, true, true, 0));
    assert_eq!(rt.now().as_nanos(), 100_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_reschedule
#[test]
fn reschedule_moves_or_removes_the_deadline() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let slot: Rc<RefCell<Option<Timeout>>> = Rc::default();
            let s = slot.clone();
            let task = spawn(async move {
                let cm = timeout_at(Some(at(10.0)));
                *s.borrow_mut() = Some(cm.clone());
                cm.run(async {
                    sleep(secs(50.0)).await?;
                    Ok::<_, Error>(())
                })
                .await
                .map_err(Error::from)?
            });
            yield_now().await?;
            let cm = slot.borrow().clone().unwrap();
            let w1 = cm.when();
            cm.reschedule(Some(at(30.0))).unwrap();
            let w2 = cm.when();
            cm.reschedule(None).unwrap();
            let w3 = cm.when();
            task.cancel(None);
            let r = task.clone().await;
            Ok::<_, Error>(((w1, w2, w3), r.map_err(|e| e.is_cancelled()), cm.expired()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        ((Some(at(10.0)), Some(at(30.0)), None), Err(true), false)
    );
    assert_eq!(rt.now().as_nanos(), 0);
}

/// Checked against CPython 3.12.1 (looptime), after test_reschedule:
/// `timeout(1)`, at 0.5 rescheduled to now + 2 expires at 2.5; a second
/// scope entered at 2.5 and pulled in to now + 0.25 at 3.0 expires at 3.25.
#[test]
fn a_rescheduled_deadline_is_the_one_that_fires() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm = timeout(Some(secs(1.0)));
            let c = cm.clone();
            let a = cm
                .clone()
                .run(async move {
                    sleep(secs(0.5)).await?;
                    c.reschedule(Some(looplab_core::now() + secs(2.0))).unwrap();
                    sleep(secs(10.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            let a_at = now_ns();
            let cm2 = timeout(Some(secs(1.0)));
            let c2 = cm2.clone();
            let b = cm2
                .run(async move {
                    sleep(secs(0.5)).await?;
                    c2.reschedule(Some(looplab_core::now() + secs(0.25)))
                        .unwrap();
                    sleep(secs(10.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((a, a_at, b, now_ns()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (Err(Elapsed), 2_500_000_000, Err(Elapsed), 3_250_000_000)
    );
}

/// From test_timeouts.py: TimeoutTests.test_timeout_expiring,
/// test_timeout_expired, test_timeout_finished and test_timeout_not_entered
/// — rescheduling is only allowed while entered and not expired. In
/// test_timeout_expiring the body swallows the expiry's cancellation, so
/// the scope exits normally (no TimeoutError) but counts as expired.
#[test]
fn reschedule_fails_unless_entered_and_unexpired() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let not_entered = timeout(Some(secs(0.01)));
            let e0 = not_entered.reschedule(Some(at(0.02))).is_err();

            let expiring = timeout(Some(secs(0.01)));
            let c = expiring.clone();
            let r = expiring
                .clone()
                .run(async move {
                    let swallowed = sleep(secs(1.0)).await.is_err();
                    let e1 = c.reschedule(Some(at(0.02))).is_err();
                    Ok::<_, Error>((swallowed, e1, now_ns()))
                })
                .await;
            let e2 = expiring.reschedule(Some(at(0.02))).is_err();

            let finished = timeout(Some(secs(0.01)));
            let f = finished.clone().run(async { Ok::<_, Error>(()) }).await;
            let e3 = finished.reschedule(Some(at(0.02))).is_err();
            Ok::<_, Error>((e0, r, expiring.expired(), e2, f, e3, my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            true,
            Ok(Ok((true, true, 10_000_000))),
            true,
            true,
            Ok(Ok(())),
            true,
            0
        )
    );
}

/// From test_timeouts.py: TimeoutTests.test_timeout_already_entered,
/// test_timeout_double_enter and test_timeout_without_task.
#[test]
fn a_scope_is_entered_once_and_only_inside_a_task() {
    let outside = timeout_at(Some(at(0.01)));
    assert!(outside.enter().is_err());
    assert!(outside.reschedule(Some(at(0.02))).is_err());
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let cm = timeout(Some(secs(0.01)));
            cm.enter().unwrap();
            let again = cm.enter().is_err();
            let elapsed = cm.exit(false);
            let after = cm.enter().is_err();
            Ok::<_, Error>((again, elapsed, after))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, false, true));
}

/// From test_timeouts.py: TimeoutTests.test_nested_timeout_in_finally —
/// a scope entered during the outer expiry's cleanup expires on its own
/// (0.02) and its TimeoutError is what comes out of the outer scope (a
/// TimeoutError, not a cancellation, so the outer scope does not convert
/// it).
#[test]
fn a_timeout_inside_expiry_cleanup_reports_its_own_elapsed() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let inner_at = Rc::new(Cell::new(None));
            let ia = inner_at.clone();
            let r = timeout(Some(secs(0.01)))
                .run(async move {
                    let first = sleep(secs(1.0)).await;
                    // finally:
                    let inner = timeout(Some(secs(0.01)))
                        .run(async {
                            sleep(secs(10.0)).await?;
                            Ok::<_, Error>(())
                        })
                        .await;
                    if inner.is_err() {
                        ia.set(Some(now_ns()));
                    }
                    inner??;
                    first?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((r, inner_at.get(), my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(Err(Error::Elapsed(Elapsed))), Some(20_000_000), 0));
    assert_eq!(rt.now().as_nanos(), 20_000_000);
}

/// From test_timeouts.py: TimeoutTests.test_timeout_after_cancellation —
/// after a swallowed cancellation (`cancelling()` stays 1), a zero timeout
/// still reports TimeoutError.
#[test]
fn a_timeout_after_a_swallowed_cancellation_still_expires() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            cancel_me();
            let swallowed = sleep(secs(1.0)).await.is_err();
            let c = my_cancelling();
            let r = timeout(Some(Duration::ZERO))
                .run(async {
                    sleep(secs(1.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((swallowed, c, r, my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, 1, Err(Elapsed), 1));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_timeouts.py: TimeoutTests.test_cancel_in_timeout_after_cancellation
#[test]
fn a_cancellation_inside_a_timeout_after_a_swallowed_one_passes_through() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            cancel_me();
            let _ = sleep(secs(1.0)).await;
            let cm = timeout(Some(secs(1.0)));
            let r = cm
                .clone()
                .run(async {
                    cancel_me();
                    sleep(secs(2.0)).await?;
                    Ok::<_, Error>(())
                })
                .await;
            Ok::<_, Error>((
                matches!(r, Ok(Err(ref e)) if e.is_cancelled()),
                cm.expired(),
                my_cancelling(),
            ))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, false, 2));
    assert_eq!(rt.now().as_nanos(), 0);
}

// ---------------------------------------------------------------- wait_for

/// A coroutine that ignores cancellation until 0.2 s after it started
/// (`SlowTask.run` of test_waitfor.py, on the loop's clock). Counts the
/// cancellations it swallowed.
async fn slow_task(cancels: Rc<Cell<u32>>, exited: Rc<Cell<bool>>) -> Result<&'static str, Error> {
    let exit_at = looplab_core::now() + secs(0.2);
    while looplab_core::now() < exit_at {
        if sleep(exit_at - looplab_core::now()).await.is_err() {
            cancels.set(cancels.get() + 1);
        }
    }
    exited.set(true);
    Ok("slow")
}

/// From test_waitfor.py: AsyncioWaitForTest.test_asyncio_wait_for_cancelled
/// — cancelling the task in `wait_for` cancels the inner work; if that
/// swallows it, the task finishes with the value (CPython 3.12.1: exited,
/// one cancellation swallowed, the task's result is 'slow', at 0.2).
#[test]
fn cancelling_wait_for_reaches_the_inner_work_which_may_swallow_it() {
    let rt = Runtime::new_virtual();
    let cancels = Rc::new(Cell::new(0));
    let exited = Rc::new(Cell::new(false));
    let (c, e) = (cancels.clone(), exited.clone());
    let out = rt
        .block_on(async move {
            let w = spawn(async move {
                wait_for(Some(secs(0.4)), slow_task(c, e))
                    .await
                    .map_err(Error::from)?
            });
            yield_now().await?;
            w.cancel(None);
            let (done, _) = wait(vec![w.clone()], ReturnWhen::AllCompleted, None).await?;
            Ok::<_, Error>((done.len(), w.result(), w.state()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (1, Some(Ok("slow")), TaskState::Done));
    assert!(exited.get());
    assert_eq!(cancels.get(), 1);
    assert_eq!(rt.now().as_nanos(), 200_000_000);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_asyncio_wait_for_timeout
/// — 3.12 semantics: the inner work swallows the timeout's cancellation and
/// returns at 0.2, so `wait_for` returns its value, not TimeoutError
/// (CPython 3.12.1: 'slow' at 0.2, `cancelling() == 0`).
#[test]
fn wait_for_returns_the_value_when_the_inner_work_swallows_the_timeout() {
    let rt = Runtime::new_virtual();
    let cancels = Rc::new(Cell::new(0));
    let exited = Rc::new(Cell::new(false));
    let (c, e) = (cancels.clone(), exited.clone());
    let out = rt
        .block_on(async move {
            let r = wait_for(Some(secs(0.1)), slow_task(c, e)).await;
            Ok::<_, Error>((r, my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(Ok("slow")), 0));
    assert!(exited.get());
    assert_eq!(cancels.get(), 1);
    assert_eq!(rt.now().as_nanos(), 200_000_000);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done
/// — a zero timeout on an already finished task returns its result
/// (CPython 3.12.1: 'done').
#[test]
fn wait_for_zero_on_a_finished_task_returns_its_result() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let t = spawn(async { Ok::<_, Error>("done") });
            yield_now().await?;
            assert!(t.is_finished());
            Ok::<_, Error>(wait_for_task(Some(Duration::ZERO), t).await)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, Ok(Ok("done")));
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
#[test]
fn wait_for_zero_never_starts_a_coroutine() {
    let rt = Runtime::new_virtual();
    let started = Rc::new(Cell::new(false));
    let s = started.clone();
    let out = rt
        .block_on(async move {
            let r = wait_for(Some(Duration::ZERO), async move {
                s.set(true);
                Ok::<_, Error>(())
            })
            .await;
            Ok::<_, Error>(r)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, Err(Elapsed));
    assert!(!started.get());
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0
/// — a zero timeout on a running task cancels it and waits for it
/// (CPython 3.12.1: TimeoutError at 0.0, the task cancelled, its `finally`
/// ran).
#[test]
fn wait_for_zero_on_a_running_task_cancels_it() {
    let rt = Runtime::new_virtual();
    let running = Rc::new(Cell::new(false));
    let r2 = running.clone();
    let out = rt
        .block_on(async move {
            let started = Event::new();
            let st = started.clone();
            let fut = spawn(async move {
                r2.set(true);
                st.set();
                let r = sleep(secs(10.0)).await;
                r2.set(false);
                r?;
                Ok::<_, Error>("done")
            });
            started.wait().await?;
            let r = wait_for_task(Some(Duration::ZERO), fut.clone()).await;
            Ok::<_, Error>((r, fut.state()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), TaskState::Cancelled));
    assert!(!running.get());
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for
#[test]
fn wait_for_cancels_an_awaited_task_at_the_deadline() {
    let rt = Runtime::new_virtual();
    let fin = Rc::new(Cell::new(None));
    let f2 = fin.clone();
    let out = rt
        .block_on(async move {
            let fut = spawn(async move {
                let r = sleep(secs(1000.0)).await;
                f2.set(Some(now_ns()));
                r?;
                Ok::<_, Error>("done")
            });
            let r = wait_for(Some(secs(0.1)), fut.clone()).await;
            Ok::<_, Error>((r, fut.state(), my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), TaskState::Cancelled, 0));
    assert_eq!(fin.get(), Some(100_000_000));
    assert_eq!(rt.now().as_nanos(), 100_000_000);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_blocking and
/// WaitForShieldTests.test_none_timeout.
#[test]
fn wait_for_without_a_limit_just_awaits() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = wait_for(None, async { Ok::<_, Error>("done") }).await;
            let task = spawn(async {
                sleep(secs(0.1)).await?;
                Ok::<_, Error>("done")
            });
            let b = wait_for(None, shield(task.clone())).await;
            Ok::<_, Error>((a, b, task.state()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(Ok("done")), Ok(Ok("done")), TaskState::Done));
    assert_eq!(rt.now().as_nanos(), 100_000_000);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_race_condition
/// (3.12.1 version: the future is completed by `call_soon`).
#[test]
fn wait_for_returns_a_result_that_arrives_before_the_deadline() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let ev = Event::new();
            let e = ev.clone();
            Handle::current().call_soon(move || e.set());
            let r = wait_for(Some(secs(0.2)), async {
                ev.wait().await?;
                Ok::<_, Error>("ok")
            })
            .await;
            Ok::<_, Error>(r)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, Ok(Ok("ok")));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_cancellation_race_condition
/// and test_wait_for_cancel_suppressed (GH-86296) — a coroutine that
/// swallows the timeout's cancellation and returns a value: `wait_for`
/// returns the value (CPython 3.12.1: 1 at 0.01; 42 at 0.1).
#[test]
fn wait_for_returns_the_value_of_a_coroutine_that_swallows_the_cancellation() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let a = wait_for(Some(secs(0.01)), async {
                if sleep(secs(1.0)).await.is_err() {
                    return Ok::<_, Error>(1);
                }
                Ok(0)
            })
            .await;
            let a_at = now_ns();
            let b = wait_for(Some(secs(0.1)), async {
                if sleep(secs(10.0)).await.is_err() {
                    return Ok::<_, Error>(42);
                }
                Ok(0)
            })
            .await;
            Ok::<_, Error>((a, a_at, b, my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(Ok(1)), 10_000_000, Ok(Ok(42)), 0));
    assert_eq!(rt.now().as_nanos(), 110_000_000);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation
/// — `wait_for` waits for the cancelled task's cleanup before reporting
/// TimeoutError (CPython 3.12.1: both at 0.0002 = timeout + cleanup).
#[test]
fn wait_for_waits_for_the_cancelled_tasks_cleanup() {
    let rt = Runtime::new_virtual();
    let done_at = Rc::new(Cell::new(None));
    let d = done_at.clone();
    let eps = secs(0.0001);
    let out = rt
        .block_on(async move {
            let inner = spawn(async move {
                let r = match sleep(secs(10.0)).await {
                    Err(c) => match sleep(eps).await {
                        Ok(()) => Err(Error::from(c)),
                        Err(c2) => Err(Error::from(c2)),
                    },
                    Ok(()) => Ok(()),
                };
                d.set(Some(now_ns()));
                r
            });
            let r = wait_for(Some(eps), inner.clone()).await;
            Ok::<_, Error>((r, now_ns(), inner.state()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), 200_000, TaskState::Cancelled));
    assert_eq!(done_at.get(), Some(200_000));
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation_w_timeout_0
/// (CPython 3.12.1: the running task is cancelled, its cleanup awaited,
/// TimeoutError at 0.0002).
#[test]
fn wait_for_zero_waits_for_the_cancelled_tasks_cleanup() {
    let rt = Runtime::new_virtual();
    let done_at = Rc::new(Cell::new(None));
    let d = done_at.clone();
    let eps = secs(0.0001);
    let out = rt
        .block_on(async move {
            let inner = spawn(async move {
                let r = match sleep(secs(10.0)).await {
                    Err(c) => {
                        let _ = sleep(eps).await;
                        Err(Error::from(c))
                    }
                    Ok(()) => Ok(()),
                };
                d.set(Some(now_ns()));
                r
            });
            sleep(eps).await?;
            let r = wait_for_task(Some(Duration::ZERO), inner.clone()).await;
            Ok::<_, Error>((r, now_ns(), inner.state()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), 200_000, TaskState::Cancelled));
    assert_eq!(done_at.get(), Some(200_000));
}

/// Checked against CPython 3.12.1 (looptime), after
/// test_wait_for_waits_for_task_cancellation with a coroutine instead of a
/// task: cancelled at 1.0, cleanup until 1.5, TimeoutError at 1.5.
#[test]
fn wait_for_waits_for_a_coroutines_cleanup() {
    let rt = Runtime::new_virtual();
    let log = Rc::new(RefCell::new(Vec::new()));
    let l = log.clone();
    let out = rt
        .block_on(async move {
            let r = wait_for(Some(secs(1.0)), async move {
                if let Err(c) = sleep(secs(10.0)).await {
                    l.borrow_mut().push(now_ns());
                    sleep(secs(0.5)).await?;
                    l.borrow_mut().push(now_ns());
                    return Err(Error::from(c));
                }
                Ok(())
            })
            .await;
            Ok::<_, Error>((r, my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(Elapsed), 0));
    assert_eq!(*log.borrow(), vec![1_000_000_000, 1_500_000_000]);
    assert_eq!(rt.now().as_nanos(), 1_500_000_000);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation
#[test]
fn wait_for_reraises_an_error_raised_during_the_cancellation() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let inner = spawn(async {
                let _ = sleep(secs(0.2)).await;
                Err::<(), _>(Error::msg("FooException"))
            });
            let r = wait_for(Some(secs(0.0001)), inner).await;
            Ok::<_, Error>((r, my_cancelling()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(Err(Error::msg("FooException"))), 0));
    assert_eq!(rt.now().as_nanos(), 100_000);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_wait_for_issue86296 — a
/// task already finished is returned at once, and cancelling the caller
/// afterwards cancels what it awaits next.
#[test]
fn wait_for_on_a_finished_task_returns_and_a_later_cancel_still_lands() {
    let rt = Runtime::new_virtual();
    let reached_end = Rc::new(Cell::new(false));
    let re = reached_end.clone();
    let out = rt
        .block_on(async move {
            let inner = spawn(async { Ok::<_, Error>("done") });
            let i2 = inner.clone();
            let task = spawn(async move {
                wait_for(Some(secs(100.0)), i2).await??;
                sleep(secs(1.0)).await?;
                re.set(true);
                Ok::<_, Error>(())
            });
            assert!(!task.is_finished());
            yield_now().await?;
            task.cancel(None);
            let r = task.clone().await;
            Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), inner.result()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(true), Some(Ok("done"))));
    assert!(!reached_end.get());
    assert_eq!(rt.now().as_nanos(), 0);
}

/// From test_waitfor.py: AsyncioWaitForTest.test_cancel_blocking_wait_for and
/// test_cancel_wait_for (Python issue #23219) — cancelling the task in
/// `wait_for` cancels the awaited task, with or without a limit.
#[test]
fn cancelling_a_task_in_wait_for_cancels_the_awaited_task() {
    for limit in [None, Some(secs(60.0))] {
        let rt = Runtime::new_virtual();
        let out = rt
            .block_on(async move {
                let blocking = spawn(async {
                    Event::new().wait().await?;
                    Ok::<_, Error>(())
                });
                let b = blocking.clone();
                let w = spawn(async move { wait_for(limit, b).await.map_err(Error::from)? });
                let w2 = w.clone();
                Handle::current().call_soon(move || {
                    w2.cancel(None);
                });
                let r = w.clone().await;
                Ok::<_, Error>((r.map_err(|e| e.is_cancelled()), blocking.state(), w.state()))
            })
            .unwrap()
            .unwrap();
        assert_eq!(
            out,
            (Err(true), TaskState::Cancelled, TaskState::Cancelled),
            "limit {limit:?}"
        );
        assert_eq!(rt.now().as_nanos(), 0);
    }
}

/// From test_waitfor.py (3.11.7): AsyncioWaitForTest.test_wait_for_self_cancellation,
/// with 3.12 semantics (the test was dropped from 3.12 because the outcome
/// changed): the awaited task swallows the timeout's cancellation (0.1) and
/// the caller's (0.2), returns 42 at 0.5, and since the caller's
/// cancellations were forwarded to it, the caller gets 42 too (CPython
/// 3.12.1: 42 and 42 at 0.5).
#[test]
fn wait_for_on_a_task_that_swallows_every_cancellation_returns_its_value() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let inner = spawn(async {
                if sleep(secs(0.3)).await.is_err() && sleep(secs(0.3)).await.is_err() {
                    sleep(secs(0.3)).await?;
                }
                Ok::<_, Error>(42)
            });
            let i2 = inner.clone();
            let task =
                spawn(async move { wait_for(Some(secs(0.1)), i2).await.map_err(Error::from)? });
            sleep(secs(0.2)).await?;
            task.cancel(None);
            let r = task.clone().await;
            let i = inner.await;
            Ok::<_, Error>((r, i, task.state()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Ok(42), Ok(42), TaskState::Done));
    assert_eq!(rt.now().as_nanos(), 500_000_000);
}

/// Checked against CPython 3.12.1 (looptime): a cancellation of the caller
/// is not turned into TimeoutError — before the deadline, and also when it
/// lands in the same iteration as the deadline (both at 1.0: 'cancelled').
#[test]
fn a_caller_cancellation_is_not_reported_as_elapsed() {
    for (cancel_after, limit) in [(1.0, 5.0), (1.0, 1.0)] {
        let rt = Runtime::new_virtual();
        let out = rt
            .block_on(async move {
                let t: Rc<RefCell<Option<looplab_core::JoinHandle<(), Error>>>> = Rc::default();
                let t2 = t.clone();
                // `loop.call_later(cancel_after, t.cancel)`, scheduled first.
                let canceller = spawn(async move {
                    sleep(secs(cancel_after)).await?;
                    if let Some(t) = t2.borrow().as_ref() {
                        t.cancel(None);
                    }
                    Ok::<_, Error>(())
                });
                let task = spawn(async move {
                    wait_for(Some(secs(limit)), async {
                        sleep(secs(10.0)).await?;
                        Ok::<_, Error>(())
                    })
                    .await
                    .map_err(Error::from)?
                });
                *t.borrow_mut() = Some(task.clone());
                let r = task.await;
                canceller.await?;
                Ok::<_, Error>(r)
            })
            .unwrap()
            .unwrap();
        assert!(
            matches!(out, Err(ref e) if e.is_cancelled()),
            "limit {limit}: {out:?}"
        );
        assert_eq!(rt.now().as_nanos(), 1_000_000_000);
    }
}

/// From test_waitfor.py: WaitForShieldTests.test_shielded_timeout and
/// test_zero_timeout — the shield times out, the task keeps running.
#[test]
fn wait_for_a_shielded_task_times_out_without_cancelling_it() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let task = spawn(async {
                sleep(secs(0.1)).await?;
                Ok::<_, Error>("done")
            });
            let zero = wait_for(Some(Duration::ZERO), shield(task.clone())).await;
            let a = wait_for(Some(secs(0.01)), shield(task.clone())).await;
            let a_at = now_ns();
            let state = task.state();
            let v = task.clone().await?;
            Ok::<_, Error>((zero, a, a_at, state, v))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            Err(Elapsed),
            Err(Elapsed),
            10_000_000,
            TaskState::Waiting,
            "done"
        )
    );
    assert_eq!(rt.now().as_nanos(), 100_000_000);
}
