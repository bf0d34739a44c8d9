//! `Queue`, `LifoQueue` and `PriorityQueue`, ported from CPython's
//! `Lib/test/test_asyncio/test_queues.py` (3.13.0 source; `shutdown` is
//! Python 3.13 API, the rest is unchanged since 3.12).
//!
//! `await asyncio.sleep(0)` is `yield_now()`; `put_nowait`/`get_nowait` are
//! `try_put`/`try_get`; `QueueFull`/`QueueEmpty`/`QueueShutDown` are the
//! `Full`/`Empty`/`ShutDown` error variants; `loop.call_later(0.01, f)` is a
//! task that sleeps 0.01 s and calls `f`. Where a CPython test inspects
//! `q._getters`/`q._putters`, `waiters()` is asserted instead.

// Tests may unwrap: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{
    gather, sleep, spawn, wait_for, yield_now, Error, GetError, JoinHandle, PutError, Queue,
    Runtime, TaskDoneError, TryGetError, TryPutError,
};
use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::rc::Rc;
use std::time::Duration;

fn gerr(e: GetError) -> Error {
    match e {
        GetError::Cancelled(c) => Error::Cancelled(c),
        GetError::ShutDown => Error::msg("QueueShutDown"),
    }
}

fn perr<T>(e: PutError<T>) -> Error {
    match e {
        PutError::Cancelled(_, c) => Error::Cancelled(c),
        PutError::ShutDown(_) => Error::msg("QueueShutDown"),
    }
}

fn shut_down<T: Debug>(r: &Option<Result<T, Error>>) -> bool {
    matches!(r, Some(Err(Error::Failed(m))) if &**m == "QueueShutDown")
}

/// `asyncio.create_task(q.get())`.
fn spawn_get<T: Clone + Debug + 'static>(q: &Queue<T>) -> JoinHandle<T, Error> {
    let q = q.clone();
    spawn(async move { q.get().await.map_err(gerr) })
}

/// `asyncio.create_task(q.put(item))`.
fn spawn_put<T: Clone + Debug + 'static>(q: &Queue<T>, item: T) -> JoinHandle<(), Error> {
    let q = q.clone();
    spawn(async move { q.put(item).await.map_err(perr) })
}

/// `asyncio.create_task(q.join())`.
fn spawn_join<T: 'static>(q: &Queue<T>) -> JoinHandle<(), Error> {
    let q = q.clone();
    spawn(async move { Ok::<_, Error>(q.join().await?) })
}

type Make<T> = fn(usize) -> Queue<T>;

/// The three queue classes, as the CPython mixins run each test on each.
fn kinds<T: Ord + 'static>() -> [(&'static str, Make<T>); 3] {
    [
        ("Queue", Queue::new),
        ("LifoQueue", Queue::lifo),
        ("PriorityQueue", Queue::priority),
    ]
}

fn run<T: Clone + Debug + 'static>(
    fut: impl std::future::Future<Output = Result<T, Error>> + 'static,
) -> T {
    let rt = Runtime::new_virtual();
    rt.block_on(fut).unwrap().unwrap()
}

// ------------------------------------------------------------ basics

/// From test_queues.py: QueueBasicTests.test_empty
#[test]
fn queue_empty() {
    run(async {
        let q = Queue::new(0);
        assert!(q.is_empty());
        q.put(1).await.map_err(perr)?;
        assert!(!q.is_empty());
        assert_eq!(q.get().await.map_err(gerr)?, 1);
        assert!(q.is_empty());
        Ok(())
    });
}

/// From test_queues.py: QueueBasicTests.test_full
#[test]
fn queue_full() {
    run(async {
        let q: Queue<i32> = Queue::new(0);
        assert!(!q.is_full());
        let q = Queue::new(1);
        q.put(1).await.map_err(perr)?;
        assert!(q.is_full());
        Ok(())
    });
}

