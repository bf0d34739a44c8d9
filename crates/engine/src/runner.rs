//! Runs a program: a [`Session`] driven by the browser host in real time,
//! or by a virtual clock for instant runs, in slices that leave the thread
//! free between them (to post what happened, and to take the page's
//! messages: pause, step, acknowledgements).

use crate::host::{performance_now, post_macrotask, set_wake, BrowserHost};
use looplab_core::trace::Event;
use looplab_core::VirtualClock;
use looplab_script::mockapi::MockSettings;
use looplab_script::{Clock, Options, Outcome, Progress, Session};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Task steps per call of `tick`: small enough to check the time budget
/// often.
const STEPS_PER_TICK: usize = 2_000;
/// Milliseconds of work per slice before the page gets control back.
const SLICE_MS: f64 = 10.0;

pub use looplab_protocol::Clock as ClockMode;

/// What to run.
pub struct RunConfig {
    /// The program.
    pub source: String,
    /// The clock.
    pub clock: ClockMode,
    /// Playback speed for real time (0.1–10).
    pub speed: f64,
    /// The seed of `random` and the simulated network.
    pub seed: u64,
    /// The simulated mock API's settings (instant runs).
    pub mock: MockSettings,
    /// The page's URL: relative request URLs resolve against it.
    pub base_url: String,
    /// Whether to record the trace (events reach `on_events` only then).
    pub trace: bool,
    /// Where the program's output goes as it is written (besides the
    /// trace).
    pub output: Option<looplab_script::interp::OutputSink>,
    /// `asyncpg`'s SQL engine, if the program needs one.
    pub sql: Option<Rc<dyn looplab_script::modules::asyncpg::SqlBackend>>,
    /// The program's workspace.
    pub fs: Rc<dyn looplab_script::fs::FileSystem>,
    /// Whether to run the program's tests (on the virtual clock) instead.
    pub tests: bool,
    /// What files and databases cost.
    pub io: looplab_protocol::IoCosts,
    /// Check the program with this checker (an exercise's) instead: a
    /// fresh run on the virtual clock, in a workspace of its own.
    pub checker: Option<String>,
    /// An instant run stops at this clock reading (seconds; 0: never).
    pub horizon: f64,
}

impl std::fmt::Debug for RunConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunConfig")
            .field("clock", &self.clock)
            .field("speed", &self.speed)
            .field("seed", &self.seed)
            .field("trace", &self.trace)
            .finish_non_exhaustive()
    }
}

/// How a check ended: its run and each requirement's verdict, read from
/// the outcome and the trace's `events`.
#[cfg(feature = "full")]
fn checked(outcome: Outcome, events: &[Event]) -> RunEnd {
    let reqs = looplab_exercise::run::verdicts(&outcome, events);
    RunEnd::Checked(outcome, crate::requirements_of(&reqs))
}

/// The first-run engine checks nothing (its Worker hands checks to the
/// full engine): a check that reaches it ends as a plain run.
#[cfg(not(feature = "full"))]
fn checked(outcome: Outcome, _: &[Event]) -> RunEnd {
    RunEnd::Finished(outcome)
}

/// How a run ended.
#[derive(Debug)]
pub enum RunEnd {
    /// It finished (with or without an error).
    Finished(Outcome),
    /// An exercise check finished: the run, and each requirement's verdict.
    Checked(Outcome, Vec<looplab_protocol::Requirement>),
    /// The user stopped it.
    Stopped,
}

type EventSink = Rc<dyn Fn(Vec<Event>)>;
type EndSink = Box<dyn FnOnce(RunEnd)>;

/// A program running in the page.
pub struct Run {
    session: RefCell<Option<Session>>,
    host: Option<Rc<BrowserHost>>,
    vclock: Option<Rc<VirtualClock>>,
    on_events: EventSink,
    on_end: RefCell<Option<EndSink>>,
    slice_queued: Cell<bool>,
    /// Work is held until the reader catches up (see [`Run::set_held`]).
    held: Cell<bool>,
    /// An exercise check keeps every event, to judge the trace queries.
    kept: RefCell<Option<Vec<Event>>>,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run")
            .field("running", &self.session.borrow().is_some())
            .finish_non_exhaustive()
    }
}

