//! The token-bucket `RateLimiter`: exact virtual times for rate and burst,
//! FIFO service, and cancellation that takes no tokens.
//!
//! asyncio has no rate limiter, so the expected instants come from the
//! documented model and exact arithmetic: the bucket starts full with
//! `burst` tokens, refills `rate` tokens per second up to `burst`, and an
//! acquisition of `n` tokens waits, first come first served, until `n` are
//! there. With rates like 2/s or 4/s every instant is a whole number of
//! nanoseconds, so the times below are exact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{
    now, sleep, spawn_named, wait_for, Error, Handle, RateLimiter, RateLimiterError, RunError,
    Runtime, TaskError,
};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn rl_err(e: RateLimiterError) -> Error {
    match e {
        RateLimiterError::Cancelled(c) => Error::Cancelled(c),
        other => Error::msg(other.to_string()),
    }
}

/// `(label, seconds)` pairs, appended as acquisitions complete.
type Log = Rc<RefCell<Vec<(String, f64)>>>;

fn log() -> Log {
    Rc::new(RefCell::new(Vec::new()))
}

fn stamp(log: &Log, label: impl Into<String>) {
    log.borrow_mut().push((label.into(), now().as_secs_f64()));
}

fn entries(log: &Log) -> Vec<(String, f64)> {
    log.borrow().clone()
}

fn e(label: &str, t: f64) -> (String, f64) {
    (label.to_string(), t)
}

/// Rate 2/s, burst 1: the first token is there at once, then one every
/// half second: 0, 0.5, 1.0, 1.5.
#[test]
fn rate_two_burst_one_spaces_acquisitions_by_half_a_second() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::new(2.0, 1.0);
            let mut times = vec![];
            for _ in 0..4 {
                rl.acquire(1.0).await.map_err(rl_err)?;
                times.push(now().as_nanos());
            }
            Ok::<_, Error>(times)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, vec![0, 500_000_000, 1_000_000_000, 1_500_000_000]);
}

/// Burst 3 lets three acquisitions through at t=0; after that the rate
/// (2/s) spaces them: 0, 0, 0, 0.5, 1.0.
#[test]
fn burst_three_gives_three_at_once_then_the_rate() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::new(2.0, 3.0);
            let mut times = vec![];
            for _ in 0..5 {
                rl.acquire(1.0).await.map_err(rl_err)?;
                times.push(now().as_secs_f64());
            }
            Ok::<_, Error>(times)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, vec![0.0, 0.0, 0.0, 0.5, 1.0]);
}

/// Asking for several tokens at once waits until that many have refilled:
/// rate 4/s burst 3, take 3 at t=0, then 2 more need 0.5 s.
#[test]
fn a_multi_token_acquisition_waits_for_all_its_tokens() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::new(4.0, 3.0);
            rl.acquire(3.0).await.map_err(rl_err)?;
            let t1 = now().as_secs_f64();
            rl.acquire(2.0).await.map_err(rl_err)?;
            let t2 = now().as_secs_f64();
            // 0.25 s later one token is back.
            sleep(secs(0.25)).await?;
            Ok::<_, Error>((t1, t2, rl.tokens()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (0.0, 0.5, 1.0));
}

/// The bucket never holds more than `burst`: after a long idle spell, rate
/// 1/s burst 2 gives two at once and the third a second later.
#[test]
fn refill_is_capped_at_the_burst_size() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::new(1.0, 2.0);
            rl.acquire(2.0).await.map_err(rl_err)?;
            sleep(secs(10.0)).await?;
            let full = rl.tokens();
            let mut times = vec![];
            for _ in 0..3 {
                rl.acquire(1.0).await.map_err(rl_err)?;
                times.push(now().as_secs_f64());
            }
            Ok::<_, Error>((full, times))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (2.0, vec![10.0, 10.0, 11.0]));
}

/// Asking for more than the bucket can ever hold fails at once.
#[test]
fn asking_for_more_than_the_burst_fails_at_once() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::new(1.0, 2.0);
            let r = rl.acquire(3.0).await;
            Ok::<_, Error>((r, rl.tokens()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Err(RateLimiterError::ExceedsBurst), 2.0));
    assert_eq!(rt.now().as_nanos(), 0);
}