/// From test_queues.py: QueueBasicTests.test_order, LifoQueueTests.test_order
/// and PriorityQueueTests.test_order
#[test]
fn queue_kinds_hand_items_out_in_their_order() {
    let got = run(async {
        let mut all = Vec::new();
        for (_, make) in kinds::<i32>() {
            let q = make(0);
            for i in [1, 3, 2] {
                q.put(i).await.map_err(perr)?;
            }
            let mut items = Vec::new();
            for _ in 0..3 {
                items.push(q.get().await.map_err(gerr)?);
            }
            all.push(items);
        }
        Ok(all)
    });
    assert_eq!(got, [[1, 3, 2], [2, 3, 1], [1, 2, 3]]);
}

/// From test_queues.py: QueueBasicTests.test_maxsize
#[test]
fn queue_maxsize_blocks_the_putter() {
    run(async {
        let q = Queue::new(2);
        assert_eq!(q.maxsize(), 2);
        let have_been_put = Rc::new(RefCell::new(Vec::new()));
        let (q2, h) = (q.clone(), have_been_put.clone());
        let t = spawn(async move {
            for i in 0..3 {
                q2.put(i).await.map_err(perr)?;
                h.borrow_mut().push(i);
            }
            Ok::<_, Error>(true)
        });
        for _ in 0..2 {
            yield_now().await?;
        }
        // The putter is blocked after putting two items.
        assert_eq!(*have_been_put.borrow(), [0, 1]);
        assert_eq!(q.get().await.map_err(gerr)?, 0);

        // Let the putter resume and put the last item.
        yield_now().await?;
        assert_eq!(*have_been_put.borrow(), [0, 1, 2]);
        assert_eq!(q.get().await.map_err(gerr)?, 1);
        assert_eq!(q.get().await.map_err(gerr)?, 2);
        assert_eq!(t.result(), Some(Ok(true)));
        Ok(())
    });
}

// ------------------------------------------------------------ get

/// From test_queues.py: QueueGetTests.test_blocking_get and
/// QueueGetTests.test_nonblocking_get
#[test]
fn queue_get_returns_a_queued_item_at_once() {
    run(async {
        let q = Queue::new(0);
        q.try_put(1).unwrap();
        assert_eq!(q.get().await.map_err(gerr)?, 1);
        q.try_put(2).unwrap();
        assert_eq!(q.try_get(), Ok(2));
        assert_eq!(looplab_core::now().as_nanos(), 0);
        Ok(())
    });
}

/// From test_queues.py: QueueGetTests.test_blocking_get_wait
///
/// A getter waits until `call_later(0.01, q.put_nowait, 1)` fires: it gets
/// 1 at t=0.01.
#[test]
fn queue_get_waits_for_a_put() {
    let (res, at) = run(async {
        let q = Queue::new(0);
        let started = looplab_core::Event::new();
        let finished = Rc::new(Cell::new(false));
        let (q2, s, f) = (q.clone(), started.clone(), finished.clone());
        let getter = spawn(async move {
            s.set();
            let res = q2.get().await.map_err(gerr)?;
            f.set(true);
            Ok::<_, Error>(res)
        });
        started.wait().await?;
        assert!(!finished.get());
        let q3 = q.clone();
        let later = spawn(async move {
            sleep(Duration::from_millis(10)).await?;
            q3.try_put(1).unwrap();
            Ok::<_, Error>(())
        });
        let res = getter.await?;
        assert!(finished.get());
        later.await?;
        Ok((res, looplab_core::now().as_nanos()))
    });
    assert_eq!((res, at), (1, 10_000_000));
}

/// From test_queues.py: QueueGetTests.test_nonblocking_get_exception and
/// QueuePutTests.test_nonblocking_put_exception
#[test]
fn queue_nowait_errors_when_empty_or_full() {
    let q = Queue::new(1);
    assert_eq!(q.try_get(), Err(TryGetError::Empty));
    q.try_put(1).unwrap();
    let e = q.try_put(2).unwrap_err();
    assert!(e.is_full());
    assert!(matches!(e, TryPutError::Full(2)));
    assert_eq!(q.len(), 1);
}

