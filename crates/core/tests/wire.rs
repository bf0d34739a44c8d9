//! The binary form of trace events (`looplab_core::wire`): every kind of
//! event survives a round trip exactly, and damaged bytes give an error
//! that says where, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::{Event, Stream as Out};
use looplab_core::wire::{self, Reader, Writer};
use looplab_core::{gather, output, sleep, spawn_named, Error, Lock, Queue, Runtime, Semaphore};
use std::time::Duration;

/// One event of every kind and variant, written as the trace's JSON form
/// (ids can only be made by the runtime or read from a serialised form).
const EVERY_KIND: &str = r#"[
 {"seq":0,"at":0,"type":"task_spawned","task":1,"name":"main"},
 {"seq":1,"at":0,"type":"task_spawned","task":2,"name":"child é","parent":1},
 {"seq":2,"at":5,"type":"task_ready","task":2},
 {"seq":3,"at":5,"type":"task_running","task":2},
 {"seq":4,"at":7,"type":"task_waiting","task":2,"on":{"kind":"semaphore","resource":3}},
 {"seq":5,"at":7,"type":"task_waiting","task":2,"on":{"kind":"sleep","until":1000000000}},
 {"seq":6,"at":9,"type":"task_waiting","task":1,"on":{"kind":"task","task":2}},
 {"seq":7,"at":9,"type":"task_done","task":2,"outcome":{"status":"value","repr":"[1, 2]"}},
 {"seq":8,"at":9,"type":"task_done","task":3,"outcome":{"status":"error","message":"ValueError: boom"}},
 {"seq":9,"at":9,"type":"task_done","task":4,"outcome":{"status":"cancelled"}},
 {"seq":10,"at":9,"type":"task_done","task":5,"outcome":{"status":"cancelled","message":"bye"}},
 {"seq":11,"at":10,"type":"cancel_requested","task":5},
 {"seq":12,"at":10,"type":"cancel_requested","task":5,"by":1,"message":"stop"},
 {"seq":13,"at":10,"type":"resource_created","resource":3,"kind":"bounded_semaphore","name":"db","capacity":2},
 {"seq":14,"at":10,"type":"resource_created","resource":4,"kind":"stream","name":"s"},
 {"seq":15,"at":11,"type":"resource_state","resource":3,"state":{"permits":1,"waiters":2,"len":3,"holder":2,"tokens":0.25,"flag":true,"unfinished":4}},
 {"seq":16,"at":11,"type":"resource_state","resource":3,"state":{"waiters":0}},
 {"seq":17,"at":12,"type":"acquired","resource":3,"task":2},
 {"seq":18,"at":12,"type":"acquired","resource":3},
 {"seq":19,"at":12,"type":"released","resource":3,"task":2},
 {"seq":20,"at":13,"type":"output","stream":"stdout","text":"hello"},
 {"seq":21,"at":13,"type":"output","task":2,"stream":"stderr","text":"Traceback ✗"},
 {"seq":22,"at":14,"type":"warning","warning":"deadlock","stuck":[{"task":2,"name":"w","on":{"kind":"queue_get","resource":4}}]},
 {"seq":23,"at":14,"type":"warning","warning":"error_never_retrieved","task":3,"message":"boom"},
 {"seq":24,"at":14,"type":"warning","warning":"loop_blocked","task":1,"millis":123.5},
 {"seq":25,"at":15,"type":"task_note","task":2,"text":"read app.log"},
 {"seq":26,"at":15,"type":"task_renamed","task":2,"name":"test_insert"},
 {"seq":27,"at":16,"type":"task_waiting","task":2,"on":{"kind":"file","resource":5,"until":17}},
 {"seq":28,"at":16,"type":"task_waiting","task":3,"on":{"kind":"database","resource":6}},
 {"seq":29,"at":16,"type":"resource_created","resource":5,"kind":"file","name":"app.log"},
 {"seq":30,"at":16,"type":"resource_created","resource":6,"kind":"connection","name":"conn 1"},
 {"seq":31,"at":16,"type":"warning","warning":"never_awaited","task":2,"coroutine":"Queue.get","line":14},
 {"seq":32,"at":16,"type":"warning","warning":"never_awaited","coroutine":"save"},
 {"seq":40,"at":18446744073709551615,"type":"task_source","task":2,"line":12,"function":"worker"}
]"#;

fn every_kind() -> Vec<Event> {
    serde_json::from_str(EVERY_KIND).unwrap()
}

#[test]
fn every_kind_of_event_round_trips_exactly() {
    let events = every_kind();
    assert_eq!(events.len(), 34);
    let bytes = wire::encode_events(&events);
    assert_eq!(wire::decode_events(&bytes).unwrap(), events);
}

