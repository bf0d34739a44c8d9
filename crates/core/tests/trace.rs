//! The typed trace: spawn, running/waiting (with what is waited on), done
//! outcomes and who cancelled, resources and their state, output lines,
//! warnings, the bounded buffer, and the JSON Lines and Chrome exports.
//!
//! Where the trace mirrors something asyncio reports, the CPython behaviour
//! is quoted: "Task exception was never retrieved" (logged only for a failed
//! task whose exception nobody looked at, not for a cancelled one) and the
//! debug-mode slow-callback warning ("Executing <Task ...> took 0.250
//! seconds", logged when a step takes at least `slow_callback_duration`,
//! 0.1 s by default).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use looplab_core::trace::{
    Event, EventKind, Outcome, ResourceKind, ResourceState, Stream, TaskId, WaitKind, WaitOn,
    Warning,
};
use looplab_core::{
    current_task, output, sleep, spawn, spawn_named, Config, Error, Handle, Instant, Queue,
    Runtime, Semaphore, VirtualClock,
};
use serde_json::Value;
use std::rc::Rc;
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn at(s: f64) -> Instant {
    Instant::from_secs_f64(s)
}

fn events(rt: &Runtime) -> Vec<Event> {
    rt.trace().events().to_vec()
}

fn runtime_with(capacity: usize, threshold: Duration) -> Runtime {
    Runtime::with_config(
        Rc::new(VirtualClock::new()),
        Config {
            trace: true,
            trace_capacity: capacity,
            blocked_threshold: threshold,
        },
    )
}

/// Spawn events carry the id, the name (given, or `Task-N`) and the task
/// that spawned it.
#[test]
fn spawn_events_carry_id_name_and_parent() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let child = spawn_named("child", async {
            let grandchild = spawn(async { Ok::<_, Error>(()) });
            grandchild.await
        });
        child.await
    })
    .unwrap()
    .unwrap();
    let spawned: Vec<(u64, String, Option<u64>)> = events(&rt)
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskSpawned { task, name, parent } => {
                Some((task.get(), name.to_string(), parent.map(TaskId::get)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        spawned,
        vec![
            (1, "main".to_string(), None),
            (2, "child".to_string(), Some(1)),
            (3, "Task-3".to_string(), Some(2)),
        ]
    );
}

/// A task's steps: running, then waiting on a named thing (a sleep with its
/// deadline, a semaphore, a queue), ready when woken, and done with its
/// value — each at the virtual time it happened.
#[test]
fn running_waiting_and_ready_events_name_what_is_waited_on() {
    let rt = Runtime::new_virtual();
    let ids = rt
        .block_on(async {
            let gate = Semaphore::named("gate", 0);
            let q: Queue<u32> = Queue::named("jobs", 0);
            let (g, q2) = (gate.clone(), q.clone());
            let worker = spawn_named("worker", async move {
                sleep(secs(1.5)).await?;
                let _p = g.acquire().await?;
                let v = q2.get().await.map_err(|e| Error::msg(e.to_string()))?;
                Ok::<_, Error>(v)
            });
            sleep(secs(2.0)).await?;
            gate.release().unwrap();
            sleep(secs(1.0)).await?;
            q.try_put(5).unwrap();
            worker.clone().await?;
            Ok::<_, Error>(worker.id())
        })
        .unwrap()
        .unwrap();
    assert_eq!(ids.get(), 2);
    let evs = events(&rt);
    let resource = |name: &str| {
        evs.iter()
            .find_map(|e| match &e.kind {
                EventKind::ResourceCreated {
                    resource, name: n, ..
                } if &**n == name => Some(*resource),
                _ => None,
            })
            .unwrap()
    };
    let (gate, jobs) = (resource("gate"), resource("jobs"));
    let mine = |e: &&Event| match &e.kind {
        EventKind::TaskRunning { task }
        | EventKind::TaskReady { task }
        | EventKind::TaskWaiting { task, .. }
        | EventKind::TaskDone { task, .. } => task.get() == 2,
        _ => false,
    };
    let steps: Vec<(Instant, String)> = evs
        .iter()
        .filter(mine)
        .map(|e| {
            let what = match &e.kind {
                EventKind::TaskRunning { .. } => "running".to_string(),
                EventKind::TaskReady { .. } => "ready".to_string(),
                EventKind::TaskWaiting { on, .. } => format!("waiting {on}"),
                EventKind::TaskDone { outcome, .. } => format!("done {outcome:?}"),
                _ => unreachable!(),
            };
            (e.at, what)
        })
        .collect();
    let expected = vec![
        (at(0.0), "running".to_string()),
        (at(0.0), "waiting sleep until 1.500s".to_string()),
        (at(1.5), "ready".to_string()),
        (at(1.5), "running".to_string()),
        (at(1.5), format!("waiting semaphore acquire {gate}")),
        (at(2.0), "ready".to_string()),
        (at(2.0), "running".to_string()),
        (at(2.0), format!("waiting queue get {jobs}")),
        (at(3.0), "ready".to_string()),
        (at(3.0), "running".to_string()),
        (
            at(3.0),
            format!("done {:?}", Outcome::Value { repr: "5".into() }),
        ),
    ];
    assert_eq!(steps, expected);
    // The structured form of one wait.
    let first_wait = evs
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::TaskWaiting { task, on, .. } if task.get() == 2 => Some(*on),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        first_wait,
        WaitOn {
            kind: WaitKind::Sleep,
            resource: None,
            task: None,
            until: Some(at(1.5)),
        }
    );
}

