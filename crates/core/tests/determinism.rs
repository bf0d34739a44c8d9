//! Determinism on the virtual clock: the same program gives the same
//! trace, byte for byte, however often, on whatever thread, and whatever
//! else ran before; tracing does not change what the program does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::Stream as Out;
use looplab_core::{
    gather, gather_settled, output, sleep, spawn_named, task_group, wait_for, Config, Error, Event,
    Lock, Queue, Runtime, Semaphore, TaskGroupError, VirtualClock,
};
use std::rc::Rc;
use std::time::Duration;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A small pipeline using queues, gather, a task group, a semaphore, a
/// lock, an event, a timeout and a cancellation.
async fn pipeline() -> Result<u64, Error> {
    let jobs: Queue<u64> = Queue::named("jobs", 3);
    let results: Queue<u64> = Queue::priority(0);
    let sem = Semaphore::named("cpu", 2);
    let lock = Lock::named("log");
    let go = Event::named("go");

    // Producer: waits for the go signal, then fills the bounded queue.
    let (j, g) = (jobs.clone(), go.clone());
    let producer = spawn_named("producer", async move {
        g.wait().await?;
        for i in 0..12u64 {
            j.put(i).await.map_err(|e| Error::msg(e.to_string()))?;
        }
        Ok::<_, Error>(12)
    });

    // Workers: take jobs, compute under the semaphore, log under the lock.
    let workers: Vec<_> = (0..3u64)
        .map(|w| {
            let (j, r, s, l) = (jobs.clone(), results.clone(), sem.clone(), lock.clone());
            spawn_named(format!("worker-{w}"), async move {
                let mut done = 0u64;
                loop {
                    let item = match j.get().await {
                        Ok(item) => item,
                        Err(e) if e.is_cancelled() => break,
                        Err(e) => return Err(Error::msg(e.to_string())),
                    };
                    {
                        let _p = s.acquire().await?;
                        sleep(ms(10 * (item % 4 + 1))).await?;
                    }
                    {
                        let _g = l.acquire().await?;
                        output(Out::Stdout, format!("worker-{w} did {item}"));
                    }
                    r.try_put(item * item).unwrap();
                    j.task_done().unwrap();
                    done += 1;
                }
                Ok::<_, Error>(done)
            })
        })
        .collect();

    sleep(ms(5)).await?;
    go.set();
    producer.await?;
    jobs.join().await?;
    for w in &workers {
        w.cancel(Some("shift over"));
    }
    let per_worker = gather_settled(workers).await?;
    let total_done: u64 = per_worker.iter().map(|r| *r.as_ref().unwrap_or(&0)).sum();

    // A task group whose children race a timeout.
    let tg = task_group(|tg| async move {
        for i in 0..3u64 {
            let _child = tg
                .spawn_named(format!("child-{i}"), async move {
                    let r = wait_for(Some(ms(25)), async move {
                        sleep(ms(10 * (i + 1) * (i + 1))).await?;
                        Ok::<_, Error>(i)
                    })
                    .await;
                    r.unwrap_or(Ok(99))
                })
                .map_err(|e| Error::msg(e.to_string()))?;
        }
        Ok::<_, Error>(())
    })
    .await;
    if let Err(TaskGroupError::Failed(errors)) = &tg {
        return Err(errors[0].clone());
    }

    // Gather the squares back out of the priority queue.
    let mut sum = 0;
    while let Ok(v) = results.try_get() {
        sum += v;
    }
    let extra = gather(vec![spawn_named("last", async {
        sleep(ms(1)).await?;
        Ok::<_, Error>(1u64)
    })])
    .await?;
    Ok(sum + total_done + extra[0])
}

fn run_once(trace: bool) -> (u64, u64, String, String) {
    let rt = Runtime::with_config(
        Rc::new(VirtualClock::new()),
        Config {
            trace,
            ..Config::default()
        },
    );
    let v = rt.run(pipeline()).unwrap().unwrap();
    let lines = rt.trace().to_json_lines();
    let chrome = rt.trace().to_chrome_trace();
    (v, rt.now().as_nanos(), lines, chrome)
}

/// The program's own answer, worked out by hand: squares of 0..12 sum to
/// 506, twelve jobs done, plus one from `last`.
#[test]
fn the_pipeline_computes_what_it_should() {
    let (v, _, lines, _) = run_once(true);
    assert_eq!(v, 506 + 12 + 1);
    assert!(lines.lines().count() > 200);
}

/// The same program twice: byte-identical JSON Lines and Chrome traces.
#[test]
fn the_same_program_twice_gives_identical_traces() {
    let a = run_once(true);
    let b = run_once(true);
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
    assert!(a.2 == b.2, "JSON lines differ");
    assert!(a.3 == b.3, "Chrome traces differ");
}

/// Many repetitions, interleaved with a different program on another
/// runtime, still give the same bytes.
#[test]
fn repetitions_and_other_runtimes_do_not_disturb_the_trace() {
    let reference = run_once(true);
    for i in 0..20 {
        // Something else first, on its own runtime, sometimes still alive.
        let other = Runtime::new_virtual();
        other
            .block_on(async move {
                let q: Queue<u64> = Queue::new(0);
                q.try_put(i).unwrap();
                sleep(ms(i + 1)).await?;
                Ok::<_, Error>(())
            })
            .unwrap()
            .unwrap();
        let again = run_once(true);
        assert!(again.2 == reference.2, "run {i}: JSON lines differ");
        drop(other);
    }
}

/// Another thread produces the same bytes.
#[test]
fn another_thread_gives_the_same_trace() {
    let here = run_once(true);
    let there = std::thread::spawn(|| run_once(true)).join().unwrap();
    assert!(here.2 == there.2, "JSON lines differ across threads");
    assert!(here.3 == there.3, "Chrome traces differ across threads");
}

/// Tracing only observes: with it off, the program gives the same answer
/// and ends at the same virtual instant.
#[test]
fn tracing_does_not_change_what_happens() {
    let on = run_once(true);
    let off = run_once(false);
    assert_eq!((on.0, on.1), (off.0, off.1));
    assert!(off.2.is_empty());
}

/// A different program gives a different trace (the comparison is not
/// vacuous).
#[test]
fn a_different_program_gives_a_different_trace() {
    let a = run_once(true);
    let rt = Runtime::new_virtual();
    rt.run(async {
        let v = pipeline().await?;
        sleep(ms(1)).await?;
        Ok::<_, Error>(v)
    })
    .unwrap()
    .unwrap();
    let b = rt.trace().to_json_lines();
    assert_ne!(a.2, b);
    // ... though it starts the same way.
    let first_a: Vec<&str> = a.2.lines().take(20).collect();
    let first_b: Vec<&str> = b.lines().take(20).collect();
    assert_eq!(first_a, first_b);
}
