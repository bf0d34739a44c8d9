//! `Semaphore` and `BoundedSemaphore`, ported from CPython's
//! `Lib/test/test_asyncio/test_locks.py` (`SemaphoreTests`; 3.12.1 and
//! 3.13.0 sources).
//!
//! `await asyncio.sleep(0)` is `yield_now()`; `asyncio.create_task(sem.acquire())`
//! is a spawned task that forgets its permit (Python's `acquire()` keeps it);
//! `sem._value` is `available_permits()`. Where a CPython test inspects
//! `sem._waiters`, the observable behaviour is asserted instead.

// Tests may unwrap: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{
    gather, gather_settled, sleep, spawn, wait_for, yield_now, Error, Handle, JoinHandle,
    ReleaseError, Runtime, Semaphore, TaskState,
};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

type Log<T> = Rc<RefCell<Vec<T>>>;

fn log<T>() -> Log<T> {
    Rc::new(RefCell::new(Vec::new()))
}

/// `asyncio.create_task(sem.acquire())`: takes a permit and keeps it.
fn spawn_acquire(sem: &Semaphore) -> JoinHandle<bool, Error> {
    let s = sem.clone();
    spawn(async move {
        s.acquire().await?.forget();
        Ok::<_, Error>(true)
    })
}

/// A task that takes a permit (keeping it) and records `n`.
fn acquire_and_log(sem: &Semaphore, result: &Log<i32>, n: i32) -> JoinHandle<bool, Error> {
    let (s, r) = (sem.clone(), result.clone());
    spawn(async move {
        s.acquire().await?.forget();
        r.borrow_mut().push(n);
        Ok::<_, Error>(true)
    })
}

/// From test_locks.py: SemaphoreTests.test_initial_value_zero
#[test]
fn semaphore_with_zero_permits_is_locked() {
    let sem = Semaphore::new(0);
    assert!(sem.locked());
    assert_eq!(sem.available_permits(), 0);
}

/// From test_locks.py: SemaphoreTests.test_semaphore and
/// SemaphoreTests.test_release_no_waiters
#[test]
fn semaphore_acquire_and_release_without_waiters() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(1);
        assert_eq!(sem.available_permits(), 1);
        assert!(!sem.locked());

        sem.acquire().await?.forget();
        assert!(sem.locked());
        sem.release().unwrap();
        assert!(!sem.locked());
        assert_eq!(sem.available_permits(), 1);
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: SemaphoreTests.test_acquire
///
/// Released permits go straight to waiters (`_value` stays 0); of the three
/// tasks racing for two permits, exactly two get one.
#[test]
fn semaphore_release_hands_permits_to_waiters() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(3);
        let result = log();
        sem.acquire().await?.forget();
        sem.acquire().await?.forget();
        assert!(!sem.locked());

        let t1 = acquire_and_log(&sem, &result, 1);
        let t2 = acquire_and_log(&sem, &result, 2);
        let t3 = acquire_and_log(&sem, &result, 3);
        yield_now().await?;
        assert_eq!(*result.borrow(), [1]);
        assert!(sem.locked());
        assert_eq!(sem.waiters(), 2);
        assert_eq!(sem.available_permits(), 0);

        let t4 = acquire_and_log(&sem, &result, 4);
        sem.release().unwrap();
        sem.release().unwrap();
        assert_eq!(sem.available_permits(), 0);

        yield_now().await?;
        assert_eq!(sem.available_permits(), 0);
        assert_eq!(result.borrow().len(), 3);
        assert!(sem.locked());
        assert_eq!(sem.waiters(), 1);

        assert_eq!(t1.result(), Some(Ok(true)));
        let race = [t2, t3, t4];
        let done = race.iter().filter(|t| t.result() == Some(Ok(true))).count();
        assert_eq!(done, 2);

        sem.release().unwrap();
        gather(race.to_vec()).await?;
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: SemaphoreTests.test_acquire_cancel
#[test]
fn semaphore_cancelled_acquire_takes_no_permit() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(1);
        sem.acquire().await?.forget();

        let acquire = spawn_acquire(&sem);
        let a = acquire.clone();
        Handle::current().call_soon(move || {
            a.cancel(None);
        });
        let r = acquire.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        assert_eq!(sem.waiters(), 0);
        // The permit we hold is the only one taken.
        sem.release().unwrap();
        assert_eq!(sem.available_permits(), 1);
        assert!(!sem.locked());
        Ok::<_, Error>(acquire.state())
    });
    assert_eq!(out, Ok(Ok(TaskState::Cancelled)));
}