/// Starts `cfg`. Events reach `on_events` as they happen (in slices);
/// `on_end` is called once. A syntax error ends the run at once.
pub fn start(
    mut cfg: RunConfig,
    on_events: impl Fn(Vec<Event>) + 'static,
    on_end: impl FnOnce(RunEnd) + 'static,
) -> Rc<Run> {
    let opts = Options {
        filename: "main.py".into(),
        clock: match cfg.clock {
            ClockMode::Real => Clock::Real,
            ClockMode::Virtual => Clock::Virtual,
        },
        seed: cfg.seed,
        trace: cfg.trace,
        mock: cfg.mock,
        // The workspace is the Worker's (cfg.fs), given below.
        files: looplab_script::fs::Workspace::default(),
        file_costs: looplab_script::fs::FileSettings {
            op_ms: cfg.io.file_op_ms,
            per_kb_ms: cfg.io.file_per_kb_ms,
            failure_rate: cfg.io.file_fail,
        },
        // The SQL module, when needed, is given to the session below.
        sql: None,
        db_costs: looplab_script::modules::asyncpg::DbSettings {
            latency_ms: cfg.io.db_ms,
            jitter_ms: cfg.io.db_jitter_ms,
            failure_rate: cfg.io.db_fail,
            ..looplab_script::modules::asyncpg::DbSettings::default()
        },
        // Output is streamed (trace, sink): the session keeps no copy.
        limits: looplab_script::Limits {
            max_kept_lines: 0,
            virtual_horizon: (cfg.horizon > 0.0).then_some(cfg.horizon),
            ..looplab_script::Limits::default()
        },
    };
    let (host, vclock, dyn_host): (_, _, Rc<dyn looplab_core::Host>) = match cfg.clock {
        ClockMode::Real => {
            let h = Rc::new(BrowserHost::new(cfg.speed));
            (Some(h.clone()), None, h)
        }
        ClockMode::Virtual => {
            let v = Rc::new(VirtualClock::new());
            (None, Some(v.clone()), v)
        }
    };
    let sink = cfg.output.take().unwrap_or_else(|| Box::new(|_, _| {}));
    let checking = cfg.checker.is_some();
    let session = match &cfg.checker {
        #[cfg(feature = "full")]
        Some(checker) => {
            let opts = looplab_exercise::run::options(&opts);
            looplab_exercise::run::start(checker, &cfg.source, &opts, dyn_host, sink)
        }
        _ if cfg.tests => Session::start_tests(&cfg.source, &opts, dyn_host, sink),
        _ => Session::start(&cfg.source, &opts, dyn_host, sink),
    };
    let run = Rc::new(Run {
        session: RefCell::new(None),
        host,
        vclock,
        on_events: Rc::new(on_events),
        on_end: RefCell::new(Some(Box::new(on_end))),
        slice_queued: Cell::new(false),
        held: Cell::new(false),
        kept: RefCell::new(checking.then(Vec::new)),
    });
    match session {
        Err(outcome) => {
            let how = if checking {
                checked(*outcome, &[])
            } else {
                RunEnd::Finished(*outcome)
            };
            run.end(how)
        }
        Ok(session) => {
            // A check runs in the workspace its options made.
            if !checking {
                session.set_file_system(cfg.fs.clone());
                if let Some(sql) = cfg.sql.take() {
                    session.set_sql_backend(sql);
                }
            }
            #[cfg(feature = "full")]
            if cfg.clock == ClockMode::Real {
                session.set_http_backend(Rc::new(crate::fetch::BrowserHttp {
                    base_url: cfg.base_url.clone(),
                    reserved: looplab_script::http::SimulatedNetwork::new(opts.mock, opts.seed),
                }));
            }
            *run.session.borrow_mut() = Some(session);
            if let Some(h) = &run.host {
                let weak = Rc::downgrade(&run);
                set_wake(
                    h.id(),
                    Some(Rc::new(move || {
                        if let Some(r) = weak.upgrade() {
                            r.drive();
                        }
                    })),
                );
            }
            run.queue_slice();
        }
    }
    run
}

impl Run {
    fn end(&self, how: RunEnd) {
        if let Some(h) = &self.host {
            set_wake(h.id(), None);
            h.disarm();
        }
        if let Some(f) = self.on_end.borrow_mut().take() {
            f(how);
        }
    }

