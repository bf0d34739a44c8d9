//! The program's output: every line with its time, stream and task, and a
//! marker on the writer's timeline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scenario;

use looplab_core::trace::Stream;
use looplab_core::{output, sleep, spawn_named, Error};
use looplab_view::{MarkerKind, OutputLine};
use scenario::{at, run, secs, tid};

#[test]
fn lines_keep_their_time_stream_and_task() {
    let (_rt, m) = run(async {
        output(Stream::Stdout, "hello");
        spawn_named("writer", async {
            sleep(secs(0.5)).await?;
            output(Stream::Stderr, "oops");
            Ok::<_, Error>(())
        })
        .await?;
        sleep(secs(1.0)).await?;
        output(Stream::Stdout, "bye");
        Ok(())
    });
    let line = |s: f64, task: u64, stream, text: &str| OutputLine {
        at: at(s),
        task: Some(tid(task)),
        stream,
        text: text.into(),
    };
    assert_eq!(
        m.output(),
        [
            line(0.0, 1, Stream::Stdout, "hello"),
            line(0.5, 2, Stream::Stderr, "oops"),
            line(1.5, 1, Stream::Stdout, "bye"),
        ]
    );
    assert_eq!(
        m.output_in(at(0.1), at(1.0)),
        [line(0.5, 2, Stream::Stderr, "oops")]
    );
    assert!(m
        .task(tid(2))
        .unwrap()
        .markers
        .iter()
        .any(|mk| mk.kind == MarkerKind::Output(1) && mk.at == at(0.5)));
}

/// A program that prints without end keeps the model's memory bounded:
/// the latest lines are kept, all are counted, early ones are marked.
#[test]
fn a_flood_of_output_keeps_the_latest_lines_and_counts_all() {
    use looplab_view::{OUTPUT_KEPT, OUTPUT_MARKED};
    let n = OUTPUT_MARKED + 5;
    let (_rt, m) = run(async move {
        for i in 0..n {
            output(Stream::Stdout, format!("line {i}"));
        }
        Ok(())
    });
    assert_eq!(m.output_total(), n);
    let kept = m.output();
    assert_eq!(kept.len(), OUTPUT_KEPT);
    assert_eq!(&*kept[OUTPUT_KEPT - 1].text, format!("line {}", n - 1));
    assert_eq!(&*kept[0].text, format!("line {}", n - OUTPUT_KEPT as u64));
    let marks = m
        .task(tid(1))
        .unwrap()
        .markers
        .iter()
        .filter(|mk| matches!(mk.kind, MarkerKind::Output(_)))
        .count() as u64;
    assert_eq!(marks, OUTPUT_MARKED);
}