/// From test_locks.py: SemaphoreTests.test_acquire_cancel_before_awoken
///
/// Two of four waiters are cancelled, then one permit released: it goes to
/// the third waiter, never to a cancelled one, and the fourth keeps waiting.
#[test]
fn semaphore_permit_skips_waiters_cancelled_before_release() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(0);
        let ts: Vec<_> = (0..4).map(|_| spawn_acquire(&sem)).collect();
        yield_now().await?;

        ts[0].cancel(None);
        ts[1].cancel(None);
        sem.release().unwrap();

        yield_now().await?;
        yield_now().await?;
        assert!(ts[2].is_finished());
        assert!(!ts[3].is_finished());
        assert!(ts[0].is_cancelled() && ts[1].is_cancelled());

        ts[2].cancel(None);
        ts[3].cancel(None);
        yield_now().await?;
        assert!(ts[3].is_cancelled());
        assert_eq!(sem.available_permits(), 0);
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// As SemaphoreTests.test_acquire_cancel_before_awoken, checked one
/// iteration after the release: in CPython (3.12.1 and 3.13.0) the third
/// waiter already holds the permit then (`after 1 sleep: t3 done True t4
/// done False locked True value 0`): `release()` skips waiters whose future
/// is already cancelled.
#[test]
fn semaphore_permit_reaches_the_next_live_waiter_in_one_iteration() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(0);
        let ts: Vec<_> = (0..4).map(|_| spawn_acquire(&sem)).collect();
        yield_now().await?;
        ts[0].cancel(None);
        ts[1].cancel(None);
        sem.release().unwrap();
        yield_now().await?;
        let seen = (
            ts[2].is_finished(),
            ts[3].is_finished(),
            sem.locked(),
            sem.available_permits(),
        );
        ts[3].cancel(None);
        yield_now().await?;
        Ok::<_, Error>(seen)
    });
    assert_eq!(out, Ok(Ok((true, false, true, 0))));
}

/// From test_locks.py: SemaphoreTests.test_acquire_hang
#[test]
fn semaphore_release_after_cancel_does_not_hang() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(0);
        let t1 = spawn_acquire(&sem);
        let t2 = spawn_acquire(&sem);
        yield_now().await?;

        t1.cancel(None);
        sem.release().unwrap();
        yield_now().await?;
        yield_now().await?;
        assert!(sem.locked());
        assert!(t2.is_finished());
        assert!(t1.is_cancelled());
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: SemaphoreTests.test_acquire_no_hang
///
/// A waiter cancelled after it was handed the permit gives it back: a later
/// `acquire()` succeeds at once (under a 1 s `wait_for`, at t=0).
#[test]
fn semaphore_woken_then_cancelled_waiter_gives_the_permit_back() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(1);
        let entered = Rc::new(RefCell::new(false));
        let t2_cell: Rc<RefCell<Option<JoinHandle<(), Error>>>> = Rc::new(RefCell::new(None));
        let (s1, cell) = (sem.clone(), t2_cell.clone());
        let t1 = spawn(async move {
            {
                let _p = s1.acquire().await?;
                yield_now().await?;
            }
            if let Some(t2) = cell.borrow().as_ref() {
                t2.cancel(None);
            }
            Ok::<_, Error>(())
        });
        let (s2, e) = (sem.clone(), entered.clone());
        let t2 = spawn(async move {
            let _p = s2.acquire().await?;
            *e.borrow_mut() = true;
            Ok::<_, Error>(())
        });
        *t2_cell.borrow_mut() = Some(t2.clone());

        let rs = gather_settled(vec![t1, t2]).await?;
        assert_eq!(rs[0], Ok(()));
        assert!(matches!(rs[1], Err(Error::Cancelled(_))), "{:?}", rs[1]);
        assert!(!*entered.borrow());

        let s = sem.clone();
        let r = wait_for(Some(Duration::from_secs(1)), async move {
            s.acquire().await.map(|p| p.forget()).map_err(Error::from)
        })
        .await;
        assert_eq!(r, Ok(Ok(())));
        Ok::<_, Error>(looplab_core::now().as_nanos())
    });
    assert_eq!(out, Ok(Ok(0)));
}

