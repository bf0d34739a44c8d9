//! The page's state and what the user can ask of it. The state is a set
//! of signals ([`Page`], `Copy`, handed to every component); the run's
//! trace lives outside the reactive system in [`Store`] (the view model is
//! large and changes at event speed) and is applied once per animation
//! frame. Components call [`Page`]'s methods (run, stop, scrub, share…)
//! and render what `crate::rows` computes from the model.

use crate::client::{self, Ended, RunHandle, RunObserver};
use crate::feed::Feed;
use crate::gallery::{Example, EXAMPLES};
use crate::highlight::Marks;
use crate::share;
use leptos::prelude::*;
use looplab_core::Instant;
use looplab_protocol::{
    Clock, IoCosts, Mock, Requirement, RunError, RunRequest, TestResult, TraceMode, WorkspaceFile,
};
use looplab_script::knobs::knobs;
use looplab_view::{Model, Moment};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Milliseconds of event applying per animation frame; the rest waits for
/// the next frame (and the engine waits for the page).
const APPLY_BUDGET_MS: f64 = 4.0;
/// The learner's own program ("My program").
const STORAGE_SOURCE: &str = "looplab.source";
/// What "My program" starts as.
const MY_PROGRAM_START: &str = "import asyncio\n\n\nasync def main():\n    print(\"hello\")\n    await asyncio.sleep(1)\n    print(\"a second later\")\n\n\nasyncio.run(main())\n";
const STORAGE_THEME: &str = "looplab.theme";
/// The kept workspace where OPFS is missing.
const STORAGE_WORKSPACE: &str = "looplab.workspace";
/// Whether runs keep their files ("1").
const STORAGE_KEEP: &str = "looplab.keep";
/// The learner's edited copy of an example: this prefix and its id.
const STORAGE_EXAMPLE: &str = "looplab.example.";
/// What was open last: `mine`, `example:ID` or `exercise:ID`.
const STORAGE_VIEW: &str = "looplab.view";
/// Progress in the exercises: `{id: {"attempts": n, "solved": bool}}`.
const STORAGE_PROGRESS: &str = "looplab.exercises";
/// A learner's code for an exercise: this prefix and the exercise's id.
const STORAGE_ATTEMPT: &str = "looplab.exercise.";
/// The most workspace bytes kept in local storage (the fallback).
const MAX_STORED_WORKSPACE: usize = 1 << 20;

/// The run outside the reactive system.
#[derive(Default)]
struct Store {
    feed: Feed,
    run: Option<Rc<RunHandle>>,
    frame_queued: bool,
}

/// What the page does once a run has ended.
type EndHandler = Box<dyn FnOnce(Ended)>;

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
    /// The pending rerun after a knob moved (debounced).
    static RERUN: Cell<Option<TimeoutHandle>> = const { Cell::new(None) };
    /// Bumped to cancel a replay animation in progress.
    static REPLAY: Cell<u64> = const { Cell::new(0) };
    /// The page's "replaying" flag, for `stop_replay` to clear.
    static REPLAYING: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
    /// The end of a run, shown once its last events are applied.
    static DEFERRED_END: RefCell<Option<Box<dyn FnOnce()>>> = RefCell::new(None);
}

/// Reads the view model.
pub fn with_model<R>(f: impl FnOnce(&Model) -> R) -> R {
    STORE.with(|s| f(&s.borrow().feed.model))
}

fn current_run() -> Option<Rc<RunHandle>> {
    STORE.with(|s| s.borrow().run.clone())
}

/// The page's clock, in milliseconds.
pub fn performance_now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load_saved(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// How the run is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing has run yet.
    Idle,
    /// A program runs.
    Running,
    /// A real-time run is paused.
    Paused,
    /// It finished.
    Done,
    /// It finished with an error.
    Failed,
    /// The user stopped it.
    Stopped,
    /// A check found every requirement holds.
    CheckPassed,
    /// A check found a requirement that does not hold.
    CheckFailed,
}

impl Status {
    /// The status line's classes (`st-` and the variant's name in lower
    /// case).
    pub fn class(self) -> &'static str {
        match self {
            Status::Idle => "status st-idle",
            Status::Running => "status st-running",
            Status::Paused => "status st-paused",
            Status::Done => "status st-done",
            Status::Failed => "status st-failed",
            Status::Stopped => "status st-stopped",
            Status::CheckPassed => "status st-checkpassed",
            Status::CheckFailed => "status st-checkfailed",
        }
    }

    /// What the status line says.
    pub fn label(self) -> &'static str {
        match self {
            Status::Idle => "Ready",
            Status::Running => "Running…",
            Status::Paused => "Paused",
            Status::Done => "Finished",
            Status::Failed => "Finished with an error",
            Status::Stopped => "Stopped",
            Status::CheckPassed => "Check: all requirements hold",
            Status::CheckFailed => "Check: some requirements do not hold",
        }
    }
}

/// An error to show under the editor, and the line to mark.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorView {
    /// The headline.
    pub title: String,
    /// The traceback or message.
    pub detail: String,
    /// The line to mark.
    pub line: Option<u32>,
    /// The one line shown beside the marked line in the editor.
    pub inline: String,
}

