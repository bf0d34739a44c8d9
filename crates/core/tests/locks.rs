//! `Lock`, `Event` and `Condition`, ported from CPython's
//! `Lib/test/test_asyncio/test_locks.py` (3.12.1 and 3.13.0 sources).
//!
//! `await asyncio.sleep(0)` is `yield_now()`; `asyncio.create_task(x.acquire())`
//! is a spawned task that forgets its guard (Python's `acquire()` leaves the
//! lock held); `loop.call_soon(f)` is `Handle::current().call_soon(f)`.
//! Where a CPython test inspects internals (`lock._waiters`), the observable
//! equivalent (`waiters()`, who gets the lock next) is asserted instead.

// Tests may unwrap: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{
    spawn, timeout, wait_for, yield_now, Condition, ConditionError, Error, Event, Handle,
    JoinHandle, Lock, NotLocked, Runtime, TaskState,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

type Log = Rc<RefCell<Vec<i32>>>;

fn log() -> Log {
    Rc::new(RefCell::new(Vec::new()))
}

fn seen(l: &Log) -> Vec<i32> {
    l.borrow().clone()
}

fn cerr(e: ConditionError) -> Error {
    match e {
        ConditionError::Cancelled(c) => Error::Cancelled(c),
        other => Error::msg(other.to_string()),
    }
}

/// `asyncio.create_task(lock.acquire())`: takes the lock and keeps it.
fn spawn_acquire(lock: &Lock) -> JoinHandle<bool, Error> {
    let l = lock.clone();
    spawn(async move {
        l.acquire().await?.forget();
        Ok::<_, Error>(true)
    })
}

/// A task that takes the lock, records `n`, and keeps the lock.
fn acquire_and_log(lock: &Lock, result: &Log, n: i32) -> JoinHandle<bool, Error> {
    let (l, r) = (lock.clone(), result.clone());
    spawn(async move {
        l.acquire().await?.forget();
        r.borrow_mut().push(n);
        Ok::<_, Error>(true)
    })
}

// ---------------------------------------------------------------- Lock

/// From test_locks.py: LockTests.test_acquire
#[test]
fn lock_acquire_wakes_waiters_in_fifo_order() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        let result = log();
        lock.acquire().await?.forget();

        let t1 = acquire_and_log(&lock, &result, 1);
        let t2 = acquire_and_log(&lock, &result, 2);
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());

        lock.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1]);

        yield_now().await?;
        assert_eq!(seen(&result), [1]);

        let t3 = acquire_and_log(&lock, &result, 3);
        lock.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1, 2]);

        lock.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1, 2, 3]);

        for t in [&t1, &t2, &t3] {
            assert_eq!(t.result(), Some(Ok(true)));
        }
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: LockTests.test_acquire_cancel
#[test]
fn lock_cancelled_acquire_leaves_no_waiter() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        lock.acquire().await?.forget();

        let task = spawn_acquire(&lock);
        let t = task.clone();
        Handle::current().call_soon(move || {
            t.cancel(None);
        });
        let r = task.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        assert_eq!(lock.waiters(), 0);
        // The lock is still ours.
        assert!(lock.locked());
        Ok::<_, Error>(task.state())
    });
    assert_eq!(out, Ok(Ok(TaskState::Cancelled)));
}

/// From test_locks.py: LockTests.test_cancel_race
///
/// A holds the lock, B and C wait. B is cancelled in the same iteration as
/// A releases: the lock must go to C, not be lost on B.
#[test]
fn lock_release_racing_a_cancelled_waiter_moves_on_to_the_next() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        let lockit = |blocker: Option<Event>| {
            let l = lock.clone();
            spawn(async move {
                let g = l.acquire().await?;
                if let Some(b) = blocker {
                    b.wait().await?;
                }
                drop(g);
                Ok::<_, Error>(())
            })
        };
        let fa = Event::new();
        let ta = lockit(Some(fa.clone()));
        yield_now().await?;
        assert!(lock.locked());
        let tb = lockit(None);
        yield_now().await?;
        assert_eq!(lock.waiters(), 1);
        let tc = lockit(None);
        yield_now().await?;
        assert_eq!(lock.waiters(), 2);

        fa.set();
        tb.cancel(None);
        yield_now().await?;
        assert!(!lock.locked());
        assert!(ta.is_finished());
        assert!(tb.is_cancelled());
        tc.clone().await?;
        assert!(!lock.locked());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: LockTests.test_cancel_release_race (bpo-32734)
