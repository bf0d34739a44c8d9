//! Scenarios that run twice: natively under `cargo test`, and in headless
//! Chromium under `wasm-bindgen-test` (the runtime's target). Each checks
//! exact virtual times, so a difference between the two targets fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::{
    gather, sleep, spawn, spawn_named, task_group, timeout, Config, Error, Event, Queue, RunError,
    Runtime, Semaphore, TaskGroupError, VirtualClock,
};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

macro_rules! portable {
    ($($(#[$meta:meta])* fn $name:ident() $body:block)*) => {
        $(
            $(#[$meta])*
            #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
            #[cfg_attr(not(target_arch = "wasm32"), test)]
            fn $name() $body
        )*
    };
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Three workers through a 2-permit semaphore, each holding it 1 s, start
/// at 0, 0 and 1 s (CPython 3.11 under looptime logs the same start times,
/// and 50 ms for the queue pipeline below).
fn semaphore_program() -> Vec<(u64, u64)> {
    let rt = Runtime::new_virtual();
    let log = Rc::new(RefCell::new(Vec::new()));
    let l = log.clone();
    rt.block_on(async move {
        let sem = Semaphore::new(2);
        let workers = (0..3u64)
            .map(|i| {
                let (sem, l) = (sem.clone(), l.clone());
                spawn(async move {
                    let _p = sem.acquire().await?;
                    let start = looplab_core::now().as_nanos() / 1_000_000;
                    sleep(ms(1000)).await?;
                    l.borrow_mut().push((i, start));
                    Ok::<_, Error>(())
                })
            })
            .collect();
        gather(workers).await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let v = log.borrow().clone();
    v
}

portable! {
    fn semaphore_limits_concurrency_at_exact_times() {
        assert_eq!(semaphore_program(), vec![(0, 0), (1, 0), (2, 1000)]);
    }

    fn taskgroup_failure_cancels_the_sibling() {
        let rt = Runtime::new_virtual();
        let out = rt
            .block_on(async {
                let r = task_group(|tg| async move {
                    tg.spawn(async { sleep(ms(5000)).await?; Ok(()) }).ok();
                    tg.spawn(async { sleep(ms(300)).await?; Err(Error::msg("boom")) }).ok();
                    Ok::<_, Error>(())
                })
                .await;
                Ok::<_, Error>(r)
            })
            .unwrap()
            .unwrap();
        assert_eq!(out, Err(TaskGroupError::Failed(vec![Error::msg("boom")])));
        assert_eq!(rt.now().as_nanos(), 300_000_000);
    }

    fn timeout_cancels_and_reports_elapsed() {
        let rt = Runtime::new_virtual();
        let out = rt
            .block_on(async {
                let r = timeout(Some(ms(250))).run(async { sleep(ms(1000)).await?; Ok::<_, Error>(()) }).await;
                Ok::<_, Error>(r.is_err())
            })
            .unwrap()
            .unwrap();
        assert!(out);
        assert_eq!(rt.now().as_nanos(), 250_000_000);
    }

    fn bounded_queue_pipeline_keeps_order() {
        let rt = Runtime::new_virtual();
        let got = rt
            .block_on(async {
                let q = Queue::new(2);
                let producer = {
                    let q = q.clone();
                    spawn_named("producer", async move {
                        for i in 0..5u32 {
                            q.put(i).await.map_err(|e| Error::msg(e.to_string()))?;
                        }
                        Ok::<_, Error>(())
                    })
                };
                let mut got = Vec::new();
                for _ in 0..5 {
                    sleep(ms(10)).await?;
                    got.push(q.get().await.map_err(|e| Error::msg(e.to_string()))?);
                }
                producer.await?;
                Ok::<_, Error>(got)
            })
            .unwrap()
            .unwrap();
        assert_eq!(got, vec![0, 1, 2, 3, 4]);
        assert_eq!(rt.now().as_nanos(), 50_000_000);
    }

    fn the_same_program_gives_the_same_trace() {
        let run = || {
            let rt = Runtime::with_config(Rc::new(VirtualClock::new()), Config::default());
            rt.block_on(async {
                let sem = Semaphore::named("db", 1);
                let tasks = (0..4u64)
                    .map(|i| {
                        let sem = sem.clone();
                        spawn(async move {
                            let _p = sem.acquire().await?;
                            sleep(ms(10 * i + 1)).await?;
                            Ok::<_, Error>(i)
                        })
                    })
                    .collect();
                gather(tasks).await
            })
            .unwrap()
            .unwrap();
            let s = rt.trace().to_json_lines();
            s
        };
        let a = run();
        assert!(a.lines().count() > 20);
        assert_eq!(a, run());
    }

    fn a_deadlock_names_the_stuck_tasks() {
        let rt = Runtime::new_virtual();
        let out = rt.block_on(async {
            let never = Event::named("never-set");
            let e2 = never.clone();
            let waiter = spawn_named("waiter", async move { e2.wait().await?; Ok::<_, Error>(()) });
            waiter.await
        });
        match out {
            Err(RunError::Deadlock(stuck)) => {
                let names: Vec<&str> = stuck.iter().map(|s| &*s.name).collect();
                assert_eq!(names, vec!["main", "waiter"]);
            }
            other => panic!("expected a deadlock, got {other:?}"),
        }
    }
}