fn error_view(err: &RunError, stderr: &str) -> ErrorView {
    match err {
        RunError::Syntax { message, line, col } => {
            let text = looplab_script::syntax_error_text(message);
            let class = text.split(':').next().unwrap_or("SyntaxError").to_string();
            let detail = text
                .strip_prefix(&format!("{class}: "))
                .unwrap_or(&text)
                .to_string();
            ErrorView {
                title: format!("{class} on line {line}, column {col}"),
                // CPython's report: the line, a caret under the column.
                detail: if stderr.trim().is_empty() {
                    detail
                } else {
                    stderr.trim_end().to_string()
                },
                line: Some(*line),
                inline: text,
            }
        }
        RunError::Uncaught {
            summary,
            traceback,
            line,
        } => ErrorView {
            title: summary.clone(),
            detail: if traceback.is_empty() {
                stderr.to_string()
            } else {
                traceback.clone()
            },
            line: *line,
            inline: summary.clone(),
        },
        RunError::Deadlock(msg) => ErrorView {
            title: "Deadlock: no task can ever run again".into(),
            // The model's words: the names the views show, one task a line.
            detail: with_model(|m| {
                m.warnings().iter().rev().find_map(|(at, w)| {
                    matches!(w, looplab_core::trace::Warning::Deadlock { .. }).then(|| {
                        let text = m.describe_warning_at(w, *at);
                        text.trim_start_matches("Deadlock: ").replace("; ", "\n")
                    })
                })
            })
            .unwrap_or_else(|| msg.clone()),
            line: None,
            inline: String::new(),
        },
    }
}

/// Which part of the page a narrow screen shows (a wide one shows all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The exercises and examples, and the settings.
    Examples,
    /// The editor.
    Code,
    /// The output and the error.
    Output,
    /// The timeline and the tabs.
    Views,
}

impl Pane {
    /// Its name in the page's `data-pane`.
    pub fn as_str(self) -> &'static str {
        match self {
            Pane::Examples => "examples",
            Pane::Code => "code",
            Pane::Output => "output",
            Pane::Views => "views",
        }
    }
}

/// Which tab of the views is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The task table.
    Tasks,
    /// The task tree.
    Tree,
    /// Resource cards.
    Resources,
    /// Warnings.
    Warnings,
    /// A test run's results.
    Tests,
    /// The workspace's files after the run.
    Files,
    /// The databases after the run.
    Database,
}

/// The page's state, as signals.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    /// The program in the editor.
    pub source: RwSignal<String>,
    /// A banner (is it an error, text).
    pub banner: RwSignal<Option<(bool, String)>>,
    /// The clock of the next run.
    pub clock: RwSignal<Clock>,
    /// Playback speed of real-time runs and replays.
    pub speed: RwSignal<f64>,
    /// How the run is going.
    pub status: RwSignal<Status>,
    /// Bumped whenever the model changed.
    pub rev: RwSignal<u64>,
    /// The moment shown (scrubbed to, or stepped to), or `None` for the
    /// latest.
    pub playhead: RwSignal<Option<Moment>>,
    /// The selected task.
    pub selected: RwSignal<Option<u64>>,
    /// The error of the last run.
    pub error: RwSignal<Option<ErrorView>>,
    /// The open tab.
    pub tab: RwSignal<Tab>,
    /// The example shown, if the program is one.
    pub example_id: RwSignal<Option<&'static str>>,
    /// A share link just made.
    pub share_url: RwSignal<Option<String>>,
    /// Whether a replay moves the playhead.
    pub replaying: RwSignal<bool>,
    /// A line the user asked to see (from the task detail), until the
    /// selection or the moment changes.
    pub focus_line: RwSignal<Option<u32>>,
    /// The part of the page a narrow screen shows.
    pub pane: RwSignal<Pane>,
    /// The mock API's latency, jitter and failure rate.
    pub mock: RwSignal<(f64, f64, f64)>,
    /// The dark theme.
    pub dark: RwSignal<bool>,
    /// The last test run's results.
    pub tests: RwSignal<Vec<TestResult>>,
    /// Whether the last run was a test run.
    pub test_run: RwSignal<bool>,
    /// The workspace as the last run left it.
    pub files: RwSignal<Vec<WorkspaceFile>>,
    /// The databases the last run opened (JSON, see `RunEnd::databases`).
    pub databases: RwSignal<String>,
    /// Whether runs start from the last run's files (else from the demo
    /// files), also across visits.
    pub keep_files: RwSignal<bool>,
    /// What files and databases cost.
    pub io: RwSignal<IoCosts>,
    /// The exercise open, if any.
    pub exercise: RwSignal<Option<String>>,
    /// The last check's verdicts (`None`: not checked since it was opened).
    pub checks: RwSignal<Option<Vec<Requirement>>>,
    /// Whether the last run was a check.
    pub check_run: RwSignal<bool>,
    /// How many hints of the open exercise are shown.
    pub hints_shown: RwSignal<usize>,
    /// Whether the open exercise's solution is shown.
    pub solution_shown: RwSignal<bool>,
    /// Bumped when the exercises' progress changes.
    pub progress_rev: RwSignal<u64>,
    /// Where instant runs stop (virtual seconds; 0: never).
    pub horizon: RwSignal<f64>,
}