///
/// Three waiters; the first is cancelled and the lock released in one
/// callback: exactly one waiter (the second) takes the lock.
#[test]
fn lock_cancel_and_release_together_hand_the_lock_to_one_waiter() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        let lock_count = Rc::new(Cell::new(0));
        let call_count = Rc::new(Cell::new(0));
        let lockit = || {
            let (l, lc, cc) = (lock.clone(), lock_count.clone(), call_count.clone());
            spawn(async move {
                cc.set(cc.get() + 1);
                l.acquire().await?.forget();
                lc.set(lc.get() + 1);
                Ok::<_, Error>(())
            })
        };
        lock.acquire().await?.forget();
        let t1 = lockit();
        let t2 = lockit();
        let t3 = lockit();
        yield_now().await?;

        let (c1, l2) = (t1.clone(), lock.clone());
        Handle::current().call_soon(move || {
            c1.cancel(None);
            l2.release().unwrap();
        });
        let r = t1.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");

        assert_eq!(lock_count.get(), 1);
        assert_eq!(call_count.get(), 3);
        assert!(t1.is_cancelled() && t2.is_finished());

        t3.cancel(None);
        yield_now().await?;
        assert!(t3.is_cancelled());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: LockTests.test_finished_waiter_cancelled
///
/// B waits; C arrives; B is cancelled and the lock released in the same
/// iteration. In CPython C takes the lock during the very next iteration
/// (every queued waiter is cancelled, so `acquire` takes the fast path);
/// checked on 3.12.1 and 3.13.0: `locked True tb True tc done True`.
#[test]
fn lock_cancelled_waiter_does_not_keep_the_lock_from_the_next() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        lock.acquire().await?.forget();
        assert!(lock.locked());

        let tb = spawn_acquire(&lock);
        yield_now().await?;
        assert_eq!(lock.waiters(), 1);

        let tc = spawn_acquire(&lock);
        tb.cancel(None);
        lock.release().unwrap();
        yield_now().await?;

        assert!(lock.locked());
        assert!(tb.is_cancelled());
        assert!(tc.is_finished());
        tc.clone().await?;
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: LockTests.test_release_not_acquired and
/// LockTests.test_release_no_waiters
#[test]
fn lock_release_when_not_held_is_an_error() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        assert_eq!(lock.release(), Err(NotLocked));

        lock.acquire().await?.forget();
        assert!(lock.locked());
        assert_eq!(lock.release(), Ok(()));
        assert!(!lock.locked());
        // Over-release: RuntimeError('Lock is not acquired.') again.
        assert_eq!(lock.release(), Err(NotLocked));
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: LockTests.test_context_manager
#[test]
fn lock_guard_releases_on_drop() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        assert!(!lock.locked());
        {
            let _g = lock.acquire().await?;
            assert!(lock.locked());
        }
        assert!(!lock.locked());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// A release whose only waiter was cancelled (but has not run yet) leaves
/// the lock free, and `acquire()` takes it at once (the fast path when every
/// queued waiter is cancelled). CPython 3.12.1 and 3.13.0: `lock: locked
/// False`, `acquired at once`, `t cancelled True locked True`.
#[test]
fn lock_release_with_only_cancelled_waiters_leaves_it_free() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let lock = Lock::new();
        lock.acquire().await?.forget();
        let t = spawn_acquire(&lock);
        yield_now().await?;
        t.cancel(None);
        lock.release().unwrap();
        assert!(!lock.locked());
        let g = lock.try_acquire();
        assert!(g.is_some());
        g.unwrap().forget();
        yield_now().await?;
        assert!(t.is_cancelled());
        assert!(lock.locked());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

// ---------------------------------------------------------------- Event