/// From test_queues.py: QueueGetTests.test_get_cancelled_race
#[test]
fn queue_item_skips_a_getter_cancelled_before_it_arrives() {
    let got = run(async {
        let q = Queue::new(0);
        let t1 = spawn_get(&q);
        let t2 = spawn_get(&q);
        yield_now().await?;
        t1.cancel(None);
        yield_now().await?;
        assert!(t1.is_finished() && t1.is_cancelled());
        q.put("a").await.map_err(perr)?;
        yield_now().await?;
        t2.await
    });
    assert_eq!(got, "a");
}

/// From test_queues.py: QueueGetTests.test_get_with_waiting_putters
#[test]
fn queue_get_with_waiting_putters() {
    let got = run(async {
        let q = Queue::new(1);
        let pa = spawn_put(&q, "a");
        let pb = spawn_put(&q, "b");
        let a = q.get().await.map_err(gerr)?;
        let b = q.get().await.map_err(gerr)?;
        gather(vec![pa, pb]).await?;
        Ok((a, b))
    });
    assert_eq!(got, ("a", "b"));
}

/// From test_queues.py: QueueGetTests.test_get_with_putters
///
/// (CPython plants a future in `q._putters`; here a real putter waits.)
/// `get()` on a full queue wakes the waiting putter, which puts next
/// iteration (CPython: `got 1 put done? False`, then `put done True qsize 1`).
#[test]
fn queue_get_wakes_a_waiting_putter() {
    run(async {
        let q = Queue::new(1);
        q.put(1).await.map_err(perr)?;
        let t = spawn_put(&q, 2);
        yield_now().await?;
        assert_eq!(q.waiters(), (0, 1));
        assert_eq!(q.get().await.map_err(gerr)?, 1);
        assert!(!t.is_finished());
        yield_now().await?;
        assert_eq!(t.result(), Some(Ok(())));
        assert_eq!(q.len(), 1);
        Ok(())
    });
}

/// From test_queues.py: QueueGetTests.test_why_are_getters_waiting
///
/// A producer and a consumer through a queue of size 1 finish (no
/// deadlock), at t=0.
#[test]
fn queue_producer_and_consumer_through_size_one() {
    let got = run(async {
        let q = Queue::new(1);
        let q2 = q.clone();
        let consumer = spawn(async move {
            let mut got = Vec::new();
            for _ in 0..5 {
                got.push(q2.get().await.map_err(gerr)?);
            }
            Ok::<_, Error>(got)
        });
        let q3 = q.clone();
        let producer = spawn(async move {
            for i in 0..5 {
                q3.put(i).await.map_err(perr)?;
            }
            Ok::<_, Error>(Vec::new())
        });
        let r = gather(vec![producer, consumer]).await?;
        Ok((r[1].clone(), looplab_core::now().as_nanos()))
    });
    assert_eq!(got, (vec![0, 1, 2, 3, 4], 0));
}

/// From test_queues.py: QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
///
/// `wait_for(queue.get(), 0.1)` on an empty queue times out at t=0.1 and
/// leaves no getter behind.
#[test]
fn queue_timed_out_get_leaves_no_getter() {
    let at = run(async {
        let q: Queue<i32> = Queue::new(5);
        let q2 = q.clone();
        let r = wait_for(Some(Duration::from_millis(100)), async move {
            q2.get().await.map_err(gerr)
        })
        .await;
        assert!(r.is_err(), "{r:?}");
        assert_eq!(q.waiters(), (0, 0));
        // A later item is not lost on the dead getter.
        q.try_put(7).unwrap();
        assert_eq!(q.try_get(), Ok(7));
        Ok(looplab_core::now().as_nanos())
    });
    assert_eq!(at, 100_000_000);
}

// ------------------------------------------------------------ put