/// A learner's progress in one exercise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Checks run.
    pub attempts: u64,
    /// Whether a check passed.
    pub solved: bool,
}

/// What is open, as kept in `STORAGE_VIEW` (`exercise:ID`, `example:ID`
/// or `mine`), and the local-storage key its text is kept under.
fn view_keys(exercise: Option<String>, example: Option<&str>) -> (String, String) {
    match (exercise, example) {
        (Some(id), _) => (format!("exercise:{id}"), format!("{STORAGE_ATTEMPT}{id}")),
        (None, Some(ex)) => (format!("example:{ex}"), format!("{STORAGE_EXAMPLE}{ex}")),
        (None, None) => ("mine".to_string(), STORAGE_SOURCE.to_string()),
    }
}

/// The progress kept in local storage.
fn load_progress() -> serde_json::Map<String, serde_json::Value> {
    load_saved(STORAGE_PROGRESS)
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

/// A learner's progress in exercise `id`.
pub fn progress(id: &str) -> Progress {
    progress_in(&load_progress(), id)
}

fn progress_in(all: &serde_json::Map<String, serde_json::Value>, id: &str) -> Progress {
    let entry = all.get(id);
    Progress {
        attempts: entry
            .and_then(|e| e.get("attempts"))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0),
        solved: entry
            .and_then(|e| e.get("solved"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
    }
}

fn record_attempt(id: &str, passed: bool) {
    let mut all = load_progress();
    let before = progress_in(&all, id);
    all.insert(
        id.to_string(),
        serde_json::json!({
            "attempts": before.attempts + 1,
            "solved": before.solved || passed,
        }),
    );
    save(
        STORAGE_PROGRESS,
        &serde_json::Value::Object(all).to_string(),
    );
}

impl Page {
    /// The page as it opens: a shared link's program, else the last one
    /// written, else the first example; the saved theme.
    pub fn new() -> Page {
        let initial = initial_view();
        Page {
            source: RwSignal::new(initial.source),
            banner: RwSignal::new(initial.banner),
            clock: RwSignal::new(Clock::Virtual),
            speed: RwSignal::new(1.0),
            status: RwSignal::new(Status::Idle),
            rev: RwSignal::new(0),
            playhead: RwSignal::new(None),
            selected: RwSignal::new(None),
            error: RwSignal::new(None),
            tab: RwSignal::new(Tab::Tasks),
            example_id: RwSignal::new(initial.example),
            share_url: RwSignal::new(None),
            replaying: RwSignal::new(false),
            focus_line: RwSignal::new(None),
            pane: RwSignal::new(Pane::Code),
            mock: RwSignal::new((100.0, 0.0, 0.0)),
            dark: RwSignal::new(initial_dark()),
            tests: RwSignal::new(Vec::new()),
            test_run: RwSignal::new(false),
            files: RwSignal::new(Vec::new()),
            databases: RwSignal::new(String::new()),
            keep_files: RwSignal::new(load_saved(STORAGE_KEEP).as_deref() == Some("1")),
            io: RwSignal::new(IoCosts::default()),
            exercise: RwSignal::new(initial.exercise),
            checks: RwSignal::new(None),
            check_run: RwSignal::new(false),
            hints_shown: RwSignal::new(0),
            solution_shown: RwSignal::new(false),
            progress_rev: RwSignal::new(0),
            horizon: RwSignal::new(3600.0),
        }
    }

    /// Keeps the program and theme in local storage, applies the theme,
    /// and passes the mock API settings to its Service Worker.
    pub fn persist(self) {
        super::effect(move || {
            let (view, _) = view_keys(self.exercise.get(), self.example_id.get());
            save(STORAGE_VIEW, &view);
        });
        let started = Cell::new(false);
        super::effect(move || {
            let source = self.source.get();
            // What the page opened with is already kept (or is a shared
            // link's, which must not replace the learner's own code).
            if !started.replace(true) {
                return;
            }
            // Each view keeps its own text: an exercise's attempt, an
            // example as edited, the learner's own program.
            let (_, key) = view_keys(
                self.exercise.get_untracked(),
                self.example_id.get_untracked(),
            );
            save(&key, &source);
        });
        super::effect(move || {
            self.selected.track();
            self.playhead.track();
            self.focus_line.set(None);
        });
        super::effect(move || {
            let theme = if self.dark.get() { "dark" } else { "light" };
            if let Some(el) = document().document_element() {
                let _ = el.set_attribute("data-theme", theme);
            }
            save(STORAGE_THEME, theme);
        });
        super::effect(move || {
            let (latency, jitter, fail) = self.mock.get();
            post_mock_settings(latency, jitter, fail);
        });
    }

    // ---- derived -------------------------------------------------------

    /// The time of the latest event (ns).
    pub fn end_ns(self) -> u64 {
        self.rev.get();
        with_model(|m| m.end().as_nanos())
    }

    /// The instant shown (ns): the scrubbed one, or the latest.
    pub fn at(self) -> u64 {
        match self.playhead.get() {
            Some(m) => m.at.as_nanos(),
            None => self.end_ns(),
        }
    }

    /// The moment shown: the one scrubbed or stepped to, or the latest.
    pub fn moment(self) -> Moment {
        match self.playhead.get() {
            Some(m) => m,
            None => {
                self.rev.get();
                with_model(|m| m.last_moment())
            }
        }
    }

    /// `switch 12 of 240` while stepping; nothing otherwise.
    pub fn step_label(self) -> String {
        let Some(at) = self.playhead.get() else {
            return String::new();
        };
        self.rev.get();
        with_model(|m| {
            let n = m.switches().len();
            let k = m.switches_by(at);
            if n == 0 {
                String::new()
            } else {
                format!("switch {k} of {n}")
            }
        })
    }

    /// Whether an instant before the end is shown.
    pub fn scrubbing(self) -> bool {
        self.playhead.get().is_some()
    }

    /// Whether a program runs (or is paused).
    pub fn running(self) -> bool {
        matches!(self.status.get(), Status::Running | Status::Paused)
    }

    /// The editor's marks: the error's line, and the selected task's
    /// line at the moment shown (where it paused, or resumed), or else the
    /// line of its coroutine.
    pub fn marks(self) -> Marks {
        let moment = self.moment();
        Marks {
            error: self.error.get().and_then(|e| e.line),
            selected: self.focus_line.get().or_else(|| {
                let id = self.selected.get()?;
                self.rev.get();
                with_model(|m| {
                    let t = crate::rows::find_task(m, id)?;
                    t.line_at(moment).or(t.source.as_ref().map(|s| s.line))
                })
            }),
        }
    }

    // ---- runs --------------------------------------------------------------

    /// Applies what arrived, for at most APPLY_BUDGET_MS; acknowledges each
    /// batch wholly applied; says whether more waits.
    fn apply_frame(self) -> bool {
        let (acks, more, stats) = STORE.with(|s| {
            let mut s = s.borrow_mut();
            let (acks, more) = s.feed.apply(APPLY_BUDGET_MS, performance_now);
            s.frame_queued = more;
            (
                acks,
                more,
                (s.feed.apply_max_ms, s.feed.model.event_count()),
            )
        });
        if let Some(r) = current_run() {
            for b in acks {
                r.ack(b);
            }
        }
        publish_stats(stats.0, stats.1);
        self.rev.update(|r| *r += 1);
        if !more {
            if let Some(f) = DEFERRED_END.with(|d| d.borrow_mut().take()) {
                f();
            }
        }
        more
    }

    /// Applies in animation frames until nothing waits.
    fn frames(self) {
        request_animation_frame(move || {
            if self.apply_frame() {
                self.frames();
            }
        });
    }

    /// Runs the editor's program (ending any run in progress).
    pub fn start_run(self) {
        self.start(false);
    }

    /// Runs the editor's `test*` functions, pytest-style.
    pub fn run_tests(self) {
        self.start(true);
        self.tab.set(Tab::Tests);
    }

    /// The workspace the next run starts from: the kept one, or the demo
    /// files (`None`).
    fn start_files(self) -> Option<Vec<WorkspaceFile>> {
        if !self.keep_files.get_untracked() {
            return None;
        }
        let files = self.files.get_untracked();
        (!files.is_empty()).then_some(files)
    }

    /// Loads the workspace kept by an earlier visit (OPFS, else local
    /// storage), if runs keep their files.
    pub fn load_workspace(self) {
        if !self.keep_files.get_untracked() {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let text = match super::opfs::load().await {
                Some(t) => Some(t),
                None => load_saved(STORAGE_WORKSPACE),
            };
            if let Some(files) = text.and_then(|t| crate::rows::decode_workspace(&t)) {
                if self.files.with_untracked(Vec::is_empty) {
                    self.files.set(files);
                }
            }
        });
    }

    /// Keeps `files` as the workspace of the next runs and visits (in
    /// OPFS; in local storage, up to 1 MB, where OPFS is missing), or
    /// forgets the kept one.
    fn store_workspace(self) {
        save(
            STORAGE_KEEP,
            if self.keep_files.get_untracked() {
                "1"
            } else {
                "0"
            },
        );
        if !self.keep_files.get_untracked() {
            forget_workspace();
            return;
        }
        let text = crate::rows::encode_workspace(&self.files.get_untracked());
        wasm_bindgen_futures::spawn_local(async move {
            if super::opfs::save(&text).await.is_ok() {
                return;
            }
            if text.len() <= MAX_STORED_WORKSPACE {
                save(STORAGE_WORKSPACE, &text);
            } else {
                self.banner.set(Some((
                    true,
                    format!(
                        "This browser has no private file system for the page, and the workspace ({} KB) is too big for local storage: it is kept until the page is closed.",
                        text.len() / 1024
                    ),
                )));
            }
        });
    }

    /// Switches keeping files between runs.
    pub fn set_keep_files(self, keep: bool) {
        self.keep_files.set(keep);
        self.store_workspace();
    }

    /// Selects the task called `name` (a test's task) and shows the task
    /// table at the end of its run.
    pub fn show_task_named(self, name: &str) {
        let found = with_model(|m| {
            m.tasks()
                .iter()
                .find(|t| &*t.name == name)
                .map(|t| (t.id.get(), t.finished_at.unwrap_or_else(|| m.end())))
        });
        if let Some((id, end)) = found {
            stop_replay();
            self.selected.set(Some(id));
            self.playhead.set(Some(Moment::end_of(end)));
            self.tab.set(Tab::Tasks);
        }
    }

    /// Forgets the kept files: the next run starts from the demo files.
    pub fn reset_workspace(self) {
        self.files.set(Vec::new());
        self.databases.set(String::new());
        forget_workspace();
    }

    /// Adds (or replaces) a file in the kept workspace.
    pub fn put_file(self, path: String, data: Vec<u8>) {
        self.files.update(|files| {
            files.retain(|f| f.path != path);
            files.push(WorkspaceFile { path, data });
            files.sort_by(|a, b| a.path.cmp(&b.path));
        });
        self.keep_files.set(true);
        self.store_workspace();
    }

    /// Deletes a file from the kept workspace.
    pub fn delete_file(self, path: &str) {
        self.files.update(|files| files.retain(|f| f.path != path));
        self.keep_files.set(true);
        self.store_workspace();
    }

    /// Opens exercise `id`: its statement, and the learner's last code for
    /// it (else its starter code) in the editor.
    pub fn open_exercise(self, id: &str) {
        let Some(ex) = crate::page::exercise::find(id) else {
            self.banner
                .set(Some((true, format!("There is no exercise {id:?}."))));
            return;
        };
        self.stop_run();
        let code = load_saved(&format!("{STORAGE_ATTEMPT}{id}"))
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| ex.starter.clone());
        self.exercise.set(Some(id.to_string()));
        self.example_id.set(None);
        self.source.set(code);
        self.checks.set(None);
        self.hints_shown.set(0);
        self.solution_shown.set(false);
        self.error.set(None);
        self.selected.set(None);
    }

    /// Leaves the exercise: the learner's own program comes back.
    pub fn close_exercise(self) {
        self.checks.set(None);
        self.open_my_program();
    }

    /// Checks the editor's code against the open exercise.
    pub fn check(self) {
        if let Some(id) = self.exercise.get_untracked() {
            self.checks.set(None);
            self.start_with(false, Some(id));
        }
    }

    /// Puts the open exercise's starter code back in the editor.
    pub fn reset_exercise(self) {
        if let Some(ex) = self
            .exercise
            .get_untracked()
            .and_then(|id| crate::page::exercise::find(&id))
        {
            self.source.set(ex.starter);
            self.checks.set(None);
        }
    }

    fn start(self, tests: bool) {
        self.start_with(tests, None);
    }

    fn start_with(self, tests: bool, exercise: Option<String>) {
        if let Some(r) = current_run() {
            r.stop();
        }
        STORE.with(|s| s.borrow_mut().feed.clear());
        self.rev.update(|r| *r += 1);
        self.error.set(None);
        stop_replay();
        DEFERRED_END.with(|d| d.borrow_mut().take());
        self.playhead.set(None);
        self.banner.set(None);
        self.status.set(Status::Running);
        let (latency, jitter, fail) = self.mock.get_untracked();
        let checker = exercise
            .as_deref()
            .and_then(crate::page::exercise::find)
            .map(|e| e.checker);
        let req = RunRequest {
            run: 0,
            source: self.source.get_untracked(),
            clock: self.clock.get_untracked(),
            speed: self.speed.get_untracked(),
            seed: 0,
            mock: Mock {
                latency_ms: latency,
                jitter_ms: jitter,
                fail,
            },
            base_url: String::new(),
            trace: TraceMode::Events,
            collect_output: false,
            tests,
            files: self.start_files(),
            io: self.io.get_untracked(),
            // The engine has no exercises: a check sends the checker.
            checker: checker.clone(),
            horizon: self.horizon.get_untracked(),
        };
        self.test_run.set(tests);
        self.check_run.set(checker.is_some());
        if tests {
            self.tests.set(Vec::new());
        }
        let on_batch = move || {
            let queue = STORE.with(|s| !std::mem::replace(&mut s.borrow_mut().frame_queued, true));
            if queue {
                self.frames();
            }
        };
        let on_end = move |end: Ended| {
            STORE.with(|s| s.borrow_mut().run = None);
            let behind = STORE.with(|s| s.borrow().feed.is_behind());
            if behind && !matches!(end, Ended::Stopped) {
                // Shown once the last events are applied (in the frames
                // already queued).
                DEFERRED_END.with(|d| *d.borrow_mut() = Some(Box::new(move || self.finish(end))));
            } else {
                self.finish(end);
            }
        };
        let observer = PageObserver {
            on_batch: Rc::new(on_batch),
            on_end: RefCell::new(Some(Box::new(on_end))),
        };
        let run = Rc::new(client::start(req, observer));
        if run.is_running() {
            STORE.with(|s| s.borrow_mut().run = Some(run));
        }
    }

    /// Shows how a run ended; an instant run is then replayed.
    fn finish(self, end: Ended) {
        if let (Ended::Finished(outcome), true) = (&end, self.check_run.get_untracked()) {
            // A check leaves the learner's workspace alone.
            let passed = !outcome.requirements.is_empty()
                && outcome.requirements.iter().all(|r| r.state == "pass");
            if let Some(id) = self.exercise.get_untracked() {
                if !outcome.requirements.is_empty() {
                    record_attempt(&id, passed);
                    self.progress_rev.update(|r| *r += 1);
                }
            }
            self.checks.set(Some(outcome.requirements.clone()));
            match &outcome.error {
                Some(e) if outcome.requirements.is_empty() => {
                    self.error.set(Some(error_view(e, &outcome.stderr)));
                }
                Some(e @ (RunError::Syntax { .. } | RunError::Uncaught { .. })) => {
                    self.error.set(Some(error_view(e, &outcome.stderr)));
                }
                _ => {
                    // The learner's exception the checker caught: mark its line.
                    if let Some(r) = outcome
                        .requirements
                        .iter()
                        .find(|r| r.state == "fail" && r.line.is_some())
                    {
                        self.error.set(Some(ErrorView {
                            title: r.detail.clone(),
                            detail: String::new(),
                            line: r.line,
                            inline: r.detail.clone(),
                        }));
                    }
                }
            }
            self.status.set(if passed {
                Status::CheckPassed
            } else {
                Status::CheckFailed
            });
            return;
        }
        if let Ended::Finished(outcome) = &end {
            self.files.set(outcome.files.clone());
            self.databases.set(outcome.databases.clone());
            self.store_workspace();
            if self.test_run.get_untracked() && !outcome.tests.is_empty() {
                // pytest's exit code is the verdict; the rows say the rest.
                let bad = outcome
                    .tests
                    .iter()
                    .any(|t| t.outcome == "failed" || t.outcome == "error");
                self.tests.set(outcome.tests.clone());
                self.status
                    .set(if bad { Status::Failed } else { Status::Done });
                return;
            }
        }
        match end {
            Ended::Stopped => self.status.set(Status::Stopped),
            Ended::Finished(outcome) => match &outcome.error {
                None => {
                    self.status.set(Status::Done);
                    // A forgotten `await` is the mistake to show: its line.
                    self.error.set(never_awaited_view());
                    // An instant run is replayed, in at most 1.5 s.
                    if self.clock.get_untracked() == Clock::Virtual {
                        let end = with_model(|m| m.end().as_nanos());
                        let rate = (end as f64 / 1.5e9).max(self.speed.get_untracked());
                        replay_playhead(end, rate, self);
                    }
                }
                Some(e) => {
                    self.error.set(Some(error_view(e, &outcome.stderr)));
                    self.status.set(Status::Failed);
                }
            },
        }
    }

    /// Ends the run at once.
    pub fn stop_run(self) {
        if let Some(r) = current_run() {
            r.stop();
        }
    }

    /// Reruns a moment after the last knob move.
    pub fn schedule_rerun(self) {
        if let Some(t) = RERUN.with(|r| r.take()) {
            t.clear();
        }
        if let Ok(h) = set_timeout_with_handle(
            move || self.start_run(),
            std::time::Duration::from_millis(250),
        ) {
            RERUN.with(|r| r.set(Some(h)));
        }
    }

    /// Puts an example into the editor.
    pub fn load_example(self, ex: &'static Example) {
        self.stop_run();
        self.exercise.set(None);
        self.example_id.set(Some(ex.id));
        self.source.set(example_text(ex));
        self.error.set(None);
        self.banner.set(None);
        self.selected.set(None);
    }

    /// Shows the learner's own program ("My program").
    pub fn open_my_program(self) {
        self.stop_run();
        self.exercise.set(None);
        self.example_id.set(None);
        self.source
            .set(my_program().unwrap_or_else(|| MY_PROGRAM_START.to_string()));
        self.error.set(None);
        self.banner.set(None);
        self.selected.set(None);
    }

    /// Puts the open example back as it ships (the edited copy is
    /// dropped).
    pub fn reset_example(self) {
        if let Some(ex) = self
            .example_id
            .get_untracked()
            .and_then(crate::gallery::find)
        {
            self.source.set(ex.source.to_string());
        }
    }

    /// Whether the open example differs from how it ships.
    pub fn example_edited(self) -> bool {
        match self.example_id.get().and_then(crate::gallery::find) {
            Some(ex) => self.source.with(|s| s != ex.source),
            None => false,
        }
    }

    /// Changes the speed, of the run in progress too.
    pub fn set_speed(self, v: f64) {
        self.speed.set(v);
        if let Some(r) = current_run() {
            r.set_speed(v);
        }
    }

    /// Pauses or resumes a real-time run.
    pub fn toggle_pause(self) {
        if let Some(r) = current_run() {
            let paused = self.status.get_untracked() != Status::Paused;
            r.set_paused(paused);
            self.status.set(if paused {
                Status::Paused
            } else {
                Status::Running
            });
        }
    }

    // ---- time ----------------------------------------------------------------

    /// Marks line `line` in the editor (and scrolls to it) until the
    /// selection or the moment shown changes.
    pub fn reveal_line(self, line: u32) {
        self.focus_line.set(Some(line));
    }

    /// Replays the run on the timeline.
    pub fn replay(self) {
        replay_playhead(self.end_ns(), self.speed.get_untracked(), self);
    }

    /// Shows the instant `t` (ns), or the latest.
    pub fn scrub(self, t: Option<u64>) {
        stop_replay();
        self.playhead
            .set(t.map(|ns| Moment::end_of(Instant::from_nanos(ns))));
    }

    /// The next task switch, selecting the task that runs there; after
    /// the last, the end. While paused, runs one step.
    pub fn step_next(self) {
        if let Some(r) = current_run() {
            if self.status.get_untracked() == Status::Paused {
                stop_replay();
                r.step();
                return;
            }
        }
        let Some(here) = self.playhead.get_untracked() else {
            return;
        };
        stop_replay();
        match with_model(|m| m.next_switch(here)) {
            Some(s) => {
                self.selected.set(Some(s.task.get()));
                self.playhead.set(Some(s.moment()));
            }
            None => self.playhead.set(None),
        }
    }

    /// The previous task switch, selecting the task that runs there. From
    /// the end, the last switch.
    pub fn step_prev(self) {
        stop_replay();
        let here = self
            .playhead
            .get_untracked()
            .unwrap_or_else(|| with_model(|m| m.last_moment()));
        if let Some(s) = with_model(|m| m.prev_switch(here)) {
            self.selected.set(Some(s.task.get()));
            self.playhead.set(Some(s.moment()));
        }
    }

    /// Whether Prev has a switch to go to.
    pub fn can_step_back(self) -> bool {
        self.rev.get();
        let here = self.moment();
        with_model(|m| m.prev_switch(here).is_some())
    }

    /// `Replaying… (finished at 1.800s)` while a replay runs.
    pub fn replay_note(self) -> Option<String> {
        if !self.replaying.get() {
            return None;
        }
        Some(format!(
            "Replaying… (finished at {})",
            crate::rows::fmt_secs(Instant::from_nanos(self.end_ns()))
        ))
    }

    // ---- share and export ----------------------------------------------------

    /// Puts the program (and its knobs) into a link, copies it, shows it.
    pub fn share(self) {
        let src = self.source.get_untracked();
        let values: Vec<(String, f64)> =
            knobs(&src).into_iter().map(|k| (k.name, k.value)).collect();
        let exercise = self.exercise.get_untracked();
        match share::encode(&src, &values, exercise.as_deref()) {
            Ok(fragment) => {
                let href = window().location().href().unwrap_or_default();
                let base = href.split('#').next().unwrap_or("").to_string();
                let url = format!("{base}#{fragment}");
                if let Ok(h) = window().history() {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
                let _ = window().navigator().clipboard().write_text(&url);
                self.share_url.set(Some(url));
            }
            Err(e) => self.banner.set(Some((true, e.to_string()))),
        }
    }

    /// Downloads the run's trace for ui.perfetto.dev.
    pub fn export(self) {
        let (json, complete) = STORE.with(|s| s.borrow().feed.export());
        download("looplab-trace.json", &json);
        if !complete {
            self.banner.set(Some((
                true,
                format!(
                    "The trace was cut to its first {} MB (encoded).",
                    crate::feed::MAX_KEPT_BYTES >> 20
                ),
            )));
        }
    }
}

impl Default for Page {
    fn default() -> Page {
        Page::new()
    }
}

/// Where a run's batches and end go: the store, applied once per frame.
struct PageObserver {
    on_batch: Rc<dyn Fn()>,
    on_end: RefCell<Option<EndHandler>>,
}

impl RunObserver for PageObserver {
    fn batch(&self, batch: u64, events: Vec<u8>) {
        STORE.with(|s| s.borrow_mut().feed.push(batch, events));
        (self.on_batch)();
    }

    fn end(&self, end: Ended) {
        if let Some(f) = self.on_end.borrow_mut().take() {
            f(end);
        }
    }
}

/// Publishes the page's own figures for the budget script and tests
/// (`window.__looplabStats`).
fn publish_stats(apply_max_ms: f64, events: u64) {
    let stats = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&stats, &"applyMaxMs".into(), &apply_max_ms.into());
    let _ = js_sys::Reflect::set(&stats, &"events".into(), &(events as f64).into());
    let _ = js_sys::Reflect::set(&window(), &"__looplabStats".into(), &stats);
}