/// From test_locks.py: EventTests.test_wait
///
/// `set()` wakes t1 and t2; t3, scheduled before `set()` but not yet run,
/// runs first in the next iteration and finds the flag set: `[3, 1, 2]`.
#[test]
fn event_set_wakes_every_waiter() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let ev = Event::new();
        assert!(!ev.is_set());
        let result = log();
        let waiter = |n: i32| {
            let (e, r) = (ev.clone(), result.clone());
            spawn(async move {
                e.wait().await?;
                r.borrow_mut().push(n);
                Ok::<_, Error>(())
            })
        };
        let t1 = waiter(1);
        let t2 = waiter(2);
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());

        let t3 = waiter(3);
        ev.set();
        yield_now().await?;
        assert_eq!(seen(&result), [3, 1, 2]);
        for t in [&t1, &t2, &t3] {
            assert_eq!(t.result(), Some(Ok(())));
        }
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: EventTests.test_wait_on_set
#[test]
fn event_wait_on_a_set_event_returns_at_once() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let ev = Event::new();
        ev.set();
        ev.wait().await?;
        Ok::<_, Error>(looplab_core::now().as_nanos())
    });
    assert_eq!(out, Ok(Ok(0)));
}

/// From test_locks.py: EventTests.test_wait_cancel
#[test]
fn event_cancelled_wait_ends_cancelled_and_the_event_still_works() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let ev = Event::new();
        let e = ev.clone();
        let wait = spawn(async move {
            e.wait().await?;
            Ok::<_, Error>(())
        });
        let w = wait.clone();
        Handle::current().call_soon(move || {
            w.cancel(None);
        });
        let r = wait.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        // No stale waiter: a later set/wait works normally.
        ev.set();
        ev.wait().await?;
        Ok::<_, Error>(wait.state())
    });
    assert_eq!(out, Ok(Ok(TaskState::Cancelled)));
}

/// A waiter cancelled after `set()` woke it, before it ran, still ends
/// cancelled (the cancel is thrown in at its `await`). CPython 3.12.1 and
/// 3.13.0: `event: cancelled True`.
#[test]
fn event_waiter_cancelled_after_set_ends_cancelled() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let ev = Event::new();
        let e = ev.clone();
        let t = spawn(async move {
            e.wait().await?;
            Ok::<_, Error>(())
        });
        yield_now().await?;
        ev.set();
        t.cancel(None);
        yield_now().await?;
        Ok::<_, Error>(t.state())
    });
    assert_eq!(out, Ok(Ok(TaskState::Cancelled)));
}

/// From test_locks.py: EventTests.test_clear
#[test]
fn event_clear_resets_the_flag() {
    let ev = Event::new();
    assert!(!ev.is_set());
    ev.set();
    assert!(ev.is_set());
    ev.clear();
    assert!(!ev.is_set());
}

/// From test_locks.py: EventTests.test_clear_with_waiters
///
/// A waiter woken by `set()` still returns even though `clear()` ran before
/// it could; setting twice more wakes it only once.
#[test]
fn event_waiter_woken_before_clear_still_returns() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let ev = Event::new();
        let result = log();
        let (e, r) = (ev.clone(), result.clone());
        let t = spawn(async move {
            e.wait().await?;
            r.borrow_mut().push(1);
            Ok::<_, Error>(true)
        });
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());

        ev.set();
        ev.clear();
        assert!(!ev.is_set());
        ev.set();
        ev.set();

        yield_now().await?;
        assert_eq!(seen(&result), [1]);
        assert_eq!(t.result(), Some(Ok(true)));
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

// ---------------------------------------------------------------- Condition

/// A task that takes the condition's lock, waits once, records `n`, and
/// (if `release`) releases the lock.
fn cond_waiter(cond: &Condition, result: &Log, n: i32, release: bool) -> JoinHandle<bool, Error> {
    let (c, r) = (cond.clone(), result.clone());
    spawn(async move {
        c.acquire().await?.forget();
        c.wait().await.map_err(cerr)?;
        r.borrow_mut().push(n);
        if release {
            c.release().unwrap();
        }
        Ok::<_, Error>(true)
    })
}

