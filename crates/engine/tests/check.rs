//! A check in this thread (what the npm package's `check()` does in Node):
//! the caller sends the exercise's checker; the engine embeds none.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_protocol::TraceMode;

#[test]
fn a_check_runs_the_checker_it_is_given() {
    let ex = looplab_exercise::find("pub-sub").unwrap();
    let (end, events) =
        looplab_engine::check_virtual(&ex.checker, &ex.solution, TraceMode::Summary);
    assert!(end.requirements.len() >= 6, "{:?}", end.requirements);
    assert!(
        end.requirements.iter().all(|r| r.state == "pass"),
        "{:?}",
        end.requirements
    );
    assert!(events.is_empty());
    let (end, _) = looplab_engine::check_virtual(&ex.checker, &ex.starter, TraceMode::None);
    assert!(end.requirements.iter().any(|r| r.state == "fail"));
    // A syntax error is a failed requirement, not a crash.
    let (end, _) = looplab_engine::check_virtual(&ex.checker, "def (:\n", TraceMode::None);
    assert_eq!(end.requirements[0].name, "The program compiles");
    assert_eq!(end.requirements[0].state, "fail");
}