/// How tasks end: a value (its debug text), an error (its message), or
/// cancelled (with the message), and who asked for the cancellation.
#[test]
fn done_events_carry_the_outcome_and_cancel_requests_who_asked() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let value = spawn_named("value", async { Ok::<_, Error>("hi") });
        let failure = spawn_named("failure", async {
            sleep(secs(0.5)).await?;
            Err::<&str, _>(Error::msg("boom"))
        });
        let victim = spawn_named("victim", async {
            sleep(secs(10.0)).await?;
            Ok::<_, Error>("late")
        });
        sleep(secs(1.0)).await?;
        victim.cancel(Some("stop"));
        let _ = value.await;
        let _ = failure.await;
        let _ = victim.await;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let evs = events(&rt);
    let done: Vec<(Instant, u64, Outcome)> = evs
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskDone { task, outcome } => Some((e.at, task.get(), outcome.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        done,
        vec![
            (
                at(0.0),
                2,
                Outcome::Value {
                    repr: "\"hi\"".into()
                }
            ),
            (
                at(0.5),
                3,
                Outcome::Error {
                    message: "boom".into()
                }
            ),
            (
                at(1.0),
                4,
                Outcome::Cancelled {
                    message: Some("stop".into())
                }
            ),
            (at(1.0), 1, Outcome::Value { repr: "()".into() }),
        ]
    );
    let cancels: Vec<(Instant, EventKind)> = evs
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CancelRequested { .. }))
        .map(|e| (e.at, e.kind.clone()))
        .collect();
    assert_eq!(
        cancels,
        vec![(
            at(1.0),
            EventKind::CancelRequested {
                task: tid(4),
                by: Some(tid(1)),
                message: Some("stop".into()),
            }
        )]
    );
}

/// Task ids are only made by the runtime; tests make them from their
/// serialised form (a plain number).
fn tid(n: u64) -> TaskId {
    serde_json::from_value(Value::from(n)).unwrap()
}

/// A cancellation requested from outside any task (here `shutdown`, as
/// `asyncio.run` cancelling leftovers) has no `by`.
#[test]
fn a_cancel_from_outside_any_task_has_no_requester() {
    let rt = Runtime::new_virtual();
    rt.run(async {
        let _left = spawn_named("leftover", async {
            sleep(secs(100.0)).await?;
            Ok::<_, Error>(())
        });
        sleep(secs(1.0)).await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let cancels: Vec<EventKind> = events(&rt)
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::CancelRequested { .. }))
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        cancels,
        vec![EventKind::CancelRequested {
            task: tid(2),
            by: None,
            message: None
        }]
    );
    let last = events(&rt).last().cloned().unwrap();
    assert_eq!(
        last.kind,
        EventKind::TaskDone {
            task: tid(2),
            outcome: Outcome::Cancelled { message: None }
        }
    );
}

