//! Requirements decided over a run's trace: a checker returns a query
//! (`trace.queue_len(at_most=2, since=t0)`, as JSON), and [`judge`]
//! answers it from the events, naming what broke it and when.

use crate::State;
use looplab_core::trace::{Event, EventKind, Outcome, ResourceKind, TaskId, WaitKind};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Slack for comparing clock readings.
const EPS: f64 = 1e-9;

/// A trace query's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Whether it holds.
    pub state: State,
    /// What broke it.
    pub detail: String,
    /// When.
    pub at: Option<f64>,
}

fn pass() -> Verdict {
    Verdict {
        state: State::Pass,
        detail: String::new(),
        at: None,
    }
}

fn fail(detail: String, at: f64) -> Verdict {
    Verdict {
        state: State::Fail,
        detail,
        at: Some(at),
    }
}

/// Task names as they were last set.
fn names(events: &[Event]) -> BTreeMap<TaskId, String> {
    let mut names = BTreeMap::new();
    for e in events {
        match &e.kind {
            EventKind::TaskSpawned { task, name, .. } | EventKind::TaskRenamed { task, name } => {
                names.insert(*task, name.to_string());
            }
            _ => {}
        }
    }
    names
}

/// The wait kind a query names (`"file"`, `"queue_get"`, … as the trace
/// spells them).
fn wait_kind(q: &Value) -> Result<WaitKind, Verdict> {
    let name = q.get("wait").cloned().unwrap_or(Value::Null);
    serde_json::from_value(name.clone()).map_err(|_| Verdict {
        state: State::Fail,
        detail: format!("the checker's trace query names no wait kind the trace knows: {name}"),
        at: None,
    })
}