    fn queue_slice(self: &Rc<Self>) {
        if self.slice_queued.replace(true) {
            return;
        }
        let weak = Rc::downgrade(self);
        post_macrotask(move || {
            if let Some(r) = weak.upgrade() {
                r.slice_queued.set(false);
                r.drive();
            }
        });
    }

    fn flush(&self, session: &Session) {
        self.hand_over(session.drain_trace());
    }

    /// Gives events to the reader (a check also keeps them for its trace
    /// queries).
    fn hand_over(&self, events: Vec<Event>) {
        if let Some(kept) = self.kept.borrow_mut().as_mut() {
            kept.extend(events.iter().cloned());
        }
        if !events.is_empty() {
            (self.on_events)(events);
        }
    }

    /// Runs one slice of work; called by the host's timer, a microtask, or
    /// a queued slice.
    pub fn drive(self: &Rc<Self>) {
        if self.held.get() || self.host.as_ref().is_some_and(|h| h.is_paused()) {
            return;
        }
        let started = performance_now();
        let finished = {
            let guard = self.session.borrow();
            let Some(session) = guard.as_ref() else {
                return;
            };
            let mut finished = false;
            loop {
                let progress = session.tick(STEPS_PER_TICK);
                match progress {
                    Progress::Finished => {
                        finished = true;
                        break;
                    }
                    Progress::Busy => {}
                    Progress::Sleeping(at) => match &self.vclock {
                        Some(v) => v.advance_to(at),
                        // The runtime armed the host's timer.
                        None => break,
                    },
                    // A request is out; its promise wakes us.
                    Progress::Waiting => break,
                }
                if performance_now() - started > SLICE_MS {
                    self.flush(session);
                    self.queue_slice();
                    return;
                }
            }
            self.flush(session);
            finished
        };
        if finished {
            self.finish();
        }
    }

    /// Collects the outcome of a session that has finished, and ends.
    fn finish(&self) {
        let session = self.session.borrow_mut().take();
        if let Some(session) = session {
            let outcome = session.finish();
            let how = match self.kept.borrow_mut().take() {
                Some(events) => checked(outcome, &events),
                None => RunEnd::Finished(outcome),
            };
            self.end(how);
        }
    }

    /// Ends the run at once: every task is dropped (requests in flight are
    /// aborted), no cleanup code runs.
    pub fn stop(&self) {
        let session = self.session.borrow_mut().take();
        if let Some(session) = session {
            self.flush(&session);
            drop(session);
            self.end(RunEnd::Stopped);
        }
    }

    /// Holds the work (`true`) until the reader of the events has caught
    /// up, or lets it go on (`false`). A held real-time run's clock keeps
    /// going: its tasks run late, as on a busy event loop.
    pub fn set_held(self: &Rc<Self>, held: bool) {
        if self.held.replace(held) && !held {
            self.queue_slice();
        }
    }

    /// Whether the program is still running.
    pub fn is_running(&self) -> bool {
        self.session.borrow().is_some()
    }

    /// Freezes (or resumes) a real-time run's clock and work.
    pub fn set_paused(self: &Rc<Self>, paused: bool) {
        if let Some(h) = &self.host {
            h.set_paused(paused);
            if !paused {
                self.queue_slice();
            }
        }
    }

    /// While paused: runs exactly one task step (the next task switch).
    pub fn step(self: &Rc<Self>) {
        let finished = {
            let guard = self.session.borrow();
            let Some(session) = guard.as_ref() else {
                return;
            };
            let mut finished = false;
            // At most a few rounds: a round that ran nothing (the next task
            // is behind a timer) moves the frozen clock to that timer.
            for _ in 0..4 {
                let p = session.tick(1);
                let events = session.drain_trace();
                let ran = events
                    .iter()
                    .any(|e| matches!(e.kind, looplab_core::trace::EventKind::TaskRunning { .. }));
                self.hand_over(events);
                match p {
                    Progress::Finished => {
                        finished = true;
                        break;
                    }
                    Progress::Sleeping(at) if !ran => {
                        if let Some(h) = &self.host {
                            h.jump_to(at);
                        }
                    }
                    _ => break,
                }
            }
            finished
        };
        if finished {
            self.finish();
        }
    }

    /// Changes a real-time run's speed.
    pub fn set_speed(&self, speed: f64) {
        if let Some(h) = &self.host {
            h.set_speed(speed);
        }
    }
}
