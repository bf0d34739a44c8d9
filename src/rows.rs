//! What the page's panels show, as plain data computed from the view
//! model at an instant (tested natively): task-table rows, the task tree,
//! resource cards with their sparklines, output lines and warnings. The
//! components in `page/` only lay these out.

use looplab_core::trace::{Outcome, ResourceKind, ResourceState, Stream, TaskId};
use looplab_core::Instant;
use looplab_view::{Model, Moment, State, TaskView};

/// `0.250s`, `12.50s`: a clock reading as the page shows it.
pub fn fmt_secs(t: Instant) -> String {
    let s = t.as_nanos() as f64 / 1e9;
    if s < 10.0 {
        format!("{s:.3}s")
    } else {
        format!("{s:.2}s")
    }
}

/// `250ms`, `1.50s`: a duration as the page shows it.
pub fn fmt_dur(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{:.0}ms", s * 1000.0)
    } else {
        format!("{s:.2}s")
    }
}

/// One row of the task table.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    /// Its position in the table (from 0).
    pub index: usize,
    /// The task's id.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// Its state at the instant shown.
    pub state: State,
    /// What it awaits, or how it ended.
    pub awaiting: String,
    /// The name of the task that created it.
    pub parent: String,
    /// When it was created.
    pub started: String,
    /// How long it has existed (until it ended).
    pub elapsed: String,
    /// Steps it has run.
    pub steps: u64,
    /// Who asked it to cancel, if anybody did.
    pub cancel_note: Option<String>,
    /// Whether it is the task running at the moment shown.
    pub now: bool,
}

/// A task's name as the page shows it: a default `Task-N` name says which
/// coroutine the task runs (`Task-2 · transfer()`).
pub fn task_label(task: &TaskView) -> String {
    match &task.source {
        Some(src) if task.name.starts_with("Task-") => {
            format!("{} · {}()", task.name, src.function)
        }
        _ => task.name.to_string(),
    }
}

/// How many rows the task table has at moment `t`: the tasks that
/// existed then (tasks come in the order they were created), or all of
/// them when `live`.
pub fn task_count(m: &Model, t: impl Into<Moment>, live: bool) -> usize {
    let t: Moment = t.into();
    if live {
        m.tasks().len()
    } else {
        m.tasks().partition_point(|task| task.exists_at(t))
    }
}

/// Rows `first..first + count` of the task table at moment `t`; `live`:
/// the run's latest state rather than the state at `t`. Tasks created
/// after `t` have no row.
pub fn task_rows(
    m: &Model,
    t: impl Into<Moment>,
    live: bool,
    first: usize,
    count: usize,
) -> Vec<TaskRow> {
    let t: Moment = t.into();
    let running = if live { None } else { m.running_at(t) };
    let shown = task_count(m, t, live);
    m.tasks()
        .iter()
        .take(shown)
        .enumerate()
        .skip(first)
        .take(count)
        .map(|(index, task)| {
            let (state, on) = if live {
                (task.state, task.waiting_on)
            } else {
                task.state_at(t).unwrap_or((State::Pending, None))
            };
            let awaiting = match (state, on) {
                (State::Waiting, Some(on)) => m.describe_task_wait_at(task.id, &on, t.at),
                (State::Done, _) => format!("→ {}", task.outcome_text().unwrap_or("None")),
                (State::Failed, _) => format!("✗ {}", task.outcome_text().unwrap_or("error")),
                (State::Cancelled, _) => task
                    .cancel_requested_by
                    .map_or_else(|| "cancelled".to_string(), |by| cancelled_by(m, by)),
                _ => String::new(),
            };
            let end = if live { m.end() } else { t.at };
            let elapsed = if task.spawned_at <= end {
                let stop = task.finished_at.filter(|f| *f <= end).unwrap_or(end);
                fmt_dur(stop - task.spawned_at)
            } else {
                String::new()
            };
            TaskRow {
                index,
                id: task.id.get(),
                name: task_label(task),
                state,
                awaiting,
                parent: task.parent.map(|p| m.task_name(p)).unwrap_or_default(),
                started: fmt_secs(task.spawned_at),
                elapsed,
                steps: task.polls,
                cancel_note: task.cancel_requested_by.map(|by| cancelled_by(m, by)),
                now: running == Some(task.id),
            }
        })
        .collect()
}

