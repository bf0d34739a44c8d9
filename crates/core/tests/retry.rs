//! `retry` with `Backoff`: exponential delays with a cap, seeded jitter
//! (deterministic and within bounds), and cancellation that stops retrying.
//!
//! asyncio has no retry helper; expected delays follow the documented model
//! exactly: the delay before attempt `i + 1` (`i` from 1) is
//! `min(base * factor^(i-1), max_delay)`, minus up to `jitter` of itself.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{now, retry, sleep, spawn, Backoff, Cancelled, Error, Runtime};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Runs `retry(policy, op)` where attempt `k` fails unless `k == succeed_at`,
/// and returns (outcome, the virtual time of every attempt in seconds).
fn run_retry(policy: Backoff, succeed_at: Option<u32>) -> (Result<u32, Error>, Vec<f64>) {
    let rt = Runtime::new_virtual();
    let times = Rc::new(RefCell::new(vec![]));
    let t = times.clone();
    let out = rt
        .block_on(async move {
            let r = retry(policy, |attempt| {
                let t = t.clone();
                async move {
                    t.borrow_mut().push(now().as_secs_f64());
                    if Some(attempt) == succeed_at {
                        Ok(attempt)
                    } else {
                        Err(Error::msg(format!("attempt {attempt} failed")))
                    }
                }
            })
            .await;
            Ok::<_, Error>(r)
        })
        .unwrap()
        .unwrap();
    let times = times.borrow().clone();
    (out, times)
}

/// Delays double from `base` and stop growing at `max_delay`:
/// 0.1, 0.2, 0.4, then capped at 0.5, 0.5.
#[test]
fn delays_grow_exponentially_up_to_the_cap() {
    let policy = Backoff {
        attempts: 6,
        base: ms(100),
        factor: 2.0,
        max_delay: ms(500),
        jitter: 0.0,
        seed: 0,
    };
    assert_eq!(
        policy.delays(),
        vec![ms(100), ms(200), ms(400), ms(500), ms(500)]
    );
}

/// The attempts happen after exactly those delays, and when every attempt
/// fails the last attempt's error is returned.
#[test]
fn attempts_happen_after_the_delays_and_the_last_error_is_returned() {
    let policy = Backoff {
        attempts: 6,
        base: ms(100),
        factor: 2.0,
        max_delay: ms(500),
        jitter: 0.0,
        seed: 0,
    };
    let (out, times) = run_retry(policy, None);
    assert_eq!(out, Err(Error::msg("attempt 5 failed")));
    assert_eq!(times, vec![0.0, 0.1, 0.3, 0.7, 1.2, 1.7]);
}

/// A success ends the retries at once.
#[test]
fn a_success_stops_retrying() {
    let policy = Backoff {
        attempts: 10,
        base: ms(100),
        factor: 3.0,
        max_delay: Duration::from_secs(60),
        jitter: 0.0,
        seed: 0,
    };
    let (out, times) = run_retry(policy, Some(2));
    assert_eq!(out, Ok(2));
    // Delays 0.1 and 0.3.
    assert_eq!(times, vec![0.0, 0.1, 0.4]);
}

/// At least one attempt is made even with `attempts: 0`, and with one
/// attempt there is no delay at all.
#[test]
fn at_least_one_attempt_is_made() {
    for attempts in [0, 1] {
        let policy = Backoff {
            attempts,
            ..Backoff::default()
        };
        assert!(policy.delays().is_empty());
        let (out, times) = run_retry(policy, None);
        assert_eq!(out, Err(Error::msg("attempt 0 failed")));
        assert_eq!(times, vec![0.0]);
    }
}

/// A base larger than the cap is capped from the first delay on; a factor
/// that is not a positive finite number is treated as 1 (constant delays).
#[test]
fn odd_factors_and_caps() {
    let capped = Backoff {
        attempts: 3,
        base: Duration::from_secs(5),
        factor: 2.0,
        max_delay: Duration::from_secs(1),
        jitter: 0.0,
        seed: 0,
    };
    assert_eq!(capped.delays(), vec![Duration::from_secs(1); 2]);
    for factor in [f64::NAN, f64::INFINITY, 0.0, -2.0] {
        let p = Backoff {
            attempts: 4,
            base: ms(250),
            factor,
            max_delay: Duration::from_secs(10),
            jitter: 0.0,
            seed: 0,
        };
        assert_eq!(p.delays(), vec![ms(250); 3], "factor {factor}");
    }
}

fn raw_delays(p: &Backoff) -> Vec<f64> {
    (1..p.attempts)
        .map(|i| {
            (p.base.as_secs_f64() * p.factor.powi(i as i32 - 1)).min(p.max_delay.as_secs_f64())
        })
        .collect()
}

/// Jitter takes up to `jitter` of each delay off: every delay lies in
/// `[raw * (1 - jitter), raw]` (to the microsecond the delays are rounded
/// to), over many seeds, and the jitter really varies.
#[test]
fn jittered_delays_stay_within_bounds() {
    for jitter in [0.1, 0.5, 1.0] {
        let mut below_raw = 0;
        for seed in 0..500u64 {
            let p = Backoff {
                attempts: 7,
                base: ms(100),
                factor: 2.0,
                max_delay: Duration::from_secs(2),
                jitter,
                seed,
            };
            let delays = p.delays();
            assert_eq!(delays.len(), 6);
            for (d, raw) in delays.iter().zip(raw_delays(&p)) {
                let d = d.as_secs_f64();
                assert!(
                    d >= raw * (1.0 - jitter) - 1e-6 && d <= raw + 1e-6,
                    "seed {seed} jitter {jitter}: delay {d} outside [{}, {raw}]",
                    raw * (1.0 - jitter)
                );
                if d < raw - 1e-6 {
                    below_raw += 1;
                }
            }
        }
        // 3000 jittered delays: practically all are shortened.
        assert!(
            below_raw > 2900,
            "jitter {jitter}: only {below_raw} shortened"
        );
    }
}