/// A primitive's creation (kind, name, capacity) and its state after each
/// change: a semaphore's free permits and waiters.
#[test]
fn resource_events_follow_a_semaphores_permits_and_waiters() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let sem = Semaphore::named("slots", 2);
        let hs: Vec<_> = (0..3)
            .map(|i| {
                let sem = sem.clone();
                spawn(async move {
                    let _p = sem.acquire().await?;
                    sleep(secs(1.0 + f64::from(i))).await?;
                    Ok::<_, Error>(())
                })
            })
            .collect();
        looplab_core::gather(hs).await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let evs = events(&rt);
    let created: Vec<EventKind> = evs
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ResourceCreated { .. }))
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(created.len(), 1);
    let EventKind::ResourceCreated {
        resource,
        kind,
        name,
        capacity,
    } = created[0].clone()
    else {
        unreachable!()
    };
    assert_eq!(
        (kind, &*name, capacity),
        (ResourceKind::Semaphore, "slots", Some(2))
    );
    let states: Vec<(Instant, u64, u64)> = evs
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ResourceState { resource: r, state } if *r == resource => {
                Some((e.at, state.permits.unwrap(), state.waiters))
            }
            _ => None,
        })
        .collect();
    // Starts with 2 free permits; the third task waits at t=0; everything is
    // free again at the end (the third task gets the first task's permit at
    // 1.0 and holds it for 3 s, to 4.0).
    assert_eq!(states.first(), Some(&(at(0.0), 2, 0)));
    assert!(states.contains(&(at(0.0), 0, 1)), "{states:?}");
    assert_eq!(states.last(), Some(&(at(4.0), 2, 0)));
    assert!(states.iter().all(|&(_, p, w)| p <= 2 && w <= 1));
    // Acquired/released events name the task.
    let acquired: Vec<(Instant, Option<u64>)> = evs
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Acquired { resource: r, task } if *r == resource => {
                Some((e.at, task.map(TaskId::get)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        acquired,
        vec![(at(0.0), Some(2)), (at(0.0), Some(3)), (at(1.0), Some(4))]
    );
}

/// A queue's state carries its length and unfinished count; a default name
/// is made from the kind and id.
#[test]
fn queue_state_carries_length_and_unfinished() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let q: Queue<u32> = Queue::new(0);
        for i in 0..3 {
            q.put(i).await.map_err(|e| Error::msg(e.to_string()))?;
        }
        q.get().await.map_err(|e| Error::msg(e.to_string()))?;
        q.task_done().unwrap();
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let evs = events(&rt);
    let name = evs
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::ResourceCreated { name, kind, .. } => Some((name.to_string(), *kind)),
            _ => None,
        })
        .unwrap();
    assert_eq!(name, ("Queue-1".to_string(), ResourceKind::Queue));
    let mut states: Vec<(u64, u64)> = evs
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ResourceState {
                state:
                    ResourceState {
                        len: Some(len),
                        unfinished: Some(u),
                        ..
                    },
                ..
            } => Some((*len, *u)),
            _ => None,
        })
        .collect();
    states.dedup();
    assert_eq!(states, vec![(0, 0), (1, 1), (2, 2), (3, 3), (2, 3), (2, 2)]);
}