/// Who cancelled a task, in words: a task, or the loop (`by` is none).
fn cancelled_by(m: &Model, by: Option<TaskId>) -> String {
    match by {
        Some(b) => format!("cancelled by {}", m.task_name(b)),
        None => "cancelled by the loop (asyncio.run ending, or Stop)".to_string(),
    }
}

/// A task in the tree view.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeNode {
    /// The task's id.
    pub id: u64,
    /// How deep it is (roots are 0).
    pub depth: usize,
    /// Its name.
    pub name: String,
    /// Its state at the moment shown.
    pub state: State,
}

/// The task tree at moment `t` (tasks created later left out), depth
/// first, at most `limit` nodes; and how many tasks were left out.
pub fn tree(m: &Model, t: impl Into<Moment>, limit: usize) -> (Vec<TreeNode>, usize) {
    let t: Moment = t.into();
    let mut out = Vec::new();
    let mut stack: Vec<(TaskId, usize)> = m.roots().iter().rev().map(|r| (*r, 0)).collect();
    while let Some((id, depth)) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        let Some(task) = m.task(id) else { continue };
        let Some((state, _)) = task.state_at(t) else {
            continue;
        };
        out.push(TreeNode {
            id: id.get(),
            depth,
            name: task_label(task),
            state,
        });
        for c in task.children.iter().rev() {
            stack.push((*c, depth + 1));
        }
    }
    let more = task_count(m, t, false).saturating_sub(out.len());
    (out, more)
}

/// The task with id `id`.
pub fn find_task(m: &Model, id: u64) -> Option<&TaskView> {
    m.tasks().iter().find(|t| t.id.get() == id)
}

/// Everything the detail panel says about one task at a moment.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskDetail {
    /// `Task-3 · worker()` (#4).
    pub title: String,
    /// Its state then.
    pub state: State,
    /// `waiting since 0.250s`, `running`, `done at 1.000s`.
    pub state_line: String,
    /// The full text of what it waits on, if it waits.
    pub awaiting: Option<String>,
    /// Where it is paused (or resumed from): `line 9`.
    pub line: Option<u32>,
    /// The line its coroutine starts on, and its name.
    pub coroutine: Option<(u32, String)>,
    /// How it ended, once it has by the moment shown: the value's repr or
    /// the exception.
    pub outcome: Option<String>,
    /// `created 0.000s · first ran 0.000s · ended 1.000s · alive 1.00s ·
    /// 3 steps`.
    pub timings: String,
    /// The resources it holds then.
    pub holds: Vec<String>,
    /// The task that created it.
    pub parent: Option<String>,
    /// The tasks it created by then.
    pub children: Vec<String>,
    /// Who asked it to cancel (once asked).
    pub cancel: Option<String>,
}

