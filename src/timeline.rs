//! The timeline: one lane per task, drawn on a canvas (so 10,000 tasks cost
//! only the lanes on screen). Solid segments are steps that ran (a step
//! too short to see is a thin tick, so a task that mostly sleeps never
//! looks busy), coloured bands waits by kind, thin lines ready-but-not-
//! running; a sleep that overran its deadline because the loop was busy
//! is drawn as starved, and a deadlocked run ends with a "blocked forever"
//! span on each stuck task. Marks show spawn, cancel requests, errors and
//! acquire/release; a vertical line is the playhead, and the task that
//! runs at the moment shown is outlined. [`describe`] says in words what
//! lies under the pointer (the canvas's tooltip).

use looplab_core::trace::{TaskId, WaitKind, Warning};
use looplab_core::Instant;
use looplab_view::{MarkerKind, Model, SegKind, Segment};
use std::collections::HashSet;
use wasm_bindgen::JsCast;

/// Height of one lane, in CSS pixels.
pub const LANE_H: f64 = 18.0;
/// Width of the lane labels.
const LABEL_W: f64 = 140.0;
/// Height of the time axis at the top.
const AXIS_H: f64 = 18.0;

struct Palette {
    bg: &'static str,
    text: &'static str,
    muted: &'static str,
    grid: &'static str,
    run: &'static str,
    wait: &'static str,
    blocked: &'static str,
    on_task: &'static str,
    external: &'static str,
    ready: &'static str,
    error: &'static str,
    cancel: &'static str,
    acquire: &'static str,
    select: &'static str,
    playhead: &'static str,
    stuck: &'static str,
}

const LIGHT: Palette = Palette {
    bg: "#ffffff",
    text: "#1f2430",
    muted: "#6b7280",
    grid: "#eceef2",
    run: "#2563eb",
    wait: "#d6e2fc",
    blocked: "#f0a742",
    on_task: "#8d95a7",
    external: "#4fc3a5",
    ready: "#d97706",
    error: "#dc2626",
    cancel: "#9333ea",
    acquire: "#059669",
    select: "rgba(37,99,235,0.10)",
    playhead: "#111827",
    stuck: "rgba(220,38,38,0.35)",
};

const DARK: Palette = Palette {
    bg: "#151821",
    text: "#e5e7eb",
    muted: "#9ca3af",
    grid: "#232736",
    run: "#60a5fa",
    wait: "#26344f",
    blocked: "#a86b1c",
    on_task: "#5b6273",
    external: "#2a8c74",
    ready: "#fbbf24",
    error: "#f87171",
    cancel: "#c084fc",
    acquire: "#34d399",
    select: "rgba(96,165,250,0.14)",
    playhead: "#f9fafb",
    stuck: "rgba(248,113,113,0.40)",
};

fn wait_color(p: &Palette, kind: WaitKind) -> &'static str {
    match kind {
        WaitKind::Sleep | WaitKind::Yield => p.wait,
        WaitKind::Task | WaitKind::Gather | WaitKind::TaskGroup => p.on_task,
        WaitKind::External | WaitKind::File | WaitKind::Database => p.external,
        _ => p.blocked,
    }
}

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
}

/// The canvas's size in CSS pixels. Reading it forces a layout when the
/// page changed since the last one: callers that draw every frame read it
/// once (and on resize) and pass it to [`draw`].
pub fn css_size(canvas: &web_sys::HtmlCanvasElement) -> (f64, f64) {
    (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    )
}

/// Width of the "blocked forever" zone after the end of a deadlocked run.
const FOREVER_W: f64 = 64.0;

/// Where times fall on the canvas.
struct Geometry {
    plot_w: f64,
    /// The run's length in ns (at least 1).
    end: f64,
    /// Width of the zone past the end for stuck tasks (0 without a deadlock).
    forever: f64,
}

impl Geometry {
    fn new(m: &Model, css_w: f64, stuck: &HashSet<TaskId>) -> Geometry {
        let forever = if stuck.is_empty() { 0.0 } else { FOREVER_W };
        Geometry {
            plot_w: (css_w - LABEL_W - 8.0 - forever).max(10.0),
            end: m.end().as_nanos().max(1) as f64,
            forever,
        }
    }

    fn x_of(&self, t: Instant) -> f64 {
        LABEL_W + (t.as_nanos() as f64 / self.end) * self.plot_w
    }

    fn t_of(&self, x: f64) -> u64 {
        (((x - LABEL_W) / self.plot_w).clamp(0.0, 1.0) * self.end) as u64
    }

    /// Whether `x` is in the "blocked forever" zone.
    fn in_forever(&self, x: f64) -> bool {
        self.forever > 0.0 && x > LABEL_W + self.plot_w + 1.0
    }
}