/// Stops a replay animation in progress.
pub fn stop_replay() {
    REPLAY.with(|g| g.set(g.get() + 1));
    REPLAYING.with(|r| {
        if let Some(flag) = r.get() {
            flag.set(false);
        }
    });
}

/// Animates the playhead from 0 to `end` ns at `rate` × real time.
fn replay_playhead(end: u64, rate: f64, page: Page) {
    if end == 0 {
        return;
    }
    let generation = REPLAY.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    REPLAYING.with(|r| r.set(Some(page.replaying)));
    page.replaying.set(true);
    fn frame(started: f64, end: u64, rate: f64, page: Page, generation: u64) {
        if REPLAY.with(|g| g.get()) != generation {
            return;
        }
        let elapsed_ns = (performance_now() - started) * 1e6 * rate;
        if elapsed_ns >= end as f64 {
            page.playhead.set(None);
            page.replaying.set(false);
            return;
        }
        page.playhead
            .set(Some(Moment::end_of(Instant::from_nanos(elapsed_ns as u64))));
        request_animation_frame(move || frame(started, end, rate, page, generation));
    }
    frame(performance_now(), end, rate.max(0.01), page, generation);
}

/// What the page opens with.
struct Initial {
    source: String,
    banner: Option<(bool, String)>,
    example: Option<&'static str>,
    exercise: Option<String>,
}