/// From test_queues.py: QueuePutTests.test_blocking_put and
/// QueuePutTests.test_put_cancelled (no maxsize: `put` never blocks)
#[test]
fn queue_unbounded_put_never_blocks() {
    run(async {
        let q = Queue::new(0);
        q.put(1).await.map_err(perr)?;
        assert_eq!(q.get().await.map_err(gerr)?, 1);

        let t = spawn_put(&q, 1);
        assert_eq!(q.get().await.map_err(gerr)?, 1);
        assert_eq!(t.result(), Some(Ok(())));
        Ok(())
    });
}

/// From test_queues.py: QueuePutTests.test_blocking_put_wait
///
/// The second `put` waits for `call_later(0.01, q.get_nowait)`: done at
/// t=0.01.
#[test]
fn queue_put_waits_for_room() {
    let at = run(async {
        let q = Queue::new(1);
        let started = looplab_core::Event::new();
        let finished = Rc::new(Cell::new(false));
        let q2 = q.clone();
        let later = spawn(async move {
            sleep(Duration::from_millis(10)).await?;
            q2.try_get().unwrap();
            Ok::<_, Error>(())
        });
        let (q3, s, f) = (q.clone(), started.clone(), finished.clone());
        let putter = spawn(async move {
            s.set();
            q3.put(1).await.map_err(perr)?;
            q3.put(2).await.map_err(perr)?;
            f.set(true);
            Ok::<_, Error>(())
        });
        started.wait().await?;
        assert!(!finished.get());
        putter.await?;
        assert!(finished.get());
        later.await?;
        assert_eq!(q.try_get(), Ok(2));
        Ok(looplab_core::now().as_nanos())
    });
    assert_eq!(at, 10_000_000);
}

/// From test_queues.py: QueuePutTests.test_get_cancel_drop_one_pending_reader
///
/// A reader woken by the first of two puts is cancelled before it runs: no
/// item is lost, and a new reader gets 1, not 2.
#[test]
fn queue_cancelled_reader_drops_no_item() {
    let got = run(async {
        let q = Queue::new(0);
        let reader = spawn_get(&q);
        yield_now().await?;
        q.try_put(1).unwrap();
        q.try_put(2).unwrap();
        reader.cancel(None);
        let r = match reader.clone().await {
            Err(Error::Cancelled(_)) => spawn_get(&q).await?,
            other => other?,
        };
        assert!(reader.is_cancelled(), "CPython cancels the reader");
        assert_eq!(q.len(), 1);
        Ok(r)
    });
    assert_eq!(got, 1);
}

/// From test_queues.py: QueuePutTests.test_get_cancel_drop_many_pending_readers
///
/// Of three readers, the first two are woken by two puts and the first is
/// cancelled: its wake-up passes to the third, and readers 2 and 3 get both
/// items (CPython: `r2 1 r3 2`).
#[test]
fn queue_cancelled_woken_reader_passes_the_item_on() {
    let got = run(async {
        let q = Queue::new(0);
        let r1 = spawn_get(&q);
        let r2 = spawn_get(&q);
        let r3 = spawn_get(&q);
        yield_now().await?;
        q.try_put(1).unwrap();
        q.try_put(2).unwrap();
        r1.cancel(None);
        let first = r1.clone().await;
        assert!(matches!(first, Err(Error::Cancelled(_))), "{first:?}");
        let v3 = r3.await?;
        let v2 = r2.await?;
        Ok((v2, v3))
    });
    assert_eq!(got, (1, 2));
}