/// Waiters are served in arrival order: four tasks arriving together on a
/// 1/s, burst-1 bucket get their tokens at 0, 1, 2, 3 in spawn order.
#[test]
fn concurrent_waiters_are_served_in_arrival_order() {
    let rt = Runtime::new_virtual();
    let log = log();
    let l = log.clone();
    rt.block_on(async move {
        let rl = RateLimiter::new(1.0, 1.0);
        let tasks: Vec<_> = ["a", "b", "c", "d"]
            .into_iter()
            .map(|name| {
                let rl = rl.clone();
                let l = l.clone();
                spawn_named(name, async move {
                    rl.acquire(1.0).await.map_err(rl_err)?;
                    stamp(&l, name);
                    Ok::<_, Error>(())
                })
            })
            .collect();
        looplab_core::gather(tasks).await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        entries(&log),
        vec![e("a", 0.0), e("b", 1.0), e("c", 2.0), e("d", 3.0)]
    );
}

/// No barging: a small request that arrives behind a big one waits behind
/// it even when the bucket already holds enough for the small one.
///
/// Rate 1/s, burst 3. At t=0 the bucket is emptied. `big` (2 tokens)
/// arrives at 0 and is served at 2.0. `small` (1 token) arrives at 0.1,
/// while one token would be there at 1.0, but it is behind `big`: served at
/// 3.0. `late` (1 token) arrives at 2.5 with 0.5 tokens in the bucket,
/// queues behind `small`, and is served at 4.0.
#[test]
fn a_small_request_does_not_overtake_a_big_one_ahead_of_it() {
    let rt = Runtime::new_virtual();
    let log = log();
    let l = log.clone();
    rt.block_on(async move {
        let rl = RateLimiter::new(1.0, 3.0);
        rl.acquire(3.0).await.map_err(rl_err)?;
        let mut tasks = vec![];
        for (name, start, n) in [("big", 0.0, 2.0), ("small", 0.1, 1.0), ("late", 2.5, 1.0)] {
            let rl = rl.clone();
            let l = l.clone();
            tasks.push(spawn_named(name, async move {
                sleep(secs(start)).await?;
                rl.acquire(n).await.map_err(rl_err)?;
                stamp(&l, name);
                Ok::<_, Error>(())
            }));
        }
        looplab_core::gather(tasks).await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        entries(&log),
        vec![e("big", 2.0), e("small", 3.0), e("late", 4.0)]
    );
}

/// A cancelled waiter at the head of the line takes no tokens, and the next
/// waiter moves up at once.
///
/// Rate 1/s, burst 1, emptied at t=0. `b` heads the line (its token would
/// come at 1.0), `c` queues behind. `b` is cancelled at 0.5: `c` is served
/// at 1.0 (when the first token has refilled) and a later `d` at 2.0 —
/// exactly as if `b` had never asked.
#[test]
fn a_cancelled_head_waiter_takes_no_tokens_and_the_next_proceeds() {
    let rt = Runtime::new_virtual();
    let log = log();
    let l = log.clone();
    rt.block_on(async move {
        let rl = RateLimiter::new(1.0, 1.0);
        rl.acquire(1.0).await.map_err(rl_err)?;
        let make = |name: &'static str| {
            let rl = rl.clone();
            let l = l.clone();
            spawn_named(name, async move {
                match rl.acquire(1.0).await {
                    Ok(()) => stamp(&l, name),
                    Err(RateLimiterError::Cancelled(c)) => {
                        stamp(&l, format!("{name} cancelled"));
                        return Err(Error::Cancelled(c));
                    }
                    Err(other) => return Err(Error::msg(other.to_string())),
                }
                Ok::<_, Error>(())
            })
        };
        let b = make("b");
        let c = make("c");
        sleep(secs(0.5)).await?;
        assert!(b.cancel(None));
        c.await?;
        let d = make("d");
        d.await?;
        assert!(b.is_cancelled());
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        entries(&log),
        vec![e("b cancelled", 0.5), e("c", 1.0), e("d", 2.0)]
    );
}

/// A cancelled waiter further back leaves the line without disturbing it:
/// `b` (head) is served at 1.0, `c` is cancelled while queued, `d` gets the
/// next token at 2.0.
#[test]
fn a_cancelled_queued_waiter_leaves_the_line() {
    let rt = Runtime::new_virtual();
    let log = log();
    let l = log.clone();
    rt.block_on(async move {
        let rl = RateLimiter::new(1.0, 1.0);
        rl.acquire(1.0).await.map_err(rl_err)?;
        let mut hs = vec![];
        for name in ["b", "c", "d"] {
            let rl = rl.clone();
            let l = l.clone();
            hs.push(spawn_named(name, async move {
                let r = rl.acquire(1.0).await;
                stamp(
                    &l,
                    if r.is_ok() {
                        name.to_string()
                    } else {
                        format!("{name} cancelled")
                    },
                );
                r.map_err(rl_err)
            }));
        }
        sleep(secs(0.5)).await?;
        hs[1].cancel(None);
        let settled = looplab_core::gather_settled(hs).await?;
        assert!(settled[1].as_ref().unwrap_err().is_cancelled());
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        entries(&log),
        vec![e("c cancelled", 0.5), e("b", 1.0), e("d", 2.0)]
    );
}

/// A deadline around a waiting acquisition: `wait_for` cancels it at the
/// deadline and the tokens it was waiting for go to the next caller.
#[test]
fn wait_for_around_an_acquisition_times_out_without_taking_tokens() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::new(1.0, 2.0);
            rl.acquire(2.0).await.map_err(rl_err)?;
            // Two tokens take 2 s; give up after 1.5 s.
            let r = wait_for(Some(secs(1.5)), async {
                rl.acquire(2.0).await.map_err(rl_err)
            })
            .await;
            let gave_up = now().as_secs_f64();
            // 1.5 tokens are there; one is taken at once.
            rl.acquire(1.0).await.map_err(rl_err)?;
            let next = now().as_secs_f64();
            Ok::<_, Error>((r.is_err(), gave_up, next))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, 1.5, 1.5));
}