/// Output lines go into the trace with the task that wrote them.
#[test]
fn output_lines_are_recorded_with_their_task() {
    let rt = Runtime::new_virtual();
    // Outside a runtime, output goes nowhere (and does not panic).
    output(Stream::Stdout, "ignored");
    rt.block_on(async {
        output(Stream::Stdout, "hello");
        let t = spawn_named("writer", async {
            sleep(secs(0.5)).await?;
            Handle::current().output(Stream::Stderr, "oops");
            Ok::<_, Error>(current_task().unwrap())
        });
        t.await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let lines: Vec<(Instant, EventKind)> = events(&rt)
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::Output { .. }))
        .map(|e| (e.at, e.kind))
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                at(0.0),
                EventKind::Output {
                    task: Some(tid(1)),
                    stream: Stream::Stdout,
                    text: "hello".into()
                }
            ),
            (
                at(0.5),
                EventKind::Output {
                    task: Some(tid(2)),
                    stream: Stream::Stderr,
                    text: "oops".into()
                }
            ),
        ]
    );
}

fn never_retrieved(rt: &Runtime) -> Vec<(u64, String)> {
    events(rt)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Warning(Warning::ErrorNeverRetrieved { task, message }) => {
                Some((task.get(), message))
            }
            _ => None,
        })
        .collect()
}

/// A failed task whose handle is dropped without anyone looking at the
/// error gets a warning; an awaited failure and a dropped cancelled task
/// do not.
///
/// CPython (`asyncio.run(main(), debug=True)`, handles deleted and
/// `gc.collect()`ed): only the unawaited `ValueError('boom')` task logs
/// "Task exception was never retrieved"; the cancelled task and the awaited
/// failing task log nothing.
#[test]
fn an_unretrieved_error_is_warned_about_only_for_failures() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        // Dropped before it fails.
        drop(spawn_named("dropped early", async {
            sleep(secs(1.0)).await?;
            Err::<(), _>(Error::msg("boom early"))
        }));
        // Dropped after it failed.
        let late = spawn_named("dropped late", async {
            Err::<(), _>(Error::msg("boom late"))
        });
        // Awaited: retrieved.
        let awaited = spawn_named("awaited", async { Err::<(), _>(Error::msg("seen")) });
        // Cancelled and dropped: not an error.
        let cancelled = spawn_named("cancelled", async {
            sleep(secs(10.0)).await?;
            Ok::<(), Error>(())
        });
        let _ = awaited.await;
        sleep(secs(0.5)).await?;
        drop(late);
        cancelled.cancel(None);
        drop(cancelled);
        sleep(secs(1.0)).await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let mut warned = never_retrieved(&rt);
    warned.sort();
    assert_eq!(
        warned,
        vec![(2, "boom early".to_string()), (3, "boom late".to_string())]
    );
}

/// The host hears of an error nobody retrieved when the warning is given
/// (the last handle dropped), with the error; a retrieved error and a
/// cancellation call nothing.
#[test]
fn the_host_is_told_of_an_unretrieved_error_as_it_is_warned_about() {
    let rt = Runtime::new_virtual();
    let told: Rc<std::cell::RefCell<Vec<String>>> = Rc::default();
    let seen = told.clone();
    rt.block_on(async move {
        let failed = spawn_named("failed", async { Err::<(), _>(Error::msg("boom")) });
        let t = seen.clone();
        failed.on_error_never_retrieved(move |e| t.borrow_mut().push(e.to_string()));
        let looked_at = spawn_named("looked at", async { Err::<(), _>(Error::msg("seen")) });
        let t = seen.clone();
        looked_at.on_error_never_retrieved(move |e| t.borrow_mut().push(e.to_string()));
        let cancelled = spawn_named("cancelled", async {
            sleep(secs(10.0)).await?;
            Ok::<(), Error>(())
        });
        let t = seen.clone();
        cancelled.on_error_never_retrieved(move |e| t.borrow_mut().push(e.to_string()));
        let kept = failed.clone();
        sleep(secs(0.5)).await?;
        assert!(looked_at.result().is_some());
        drop(looked_at);
        cancelled.cancel(None);
        drop(cancelled);
        drop(failed);
        sleep(secs(0.5)).await?;
        assert!(seen.borrow().is_empty(), "a handle is still kept");
        drop(kept);
        assert_eq!(*seen.borrow(), vec!["boom".to_string()]);
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(*told.borrow(), vec!["boom".to_string()]);
    assert_eq!(never_retrieved(&rt), vec![(2, "boom".to_string())]);
}

fn blocked(rt: &Runtime) -> Vec<(u64, f64, Instant)> {
    events(rt)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Warning(Warning::LoopBlocked { task, millis }) => {
                Some((task.get(), millis, e.at))
            }
            _ => None,
        })
        .collect()
}