/// From test_queues.py: QueuePutTests.test_put_cancel_drop
///
/// A writer woken by `get_nowait` is cancelled before it runs: its item is
/// not put (CPython: `writer cancelled, qsize 0`; our error hands the item
/// back), so putting it again leaves exactly one copy.
#[test]
fn queue_cancelled_writer_puts_nothing() {
    run(async {
        let q = Queue::new(1);
        q.try_put(1).unwrap();
        let q2 = q.clone();
        let writer = spawn(async move {
            match q2.put(2).await {
                Ok(()) => Ok::<_, Error>(()),
                Err(PutError::Cancelled(item, c)) => {
                    assert_eq!(item, 2, "the item comes back");
                    Err(Error::Cancelled(c))
                }
                Err(e) => Err(perr(e)),
            }
        });
        yield_now().await?;
        assert_eq!(q.try_get(), Ok(1));
        writer.cancel(None);
        let r = writer.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        assert_eq!(q.len(), 0);
        spawn_put(&q, 2).await?;
        assert_eq!(q.try_get(), Ok(2));
        assert_eq!(q.len(), 0);
        Ok(())
    });
}

/// From test_queues.py: QueuePutTests.test_put_cancelled_race
#[test]
fn queue_cancelled_putter_is_skipped() {
    run(async {
        let q = Queue::new(1);
        let put_a = spawn_put(&q, "a");
        let put_b = spawn_put(&q, "b");
        let put_c = spawn_put(&q, "X");
        yield_now().await?;
        assert!(put_a.is_finished());
        assert!(!put_b.is_finished());

        put_c.cancel(None);
        yield_now().await?;
        assert!(put_c.is_finished() && put_c.is_cancelled());
        assert_eq!(q.try_get(), Ok("a"));
        yield_now().await?;
        assert_eq!(q.try_get(), Ok("b"));
        put_b.await?;
        assert_eq!(q.len(), 0);
        Ok(())
    });
}

/// From test_queues.py: QueuePutTests.test_put_with_waiting_getters
#[test]
fn queue_put_reaches_a_waiting_getter() {
    let got = run(async {
        let q = Queue::new(0);
        let t = spawn_get(&q);
        yield_now().await?;
        q.put("a").await.map_err(perr)?;
        t.await
    });
    assert_eq!(got, "a");
}

/// From test_queues.py: QueuePutTests.test_why_are_putters_waiting
///
/// Four putters into a queue of two, and a getter that drains what is there
/// after one iteration: everyone finishes (CPython: `getter got [0, 1]`,
/// `end qsize 2 [2, 3]`).
#[test]
fn queue_blocked_putters_resume_in_order() {
    let got = run(async {
        let q = Queue::new(2);
        let q2 = q.clone();
        let getter = spawn(async move {
            yield_now().await?;
            let n = q2.len();
            let got: Vec<i32> = (0..n).map(|_| q2.try_get().unwrap()).collect();
            Ok::<_, Error>(got)
        });
        let putters: Vec<_> = (0..4).map(|i| spawn_put(&q, i)).collect();
        let got = getter.await?;
        gather(putters).await?;
        let rest: Vec<i32> = (0..q.len()).map(|_| q.try_get().unwrap()).collect();
        Ok((got, rest))
    });
    assert_eq!(got, (vec![0, 1], vec![2, 3]));
}

/// From test_queues.py: QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters
#[test]
fn queue_cancelled_put_leaves_no_putter() {
    run(async {
        let q = Queue::new(1);
        q.try_put(1).unwrap();
        let put_task = spawn_put(&q, 1);
        yield_now().await?;
        assert_eq!(q.waiters(), (0, 1));
        put_task.cancel(None);
        let r = put_task.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        assert_eq!(q.waiters(), (0, 0));
        assert_eq!(q.len(), 1);
        Ok(())
    });
}

/// From test_queues.py: QueuePutTests.test_cancelled_put_silence_value_error_exception
///
/// The putter was already woken by `get_nowait` when it is cancelled: it
/// still ends cancelled, and puts nothing (CPython: `cancelled, qsize 0
/// putters 0`).
#[test]
fn queue_woken_then_cancelled_put_ends_cancelled() {
    run(async {
        let q = Queue::new(1);
        q.try_put(1).unwrap();
        let put_task = spawn_put(&q, 1);
        yield_now().await?;
        q.try_get().unwrap();
        put_task.cancel(None);
        let r = put_task.clone().await;
        assert!(matches!(r, Err(Error::Cancelled(_))), "{r:?}");
        assert_eq!(q.len(), 0);
        assert_eq!(q.waiters(), (0, 0));
        Ok(())
    });
}