/// The editor's text for example `ex`: the learner's edited copy, else
/// the example.
fn example_text(ex: &Example) -> String {
    load_saved(&format!("{STORAGE_EXAMPLE}{}", ex.id))
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| ex.source.to_string())
}

/// The learner's own program ("My program"), if they wrote one.
fn my_program() -> Option<String> {
    load_saved(STORAGE_SOURCE).filter(|s| !s.trim().is_empty())
}

/// What to show first: a shared link's program (never run until clicked,
/// never saved over the learner's own until they edit it), else what was
/// open last (the learner's program, an example as they left it, an
/// exercise with their attempt), else the first example.
fn initial_view() -> Initial {
    let hash = window().location().hash().unwrap_or_default();
    let last = load_saved(STORAGE_VIEW).unwrap_or_default();
    let mut shown = if let Some(id) = last.strip_prefix("exercise:") {
        match crate::page::exercise::find(id) {
            Some(ex) => Initial {
                source: load_saved(&format!("{STORAGE_ATTEMPT}{id}"))
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or(ex.starter),
                banner: None,
                example: None,
                exercise: Some(id.to_string()),
            },
            None => first_view(),
        }
    } else if let Some(ex) = last.strip_prefix("example:").and_then(crate::gallery::find) {
        Initial {
            source: example_text(ex),
            banner: None,
            example: Some(ex.id),
            exercise: None,
        }
    } else if let Some(mine) = my_program() {
        Initial {
            source: mine,
            banner: None,
            example: None,
            exercise: None,
        }
    } else {
        first_view()
    };
    match share::decode(&hash) {
        Ok(Some(shared)) => Initial {
            source: shared.source,
            banner: Some((
                false,
                "Loaded a shared program. Read it, then press Run (Ctrl+Enter) to start it. Your own program is kept under “My program”.".into(),
            )),
            example: None,
            exercise: shared
                .exercise
                .filter(|id| crate::page::exercise::find(id).is_some()),
        },
        Ok(None) => shown,
        Err(e) => {
            shown.banner = Some((true, format!("{e}; your last program is shown instead.")));
            shown
        }
    }
}

