//! Each task's timeline: segments (pending, ready, running, waiting on
//! what) with their start and end, the open last segment of a live task,
//! the segments and markers in a window, and the markers themselves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::{Stream, WaitKind, WaitOn};
use looplab_core::{output, sleep, spawn_named, yield_now, Error, Lock};
use looplab_view::{MarkerKind, SegKind, Segment};
use scenario::{at, run, secs, tid, Hand};

fn seg(start: f64, end: Option<f64>, kind: SegKind) -> Segment {
    Segment {
        start: at(start),
        end: end.map(at),
        kind,
        on: None,
        line: None,
    }
}

fn sleep_until(s: f64) -> WaitOn {
    WaitOn {
        until: Some(at(s)),
        ..WaitOn::new(WaitKind::Sleep)
    }
}

/// A task that sleeps 1.5 s: spawned (pending) and run at 0, asleep until
/// 1.5, then woken (ready) and run to its end at 1.5.
#[test]
fn a_sleepers_timeline() {
    let (_rt, m) = run(async {
        spawn_named("napper", async {
            sleep(secs(1.5)).await?;
            Ok::<_, Error>(())
        })
        .await?;
        Ok(())
    });
    let napper = m.task(tid(2)).unwrap();
    let segments: Vec<Segment> = napper.segments().collect();
    assert_eq!(
        segments,
        [
            seg(0.0, Some(0.0), SegKind::Pending),
            seg(0.0, Some(0.0), SegKind::Running),
            Segment {
                on: Some(sleep_until(1.5)),
                ..seg(0.0, Some(1.5), SegKind::Waiting(WaitKind::Sleep))
            },
            seg(1.5, Some(1.5), SegKind::Ready),
            seg(1.5, Some(1.5), SegKind::Running),
        ]
    );
    let marks: Vec<_> = napper.markers.iter().map(|mk| (mk.at, mk.kind)).collect();
    assert_eq!(
        marks,
        [(at(0.0), MarkerKind::Spawn), (at(1.5), MarkerKind::Done)]
    );
    // main waited on the napper meanwhile.
    let main_wait = m
        .task(tid(1))
        .unwrap()
        .segments()
        .find(|s| matches!(s.kind, SegKind::Waiting(_)))
        .unwrap();
    assert_eq!(main_wait.kind, SegKind::Waiting(WaitKind::Task));
    assert_eq!((main_wait.start, main_wait.end), (at(0.0), Some(at(1.5))));
    assert_eq!(m.describe_wait(&main_wait.on.unwrap()), "task 'napper'");
}

/// A task that has not ended has an open last segment.
#[test]
fn a_live_tasks_last_segment_is_open() {
    let mut h = Hand::new();
    h.spawn(1, "main", None).running(1).sleeping(1, 5.0);
    let m = h.model();
    let last = m.task(tid(1)).unwrap().segments().last().unwrap();
    assert_eq!(
        last,
        Segment {
            on: Some(sleep_until(5.0)),
            ..seg(0.0, None, SegKind::Waiting(WaitKind::Sleep))
        }
    );
    assert_eq!(last.end_or(at(3.0)), at(3.0));
}

/// A task that ticks once a second: the segments in a window from 4.5 to
/// 6.5 s are those overlapping it, found without walking the whole
/// timeline; markers likewise.
#[test]
fn segments_and_markers_in_a_window() {
    let mut h = Hand::new();
    h.spawn(1, "ticker", None);
    for k in 0..10 {
        let k = f64::from(k);
        h.at(k);
        if k > 0.0 {
            h.ready(1);
        }
        h.running(1)
            .push(looplab_core::trace::EventKind::Output {
                task: Some(tid(1)),
                stream: Stream::Stdout,
                text: format!("tick {k}").into(),
            })
            .sleeping(1, k + 1.0);
    }
    let m = h.model();
    let ticker = m.task(tid(1)).unwrap();
    let window: Vec<(f64, Option<f64>, SegKind)> = ticker
        .segments_in(at(4.5), at(6.5))
        .map(|s| {
            (
                s.start.as_secs_f64(),
                s.end.map(|e| e.as_secs_f64()),
                s.kind,
            )
        })
        .collect();
    let wait = SegKind::Waiting(WaitKind::Sleep);
    assert_eq!(
        window,
        [
            (4.0, Some(5.0), wait),
            (5.0, Some(5.0), SegKind::Ready),
            (5.0, Some(5.0), SegKind::Running),
            (5.0, Some(6.0), wait),
            (6.0, Some(6.0), SegKind::Ready),
            (6.0, Some(6.0), SegKind::Running),
            (6.0, Some(7.0), wait),
        ]
    );
    // The window past the end reaches the open segment.
    let tail: Vec<_> = ticker.segments_in(at(20.0), at(30.0)).collect();
    assert_eq!(tail.len(), 1);
    assert_eq!((tail[0].start, tail[0].end), (at(9.0), None));
    let marks: Vec<_> = ticker
        .markers_in(at(4.5), at(6.0))
        .iter()
        .map(|mk| (mk.at, mk.kind))
        .collect();
    assert_eq!(
        marks,
        [
            (at(5.0), MarkerKind::Output(5)),
            (at(6.0), MarkerKind::Output(6))
        ]
    );
    assert_eq!(&*m.output()[5].text, "tick 5");
    assert_eq!(ticker.step_count(), 1 + 10 * 2 + 9);
}

/// Markers for taking and letting go of a lock and for output, in order.
#[test]
fn acquire_release_and_output_markers() {
    let (_rt, m) = run(async {
        let lock = Lock::named("l");
        let l = lock.clone();
        spawn_named("writer", async move {
            let guard = l.acquire().await?;
            output(Stream::Stdout, "inside");
            sleep(secs(1.0)).await?;
            drop(guard);
            Ok::<_, Error>(())
        })
        .await?;
        Ok(())
    });
    let lock = m.resources().iter().find(|r| &*r.name == "l").unwrap().id;
    let marks: Vec<_> = m
        .task(tid(2))
        .unwrap()
        .markers
        .iter()
        .map(|mk| (mk.at, mk.kind))
        .collect();
    assert_eq!(
        marks,
        [
            (at(0.0), MarkerKind::Spawn),
            (at(0.0), MarkerKind::Acquire(lock)),
            (at(0.0), MarkerKind::Output(0)),
            (at(1.0), MarkerKind::Release(lock)),
            (at(1.0), MarkerKind::Done),
        ]
    );
}

/// `sleep(0)` (a yield) is a wait that ends at once: a zero-length wait
/// on `Yield`, then ready at the same instant.
#[test]
fn a_yield_is_a_zero_length_wait() {
    let (_rt, m) = run(async {
        spawn_named("polite", async {
            yield_now().await?;
            Ok::<_, Error>(())
        })
        .await?;
        Ok(())
    });
    let kinds: Vec<SegKind> = m.task(tid(2)).unwrap().segments().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SegKind::Pending,
            SegKind::Running,
            SegKind::Waiting(WaitKind::Yield),
            SegKind::Ready,
            SegKind::Running,
        ]
    );
    assert!(m
        .task(tid(2))
        .unwrap()
        .segments()
        .all(|s| s.end == Some(at(0.0))));
}