/// The tasks a deadlock left stuck.
fn stuck_tasks(m: &Model) -> HashSet<TaskId> {
    m.warnings()
        .iter()
        .filter_map(|(_, w)| match w {
            Warning::Deadlock { stuck } => Some(stuck.iter().map(|s| s.task)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Draws the model. `playhead`: ns (None: the end); `selected`: a task id;
/// `running`: the task running at the moment shown (outlined);
/// `first_lane`: the lane at the top (vertical scroll); `size`: the
/// canvas's [`css_size`] (read now if not given).
#[allow(clippy::too_many_arguments)]
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    size: Option<(f64, f64)>,
    m: &Model,
    playhead: Option<u64>,
    selected: Option<u64>,
    running: Option<TaskId>,
    first_lane: usize,
    dark: bool,
) {
    let p = if dark { &DARK } else { &LIGHT };
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (css_w, css_h) = size.unwrap_or_else(|| css_size(canvas));
    let (css_w, css_h) = (css_w.max(200.0), css_h.max(80.0));
    let (pw, ph) = ((css_w * ratio) as u32, (css_h * ratio) as u32);
    if canvas.width() != pw {
        canvas.set_width(pw);
    }
    if canvas.height() != ph {
        canvas.set_height(ph);
    }
    let Some(ctx) = context(canvas) else { return };
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.set_fill_style_str(p.bg);
    ctx.fill_rect(0.0, 0.0, css_w, css_h);
    ctx.set_font("11px system-ui, sans-serif");

    let tasks = m.tasks();
    if tasks.is_empty() {
        ctx.set_fill_style_str(p.muted);
        let _ = ctx.fill_text(
            "Run a program to see its tasks here.",
            LABEL_W,
            AXIS_H + 20.0,
        );
        return;
    }
    let stuck = stuck_tasks(m);
    let g = Geometry::new(m, css_w, &stuck);
    let x_of = |t: Instant| g.x_of(t);
    draw_axis(&ctx, p, m, &g, css_w, css_h);

    let lanes = ((css_h - AXIS_H) / LANE_H).floor().max(1.0) as usize;
    // Segments shorter than a pixel are merged into one pixel per lane.
    let px = g.end / g.plot_w;
    let end_x = x_of(m.end());
    for (row, task) in tasks.iter().skip(first_lane).take(lanes).enumerate() {
        let y = AXIS_H + row as f64 * LANE_H;
        if selected == Some(task.id.get()) {
            ctx.set_fill_style_str(p.select);
            ctx.fill_rect(0.0, y, css_w, LANE_H);
        }
        ctx.set_fill_style_str(p.text);
        let mut name = task.name.to_string();
        if running == Some(task.id) {
            name = format!("▶ {name}");
        }
        if name.chars().count() > 20 {
            name = name.chars().take(19).collect::<String>() + "…";
        }
        let _ = ctx.fill_text(&name, 4.0, y + 12.5);
        // Waits first, then steps on top: on the virtual clock a step takes
        // no time and would vanish under the wait that follows it.
        let mut last_x = -1.0;
        let mut steps = Vec::new();
        let mut last_wait: Option<f64> = None;
        for seg in task.segments() {
            let start = seg.start;
            let stop = seg.end_or(m.end());
            if seg.end.is_none() && matches!(seg.kind, SegKind::Waiting(_)) {
                last_wait = Some(x_of(start));
            }
            let span = stop.as_nanos() as f64 - start.as_nanos() as f64;
            if span <= 0.0 && !matches!(seg.kind, SegKind::Running) {
                continue;
            }
            let x0 = x_of(start);
            let x1 = x_of(stop).max(x0 + 1.0);
            if x1 <= last_x && span < px {
                continue;
            }
            last_x = x1;
            let (color, top, h) = match seg.kind {
                SegKind::Running => {
                    steps.push((x0, x1 - x0, span >= px));
                    continue;
                }
                SegKind::Waiting(kind) => (wait_color(p, kind), 4.0, LANE_H - 8.0),
                SegKind::Ready | SegKind::Pending => (p.ready, 8.0, 2.0),
            };
            ctx.set_fill_style_str(color);
            // A sleep that ended after its deadline was starved from the
            // deadline on: ready, but the loop was busy.
            let overdue = match (seg.kind, seg.on.and_then(|o| o.until)) {
                (SegKind::Waiting(WaitKind::Sleep), Some(u)) if u < stop && u > start => {
                    Some(x_of(u))
                }
                _ => None,
            };
            match overdue {
                Some(xu) if x1 - xu >= 1.0 => {
                    ctx.fill_rect(x0, y + top, xu - x0, h);
                    draw_starved(&ctx, p, xu, y, x1 - xu);
                }
                _ => ctx.fill_rect(x0, y + top, x1 - x0, h),
            }
        }
        ctx.set_fill_style_str(p.run);
        for (x, w, long) in steps {
            if long {
                ctx.fill_rect(x, y + 2.0, w.max(2.0), LANE_H - 4.0);
            } else {
                // Too short to see: a thin tick, half the lane high.
                ctx.fill_rect(x, y + LANE_H / 4.0, 1.0, LANE_H / 2.0);
            }
        }
        if stuck.contains(&task.id) {
            let x0 = last_wait.unwrap_or(end_x);
            ctx.set_fill_style_str(p.stuck);
            ctx.fill_rect(x0, y + 3.0, css_w - 4.0 - x0, LANE_H - 6.0);
            ctx.set_fill_style_str(p.error);
            let _ = ctx.fill_text("forever", end_x + 6.0, y + 12.5);
        }
        for mk in &task.markers {
            let x = x_of(mk.at);
            let color = match mk.kind {
                MarkerKind::Spawn => p.muted,
                MarkerKind::CancelRequested { .. } | MarkerKind::Cancelled => p.cancel,
                MarkerKind::Error => p.error,
                MarkerKind::Acquire(_) | MarkerKind::Release(_) => p.acquire,
                _ => continue,
            };
            ctx.set_fill_style_str(color);
            match mk.kind {
                MarkerKind::Spawn => ctx.fill_rect(x - 0.5, y + 2.0, 1.5, LANE_H - 4.0),
                MarkerKind::Acquire(_) => {
                    ctx.begin_path();
                    ctx.move_to(x, y + 1.0);
                    ctx.line_to(x + 4.0, y + 1.0);
                    ctx.line_to(x, y + 5.0);
                    ctx.fill();
                }
                MarkerKind::Release(_) => {
                    ctx.begin_path();
                    ctx.move_to(x, y + LANE_H - 1.0);
                    ctx.line_to(x - 4.0, y + LANE_H - 1.0);
                    ctx.line_to(x, y + LANE_H - 5.0);
                    ctx.fill();
                }
                _ => {
                    ctx.begin_path();
                    let _ = ctx.arc(x, y + LANE_H / 2.0, 3.5, 0.0, std::f64::consts::TAU);
                    ctx.fill();
                }
            }
        }
        if running == Some(task.id) {
            ctx.set_stroke_style_str(p.run);
            ctx.set_line_width(1.5);
            ctx.stroke_rect(1.0, y + 0.75, css_w - 2.0, LANE_H - 1.5);
            ctx.set_line_width(1.0);
        }
    }
    if tasks.len() > first_lane + lanes {
        ctx.set_fill_style_str(p.muted);
        let _ = ctx.fill_text(
            &format!("… {} more lanes (scroll)", tasks.len() - first_lane - lanes),
            4.0,
            css_h - 3.0,
        );
    }
    // The playhead.
    let t = playhead.map_or(m.end(), Instant::from_nanos);
    let x = x_of(t);
    ctx.set_stroke_style_str(p.playhead);
    ctx.set_line_width(1.5);
    ctx.begin_path();
    ctx.move_to(x, AXIS_H - 4.0);
    ctx.line_to(x, css_h);
    ctx.stroke();
    ctx.set_line_width(1.0);
}

/// A starved stretch: ready (its deadline passed) but not run, hatched.
fn draw_starved(ctx: &web_sys::CanvasRenderingContext2d, p: &Palette, x: f64, y: f64, w: f64) {
    ctx.set_fill_style_str(p.ready);
    ctx.fill_rect(x, y + 7.0, w, 4.0);
    let mut hx = x;
    while hx < x + w {
        ctx.fill_rect(hx, y + 3.0, 1.0, LANE_H - 6.0);
        hx += 4.0;
    }
}

/// The time axis: about six ticks with labels that stay on the canvas;
/// one label for a run that took no time.
fn draw_axis(
    ctx: &web_sys::CanvasRenderingContext2d,
    p: &Palette,
    m: &Model,
    g: &Geometry,
    css_w: f64,
    css_h: f64,
) {
    ctx.set_fill_style_str(p.muted);
    ctx.set_stroke_style_str(p.grid);
    if m.end() == Instant::ZERO {
        let _ = ctx.fill_text(
            "0s: all of it happened at one instant (step through it with Next)",
            LABEL_W,
            12.0,
        );
        return;
    }
    let secs = g.end / 1e9;
    let raw = secs / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * mag)
        .find(|s| *s >= raw)
        .unwrap_or(raw.max(1e-9));
    let mut tick = 0.0;
    while tick <= secs + 1e-12 && step > 0.0 {
        let x = LABEL_W + tick / secs.max(1e-12) * g.plot_w;
        ctx.begin_path();
        ctx.move_to(x, AXIS_H);
        ctx.line_to(x, css_h);
        ctx.stroke();
        let label = if step < 0.01 {
            format!("{:.0}ms", tick * 1000.0)
        } else {
            format!("{tick:.2}s")
        };
        // 11px system-ui: about 6px a character.
        let w = label.chars().count() as f64 * 6.0;
        let right = if g.forever > 0.0 {
            LABEL_W + g.plot_w + 4.0
        } else {
            css_w - 2.0
        };
        let lx = if x + 2.0 + w > right {
            x - 2.0 - w
        } else {
            x + 2.0
        };
        let _ = ctx.fill_text(&label, lx, 12.0);
        tick += step;
    }
    if g.forever > 0.0 {
        ctx.set_fill_style_str(p.error);
        let _ = ctx.fill_text("deadlock", LABEL_W + g.plot_w + 8.0, 12.0);
    }
}

/// What lies under the pointer at (`x`, `y`) CSS pixels, in words: the
/// lane's task, what it was doing then and for how long, and where it
/// paused. `None` off the lanes.
pub fn describe(m: &Model, css_w: f64, first_lane: usize, x: f64, y: f64) -> Option<String> {
    if y < AXIS_H {
        return None;
    }
    let lane = ((y - AXIS_H) / LANE_H) as usize + first_lane;
    let task = m.tasks().get(lane)?;
    let stuck = stuck_tasks(m);
    let g = Geometry::new(m, css_w, &stuck);
    if x < LABEL_W {
        return Some(format!("{} (#{})", task.name, task.id));
    }
    if g.in_forever(x) && stuck.contains(&task.id) {
        let on = task
            .waiting_on
            .map(|on| m.describe_wait(&on))
            .unwrap_or_default();
        return Some(format!("{}: blocked forever (deadlock) on {on}", task.name));
    }
    let t = Instant::from_nanos(g.t_of(x));
    // The segment under the pointer; a pixel's worth of slack finds
    // the zero-length steps of the virtual clock.
    let slack = Instant::from_nanos((g.end / g.plot_w) as u64);
    let from = Instant::from_nanos(t.as_nanos().saturating_sub(slack.as_nanos()));
    let seg: Option<Segment> = task
        .segments_in(from, t)
        .filter(|s| s.start <= t && s.end_or(m.end()) >= t)
        .last()
        .or_else(|| task.segments_in(from, t).last());
    let Some(seg) = seg else {
        return Some(format!("{}: not created yet", task.name));
    };
    let stop = seg.end_or(m.end());
    let dur = crate::rows::fmt_dur(stop - seg.start);
    let what = match seg.kind {
        SegKind::Running => format!("ran for {dur}"),
        SegKind::Ready => format!("ready for {dur}, waiting its turn"),
        SegKind::Pending => format!("created, not started, for {dur}"),
        SegKind::Waiting(kind) => {
            let on = seg
                .on
                .map(|on| m.describe_task_wait_at(task.id, &on, seg.start))
                .unwrap_or_default();
            let mut s = format!("waited {dur} on {on}");
            if let (WaitKind::Sleep, Some(u)) = (kind, seg.on.and_then(|o| o.until)) {
                if u < stop {
                    let _ = std::fmt::Write::write_fmt(
                        &mut s,
                        format_args!(
                            " — starved {} past its deadline (the loop was busy)",
                            crate::rows::fmt_dur(stop - u)
                        ),
                    );
                }
            }
            if let Some(l) = seg.line {
                let _ = std::fmt::Write::write_fmt(&mut s, format_args!(" · line {l}"));
            }
            s
        }
    };
    Some(format!(
        "{}: {what} (from {} to {})",
        task.name,
        crate::rows::fmt_secs(seg.start),
        crate::rows::fmt_secs(stop)
    ))
}

/// What a click at (`x`, `y`) CSS pixels hits: the task of the lane (if
/// any) and the time under the pointer, in ns.
pub fn hit(
    canvas: &web_sys::HtmlCanvasElement,
    m: &Model,
    first_lane: usize,
    x: f64,
    y: f64,
) -> Option<(Option<u64>, u64)> {
    let css_w = f64::from(canvas.client_width()).max(200.0);
    let g = Geometry::new(m, css_w, &stuck_tasks(m));
    let t = if m.end() == Instant::ZERO {
        0
    } else {
        g.t_of(x)
    };
    let task = if y >= AXIS_H {
        let lane = ((y - AXIS_H) / LANE_H) as usize + first_lane;
        m.tasks().get(lane).map(|t| t.id.get())
    } else {
        None
    };
    Some((task, t))
}