/// From test_locks.py: ConditionTests.test_wait
#[test]
fn condition_wait_reacquires_the_lock_in_notify_order() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let result = log();
        let t1 = cond_waiter(&cond, &result, 1, false);
        let t2 = cond_waiter(&cond, &result, 2, false);
        let t3 = cond_waiter(&cond, &result, 3, false);

        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());
        assert!(!cond.locked());

        cond.acquire().await?.forget();
        cond.notify(1).unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());
        assert!(cond.locked());

        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1]);
        assert!(cond.locked());

        cond.notify(2).unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1]);
        assert!(cond.locked());

        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1, 2]);
        assert!(cond.locked());

        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1, 2, 3]);
        assert!(cond.locked());

        for t in [&t1, &t2, &t3] {
            assert_eq!(t.result(), Some(Ok(true)));
        }
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_wait_cancel
///
/// A cancelled `wait()` takes the lock again before it ends.
#[test]
fn condition_cancelled_wait_reacquires_the_lock() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        cond.acquire().await?.forget();
        let c = cond.clone();
        let wait = spawn(async move {
            c.wait().await.map_err(cerr)?;
            Ok::<_, Error>(())
        });
        let w = wait.clone();
        Handle::current().call_soon(move || {
            w.cancel(None);
        });
        let r = wait.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        assert_eq!(cond.waiters(), 0);
        assert!(cond.locked());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_wait_cancel_contested
///
/// Notified, then cancelled while the lock is contested: the CPython test
/// accepts either outcome; 3.12.1 and 3.13.0 both end the task cancelled,
/// with the lock held and no waiter left (snippet output:
/// `cancelled` / `locked True waiters 0`).
#[test]
fn condition_wait_cancelled_while_lock_contested_holds_the_lock() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        cond.acquire().await?.forget();
        assert!(cond.locked());

        let c = cond.clone();
        let wait_task = spawn(async move {
            c.wait().await.map_err(cerr)?;
            Ok::<_, Error>(())
        });
        yield_now().await?;
        assert!(!cond.locked());

        cond.acquire().await?.forget();
        assert!(cond.locked());
        cond.notify(1).unwrap();
        let (w, c2) = (wait_task.clone(), cond.clone());
        Handle::current().call_soon(move || {
            w.cancel(None);
        });
        Handle::current().call_soon(move || {
            c2.release().unwrap();
        });
        let r = wait_task.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        assert!(cond.locked());
        assert_eq!(cond.waiters(), 0);
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_wait_cancel_after_notify (bpo-32841)
#[test]
fn condition_cancel_after_notify_ends_the_waiter_cancelled() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let waited = Rc::new(Cell::new(false));
        let (c, w) = (cond.clone(), waited.clone());
        let waiter = spawn(async move {
            let _g = c.acquire().await?;
            w.set(true);
            c.wait().await.map_err(cerr)?;
            Ok::<_, Error>(())
        });
        yield_now().await?;

        cond.acquire().await?.forget();
        cond.notify(1).unwrap();
        yield_now().await?; // the waiter goes on to re-acquire
        waiter.cancel(None);
        yield_now().await?; // cancellation reaches it
        cond.release().unwrap();
        yield_now().await?;

        assert!(waiter.is_cancelled());
        assert!(waited.get());
        // The guard of the cancelled task released the lock it re-took.
        assert!(!cond.locked());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_wait_unacquired,
/// test_notify_unacquired and test_notify_all_unacquired
#[test]
fn condition_requires_the_lock() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        assert_eq!(cond.wait().await, Err(ConditionError::NotAcquired));
        assert_eq!(cond.notify(1), Err(ConditionError::NotAcquired));
        assert_eq!(cond.notify_all(), Err(ConditionError::NotAcquired));
        assert!(!cond.locked());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_wait_for