// ------------------------------------------------------------ task_done / join

/// From test_queues.py: _QueueJoinTestMixin.test_task_done_underflow
/// (Queue, LifoQueue, PriorityQueue)
#[test]
fn queue_task_done_underflow() {
    for (name, make) in kinds::<i32>() {
        let q = make(0);
        assert_eq!(q.task_done(), Err(TaskDoneError), "{name}");
        q.try_put(1).unwrap();
        q.try_get().unwrap();
        assert_eq!(q.task_done(), Ok(()), "{name}");
        assert_eq!(q.task_done(), Err(TaskDoneError), "{name}");
    }
}

/// From test_queues.py: _QueueJoinTestMixin.test_task_done
/// (Queue, LifoQueue, PriorityQueue)
///
/// Two workers process 100 items; `join()` returns once all are done.
#[test]
fn queue_join_waits_for_every_task_done() {
    for (name, make) in kinds::<i64>() {
        let acc = run(async move {
            let q = make(0);
            for i in 0..100 {
                q.try_put(i).unwrap();
            }
            let accumulator = Rc::new(Cell::new(0i64));
            let running = Rc::new(Cell::new(true));
            let workers: Vec<_> = (0..2)
                .map(|_| {
                    let (q, a, r) = (q.clone(), accumulator.clone(), running.clone());
                    spawn(async move {
                        while r.get() {
                            let item = q.get().await.map_err(gerr)?;
                            a.set(a.get() + item);
                            q.task_done().unwrap();
                        }
                        Ok::<_, Error>(())
                    })
                })
                .collect();
            q.join().await?;
            let acc = accumulator.get();
            assert_eq!(q.unfinished(), 0);

            running.set(false);
            for _ in 0..workers.len() {
                q.try_put(0).unwrap();
            }
            gather(workers).await?;
            Ok(acc)
        });
        assert_eq!(acc, (0..100).sum::<i64>(), "{name}");
    }
}

/// From test_queues.py: _QueueJoinTestMixin.test_join_empty_queue
/// (Queue, LifoQueue, PriorityQueue)
#[test]
fn queue_join_on_an_empty_queue_returns_at_once() {
    for (name, make) in kinds::<i32>() {
        let at = run(async move {
            let q = make(0);
            q.join().await?;
            q.join().await?;
            Ok(looplab_core::now().as_nanos())
        });
        assert_eq!(at, 0, "{name}");
    }
}

// ------------------------------------------------------------ shutdown (3.13)

/// Checks that every put and get on `q` fails with `QueueShutDown`.
async fn assert_all_shut_down(q: &Queue<&'static str>, what: &str) {
    assert!(
        matches!(q.put("data").await, Err(PutError::ShutDown("data"))),
        "{what}: put"
    );
    assert!(
        matches!(q.try_put("data"), Err(TryPutError::ShutDown("data"))),
        "{what}: put_nowait"
    );
    assert_eq!(q.get().await, Err(GetError::ShutDown), "{what}: get");
    assert_eq!(
        q.try_get(),
        Err(TryGetError::ShutDown),
        "{what}: get_nowait"
    );
}

/// From test_queues.py (3.13): _QueueShutdownTestMixin.test_shutdown_empty
/// (Queue, LifoQueue, PriorityQueue)
#[test]
fn queue_shutdown_empty() {
    for (name, make) in kinds::<&'static str>() {
        run(async move {
            let q = make(0);
            let get_task = spawn_get(&q);
            yield_now().await?; // the get is pending before shutdown

            q.shutdown(false);
            assert!(q.is_shut_down());
            assert_eq!(q.len(), 0);
            q.join().await?;

            yield_now().await?;
            assert!(get_task.is_finished(), "{name}");
            assert!(
                shut_down(&get_task.result()),
                "{name}: {:?}",
                get_task.result()
            );
            assert_all_shut_down(&q, name).await;
            Ok(())
        });
    }
}

