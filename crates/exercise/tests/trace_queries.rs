//! The trace queries a checker can return, answered from hand-made
//! traces: each holds when it should, and when it does not it names what
//! broke it and when.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::Event;
use looplab_exercise::trace::judge;
use looplab_exercise::State;

const S: u64 = 1_000_000_000;

fn events(lines: &[String]) -> Vec<Event> {
    serde_json::from_str(&format!("[{}]", lines.join(","))).unwrap()
}

fn ev(seq: u64, at_ms: u64, body: &str) -> String {
    format!(r#"{{"seq":{seq},"at":{},{body}}}"#, at_ms * S / 1000)
}

/// Three tasks wait on files, two at once at most; a queue of maxsize 2
/// holds 3 items at t = 0.5 s; a worker is cancelled at t = 1 s.
fn trace() -> Vec<Event> {
    events(&[
        ev(0, 0, r#""type":"task_spawned","task":1,"name":"main""#),
        ev(
            1,
            0,
            r#""type":"resource_created","resource":1,"kind":"queue","name":"Queue-1","capacity":2"#,
        ),
        ev(
            2,
            100,
            r#""type":"task_spawned","task":2,"name":"worker-1","parent":1"#,
        ),
        ev(
            3,
            100,
            r#""type":"task_spawned","task":3,"name":"worker-2","parent":1"#,
        ),
        ev(4, 200, r#""type":"task_note","task":2,"text":"read a.txt""#),
        ev(
            5,
            200,
            r#""type":"task_waiting","task":2,"on":{"kind":"file"}"#,
        ),
        ev(6, 200, r#""type":"task_note","task":3,"text":"read b.txt""#),
        ev(
            7,
            200,
            r#""type":"task_waiting","task":3,"on":{"kind":"file"}"#,
        ),
        ev(8, 300, r#""type":"task_running","task":2"#),
        ev(
            9,
            300,
            r#""type":"task_note","task":2,"text":"readline a.txt""#,
        ),
        ev(
            10,
            300,
            r#""type":"task_waiting","task":2,"on":{"kind":"file"}"#,
        ),
        ev(
            11,
            500,
            r#""type":"resource_state","resource":1,"state":{"waiters":0,"len":3}"#,
        ),
        ev(12, 1000, r#""type":"cancel_requested","task":3,"by":1"#),
        ev(
            13,
            1000,
            r#""type":"task_done","task":3,"outcome":{"status":"cancelled"}"#,
        ),
        ev(
            14,
            1200,
            r#""type":"task_done","task":2,"outcome":{"status":"value","repr":"None"}"#,
        ),
    ])
}

#[test]
fn queue_len_names_the_queue_and_the_instant() {
    let v = judge(r#"{"kind":"queue_len","at_most":2}"#, &trace());
    assert_eq!(v.state, State::Fail);
    assert_eq!(
        v.detail,
        "at t=0.50 s the queue Queue-1 held 3 items, more than 2 (its maxsize is 2)"
    );
    assert_eq!(v.at, Some(0.5));
    assert_eq!(
        judge(r#"{"kind":"queue_len","at_most":3}"#, &trace()).state,
        State::Pass
    );
    // A queue created before the window does not count; `needed` then fails.
    let v = judge(
        r#"{"kind":"queue_len","at_most":2,"since":0.1,"needed":true}"#,
        &trace(),
    );
    assert_eq!(v.state, State::Fail);
    assert_eq!(v.detail, "no asyncio.Queue was created while your code ran");
}

#[test]
fn tasks_finished_names_the_cancelled_task_and_who_cancelled_it() {
    let v = judge(r#"{"kind":"tasks_finished","since":0.1}"#, &trace());
    assert_eq!(v.state, State::Fail);
    assert!(
        v.detail
            .starts_with("task worker-2 was cancelled by main at t=1.00 s instead of finishing"),
        "{}",
        v.detail
    );
    // Ended, cancelled or not: that holds; by t = 1.1 s worker-1 had not.
    assert_eq!(
        judge(r#"{"kind":"tasks_done","since":0.1}"#, &trace()).state,
        State::Pass
    );
    let v = judge(r#"{"kind":"tasks_done","since":0.1,"until":1.1}"#, &trace());
    assert_eq!(v.state, State::Fail);
    assert_eq!(
        v.detail,
        "task worker-1 was still running at t=1.10 s (it ended at t=1.20 s)"
    );
}

#[test]
fn waiting_counts_tasks_waiting_on_one_kind_at_once() {
    let v = judge(r#"{"kind":"waiting","wait":"file","at_most":1}"#, &trace());
    assert_eq!(v.state, State::Fail);
    assert_eq!(
        v.detail,
        "at t=0.20 s 2 tasks waited on file at once: worker-1, worker-2"
    );
    assert_eq!(
        judge(r#"{"kind":"waiting","wait":"file","at_most":2}"#, &trace()).state,
        State::Pass
    );
}

#[test]
fn waits_and_notes_count_what_the_window_holds() {
    assert_eq!(
        judge(r#"{"kind":"waits","wait":"file","at_least":3}"#, &trace()).state,
        State::Pass
    );
    let v = judge(
        r#"{"kind":"waits","wait":"file","at_least":4,"why":"read with aiofiles"}"#,
        &trace(),
    );
    assert_eq!(
        v.detail,
        "the trace shows 3 file waits, fewer than 4: read with aiofiles"
    );
    // Two files read (a.txt by read and by readline counts once).
    assert_eq!(
        judge(r#"{"kind":"notes","verb":"read","at_least":2}"#, &trace()).state,
        State::Pass
    );
    let v = judge(r#"{"kind":"notes","verb":"read","at_least":3}"#, &trace());
    assert_eq!(v.state, State::Fail);
    assert_eq!(
        v.detail,
        "the trace shows `read` on 2 of the 3 files (a.txt, b.txt)"
    );
}

#[test]
fn a_bad_query_is_a_failure_that_says_so() {
    let v = judge("not json", &trace());
    assert_eq!(v.state, State::Fail);
    assert!(v
        .detail
        .starts_with("the checker's trace query is not JSON"));
    let v = judge(r#"{"kind":"nope"}"#, &trace());
    assert_eq!(v.detail, "the checker asked an unknown trace query `nope`");
    let v = judge(r#"{"kind":"waiting","wait":"files","at_most":1}"#, &trace());
    assert_eq!(v.state, State::Fail);
    assert_eq!(
        v.detail,
        r#"the checker's trace query names no wait kind the trace knows: "files""#
    );
}