/// A step that blocks the loop for at least the threshold (default 0.1 s,
/// asyncio's `slow_callback_duration`) is reported with its task and
/// length; shorter blocks are not. Blocking moves the virtual clock.
///
/// CPython (`debug=True`): a task doing `time.sleep(0.25)` logs "Executing
/// <Task ... blocker() ...> took 0.250 seconds"; one doing
/// `time.sleep(0.05)` logs nothing.
#[test]
fn blocking_the_loop_past_the_threshold_is_warned_about() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let blocker = spawn_named("blocker", async {
            Handle::current().block_for(Duration::from_millis(250));
            Ok::<_, Error>(())
        });
        blocker.await?;
        let short = spawn_named("short", async {
            Handle::current().block_for(Duration::from_millis(50));
            Ok::<_, Error>(())
        });
        short.await?;
        let edge = spawn_named("edge", async {
            sleep(secs(1.0)).await?;
            Handle::current().block_for(Duration::from_millis(100));
            Ok::<_, Error>(())
        });
        edge.await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    // blocker #2 blocks 0 → 0.25; short #3 0.25 → 0.30; edge #4 sleeps to
    // 1.30 and blocks to 1.40 (exactly the threshold: asyncio's `>=`).
    assert_eq!(
        blocked(&rt),
        vec![(2, 250.0, at(0.25)), (4, 100.0, at(1.4))]
    );
    assert_eq!(rt.now(), at(1.4));
}

