//! The page's feed of trace batches, natively: every event reaches the
//! model in order whatever the budget, batches are reported applied only
//! when wholly applied, and damaged batches are counted, not fatal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab::feed::Feed;
use looplab_core::trace::Event;
use looplab_core::wire;
use std::cell::Cell;

fn lines(from: u64, n: u64) -> Vec<Event> {
    (from..from + n)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "seq": i, "at": i, "type": "output", "stream": "stdout", "text": format!("{i}")
            }))
            .unwrap()
        })
        .collect()
}

#[test]
fn a_tight_budget_applies_everything_over_several_calls() {
    let mut feed = Feed::default();
    feed.push(0, wire::encode_events(&lines(0, 1000)));
    feed.push(1, wire::encode_events(&lines(1000, 10)));
    // A clock that moves 1 ms at every look: the budget runs out at once.
    let t = Cell::new(0.0);
    let now = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    let mut acked = Vec::new();
    let mut calls = 0;
    loop {
        let (done, more) = feed.apply(0.5, now);
        acked.extend(done);
        calls += 1;
        if !more {
            break;
        }
        assert!(calls < 100);
    }
    assert!(calls > 1, "one call applied everything despite the budget");
    assert_eq!(acked, vec![0, 1]);
    assert_eq!(feed.model.output_total(), 1010);
    let texts: Vec<String> = feed
        .model
        .output()
        .iter()
        .map(|l| l.text.to_string())
        .collect();
    let want: Vec<String> = (0..1010).map(|i| i.to_string()).collect();
    assert_eq!(texts, want);
}

#[test]
fn a_generous_budget_applies_all_batches_in_one_call() {
    let mut feed = Feed::default();
    for b in 0..3 {
        feed.push(b, wire::encode_events(&lines(b * 10, 10)));
    }
    let (done, more) = feed.apply(1e9, || 0.0);
    assert_eq!(done, vec![0, 1, 2]);
    assert!(!more);
    let (json, whole) = feed.export();
    assert!(whole);
    assert!(json.contains("traceEvents"), "{json}");
}

#[test]
fn a_damaged_batch_is_counted_and_the_rest_still_applies() {
    let mut feed = Feed::default();
    feed.push(0, vec![1, 2, 3]);
    feed.push(1, wire::encode_events(&lines(0, 2)));
    let (done, _) = feed.apply(1e9, || 0.0);
    assert_eq!(done, vec![0, 1]);
    assert_eq!(feed.damaged(), 1);
    assert_eq!(feed.model.output_total(), 2);
    assert!(!feed.export().1);
}
