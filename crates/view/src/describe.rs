//! Plain-English text for waits and warnings, naming tasks and resources
//! by their names.

use crate::Model;
use looplab_core::trace::{ResourceId, ResourceState, TaskId, WaitKind, WaitOn, Warning};
use looplab_core::Instant;
use std::fmt::Write as _;

impl Model {
    /// A task's name; `#N` for a task never seen.
    pub fn task_name(&self, id: TaskId) -> String {
        match self.task(id) {
            Some(t) => t.name.to_string(),
            None => id.to_string(),
        }
    }

    /// A resource's name; `rN` for a resource never seen.
    pub fn resource_name(&self, id: ResourceId) -> String {
        match self.resource(id) {
            Some(r) => r.name.to_string(),
            None => id.to_string(),
        }
    }

    /// What a task waits on, in words, with the resource's latest state:
    /// "semaphore 'db' (3 permits free)", "task 'worker-2'", "sleep until
    /// 1.500s", "queue get 'jobs'", "lock 'l' (held by 'a')". A wait with
    /// a deadline besides its target ends with ", until 2.000s".
    pub fn describe_wait(&self, on: &WaitOn) -> String {
        let state = on
            .resource
            .and_then(|r| self.resource(r))
            .map(|r| r.state.clone());
        self.describe(on, state.as_ref())
    }

    /// Like [`describe_wait`](Model::describe_wait), with the resource's
    /// state at time `t` (for a scrubbed view).
    pub fn describe_wait_at(&self, on: &WaitOn, t: Instant) -> String {
        let state = on.resource.and_then(|r| self.resource_state_at(r, t));
        self.describe(on, state.as_ref())
    }

    /// What task `task` waits on at time `t`, in words: as
    /// [`describe_wait_at`](Model::describe_wait_at), and for file,
    /// database and external waits with what the task said it was doing:
    /// "file: read app.log", "database: SELECT 1 · conn 2".
    pub fn describe_task_wait_at(&self, task: TaskId, on: &WaitOn, t: Instant) -> String {
        if matches!(
            on.kind,
            WaitKind::File | WaitKind::Database | WaitKind::External
        ) {
            if let Some(note) = self.task(task).and_then(|tv| tv.note_at(t)) {
                let noun = match on.kind {
                    WaitKind::File => "file",
                    WaitKind::Database => "database",
                    _ => "network",
                };
                let mut s = format!("{noun}: {note}");
                if let Some(u) = on.until {
                    let _ = write!(s, ", until {u}");
                }
                return s;
            }
        }
        self.describe_wait_at(on, t)
    }

    fn describe(&self, on: &WaitOn, state: Option<&ResourceState>) -> String {
        let noun = match on.kind {
            WaitKind::Sleep => {
                return match on.until {
                    Some(u) => format!("sleep until {u}"),
                    None => "sleep".to_string(),
                };
            }
            WaitKind::Yield => "yield",
            WaitKind::Task => "task",
            WaitKind::Gather => "gather",
            WaitKind::TaskGroup => "task group",
            WaitKind::Semaphore => "semaphore",
            WaitKind::Lock => "lock",
            WaitKind::Event => "event",
            WaitKind::Condition => "condition",
            WaitKind::QueueGet => "queue get",
            WaitKind::QueuePut => "queue put",
            WaitKind::QueueJoin => "queue join",
            WaitKind::RateLimiter => "rate limiter",
            WaitKind::Pool => "pool",
            WaitKind::External => "network",
            WaitKind::File => "file",
            WaitKind::Database => "database",
            WaitKind::Unknown => "something unknown",
        };
        let mut s = noun.to_string();
        if let Some(r) = on.resource {
            let _ = write!(s, " '{}'", self.resource_name(r));
        }
        if let Some(t) = on.task {
            if on.kind == WaitKind::Task {
                let _ = write!(s, " '{}'", self.task_name(t));
            } else {
                let _ = write!(s, " on task '{}'", self.task_name(t));
            }
        }
        if let Some(detail) = state.and_then(|st| self.detail(on.kind, st)) {
            let _ = write!(s, " ({detail})");
        }
        if let Some(u) = on.until {
            let _ = write!(s, ", until {u}");
        }
        s
    }

    /// The part of a resource's state that explains a wait on it.
    fn detail(&self, kind: WaitKind, state: &ResourceState) -> Option<String> {
        Some(match kind {
            WaitKind::Semaphore => {
                let n = state.permits?;
                format!("{n} permit{} free", plural(n))
            }
            WaitKind::Pool => format!("{} idle", state.permits?),
            WaitKind::Lock => format!("held by '{}'", self.task_name(state.holder?)),
            WaitKind::QueueJoin => format!("{} unfinished", state.unfinished?),
            WaitKind::RateLimiter => format!("{} tokens", number(state.tokens?)),
            _ => return None,
        })
    }

    /// [`describe_warning`](Model::describe_warning) for a warning recorded
    /// at `at`: a blocked loop also says what blocked it, when the program
    /// said (`time.sleep(0.25) on line 7`).
    pub fn describe_warning_at(&self, w: &Warning, at: Instant) -> String {
        let text = self.describe_warning(w);
        if let Warning::LoopBlocked { task, millis } = w {
            let began = Instant::from_nanos(at.as_nanos().saturating_sub((millis * 1e6) as u64));
            let cause = self.task(*task).and_then(|t| {
                t.notes
                    .iter()
                    .rev()
                    .find(|(when, note)| {
                        *when >= began && *when <= at && note.starts_with("time.sleep(")
                    })
                    .map(|(_, note)| note.clone())
            });
            if let Some(note) = cause {
                return format!(
                    "{text}: {note} — use `await asyncio.sleep(…)` so that other tasks run meanwhile"
                );
            }
        }
        text
    }

    /// A warning in plain English, naming tasks:
    /// "Deadlock: task 'a' waits on lock 'l'; task 'b' waits on task 'a'",
    /// "Task 'x' failed with ValueError: boom and nobody retrieved the
    /// error", "Task 'y' blocked the loop for 250 ms".
    pub fn describe_warning(&self, w: &Warning) -> String {
        match w {
            Warning::Deadlock { stuck } if stuck.is_empty() => {
                "Deadlock: no task can run".to_string()
            }
            Warning::Deadlock { stuck } => {
                let mut s = "Deadlock: ".to_string();
                for (i, st) in stuck.iter().enumerate() {
                    if i > 0 {
                        s.push_str("; ");
                    }
                    let _ = write!(
                        s,
                        "task '{}' waits on {}",
                        st.name,
                        self.describe_wait(&st.on)
                    );
                }
                s
            }
            Warning::ErrorNeverRetrieved { task, message } => format!(
                "Task '{}' failed with {message} and nobody retrieved the error",
                self.task_name(*task)
            ),
            Warning::LoopBlocked { task, millis } => format!(
                "Task '{}' blocked the loop for {} ms",
                self.task_name(*task),
                number(*millis)
            ),
            Warning::NeverAwaited {
                coroutine, line, ..
            } => match line {
                Some(l) => format!(
                    "Coroutine '{coroutine}' on line {l} was never awaited: add `await` (or start it with asyncio.create_task)"
                ),
                None => format!(
                    "Coroutine '{coroutine}' was never awaited: add `await` (or start it with asyncio.create_task)"
                ),
            },
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A number to one decimal, without a trailing `.0`.
fn number(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract().abs() < 1e-9 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}
