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