/// Out-of-range jitter is clamped to 0..=1.
#[test]
fn jitter_is_clamped() {
    let base = Backoff {
        attempts: 5,
        base: ms(100),
        factor: 2.0,
        max_delay: Duration::from_secs(10),
        jitter: 0.0,
        seed: 9,
    };
    let none = Backoff {
        jitter: -3.0,
        ..base.clone()
    };
    assert_eq!(none.delays(), base.delays());
    let nan = Backoff {
        jitter: f64::NAN,
        ..base.clone()
    };
    assert_eq!(nan.delays(), base.delays());
    let over = Backoff {
        jitter: 7.0,
        ..base.clone()
    };
    let full = Backoff {
        jitter: 1.0,
        ..base.clone()
    };
    assert_eq!(over.delays(), full.delays());
}

/// The same seed gives the same delays; different seeds give different
/// ones; and `retry` sleeps exactly those delays.
#[test]
fn jitter_is_deterministic_by_seed_and_used_by_retry() {
    let policy = |seed| Backoff {
        attempts: 5,
        base: ms(100),
        factor: 2.0,
        max_delay: Duration::from_secs(10),
        jitter: 0.5,
        seed,
    };
    assert_eq!(policy(7).delays(), policy(7).delays());
    assert_ne!(policy(7).delays(), policy(8).delays());
    let mut distinct: Vec<Vec<Duration>> = (0..50).map(|s| policy(s).delays()).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 50);

    let delays = policy(7).delays();
    let mut expected = vec![0u64];
    for d in &delays {
        let last = *expected.last().unwrap();
        expected.push(last + d.as_nanos() as u64);
    }
    let rt = Runtime::new_virtual();
    let times = Rc::new(RefCell::new(vec![]));
    let t = times.clone();
    let out = rt
        .block_on(async move {
            let r: Result<(), Error> = retry(policy(7), |_| {
                let t = t.clone();
                async move {
                    t.borrow_mut().push(now().as_nanos());
                    Err(Error::msg("no"))
                }
            })
            .await;
            Ok::<_, Error>(r)
        })
        .unwrap()
        .unwrap();
    assert!(out.is_err());
    assert_eq!(*times.borrow(), expected);
}

/// Cancelling the task during a backoff sleep ends the retries at once:
/// the cancellation is returned and no further attempt is made.
#[test]
fn a_cancellation_during_backoff_stops_the_retries() {
    let rt = Runtime::new_virtual();
    let times = Rc::new(RefCell::new(vec![]));
    let t = times.clone();
    let out = rt
        .block_on(async move {
            let worker = spawn(async move {
                let policy = Backoff {
                    attempts: 10,
                    base: ms(100),
                    factor: 2.0,
                    max_delay: Duration::from_secs(10),
                    jitter: 0.0,
                    seed: 0,
                };
                let r = retry(policy, |_| {
                    let t = t.clone();
                    async move {
                        t.borrow_mut().push(now().as_secs_f64());
                        Err::<(), _>(Error::msg("down"))
                    }
                })
                .await;
                let at = now().as_secs_f64();
                r.map_err(|e| Error::msg(format!("{e} at {at}")))
            });
            // Attempts at 0 and 0.1; the second backoff runs 0.1 → 0.3.
            sleep(ms(150)).await?;
            worker.cancel(Some("stop"));
            let r = worker.clone().await;
            // Nothing more happens later.
            sleep(Duration::from_secs(60)).await?;
            Ok::<_, Error>(r)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out, Err(Error::msg("cancelled: stop at 0.15")));
    assert_eq!(*times.borrow(), vec![0.0, 0.1]);
}

/// A cancellation delivered inside an attempt (or returned by it) is not
/// retried: it comes straight back.
#[test]
fn a_cancelled_attempt_is_not_retried() {
    let rt = Runtime::new_virtual();
    let attempts = Rc::new(RefCell::new(0));
    let a = attempts.clone();
    let out = rt
        .block_on(async move {
            let a2 = a.clone();
            let worker = spawn(async move {
                retry(Backoff::default(), |_| {
                    let a = a2.clone();
                    async move {
                        *a.borrow_mut() += 1;
                        sleep(Duration::from_secs(1)).await?;
                        Err::<(), _>(Error::msg("slow failure"))
                    }
                })
                .await
            });
            sleep(ms(500)).await?;
            worker.cancel(None);
            let inside = worker.clone().await;
            // An op that returns a cancellation by itself.
            let returned: Result<(), Error> = retry(Backoff::default(), |_| {
                let a = a.clone();
                async move {
                    *a.borrow_mut() += 100;
                    Err(Error::Cancelled(Cancelled::new(Some("op".into()))))
                }
            })
            .await;
            Ok::<_, Error>((inside, returned, now().as_secs_f64()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        out,
        (
            Err(Error::Cancelled(Cancelled::default())),
            Err(Error::Cancelled(Cancelled::new(Some("op".into())))),
            0.5
        )
    );
    assert_eq!(*attempts.borrow(), 101);
}