/// The first visit: the first example.
fn first_view() -> Initial {
    match EXAMPLES.first() {
        Some(ex) => Initial {
            source: example_text(ex),
            banner: None,
            example: Some(ex.id),
            exercise: None,
        },
        None => Initial {
            source: String::new(),
            banner: None,
            example: None,
            exercise: None,
        },
    }
}

/// The first coroutine the run never awaited (with its line), as the
/// error view that marks the line.
fn never_awaited_view() -> Option<ErrorView> {
    with_model(|m| {
        let count = m
            .warnings()
            .iter()
            .filter(|(_, w)| matches!(w, looplab_core::trace::Warning::NeverAwaited { .. }))
            .count();
        m.warnings().iter().find_map(|(_, w)| match w {
            looplab_core::trace::Warning::NeverAwaited {
                coroutine,
                line: Some(line),
                ..
            } => {
                let more = if count > 1 {
                    format!(" ({} coroutines in all: see Warnings)", count)
                } else {
                    String::new()
                };
                Some(ErrorView {
                    title: format!(
                        "Coroutine '{coroutine}' on line {line} was never awaited{more}"
                    ),
                    detail: format!(
                        "Calling an async function only creates a coroutine object: nothing runs until it is awaited. Put `await` before the call on line {line}, or hand it to `asyncio.create_task(…)` to run it alongside."
                    ),
                    line: Some(*line),
                    inline: format!("RuntimeWarning: coroutine '{coroutine}' was never awaited"),
                })
            }
            _ => None,
        })
    })
}