#[test]
fn condition_wait_for_rechecks_the_predicate_after_each_notify() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let presult = Rc::new(Cell::new(false));
        let result = log();
        let (c, p, r) = (cond.clone(), presult.clone(), result.clone());
        let t = spawn(async move {
            c.acquire().await?.forget();
            c.wait_for(|| p.get()).await.map_err(cerr)?;
            r.borrow_mut().push(1);
            c.release().unwrap();
            Ok::<_, Error>(true)
        });
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());

        cond.acquire().await?.forget();
        cond.notify(1).unwrap();
        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());

        presult.set(true);
        cond.acquire().await?.forget();
        cond.notify(1).unwrap();
        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1]);
        assert_eq!(t.result(), Some(Ok(true)));
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_wait_for_unacquired
///
/// A predicate that is already true returns without needing the lock; one
/// that is false raises RuntimeError (we: `NotAcquired`).
#[test]
fn condition_wait_for_unacquired() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        assert_eq!(cond.wait_for(|| true).await, Ok(()));
        assert_eq!(
            cond.wait_for(|| false).await,
            Err(ConditionError::NotAcquired)
        );
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_notify
#[test]
fn condition_notify_wakes_at_most_n() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let result = log();
        let ts: Vec<_> = (1..=3)
            .map(|n| cond_waiter(&cond, &result, n, true))
            .collect();
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());

        cond.acquire().await?.forget();
        cond.notify(1).unwrap();
        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1]);

        cond.acquire().await?.forget();
        cond.notify(1).unwrap();
        cond.notify(2048).unwrap();
        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1, 2, 3]);
        for t in &ts {
            assert_eq!(t.result(), Some(Ok(true)));
        }
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_notify_all
#[test]
fn condition_notify_all_wakes_everyone() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let result = log();
        let t1 = cond_waiter(&cond, &result, 1, true);
        let t2 = cond_waiter(&cond, &result, 2, true);
        yield_now().await?;
        assert_eq!(seen(&result), Vec::<i32>::new());

        cond.acquire().await?.forget();
        cond.notify_all().unwrap();
        cond.release().unwrap();
        yield_now().await?;
        assert_eq!(seen(&result), [1, 2]);
        assert_eq!(t1.result(), Some(Ok(true)));
        assert_eq!(t2.result(), Some(Ok(true)));
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_explicit_lock and
/// ConditionTests.test_context_manager
#[test]
fn condition_over_an_explicit_lock_shares_it() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        for explicit in [false, true] {
            let (lock, cond) = if explicit {
                let lock = Lock::new();
                (lock.clone(), Condition::with_lock(lock))
            } else {
                let cond = Condition::new();
                (cond.lock().clone(), cond)
            };
            assert!(!lock.locked() && !cond.locked());
            {
                let _g = cond.acquire().await?;
                assert!(lock.locked() && cond.locked());
            }
            assert!(!lock.locked() && !cond.locked());
            {
                let _g = lock.acquire().await?;
                assert!(lock.locked() && cond.locked());
            }
            assert!(!lock.locked() && !cond.locked());
        }
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: ConditionTests.test_timeout_in_block
///
/// `wait_for(condition.wait(), 0.5)` inside `async with condition` times out
/// at t=0.5 and leaves the lock held for the block's exit.
#[test]
fn condition_wait_timeout_inside_the_lock_reacquires_it() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let g = cond.acquire().await?;
        let c = cond.clone();
        let r = wait_for(Some(Duration::from_millis(500)), async move {
            c.wait().await.map_err(cerr)
        })
        .await;
        assert!(r.is_err(), "{r:?}");
        assert!(cond.locked());
        drop(g);
        assert!(!cond.locked());
        Ok::<_, Error>(looplab_core::now().as_nanos())
    });
    assert_eq!(out, Ok(Ok(500_000_000)));
}

/// From test_locks.py (3.13): ConditionTests.test_cancelled_error_wakeup
///
/// Cancelled with a message while waiting in `wait_for`: the task ends
/// cancelled with that message.
#[test]
fn condition_cancel_while_waiting_keeps_the_message() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let c = cond.clone();
        let task = spawn(async move {
            let _g = c.acquire().await?;
            c.wait_for(|| false).await.map_err(cerr)?;
            Ok::<_, Error>(())
        });
        yield_now().await?;
        task.cancel(Some("foo"));
        let r = task.clone().await;
        match r {
            Err(Error::Cancelled(c)) => assert_eq!(c.message(), Some("foo")),
            other => panic!("expected cancellation, got {other:?}"),
        }
        assert!(!cond.locked());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py (3.13): ConditionTests.test_cancelled_error_re_aquire
