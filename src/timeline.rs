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

pub use crate::lanes::{describe, pan, plot_center, zoom, Window, AXIS_H, LANE_H};
use crate::lanes::{stuck_tasks, Geometry};
use looplab_core::trace::{TaskId, WaitKind};
use looplab_core::Instant;
use looplab_view::{MarkerKind, Model, SegKind};
use wasm_bindgen::JsCast;

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

/// The labels' font (as the canvas reads it back).
const FONT: &str = "11px system-ui, sans-serif";

/// What to draw besides the model.
#[derive(Clone, Copy, Debug, Default)]
pub struct Look {
    /// The playhead, in ns (`None`: the end).
    pub playhead: Option<u64>,
    /// The selected task's id.
    pub selected: Option<u64>,
    /// The task running at the moment shown (outlined).
    pub running: Option<TaskId>,
    /// The lane at the top (vertical scroll).
    pub first_lane: usize,
    /// The stretch of time shown.
    pub window: Window,
    /// The dark palette.
    pub dark: bool,
}

/// Draws the model as `look` says; `size`: the canvas's [`css_size`]
/// (read now if not given).
pub fn draw(canvas: &web_sys::HtmlCanvasElement, size: Option<(f64, f64)>, m: &Model, look: Look) {
    let Look {
        playhead,
        selected,
        running,
        first_lane,
        window,
        dark,
    } = look;
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
    // Setting the font makes the browser bring the document's styles up to
    // date first (a forced style recalculation, mid-frame, while the page
    // has pending DOM changes); the canvas keeps it between frames.
    if ctx.font() != FONT {
        ctx.set_font(FONT);
    }

    let tasks = m.tasks();
    if tasks.is_empty() {
        ctx.set_fill_style_str(p.muted);
        let _ = ctx.fill_text(
            "Run a program to see its tasks here.",
            crate::lanes::label_w(css_w),
            AXIS_H + 20.0,
        );
        return;
    }
    let stuck = stuck_tasks(m);
    let g = Geometry::new(m, css_w, &stuck, window);
    let x_of = |t: Instant| g.x_of(t);
    draw_axis(&ctx, p, m, &g, css_w, css_h);
    let (view_from, view_to) = g.range();
    let plot_left = g.label_w;
    let plot_right = g.label_w + g.plot_w;

    let lanes = ((css_h - AXIS_H) / LANE_H).floor().max(1.0) as usize;
    // Segments shorter than a pixel are merged into one pixel per lane.
    let px = g.span / g.plot_w;
    let end_x = x_of(m.end());
    for (row, task) in tasks.iter().skip(first_lane).take(lanes).enumerate() {
        let y = AXIS_H + row as f64 * LANE_H;
        if selected == Some(task.id.get()) {
            ctx.set_fill_style_str(p.select);
            ctx.fill_rect(0.0, y, css_w, LANE_H);
        }
        ctx.set_fill_style_str(p.text);
        let mut name = crate::rows::task_label(task);
        if running == Some(task.id) {
            name = format!("▶ {name}");
        }
        // About 6px a character at 11px.
        let fits = ((g.label_w - 8.0) / 6.0).max(4.0) as usize;
        if name.chars().count() > fits {
            name = name.chars().take(fits - 1).collect::<String>() + "…";
        }
        let _ = ctx.fill_text(&name, 4.0, y + 12.5);
        // The lane's marks are clipped to the plot (zoomed in, segments
        // run past its edges).
        ctx.save();
        ctx.begin_path();
        ctx.rect(plot_left - 4.0, y, plot_right - plot_left + 8.0, LANE_H);
        ctx.clip();
        // Waits first, then steps on top: on the virtual clock a step takes
        // no time and would vanish under the wait that follows it.
        let mut last_x = -1.0;
        let mut steps = Vec::new();
        for seg in task.segments_in(view_from, view_to) {
            let start = seg.start;
            let stop = seg.end_or(m.end());
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
        for mk in task.markers_in(view_from, view_to) {
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
        ctx.restore();
        if stuck.contains(&task.id) && g.forever > 0.0 {
            // Past the end: the wait it is stuck in never ends.
            let x0 = end_x;
            ctx.set_fill_style_str(p.stuck);
            ctx.fill_rect(x0, y + 3.0, css_w - 4.0 - x0, LANE_H - 6.0);
            ctx.set_fill_style_str(p.error);
            let _ = ctx.fill_text("forever", end_x + 6.0, y + 12.5);
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
            g.label_w,
            12.0,
        );
        return;
    }
    let from = g.from / 1e9;
    let secs = g.span / 1e9;
    let raw = secs / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * mag)
        .find(|s| *s >= raw)
        .unwrap_or(raw.max(1e-9));
    let mut tick = (from / step).ceil() * step;
    while tick <= from + secs + 1e-12 && step > 0.0 {
        let x = g.x_of(Instant::from_secs_f64(tick));
        ctx.begin_path();
        ctx.move_to(x, AXIS_H);
        ctx.line_to(x, css_h);
        ctx.stroke();
        let label = if step >= 0.01 {
            format!("{tick:.2}s")
        } else if step >= 0.001 {
            format!("{:.0}ms", tick * 1e3)
        } else if step >= 0.0001 {
            format!("{:.1}ms", tick * 1e3)
        } else {
            format!("{:.0}µs", tick * 1e6)
        };
        // 11px system-ui: about 6px a character.
        let w = label.chars().count() as f64 * 6.0;
        let right = if g.forever > 0.0 {
            g.label_w + g.plot_w + 4.0
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
        let _ = ctx.fill_text("deadlock", g.label_w + g.plot_w + 8.0, 12.0);
    }
}
/// What a click at (`x`, `y`) CSS pixels hits: the task of the lane (if
/// any) and the time under the pointer, in ns.
pub fn hit(
    canvas: &web_sys::HtmlCanvasElement,
    m: &Model,
    first_lane: usize,
    window: Window,
    x: f64,
    y: f64,
) -> Option<(Option<u64>, u64)> {
    let css_w = f64::from(canvas.client_width()).max(200.0);
    let g = Geometry::new(m, css_w, &stuck_tasks(m), window);
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