/// From test_locks.py: SemaphoreTests.test_release_not_acquired, plus the
/// over-release of a bounded semaphore after a full acquire/release cycle
/// (CPython: `ValueError: BoundedSemaphore released too many times`, value
/// stays 2).
#[test]
fn bounded_semaphore_rejects_over_release() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::bounded(1);
        assert_eq!(sem.release(), Err(ReleaseError));

        let sem = Semaphore::bounded(2);
        sem.acquire().await?.forget();
        sem.acquire().await?.forget();
        sem.release().unwrap();
        sem.release().unwrap();
        assert_eq!(sem.release(), Err(ReleaseError));
        assert_eq!(sem.available_permits(), 2);

        // A plain Semaphore may be released past its initial value.
        let plain = Semaphore::new(1);
        plain.release().unwrap();
        assert_eq!(plain.available_permits(), 2);
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}

/// From test_locks.py: SemaphoreTests.test_acquire_fifo_order
///
/// Each task holds the only permit for 0.01 s, twice: strict rotation, and
/// the six holds run back to back (CPython on looptime: c1_1@0.0 … c3_2@0.05,
/// finished at 0.06).
#[test]
fn semaphore_acquire_fifo_order() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(1);
        let result: Log<(String, u64)> = log();
        let mut ts = Vec::new();
        for tag in ["c1", "c2", "c3"] {
            let (s, r) = (sem.clone(), result.clone());
            ts.push(spawn(async move {
                for k in 1..=2 {
                    s.acquire().await?.forget();
                    let at_ms = looplab_core::now().as_nanos() / 1_000_000;
                    r.borrow_mut().push((format!("{tag}_{k}"), at_ms));
                    sleep(Duration::from_millis(10)).await?;
                    s.release().unwrap();
                }
                Ok::<_, Error>(())
            }));
        }
        gather(ts).await?;
        let r = result.borrow().clone();
        Ok::<_, Error>((r, looplab_core::now().as_nanos()))
    });
    let expected: Vec<(String, u64)> = [
        ("c1_1", 0),
        ("c2_1", 10),
        ("c3_1", 20),
        ("c1_2", 30),
        ("c2_2", 40),
        ("c3_2", 50),
    ]
    .iter()
    .map(|(s, t)| (s.to_string(), *t))
    .collect();
    assert_eq!(out, Ok(Ok((expected, 60_000_000))));
}

/// From test_locks.py: SemaphoreTests.test_acquire_fifo_order_2
///
/// c2 releases and re-acquires while c3 waits: c3 goes first.
#[test]
fn semaphore_reacquire_queues_behind_existing_waiters() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(1);
        let result = log();
        let t1 = acquire_and_log(&sem, &result, 1);
        let (s, r) = (sem.clone(), result.clone());
        let t2 = spawn(async move {
            s.acquire().await?.forget();
            r.borrow_mut().push(2);
            s.release().unwrap();
            s.acquire().await?.forget();
            r.borrow_mut().push(4);
            Ok::<_, Error>(true)
        });
        let t3 = acquire_and_log(&sem, &result, 3);
        yield_now().await?;

        sem.release().unwrap();
        sem.release().unwrap();
        gather(vec![t1, t2, t3]).await?;
        let r = result.borrow().clone();
        Ok::<_, Error>(r)
    });
    assert_eq!(out, Ok(Ok(vec![1, 2, 3, 4])));
}