/// The detail of task `id` at moment `t`; `None` for no such task or one
/// not created yet.
pub fn task_detail(m: &Model, id: u64, t: impl Into<Moment>) -> Option<TaskDetail> {
    let t: Moment = t.into();
    let task = find_task(m, id)?;
    let (state, on) = task.state_at(t)?;
    let since = task.state_since(t).unwrap_or(task.spawned_at);
    let state_line = match state {
        State::Waiting => format!("waiting since {}", fmt_secs(since)),
        State::Running => format!("running since {}", fmt_secs(since)),
        State::Ready => format!("ready since {} (its turn is coming)", fmt_secs(since)),
        State::Pending => format!("created at {}, not started yet", fmt_secs(since)),
        _ => format!("{} at {}", state.as_str(), fmt_secs(since)),
    };
    let ended = task
        .finished_at
        .filter(|f| *f <= t.at && state.is_finished());
    let outcome = ended.and_then(|_| {
        Some(match task.outcome.as_ref()? {
            Outcome::Value { repr } => format!("returned {repr}"),
            Outcome::Error { message } => format!("raised {message}"),
            Outcome::Cancelled { message: Some(msg) } => format!("cancelled: {msg}"),
            Outcome::Cancelled { message: None } => "cancelled".to_string(),
        })
    });
    let mut timings = format!("created {}", fmt_secs(task.spawned_at));
    if let Some(first) = task.started_at.filter(|s| *s <= t.at) {
        timings.push_str(&format!(" · first ran {}", fmt_secs(first)));
    }
    if let Some(end) = ended {
        timings.push_str(&format!(" · ended {}", fmt_secs(end)));
    }
    let until = ended.unwrap_or(t.at);
    timings.push_str(&format!(
        " · alive {}",
        fmt_dur(until.saturating_since(task.spawned_at))
    ));
    if t.at >= m.end() {
        timings.push_str(&format!(
            " · ran {} in {} steps",
            fmt_dur(task.busy_at(m.end())),
            task.polls
        ));
    }
    let holds = m
        .resources()
        .iter()
        .filter(|r| r.holders_at(t).contains(&task.id))
        .map(|r| r.name.to_string())
        .collect();
    let children = task
        .children
        .iter()
        .filter_map(|c| m.task(*c))
        .filter(|c| c.exists_at(t))
        .map(|c| {
            format!(
                "{} ({})",
                task_label(c),
                c.state_at(t).map_or("?", |s| s.0.as_str())
            )
        })
        .collect();
    let cancel = task
        .markers
        .iter()
        .take_while(|mk| mk.at <= t.at)
        .find_map(|mk| match mk.kind {
            looplab_view::MarkerKind::CancelRequested { by } => Some(match by {
                Some(b) => format!(
                    "{} asked it to cancel at {}",
                    m.task_name(b),
                    fmt_secs(mk.at)
                ),
                None => format!(
                    "the loop asked it to cancel at {} (asyncio.run ending, or Stop)",
                    fmt_secs(mk.at)
                ),
            }),
            _ => None,
        });
    Some(TaskDetail {
        title: format!("{} ({})", task_label(task), task.id),
        state,
        state_line,
        awaiting: match (state, on) {
            (State::Waiting, Some(on)) => Some(m.describe_task_wait_at(task.id, &on, t.at)),
            _ => None,
        },
        line: task.line_at(t),
        coroutine: task
            .source
            .as_ref()
            .map(|s| (s.line, s.function.to_string())),
        outcome,
        timings,
        holds,
        parent: task.parent.map(|p| m.task_name(p)),
        children,
        cancel,
    })
}

/// A resource's card.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceCard {
    /// Its name.
    pub name: String,
    /// Its kind (`Semaphore`, …).
    pub kind: &'static str,
    /// Its state at the instant shown: `1/2 free · 3 waiting`.
    pub facts: String,
    /// The tasks holding it at the moment shown, oldest first (up to 8,
    /// then `+N more`).
    pub holders: Vec<String>,
    /// The tasks waiting on it then, in the order they began (up to 8).
    pub waiters: Vec<String>,
    /// Whether the selected task holds it or waits on it.
    pub involved: bool,
    /// The sparkline of its level over the run, as SVG polyline points in
    /// a 200 × 32 box.
    pub points: String,
    /// Where the instant shown falls on the sparkline (0–200).
    pub cursor: f64,
}

/// The level a sparkline draws: permits in use, items, tokens, or held.
fn level(capacity: Option<u64>, s: &ResourceState) -> f64 {
    s.len
        .map(|v| v as f64)
        .or(s
            .permits
            .map(|p| capacity.map_or(0.0, |c| c.saturating_sub(p) as f64)))
        .or(s.tokens)
        .or(s.holder.map(|_| 1.0))
        .unwrap_or(0.0)
}

/// Up to 8 task names, then `+N more`.
fn names(m: &Model, tasks: &[TaskId]) -> Vec<String> {
    let mut out: Vec<String> = tasks.iter().take(8).map(|t| m.task_name(*t)).collect();
    if tasks.len() > 8 {
        out.push(format!("+{} more", tasks.len() - 8));
    }
    out
}

/// A resource's flag in words, by its kind (`None`: not worth saying).
fn flag_words(kind: Option<ResourceKind>, flag: bool) -> Option<&'static str> {
    match (kind, flag) {
        (Some(ResourceKind::Event), true) => Some("set"),
        (Some(ResourceKind::Event), false) => Some("not set"),
        (Some(ResourceKind::Lock | ResourceKind::Condition), true) => Some("locked"),
        (Some(ResourceKind::Lock | ResourceKind::Condition), false) => Some("unlocked"),
        (Some(ResourceKind::Pool), true) => Some("closed"),
        (
            Some(ResourceKind::Queue | ResourceKind::LifoQueue | ResourceKind::PriorityQueue),
            true,
        ) => Some("shut down"),
        _ => None,
    }
}