/// The threshold comes from the config.
#[test]
fn the_blocked_threshold_is_configurable() {
    let rt = runtime_with(1 << 16, Duration::from_millis(10));
    rt.block_on(async {
        Handle::current().block_for(Duration::from_millis(20));
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(blocked(&rt), vec![(1, 20.0, at(0.02))]);
}

/// A deadlock is recorded as a warning listing the stuck tasks.
#[test]
fn a_deadlock_is_recorded_as_a_warning() {
    let rt = Runtime::new_virtual();
    let r = rt.block_on(async {
        let ev = looplab_core::Event::named("never");
        ev.wait().await?;
        Ok::<_, Error>(())
    });
    assert!(r.is_err());
    let last = events(&rt).last().cloned().unwrap();
    let EventKind::Warning(Warning::Deadlock { stuck }) = last.kind else {
        panic!("last event is {:?}", last.kind)
    };
    assert_eq!(stuck.len(), 1);
    assert_eq!(&*stuck[0].name, "main");
    assert_eq!(stuck[0].on.kind, WaitKind::Event);
}

/// A program that makes plenty of events.
async fn busy_program(tasks: u64) -> Result<(), Error> {
    let hs: Vec<_> = (0..tasks)
        .map(|i| {
            spawn(async move {
                sleep(Duration::from_millis(i + 1)).await?;
                output(Stream::Stdout, format!("task {i}"));
                Ok::<_, Error>(i)
            })
        })
        .collect();
    looplab_core::gather(hs).await?;
    Ok(())
}

/// With room for 100 events, only the first 100 are kept and the rest are
/// counted as dropped; draining makes room again, and sequence numbers keep
/// counting the dropped events.
#[test]
fn a_full_trace_drops_and_counts_and_drain_frees_room() {
    let full = Runtime::new_virtual();
    full.block_on(busy_program(40)).unwrap().unwrap();
    let all = events(&full);
    let n = all.len();
    assert!(n > 200, "the program makes only {n} events");

    let rt = runtime_with(100, Duration::from_millis(100));
    rt.block_on(busy_program(40)).unwrap().unwrap();
    {
        let trace = rt.trace();
        assert_eq!(trace.capacity(), 100);
        assert_eq!(trace.events().len(), 100);
        assert_eq!(trace.dropped(), (n - 100) as u64);
        // The kept events are the first 100, unchanged.
        assert_eq!(trace.events(), &all[..100]);
        assert!(trace
            .events()
            .iter()
            .enumerate()
            .all(|(i, e)| e.seq == i as u64));
    }
    let drained = rt.drain_trace();
    assert_eq!(drained.len(), 100);
    assert!(rt.trace().events().is_empty());
    // A small second program now fits.
    rt.block_on(async {
        output(Stream::Stdout, "after drain");
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let trace = rt.trace();
    let after = trace.events();
    assert!(!after.is_empty() && after.len() < 100);
    assert_eq!(after[0].seq, n as u64);
    assert!(after.iter().any(|e| matches!(
        &e.kind,
        EventKind::Output { text, .. } if &**text == "after drain"
    )));
    assert_eq!(trace.dropped(), (n - 100) as u64);
}

/// With tracing off nothing is recorded.
#[test]
fn a_disabled_trace_records_nothing() {
    let rt = Runtime::with_config(
        Rc::new(VirtualClock::new()),
        Config {
            trace: false,
            ..Config::default()
        },
    );
    rt.block_on(busy_program(10)).unwrap().unwrap();
    let trace = rt.trace();
    assert!(!trace.enabled());
    assert!(trace.events().is_empty());
    assert_eq!(trace.dropped(), 0);
    assert_eq!(trace.to_json_lines(), "");
}

/// JSON Lines: one object per event, in order, with `seq`, `at` (whole
/// nanoseconds) and `type`; each line parses back into the same event.
#[test]
fn json_lines_round_trip() {
    let rt = Runtime::new_virtual();
    rt.block_on(busy_program(5)).unwrap().unwrap();
    let text = rt.trace().to_json_lines();
    let evs = events(&rt);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), evs.len());
    assert!(text.ends_with('\n'));
    for (line, ev) in lines.iter().zip(&evs) {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["seq"].as_u64(), Some(ev.seq));
        assert_eq!(v["at"].as_u64(), Some(ev.at.as_nanos()));
        assert!(v["type"].is_string(), "{line}");
        let back: Event = serde_json::from_str(line).unwrap();
        assert_eq!(&back, ev);
    }
    let first: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["type"], "task_spawned");
    assert_eq!(first["name"], "main");
}