#[test]
fn a_real_trace_round_trips_and_is_smaller_than_its_json() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let sem = Semaphore::named("sem", 2);
        let lock = Lock::named("lock");
        let q: Queue<u32> = Queue::named("q", 2);
        let jobs = (0..20u32).map(|i| {
            let (sem, lock, q) = (sem.clone(), lock.clone(), q.clone());
            spawn_named(format!("job-{i}"), async move {
                let _p = sem.acquire().await?;
                sleep(Duration::from_millis(u64::from(i % 3) * 10)).await?;
                let _g = lock.acquire().await?;
                output(Out::Stdout, format!("job {i}"));
                let _ = q.try_put(i);
                let _ = q.try_get();
                Ok::<_, Error>(i)
            })
        });
        gather(jobs.collect()).await
    })
    .unwrap()
    .unwrap();
    let events = rt.trace().events().to_vec();
    assert!(events.len() > 200, "{}", events.len());
    let bytes = wire::encode_events(&events);
    assert_eq!(wire::decode_events(&bytes).unwrap(), events);
    let json: usize = events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap().len())
        .sum();
    assert!(
        bytes.len() * 4 < json,
        "{} bytes binary vs {json} JSON",
        bytes.len()
    );
}

#[test]
fn an_empty_batch_round_trips() {
    let bytes = wire::encode_events(&[]);
    assert_eq!(bytes, vec![wire::VERSION, 0]);
    assert!(wire::decode_events(&bytes).unwrap().is_empty());
}

#[test]
fn every_cut_of_a_batch_is_an_error_not_a_panic() {
    let bytes = wire::encode_events(&every_kind());
    for cut in 0..bytes.len() {
        let err = wire::decode_events(&bytes[..cut]).unwrap_err();
        assert!(err.offset <= cut, "{err} at cut {cut}");
    }
}

#[test]
fn damaged_bytes_are_errors_that_say_where() {
    let bytes = wire::encode_events(&every_kind());
    // Flip each byte in turn: decoding may succeed with other values, but
    // must never panic or loop.
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0xff;
        let _ = wire::decode_events(&b);
    }
    let mut other = bytes.clone();
    other[0] = wire::VERSION + 1;
    let err = wire::decode_events(&other).unwrap_err();
    assert!(err.message.contains("version"), "{err}");
    assert_eq!(err.offset, 1);
    let mut extra = bytes;
    extra.push(0);
    let err = wire::decode_events(&extra).unwrap_err();
    assert!(err.message.contains("left over"), "{err}");
}

#[test]
fn a_huge_count_in_few_bytes_does_not_allocate_for_it() {
    let mut w = Writer::new();
    w.u8(wire::VERSION);
    w.u64(u64::MAX);
    let err = wire::decode_events(&w.into_bytes()).unwrap_err();
    assert!(err.message.contains("end of data"), "{err}");
}

#[test]
fn writer_and_reader_agree_on_every_primitive() {
    let mut w = Writer::new();
    for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
        w.u64(v);
    }
    w.f64(-0.5);
    w.bool(true);
    w.str("naïve ✓");
    w.opt(None::<u64>, Writer::u64);
    w.opt(Some(9u64), Writer::u64);
    let bytes = w.into_bytes();
    let mut r = Reader::new(&bytes);
    for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
        assert_eq!(r.u64().unwrap(), v);
    }
    assert_eq!(r.f64().unwrap(), -0.5);
    assert!(r.bool().unwrap());
    assert_eq!(r.str().unwrap(), "naïve ✓");
    assert_eq!(r.opt(Reader::u64).unwrap(), None);
    assert_eq!(r.opt(Reader::u64).unwrap(), Some(9));
    assert!(r.is_done());
    // An 11-byte varint is too long for 64 bits.
    let long = [0xffu8; 11];
    assert!(Reader::new(&long).u64().is_err());
}

#[test]
fn a_batch_read_one_event_at_a_time_gives_the_same_events() {
    let events = every_kind();
    let bytes = wire::encode_events(&events);
    let mut reader = wire::BatchReader::new(bytes.clone()).unwrap();
    assert_eq!(reader.remaining(), events.len() as u64);
    let mut got = Vec::new();
    while let Some(e) = reader.next_event() {
        got.push(e.unwrap());
    }
    assert_eq!(got, events);
    assert_eq!(reader.remaining(), 0);
    assert_eq!(reader.into_bytes(), bytes);
    // A cut batch ends with an error, after the events before the cut.
    let mut cut = wire::BatchReader::new(bytes[..bytes.len() / 2].to_vec()).unwrap();
    let results: Vec<_> = std::iter::from_fn(|| cut.next_event()).collect();
    assert!(results.last().unwrap().is_err());
    assert!(results[..results.len() - 1].iter().all(|r| r.is_ok()));
    let mut other = bytes;
    other[0] = wire::VERSION + 1;
    assert!(wire::BatchReader::new(other).is_err());
}