/// From test_queues.py (3.13): _QueueShutdownTestMixin.test_shutdown_nonempty
/// (Queue, LifoQueue, PriorityQueue)
///
/// A non-immediate shutdown fails the waiting putter at once but lets the
/// queued item be got; `join()` still waits for its `task_done()`.
#[test]
fn queue_shutdown_nonempty() {
    for (name, make) in kinds::<&'static str>() {
        run(async move {
            let q = make(1);
            q.try_put("data").unwrap();
            let join_task = spawn_join(&q);
            let put_task = spawn_put(&q, "data2");
            yield_now().await?;
            assert!(!put_task.is_finished(), "{name}");

            q.shutdown(false); // unfinished tasks: 1 -> 1
            assert_eq!(q.len(), 1);

            yield_now().await?;
            assert!(put_task.is_finished(), "{name}");
            assert!(
                shut_down(&put_task.result()),
                "{name}: {:?}",
                put_task.result()
            );

            assert_eq!(q.get().await, Ok("data"), "{name}");
            yield_now().await?;
            assert!(!join_task.is_finished(), "{name}");

            assert_all_shut_down(&q, name).await;

            assert_eq!(q.unfinished(), 1);
            q.task_done().unwrap();
            yield_now().await?;
            assert!(join_task.is_finished(), "{name}");
            join_task.await?;
            assert_eq!(q.task_done(), Err(TaskDoneError), "{name}");
            Ok(())
        });
    }
}

/// From test_queues.py (3.13): _QueueShutdownTestMixin.test_shutdown_immediate
/// (Queue, LifoQueue, PriorityQueue)
///
/// An immediate shutdown drops the items, counting each as done, so
/// `join()` returns.
#[test]
fn queue_shutdown_immediate() {
    for (name, make) in kinds::<&'static str>() {
        run(async move {
            let q = make(0);
            q.try_put("data").unwrap();
            let join_task = spawn_join(&q);

            q.shutdown(true); // unfinished tasks: 1 -> 0
            assert_eq!(q.len(), 0);

            yield_now().await?;
            assert!(join_task.is_finished(), "{name}");
            join_task.await?;

            assert_all_shut_down(&q, name).await;
            assert_eq!(q.task_done(), Err(TaskDoneError), "{name}");
            Ok(())
        });
    }
}

/// From test_queues.py (3.13):
/// _QueueShutdownTestMixin.test_shutdown_immediate_with_unfinished
/// (Queue, LifoQueue, PriorityQueue)
///
/// Only the dropped item counts as done; the one already got still needs
/// its `task_done()` before `join()` returns.
#[test]
fn queue_shutdown_immediate_with_unfinished() {
    for (name, make) in kinds::<&'static str>() {
        run(async move {
            let q = make(0);
            q.try_put("data").unwrap();
            q.try_put("data").unwrap();
            let join_task = spawn_join(&q);
            assert_eq!(q.get().await, Ok("data"), "{name}");

            q.shutdown(true); // unfinished tasks: 2 -> 1
            assert_eq!(q.len(), 0);

            yield_now().await?;
            assert!(!join_task.is_finished(), "{name}");

            assert_all_shut_down(&q, name).await;

            q.task_done().unwrap();
            assert_eq!(q.task_done(), Err(TaskDoneError), "{name}");

            yield_now().await?;
            assert!(join_task.is_finished(), "{name}");
            join_task.await?;
            Ok(())
        });
    }
}