/// Answers `query` (JSON, as the harness wrote it) from `events`.
pub fn judge(query: &str, events: &[Event]) -> Verdict {
    let q: Value = match serde_json::from_str(query) {
        Ok(q) => q,
        Err(e) => {
            return Verdict {
                state: State::Fail,
                detail: format!("the checker's trace query is not JSON ({e}): {query}"),
                at: None,
            }
        }
    };
    let num = |key: &str| q.get(key).and_then(Value::as_f64);
    let since = num("since").unwrap_or(0.0) - EPS;
    let until = num("until").map_or(f64::INFINITY, |u| u + EPS);
    let inside = |t: f64| t >= since && t <= until;
    let t = |e: &Event| e.at.as_secs_f64();
    let names = names(events);
    let name = |task: &TaskId| {
        names
            .get(task)
            .cloned()
            .unwrap_or_else(|| format!("Task {}", task.get()))
    };
    let kind = q.get("kind").and_then(Value::as_str).unwrap_or("");
    match kind {
        "queue_len" => {
            let at_most = num("at_most").unwrap_or(0.0) as u64;
            let needed = q.get("needed").and_then(Value::as_bool).unwrap_or(false);
            let mut queues: BTreeMap<u64, (String, Option<u64>)> = BTreeMap::new();
            for e in events {
                match &e.kind {
                    EventKind::ResourceCreated {
                        resource,
                        kind:
                            ResourceKind::Queue | ResourceKind::LifoQueue | ResourceKind::PriorityQueue,
                        name,
                        capacity,
                    } if inside(t(e)) => {
                        queues.insert(resource.get(), (name.to_string(), *capacity));
                    }
                    EventKind::ResourceState { resource, state } if inside(t(e)) => {
                        if let (Some((qname, cap)), Some(len)) =
                            (queues.get(&resource.get()), state.len)
                        {
                            if len > at_most {
                                let size = match cap {
                                    Some(c) if *c > 0 => format!("its maxsize is {c}"),
                                    _ => "it was created without a maxsize".into(),
                                };
                                return fail(
                                    format!(
                                        "at t={:.2} s the queue {qname} held {len} items, more than {at_most} ({size})",
                                        t(e)
                                    ),
                                    t(e),
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
            if needed && queues.is_empty() {
                return fail(
                    "no asyncio.Queue was created while your code ran".into(),
                    if since > 0.0 { since + EPS } else { 0.0 },
                );
            }
            pass()
        }
        "tasks_finished" | "tasks_done" => {
            let mut spawned: Vec<TaskId> = Vec::new();
            let mut done: BTreeMap<TaskId, (f64, Outcome)> = BTreeMap::new();
            let mut cancelled_by: BTreeMap<TaskId, Option<TaskId>> = BTreeMap::new();
            for e in events {
                match &e.kind {
                    EventKind::TaskSpawned { task, .. } if inside(t(e)) => spawned.push(*task),
                    EventKind::TaskDone { task, outcome } => {
                        done.insert(*task, (t(e), outcome.clone()));
                    }
                    EventKind::CancelRequested { task, by, .. } => {
                        cancelled_by.entry(*task).or_insert(*by);
                    }
                    _ => {}
                }
            }
            let end = events.last().map_or(0.0, t);
            for task in &spawned {
                match done.get(task) {
                    Some((at, _)) if *at > until => {
                        return fail(
                            format!(
                                "task {} was still running at t={:.2} s (it ended at t={at:.2} s)",
                                name(task),
                                until
                            ),
                            until,
                        )
                    }
                    None => {
                        let at = until.min(end);
                        return fail(
                            format!(
                                "task {} never ended: it was still waiting when the run ended",
                                name(task)
                            ),
                            at,
                        );
                    }
                    Some((at, Outcome::Cancelled { .. })) if kind == "tasks_finished" => {
                        let by = match cancelled_by.get(task) {
                            Some(Some(b)) => format!(" by {}", name(b)),
                            Some(None) => " by asyncio.run() as the program ended".to_string(),
                            None => String::new(),
                        };
                        return fail(
                            format!(
                                "task {} was cancelled{by} at t={at:.2} s instead of finishing: let it return (an end marker in the queue) rather than cancelling it",
                                name(task)
                            ),
                            *at,
                        );
                    }
                    Some(_) => {}
                }
            }
            pass()
        }
        "waiting" => {
            let kind = match wait_kind(&q) {
                Ok(k) => k,
                Err(v) => return v,
            };
            let wait = q.get("wait").and_then(Value::as_str).unwrap_or("");
            let at_most = num("at_most").unwrap_or(0.0) as usize;
            let mut now: BTreeSet<TaskId> = BTreeSet::new();
            for e in events {
                match &e.kind {
                    EventKind::TaskWaiting { task, on, .. } if on.kind == kind => {
                        now.insert(*task);
                        if inside(t(e)) && now.len() > at_most {
                            let who: Vec<String> = now.iter().map(&name).collect();
                            return fail(
                                format!(
                                    "at t={:.2} s {} tasks waited on {wait} at once: {}",
                                    t(e),
                                    now.len(),
                                    who.join(", ")
                                ),
                                t(e),
                            );
                        }
                    }
                    EventKind::TaskWaiting { task, .. }
                    | EventKind::TaskReady { task }
                    | EventKind::TaskRunning { task }
                    | EventKind::TaskDone { task, .. } => {
                        now.remove(task);
                    }
                    _ => {}
                }
            }
            pass()
        }
        "waits" => {
            let kind = match wait_kind(&q) {
                Ok(k) => k,
                Err(v) => return v,
            };
            let wait = q.get("wait").and_then(Value::as_str).unwrap_or("");
            let at_least = num("at_least").unwrap_or(0.0) as usize;
            let why = q.get("why").and_then(Value::as_str).unwrap_or("");
            let seen = events
                .iter()
                .filter(|e| {
                    inside(t(e))
                        && matches!(&e.kind, EventKind::TaskWaiting { on, .. } if on.kind == kind)
                })
                .count();
            if seen >= at_least {
                pass()
            } else {
                let at = if since > 0.0 { since + EPS } else { 0.0 };
                let mut detail =
                    format!("the trace shows {seen} {wait} waits, fewer than {at_least}");
                if !why.is_empty() {
                    detail.push_str(": ");
                    detail.push_str(why);
                }
                fail(detail, at)
            }
        }
        "notes" => {
            let verb = q.get("verb").and_then(Value::as_str).unwrap_or("");
            let at_least = num("at_least").unwrap_or(0.0) as usize;
            let why = q.get("why").and_then(Value::as_str).unwrap_or("");
            let mut things: BTreeSet<&str> = BTreeSet::new();
            for e in events {
                if let EventKind::TaskNote { text, .. } = &e.kind {
                    if let Some((first, rest)) = text.split_once(' ') {
                        if inside(t(e)) && first.starts_with(verb) {
                            things.insert(rest);
                        }
                    }
                }
            }
            if things.len() >= at_least {
                pass()
            } else {
                let at = if since > 0.0 { since + EPS } else { 0.0 };
                let seen = if things.is_empty() {
                    "none".to_string()
                } else {
                    things.iter().copied().collect::<Vec<_>>().join(", ")
                };
                let mut detail = format!(
                    "the trace shows `{verb}` on {} of the {at_least} files ({seen})",
                    things.len()
                );
                if !why.is_empty() {
                    detail.push_str(": ");
                    detail.push_str(why);
                }
                fail(detail, at)
            }
        }
        other => Verdict {
            state: State::Fail,
            detail: format!("the checker asked an unknown trace query `{other}`"),
            at: None,
        },
    }
}