/// Every resource's card at moment `t`, with task `selected` (if any)
/// marked where it holds or waits on it then.
pub fn resource_cards(m: &Model, t: impl Into<Moment>, selected: Option<u64>) -> Vec<ResourceCard> {
    let t: Moment = t.into();
    let end = m.end().as_nanos().max(1) as f64;
    let selected = selected.and_then(|id| find_task(m, id)).map(|x| x.id);
    m.resources()
        .iter()
        .map(|r| {
            let st = r.state_at(t).unwrap_or_else(|| r.state.clone());
            let mut facts = Vec::new();
            if let Some(p) = st.permits {
                facts.push(match r.capacity {
                    Some(c) => format!("{p}/{c} free"),
                    None => format!("{p} free"),
                });
            }
            if let Some(l) = st.len {
                facts.push(match r.capacity {
                    Some(c) if c > 0 => format!("{l}/{c} items"),
                    _ => format!("{l} items"),
                });
            }
            if let Some(tk) = st.tokens {
                facts.push(format!("{tk:.1} tokens"));
            }
            if let Some(words) = st.flag.and_then(|f| flag_words(r.kind, f)) {
                facts.push(words.to_string());
            }
            facts.push(format!("{} waiting", st.waiters));
            let holders = r.holders_at(t);
            let waiters = r.waiters_at(t);
            let hist: Vec<(f64, f64)> = r
                .history()
                .map(|(at, s)| (at.as_nanos() as f64 / end, level(r.capacity, &s)))
                .collect();
            let maxv = hist
                .iter()
                .map(|p| p.1)
                .fold(r.capacity.unwrap_or(1) as f64, f64::max)
                .max(1.0);
            let stride = (hist.len() / 240).max(1);
            let mut points = String::new();
            let mut last_y = 30.0;
            for (x, v) in hist.iter().step_by(stride) {
                let y = 30.0 - v / maxv * 28.0;
                points.push_str(&format!(
                    "{:.1},{last_y:.1} {:.1},{y:.1} ",
                    x * 200.0,
                    x * 200.0
                ));
                last_y = y;
            }
            points.push_str(&format!("200,{last_y:.1}"));
            ResourceCard {
                name: r.name.to_string(),
                kind: r.kind.map(|k| k.as_str()).unwrap_or("resource"),
                facts: facts.join(" · "),
                involved: selected.is_some_and(|s| holders.contains(&s) || waiters.contains(&s)),
                holders: names(m, &holders),
                waiters: names(m, &waiters),
                points,
                cursor: t.at.as_nanos() as f64 / end * 200.0,
            }
        })
        .collect()
}

/// An output line as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct OutLine {
    /// Its position among the kept lines (from 0).
    pub index: usize,
    /// When it was printed.
    pub time: String,
    /// What was printed.
    pub text: String,
    /// Whether it went to standard error.
    pub stderr: bool,
    /// Whether it was printed after the instant shown.
    pub future: bool,
    /// The task that printed it.
    pub task: String,
}

/// Kept output lines `first..first + count`, with those printed after
/// `t_ns` marked.
pub fn output_lines(m: &Model, t_ns: u64, first: usize, count: usize) -> Vec<OutLine> {
    m.output()
        .iter()
        .enumerate()
        .skip(first)
        .take(count)
        .map(|(index, l)| OutLine {
            index,
            time: fmt_secs(l.at),
            text: l.text.to_string(),
            stderr: l.stream == Stream::Stderr,
            future: l.at.as_nanos() > t_ns,
            task: l.task.map(|x| m.task_name(x)).unwrap_or_default(),
        })
        .collect()
}

/// `12 lines`, `250000 lines · 240000 earlier lines not shown`, or nothing.
pub fn output_count(kept: usize, total: u64) -> String {
    let hidden = total.saturating_sub(kept as u64);
    match (total, hidden) {
        (0, _) => String::new(),
        (t, 0) => format!("{t} lines"),
        (t, h) => format!("{t} lines · {h} earlier lines not shown"),
    }
}