/// From test_locks.py: SemaphoreTests.test_acquire_fifo_order_3
#[test]
fn semaphore_cancelled_first_waiter_is_skipped() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(0);
        let result = log();
        let t1 = acquire_and_log(&sem, &result, 1);
        let t2 = acquire_and_log(&sem, &result, 2);
        let t3 = acquire_and_log(&sem, &result, 3);
        yield_now().await?;
        t1.cancel(None);
        yield_now().await?;
        sem.release().unwrap();
        sem.release().unwrap();
        let rs = gather_settled(vec![t1, t2, t3]).await?;
        assert!(matches!(rs[0], Err(Error::Cancelled(_))));
        let r = result.borrow().clone();
        Ok::<_, Error>(r)
    });
    assert_eq!(out, Ok(Ok(vec![2, 3])));
}

/// From test_locks.py (3.13): SemaphoreTests.test_acquire_fifo_order_4
///
/// A successful `acquire()` wakes every further waiter the count allows:
/// c2 releases three times while c1 (woken first) has not run; when c1 runs
/// it wakes c2 and c3 too, so a task c1 spawns then runs after c3.
/// (3.12.1 fails this test; the fix is gh-111694.)
#[test]
fn semaphore_acquire_wakes_as_many_waiters_as_permits_allow() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(0);
        let result = log();
        let t4_cell: Rc<RefCell<Option<JoinHandle<bool, Error>>>> = Rc::new(RefCell::new(None));

        let (s, r, cell) = (sem.clone(), result.clone(), t4_cell.clone());
        let t1 = spawn(async move {
            assert_eq!(s.available_permits(), 0);
            s.acquire().await?.forget();
            // Every waiter that can run has been woken.
            assert_eq!(s.available_permits(), 0);
            let r4 = r.clone();
            *cell.borrow_mut() = Some(spawn(async move {
                r4.borrow_mut().push(4);
                Ok::<_, Error>(true)
            }));
            r.borrow_mut().push(1);
            Ok::<_, Error>(true)
        });
        let (s, r) = (sem.clone(), result.clone());
        let t2 = spawn(async move {
            s.release().unwrap();
            s.release().unwrap();
            s.release().unwrap();
            assert_eq!(s.available_permits(), 2);
            // Locked: c1 has been woken but has not run yet.
            assert!(s.locked());
            s.acquire().await?.forget();
            r.borrow_mut().push(2);
            Ok::<_, Error>(true)
        });
        let (s, r) = (sem.clone(), result.clone());
        let t3 = spawn(async move {
            s.acquire().await?.forget();
            assert!(s.locked());
            r.borrow_mut().push(3);
            Ok::<_, Error>(true)
        });

        yield_now().await?;
        assert_eq!(sem.available_permits(), 2);
        yield_now().await?;

        let t4 = t4_cell.borrow().clone().expect("c1 spawned c4");
        gather(vec![t1, t2, t3, t4]).await?;
        let r = result.borrow().clone();
        Ok::<_, Error>(r)
    });
    assert_eq!(out, Ok(Ok(vec![1, 2, 3, 4])));
}

/// A release whose only waiter was cancelled (but has not run yet) leaves
/// the permit free: `locked()` is false and `acquire()` succeeds at once.
/// CPython 3.12.1 and 3.13.0: `sem: locked False value 1`, `acquired at
/// once; value 0`, `t cancelled True`.
#[test]
fn semaphore_release_with_only_cancelled_waiters_leaves_the_permit_free() {
    let rt = Runtime::new_virtual();
    let out = rt.block_on(async {
        let sem = Semaphore::new(1);
        sem.acquire().await?.forget();
        let t = spawn_acquire(&sem);
        yield_now().await?;
        t.cancel(None);
        sem.release().unwrap();
        assert!(!sem.locked());
        assert_eq!(sem.available_permits(), 1);
        let p = sem.try_acquire();
        assert!(p.is_some());
        p.unwrap().forget();
        assert_eq!(sem.available_permits(), 0);
        yield_now().await?;
        assert!(t.is_cancelled());
        assert_eq!(sem.available_permits(), 0);
        Ok::<_, Error>(())
    });
    assert_eq!(out, Ok(Ok(())));
}