///
/// Notified, then cancelled with a message while re-acquiring the lock: the
/// task ends cancelled with that message. (3.12.1 raises a fresh
/// `CancelledError()` without the message; 3.13 re-raises the original.)
#[test]
fn condition_cancel_while_reacquiring_keeps_the_message() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let cond = Condition::new();
        let wake = Rc::new(Cell::new(false));
        let (c, w) = (cond.clone(), wake.clone());
        let task = spawn(async move {
            let _g = c.acquire().await?;
            c.wait_for(|| w.get()).await.map_err(cerr)?;
            Ok::<_, Error>(())
        });
        yield_now().await?;
        cond.acquire().await?.forget();
        wake.set(true);
        cond.notify(1).unwrap();
        yield_now().await?; // now re-acquiring the lock
        task.cancel(Some("foo"));
        cond.release().unwrap();
        let r = task.clone().await;
        match r {
            Err(Error::Cancelled(c)) => assert_eq!(c.message(), Some("foo")),
            other => panic!("expected cancellation, got {other:?}"),
        }
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// Shared body of ConditionTests.test_cancelled_wakeup and
/// test_cancelled_wakeup_relock (3.13, gh-112202): two consumers wait for
/// `state != 0`; one item is produced and one consumer notified, and that
/// consumer is cancelled (before it runs, or while re-acquiring the lock).
/// The notification must not be lost: the other consumer takes the item
/// within the producer's 0.01 s `timeout` window.
fn cancelled_wakeup(relock: bool) -> (i32, f64) {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async move {
        let cond = Condition::new();
        let state = Rc::new(Cell::new(0i32));
        let consumer = || {
            let (c, s) = (cond.clone(), state.clone());
            spawn(async move {
                let _g = c.acquire().await?;
                loop {
                    c.wait_for(|| s.get() != 0).await.map_err(cerr)?;
                    if s.get() < 0 {
                        return Ok::<_, Error>(());
                    }
                    s.set(s.get() - 1);
                }
            })
        };
        let c0 = consumer();
        let c1 = consumer();
        yield_now().await?;

        let g = cond.acquire().await?;
        state.set(state.get() + 1);
        cond.notify(1).unwrap();
        if relock {
            yield_now().await?;
        }
        c0.cancel(None);
        let (c, s) = (cond.clone(), state.clone());
        let waited = timeout(Some(Duration::from_millis(10)))
            .run(async move { c.wait_for(|| s.get() == 0).await.map_err(cerr) })
            .await;
        let consumed = state.get();
        let at = looplab_core::now().as_secs_f64();
        // Whether or not it timed out, the lock is ours again.
        assert!(cond.locked(), "{waited:?}");

        state.set(-1);
        cond.notify_all().unwrap();
        drop(g);
        c1.clone().await?;
        assert!(c0.is_cancelled());
        Ok::<_, Error>((consumed, at))
    });
    out.unwrap().unwrap()
}

/// From test_locks.py (3.13): ConditionTests.test_cancelled_wakeup
///
/// CPython 3.13.0: state 0, and the producer's `wait_for(state == 0)` times
/// out at 0.01 (nobody notifies it). 3.12.1 loses the wake-up (state 1).
#[test]
fn condition_notified_then_cancelled_waiter_passes_the_notification_on() {
    assert_eq!(cancelled_wakeup(false), (0, 0.01));
}

/// From test_locks.py (3.13): ConditionTests.test_cancelled_wakeup_relock
///
/// As above, but the consumer is cancelled while re-acquiring the lock.
#[test]
fn condition_waiter_cancelled_while_relocking_passes_the_notification_on() {
    assert_eq!(cancelled_wakeup(true), (0, 0.01));
}