/// The kept output as the program printed it (what Copy copies).
pub fn output_text(m: &Model) -> String {
    let mut text = String::new();
    for l in m.output() {
        text.push_str(&l.text);
        text.push('\n');
    }
    text
}

/// Every warning: when, and what it says.
pub fn warnings(m: &Model) -> Vec<(String, String)> {
    m.warnings()
        .iter()
        .map(|(at, w)| (fmt_secs(*at), m.describe_warning_at(w, *at)))
        .collect()
}

/// The kept workspace as text for local storage: JSON `[[path, hex], …]`.
pub fn encode_workspace(files: &[looplab_protocol::WorkspaceFile]) -> String {
    let rows: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let hex: String = f.data.iter().map(|b| format!("{b:02x}")).collect();
            (f.path.clone(), hex)
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

/// The workspace [`encode_workspace`] wrote; `None` for text it did not
/// write (another version, a damaged entry).
pub fn decode_workspace(text: &str) -> Option<Vec<looplab_protocol::WorkspaceFile>> {
    let rows: Vec<(String, String)> = serde_json::from_str(text).ok()?;
    rows.into_iter()
        .map(|(path, hex)| {
            let data = (0..hex.len())
                .step_by(2)
                .map(|i| {
                    hex.get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                })
                .collect::<Option<Vec<u8>>>()?;
            Some(looplab_protocol::WorkspaceFile { path, data })
        })
        .collect()
}

/// A file's content for the Files panel: its text, or `None` if it is
/// not text (binary files are downloaded instead).
pub fn file_text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok().filter(|t| !t.contains('\0'))
}

/// A size in bytes, for people: `812 B`, `3.4 KB`, `1.2 MB`.
pub fn fmt_bytes(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    }
}

/// A table of a database, as the Database panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TableView {
    /// The database's name.
    pub db: String,
    /// The table's name.
    pub name: String,
    /// `id INTEGER PK`, `name TEXT NOT NULL`, …
    pub columns: Vec<String>,
    /// How many rows it has.
    pub rows: u64,
    /// The first rows' column names and values (as text).
    pub sample_columns: Vec<String>,
    /// The first rows.
    pub sample: Vec<Vec<String>>,
}

fn cell_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "NULL".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The tables of the databases JSON a run sent (`RunEnd::databases`);
/// empty for none or for JSON of another shape.
pub fn tables(json: &str) -> Vec<TableView> {
    let Ok(serde_json::Value::Array(dbs)) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for db in &dbs {
        let name = db["name"].as_str().unwrap_or("?").to_string();
        for t in db["tables"].as_array().into_iter().flatten() {
            let columns = t["columns"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    let mut s = format!(
                        "{} {}",
                        c["name"].as_str().unwrap_or("?"),
                        c["type"].as_str().unwrap_or("")
                    );
                    if c["primary_key"].as_bool() == Some(true) {
                        s.push_str(" PK");
                    } else if c["not_null"].as_bool() == Some(true) {
                        s.push_str(" NOT NULL");
                    }
                    s.trim().to_string()
                })
                .collect();
            let sample_columns = t["sample"]["columns"]
                .as_array()
                .into_iter()
                .flatten()
                .map(cell_text)
                .collect();
            let sample = t["sample"]["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|row| {
                    row.as_array()
                        .into_iter()
                        .flatten()
                        .map(cell_text)
                        .collect()
                })
                .collect();
            out.push(TableView {
                db: name.clone(),
                name: t["name"].as_str().unwrap_or("?").to_string(),
                columns,
                rows: t["rows"].as_u64().unwrap_or(0),
                sample_columns,
                sample,
            });
        }
    }
    out
}

/// The last `limit` queries of the run (`(time, task, statement)`), from
/// the notes tasks left before their database waits, oldest first.
pub fn db_queries(m: &Model, limit: usize) -> Vec<(Instant, String, String)> {
    let mut all: Vec<(Instant, String, String)> = m
        .tasks()
        .iter()
        .flat_map(|t| {
            t.notes
                .iter()
                .filter(|(_, n)| n.contains(" · conn "))
                .map(|(at, n)| (*at, t.name.to_string(), n.to_string()))
        })
        .collect();
    all.sort_by_key(|(at, _, _)| *at);
    let skip = all.len().saturating_sub(limit);
    all.split_off(skip)
}