fn initial_dark() -> bool {
    match load_saved(STORAGE_THEME).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}

/// Sends the mock API's default settings to the Service Worker, if one
/// controls the page.
fn post_mock_settings(latency: f64, jitter: f64, fail: f64) {
    let Some(controller) = window().navigator().service_worker().controller() else {
        return;
    };
    let msg = js_sys::Object::new();
    let set = |k: &str, v: wasm_bindgen::JsValue| {
        let _ = js_sys::Reflect::set(&msg, &k.into(), &v);
    };
    set("type", "looplab-mock-settings".into());
    set("latency", latency.into());
    set("jitter", jitter.into());
    set("fail", fail.into());
    let _ = controller.post_message(&msg);
}

/// Removes the kept workspace from OPFS and local storage.
fn forget_workspace() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_WORKSPACE);
    }
    wasm_bindgen_futures::spawn_local(super::opfs::remove());
}

fn download(name: &str, text: &str) {
    download_part(
        name,
        &wasm_bindgen::JsValue::from_str(text),
        "application/json",
    );
}

/// Offers `data` as a download named `name`.
pub fn download_bytes(name: &str, data: &[u8]) {
    let bytes = js_sys::Uint8Array::from(data);
    download_part(name, &bytes.into(), "application/octet-stream");
}

fn download_part(name: &str, part: &wasm_bindgen::JsValue, mime: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(part);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
