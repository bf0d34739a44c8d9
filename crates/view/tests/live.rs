//! A live view: fed batch by batch as the runtime runs, it ends up the
//! same as a view of the whole trace; the same run gives the same view; a
//! trace cut short at the front or with dropped events in the middle is
//! shown as well as it can be, without panicking.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::Stream;
use looplab_core::{
    output, sleep, spawn_named, Config, Error, Lock, Queue, Runtime, Semaphore, Tick, VirtualClock,
};
use looplab_view::{Counts, Model};
use scenario::{secs, tid};
use std::rc::Rc;
use std::time::Duration;

/// Workers share a semaphore, a lock and a queue, print, and sleep.
async fn workshop() -> Result<(), Error> {
    let sem = Semaphore::named("slots", 2);
    let lock = Lock::named("log");
    let q: Queue<u32> = Queue::named("jobs", 0);
    let mut hs = Vec::new();
    for i in 0..6u32 {
        let (sem, lock, q) = (sem.clone(), lock.clone(), q.clone());
        hs.push(spawn_named(format!("worker-{i}"), async move {
            let _p = sem.acquire().await?;
            sleep(secs(0.1 * f64::from(i + 1))).await?;
            {
                let _g = lock.acquire().await?;
                output(Stream::Stdout, format!("worker {i} done"));
                sleep(secs(0.05)).await?;
            }
            q.try_put(i).map_err(|e| Error::msg(e.to_string()))?;
            Ok::<_, Error>(i)
        }));
    }
    looplab_core::gather(hs).await?;
    Ok(())
}

fn whole_trace() -> Vec<looplab_core::trace::Event> {
    let rt = Runtime::new_virtual();
    rt.block_on(workshop()).unwrap().unwrap();
    rt.drain_trace()
}

/// Tick by tick, draining the trace into the model after each tick.
#[test]
fn a_view_fed_live_matches_the_view_of_the_whole_trace() {
    let clock = Rc::new(VirtualClock::new());
    let rt = Runtime::new(clock.clone());
    let _main = rt.spawn_named("main", workshop());
    let mut live = Model::new();
    let mut ticks = 0;
    loop {
        let tick = rt.tick(3);
        live.extend(rt.drain_trace());
        ticks += 1;
        // Counts are kept up to date between batches.
        assert_eq!(live.counts().total(), live.tasks().len());
        match tick {
            Tick::Busy => {}
            Tick::Sleeping(t) => clock.advance_to(t),
            Tick::Idle => break,
        }
    }
    assert!(ticks > 5);
    let whole: Model = whole_trace().iter().collect();
    assert_eq!(live, whole);
    assert_eq!(live.counts().done, 7);
    assert_eq!(live.output().len(), 6);
}

/// Determinism: the same run twice gives the same view.
#[test]
fn the_same_run_gives_the_same_view() {
    let a: Model = whole_trace().into_iter().collect();
    let b: Model = whole_trace().into_iter().collect();
    assert_eq!(a, b);
    let mut c = a.clone();
    c.clear();
    assert_eq!(c, Model::new());
}

/// A trace missing its beginning: every cut point gives a model whose
/// counts agree with its rows; main, whose spawn was cut off, is a partial
/// row.
#[test]
fn a_trace_cut_at_the_front_still_makes_a_view() {
    let events = whole_trace();
    for cut in (1..events.len()).step_by(7) {
        let m: Model = events[cut..].iter().collect();
        let by_rows: Counts = m.tasks().iter().map(|t| t.state).collect();
        assert_eq!(m.counts(), by_rows, "cut at {cut}");
        assert_eq!(m.counts_at(m.end()), by_rows, "cut at {cut}");
        if let Some(main) = m.task(tid(1)) {
            assert!(main.partial);
        }
        for t in m.tasks() {
            for r in &t.held {
                assert!(m.resource(*r).is_some());
            }
        }
    }
}

/// With room for 100 events, the runtime drops the rest until the trace
/// is drained; the model counts the gap in sequence numbers.
#[test]
fn events_dropped_by_a_full_trace_are_counted() {
    let rt = Runtime::with_config(
        Rc::new(VirtualClock::new()),
        Config {
            trace: true,
            trace_capacity: 100,
            blocked_threshold: Duration::from_millis(100),
        },
    );
    rt.block_on(workshop()).unwrap().unwrap();
    let mut m = Model::new();
    m.extend(rt.drain_trace());
    assert_eq!(m.event_count(), 100);
    assert_eq!(m.missed(), 0);
    rt.block_on(async {
        output(Stream::Stdout, "after");
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    m.extend(rt.drain_trace());
    assert_eq!(m.missed(), rt.trace().dropped());
    assert!(m.missed() > 0);
    assert_eq!(m.output().last().map(|l| &*l.text), Some("after"));
}