/// From test_queues.py (3.13): QueueShutdownTests — shutdown wakes a getter
/// blocked on an empty queue and a putter blocked on a full one; both fail
/// with `QueueShutDown` one iteration later (`test_shutdown_empty` and
/// `test_shutdown_nonempty` combined, checked on 3.13.0).
#[test]
fn queue_shutdown_wakes_blocked_getters_and_putters() {
    run(async {
        let empty: Queue<i32> = Queue::new(0);
        let full = Queue::new(1);
        full.try_put(1).unwrap();
        let g = spawn_get(&empty);
        let p = spawn_put(&full, 2);
        yield_now().await?;
        assert_eq!(empty.waiters(), (1, 0));
        assert_eq!(full.waiters(), (0, 1));
        empty.shutdown(false);
        full.shutdown(false);
        assert_eq!((empty.waiters(), full.waiters()), ((0, 0), (0, 0)));
        yield_now().await?;
        assert!(shut_down(&g.result()), "{:?}", g.result());
        assert!(shut_down(&p.result()), "{:?}", p.result());
        // The full queue keeps its item for getters.
        assert_eq!(full.try_get(), Ok(1));
        assert_eq!(full.try_get(), Err(TryGetError::ShutDown));
        Ok(())
    });
}

// ------------------------------------------------------------ cancel races
// Checked on CPython 3.13.0 (and 3.12.1 where no shutdown is involved);
// snippet outputs quoted in each doc comment.

/// Variant of QueueGetTests.test_get_cancelled_race: the first getter is
/// cancelled in the same iteration as the put, before it runs. The put skips
/// it, so the second getter has the item one iteration later
/// (`getter same iter: True True a 0`).
#[test]
fn queue_put_skips_a_getter_cancelled_in_the_same_iteration() {
    run(async {
        let q = Queue::new(0);
        let t1 = spawn_get(&q);
        let t2 = spawn_get(&q);
        yield_now().await?;
        t1.cancel(None);
        q.try_put("a").unwrap();
        yield_now().await?;
        assert!(t1.is_cancelled());
        assert_eq!(t2.result(), Some(Ok("a")));
        assert_eq!(q.len(), 0);
        Ok(())
    });
}

/// Variant of QueuePutTests.test_put_cancelled_race: the first waiting
/// putter is cancelled in the same iteration as a `get_nowait` makes room;
/// the room goes to the second putter at once (`putter same iter: True True
/// [2]`).
#[test]
fn queue_get_skips_a_putter_cancelled_in_the_same_iteration() {
    run(async {
        let q = Queue::new(1);
        q.try_put(0).unwrap();
        let p1 = spawn_put(&q, 1);
        let p2 = spawn_put(&q, 2);
        yield_now().await?;
        p1.cancel(None);
        assert_eq!(q.try_get(), Ok(0));
        yield_now().await?;
        assert!(p1.is_cancelled());
        assert_eq!(p2.result(), Some(Ok(())));
        assert_eq!(q.try_get(), Ok(2));
        assert_eq!(q.len(), 0);
        Ok(())
    });
}

/// `join()` woken by the last `task_done()` returns even if a new item is
/// put before it runs (`_finished` is an Event: `join done after new put:
/// True unfinished 1`).
#[test]
fn queue_join_woken_by_task_done_returns_despite_a_later_put() {
    run(async {
        let q = Queue::new(0);
        q.try_put(1).unwrap();
        let j = spawn_join(&q);
        yield_now().await?;
        assert!(!j.is_finished());
        q.try_get().unwrap();
        q.task_done().unwrap();
        q.try_put(2).unwrap();
        yield_now().await?;
        assert_eq!(j.result(), Some(Ok(())));
        assert_eq!(q.unfinished(), 1);
        Ok(())
    });
}

/// 3.13 shutdown: a getter woken by a put, whose item an immediate shutdown
/// then drops, fails with `QueueShutDown` (`woken getter after immediate
/// shutdown: True QueueShutDown() 0`).
#[test]
fn queue_immediate_shutdown_fails_a_woken_getter() {
    run(async {
        let q = Queue::new(0);
        let g = spawn_get(&q);
        yield_now().await?;
        q.try_put("x").unwrap();
        q.shutdown(true);
        yield_now().await?;
        assert!(shut_down(&g.result()), "{:?}", g.result());
        assert_eq!(q.unfinished(), 0);
        Ok(())
    });
}