/// Chrome trace export: valid JSON with `traceEvents`; a `thread_name`
/// metadata record per task; complete (`X`) slices with non-negative
/// durations; timestamps in microseconds of virtual time.
#[test]
fn chrome_trace_export() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let sleeper = spawn_named("sleeper", async {
            sleep(secs(1.5)).await?;
            Ok::<_, Error>(1)
        });
        let quick = spawn_named("quick", async {
            sleep(secs(0.25)).await?;
            Ok::<_, Error>(2)
        });
        sleeper.await?;
        quick.await?;
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let doc: Value = serde_json::from_str(&rt.trace().to_chrome_trace()).unwrap();
    let evs = doc["traceEvents"].as_array().unwrap();
    let thread_names: Vec<(u64, String)> = evs
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
        .map(|e| {
            (
                e["tid"].as_u64().unwrap(),
                e["args"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        thread_names,
        vec![
            (1, "main #1".to_string()),
            (2, "sleeper #2".to_string()),
            (3, "quick #3".to_string())
        ]
    );
    let slices: Vec<&Value> = evs.iter().filter(|e| e["ph"] == "X").collect();
    assert!(!slices.is_empty());
    for s in &slices {
        let ts = s["ts"].as_f64().unwrap();
        let dur = s["dur"].as_f64().unwrap();
        assert!(ts >= 0.0 && dur >= 0.0, "{s}");
        assert!(ts + dur <= 1_500_000.0, "{s}");
    }
    // The sleeper's wait: from 0 to 1.5 s, i.e. 1 500 000 µs.
    let wait = slices
        .iter()
        .find(|s| s["tid"] == 2 && s["name"].as_str().unwrap().starts_with("wait: sleep"))
        .unwrap();
    assert_eq!(wait["ts"].as_f64(), Some(0.0));
    assert_eq!(wait["dur"].as_f64(), Some(1_500_000.0));
    let quick_wait = slices
        .iter()
        .find(|s| s["tid"] == 3 && s["name"].as_str().unwrap().starts_with("wait: sleep"))
        .unwrap();
    assert_eq!(quick_wait["dur"].as_f64(), Some(250_000.0));
    // Every task's "done" instant sits at its virtual finish time.
    let done: Vec<(u64, f64)> = evs
        .iter()
        .filter(|e| e["ph"] == "i" && e["name"] == "done")
        .map(|e| (e["tid"].as_u64().unwrap(), e["ts"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        done,
        vec![(3, 250_000.0), (2, 1_500_000.0), (1, 1_500_000.0)]
    );
    // Instants and slices match the typed trace's times.
    for e in events(&rt) {
        if let EventKind::TaskDone { task, .. } = e.kind {
            let ts = e.at.as_nanos() as f64 / 1000.0;
            assert!(done.contains(&(task.get(), ts)));
        }
    }
}

/// The last state recorded for a primitive, by name.
fn last_state(rt: &Runtime, name: &str) -> Option<ResourceState> {
    let evs = events(rt);
    let id = evs.iter().find_map(|e| match &e.kind {
        EventKind::ResourceCreated {
            resource, name: n, ..
        } if &**n == name => Some(*resource),
        _ => None,
    })?;
    evs.iter().rev().find_map(|e| match &e.kind {
        EventKind::ResourceState { resource, state } if *resource == id => Some(state.clone()),
        _ => None,
    })
}

/// A waiter that is cancelled leaves the primitive's traced state: once it
/// is gone, the last recorded state shows no waiters, for every primitive
/// with a wait line (a live view must not keep showing a task that left).
#[test]
fn cancelled_waiters_leave_the_traced_state() {
    let rt = Runtime::new_virtual();
    // The holders are kept past the checks, so that no later release
    // re-records the state and hides a stale one.
    let keep: Rc<std::cell::RefCell<Vec<Box<dyn std::any::Any>>>> = Rc::default();
    let k = keep.clone();
    rt.block_on(async move {
        let sem = Semaphore::named("sem", 0);
        let lock = looplab_core::Lock::named("lock");
        let held = lock.acquire().await?;
        let ev = looplab_core::Event::named("event");
        let cond = looplab_core::Condition::named("cond");
        let getq: Queue<u32> = Queue::named("getq", 0);
        let putq: Queue<u32> = Queue::named("putq", 1);
        putq.try_put(0).unwrap();
        let rl = looplab_core::RateLimiter::named("rl", 1.0, 1.0);
        rl.acquire(1.0).await.unwrap();
        let pool: looplab_core::Pool<u32> =
            looplab_core::Pool::named("pool", 0, 1, || async { Ok::<_, Error>(1) });
        let conn = pool.checkout().await.unwrap();

        let mut hs = vec![];
        {
            let s = sem.clone();
            hs.push(spawn(async move {
                s.acquire().await.map(|_| ()).map_err(Error::from)
            }));
            let l = lock.clone();
            hs.push(spawn(async move {
                l.acquire().await.map(|_| ()).map_err(Error::from)
            }));
            let e = ev.clone();
            hs.push(spawn(async move { e.wait().await.map_err(Error::from) }));
            let c = cond.clone();
            hs.push(spawn(async move {
                let _g = c.acquire().await?;
                c.wait().await.map_err(|e| Error::msg(e.to_string()))
            }));
            let q = getq.clone();
            hs.push(spawn(async move {
                q.get()
                    .await
                    .map(|_| ())
                    .map_err(|e| Error::msg(e.to_string()))
            }));
            let q = putq.clone();
            hs.push(spawn(async move {
                q.put(1).await.map_err(|e| Error::msg(e.to_string()))
            }));
            let r = rl.clone();
            hs.push(spawn(async move {
                r.acquire(1.0).await.map_err(|e| Error::msg(e.to_string()))
            }));
            let r = rl.clone();
            hs.push(spawn(async move {
                sleep(secs(0.1)).await?;
                r.acquire(1.0).await.map_err(|e| Error::msg(e.to_string()))
            }));
            let p = pool.clone();
            hs.push(spawn(async move {
                p.checkout()
                    .await
                    .map(|_| ())
                    .map_err(|e| Error::msg(e.to_string()))
            }));
        }
        sleep(secs(0.5)).await?;
        for h in &hs {
            h.cancel(None);
        }
        looplab_core::gather_settled(hs).await?;
        k.borrow_mut().push(Box::new(held));
        k.borrow_mut().push(Box::new(conn));
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let stale: Vec<String> = ["sem", "lock", "event", "cond", "getq", "putq", "rl", "pool"]
        .into_iter()
        .filter_map(|name| {
            let st = last_state(&rt, name).unwrap_or_else(|| panic!("{name}: no state"));
            (st.waiters != 0).then(|| format!("{name}: {st:?}"))
        })
        .collect();
    assert!(stale.is_empty(), "stale waiters in the trace: {stale:#?}");
    keep.borrow_mut().clear();
}

/// A pool's traced state follows a make that failed: the slot it held is
/// given back, and the trace says so (no resource left "checked out").
#[test]
fn a_failed_pool_make_is_reflected_in_the_traced_state() {
    let rt = Runtime::new_virtual();
    rt.block_on(async {
        let pool: looplab_core::Pool<u32> = looplab_core::Pool::named("pool", 0, 1, || async {
            sleep(secs(0.1)).await?;
            Err::<u32, _>(Error::msg("refused"))
        });
        let r = pool.checkout().await;
        assert!(r.is_err());
        assert_eq!(pool.size(), 0);
        Ok::<_, Error>(())
    })
    .unwrap()
    .unwrap();
    let st = last_state(&rt, "pool").unwrap();
    assert_eq!(
        (st.permits, st.len, st.waiters),
        (Some(0), Some(0), 0),
        "last traced pool state {st:?}"
    );
}

/// A Chrome trace of a run that ended in a deadlock is still valid: the
/// slices of tasks that never finished are closed at the last event's time,
/// with non-negative durations.
#[test]
fn chrome_trace_of_a_deadlocked_run_closes_open_slices() {
    let rt = Runtime::new_virtual();
    let r = rt.block_on(async {
        let ev = looplab_core::Event::named("never");
        let e2 = ev.clone();
        let _stuck = spawn_named("stuck", async move {
            sleep(secs(0.5)).await?;
            e2.wait().await?;
            Ok::<_, Error>(())
        });
        sleep(secs(2.0)).await?;
        ev.wait().await?;
        Ok::<_, Error>(())
    });
    assert!(r.is_err());
    let doc: Value = serde_json::from_str(&rt.trace().to_chrome_trace()).unwrap();
    let evs = doc["traceEvents"].as_array().unwrap();
    let last_wait = |tid: u64| {
        evs.iter()
            .rfind(|e| e["ph"] == "X" && e["tid"] == tid)
            .cloned()
            .unwrap()
    };
    // The stuck task waits on the event from 0.5 s to the end (2.0 s).
    let stuck = last_wait(2);
    assert!(stuck["name"]
        .as_str()
        .unwrap()
        .starts_with("wait: event wait"));
    assert_eq!(stuck["ts"].as_f64(), Some(500_000.0));
    assert_eq!(stuck["dur"].as_f64(), Some(1_500_000.0));
    // Main waits on the event from 2.0 s: a zero-length slice.
    let main = last_wait(1);
    assert_eq!(main["ts"].as_f64(), Some(2_000_000.0));
    assert_eq!(main["dur"].as_f64(), Some(0.0));
    assert!(evs
        .iter()
        .filter(|e| e["ph"] == "X")
        .all(|e| e["dur"].as_f64().unwrap() >= 0.0));
}