/// A bucket with a zero rate never refills. A task waiting on it with a
/// deadline times out at the deadline; the other waiter is untouched.
#[test]
fn a_zero_rate_bucket_never_refills() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::new(0.0, 1.0);
            rl.acquire(1.0).await.map_err(rl_err)?;
            let r = wait_for(Some(secs(3.0)), async {
                rl.acquire(1.0).await.map_err(rl_err)
            })
            .await;
            Ok::<_, Error>((r.is_err(), now().as_secs_f64(), rl.tokens()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (true, 3.0, 0.0));
}

/// A task waiting forever on a zero-rate bucket, with nothing else to run,
/// is a deadlock: `block_on` must come back (not spin the virtual clock)
/// and name the task and its rate-limiter wait.
#[test]
fn waiting_on_a_zero_rate_bucket_alone_is_reported_as_a_deadlock() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = Runtime::new_virtual();
        let r = rt.block_on(async {
            let rl = RateLimiter::named("never", 0.0, 1.0);
            rl.acquire(1.0).await.map_err(rl_err)?;
            rl.acquire(1.0).await.map_err(rl_err)?;
            Ok::<_, Error>(())
        });
        let _ = tx.send(r.map(|_| ()).map_err(|e| {
            match e {
                RunError::Deadlock(stuck) => stuck
                    .iter()
                    .map(|s| format!("{} {:?}", s.name, s.on.kind))
                    .collect::<Vec<_>>(),
                other => vec![other.to_string()],
            }
        }));
    });
    let r = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("block_on on a zero-rate bucket did not return within 10 s");
    assert_eq!(r, Err(vec!["main RateLimiter".to_string()]));
}

/// The waiting task is shown as waiting on the rate limiter, naming it.
#[test]
fn a_waiting_task_is_shown_waiting_on_the_limiter() {
    let rt = Runtime::new_virtual();
    let out = rt
        .block_on(async {
            let rl = RateLimiter::named("api", 1.0, 1.0);
            rl.acquire(1.0).await.map_err(rl_err)?;
            let r2 = rl.clone();
            let t = spawn_named(
                "caller",
                async move { r2.acquire(1.0).await.map_err(rl_err) },
            );
            sleep(secs(0.25)).await?;
            let info = Handle::current().task(t.id()).unwrap();
            t.await?;
            Ok::<_, Error>((info.waiting_on.map(|w| w.kind), now().as_secs_f64()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, (Some(looplab_core::trace::WaitKind::RateLimiter), 1.0));
}

/// A head waiter cancelled at the very instant its token arrives leaves the
/// token to the next waiter, who gets it at that same instant.
///
/// Rate 1/s, burst 1, emptied at 0. `b` heads the line (token at 1.0), `c`
/// queues. A canceller whose timer was set before `b`'s fires at 1.0 too and
/// cancels `b` first: `c` is served at 1.0, and `d`, arriving then, at 2.0.
#[test]
fn a_head_cancelled_as_its_token_arrives_leaves_it_to_the_next() {
    let rt = Runtime::new_virtual();
    let log = log();
    let l = log.clone();
    rt.block_on(async move {
        let rl = RateLimiter::new(1.0, 1.0);
        rl.acquire(1.0).await.map_err(rl_err)?;
        let slot: Rc<RefCell<Option<looplab_core::JoinHandle<(), Error>>>> = Rc::default();
        let s = slot.clone();
        // Armed first, so it fires first at 1.0.
        let canceller = spawn_named("canceller", async move {
            sleep(secs(1.0)).await?;
            let b = s.borrow().clone().unwrap();
            Ok::<_, Error>(b.cancel(None))
        });
        looplab_core::yield_now().await?;
        let make = |name: &'static str| {
            let rl = rl.clone();
            let l = l.clone();
            spawn_named(name, async move {
                let r = rl.acquire(1.0).await;
                stamp(
                    &l,
                    if r.is_ok() {
                        name.to_string()
                    } else {
                        format!("{name} cancelled")
                    },
                );
                r.map_err(rl_err)
            })
        };
        let b = make("b");
        *slot.borrow_mut() = Some(b.clone());
        let c = make("c");
        assert!(canceller.await?);
        c.await?;
        make("d").await?;
        assert!(b.is_cancelled());
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        entries(&log),
        vec![e("b cancelled", 1.0), e("c", 1.0), e("d", 2.0)]
    );
}
