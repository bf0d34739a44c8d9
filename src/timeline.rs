//! The timeline: one lane per task, drawn on a canvas (so 10,000 tasks cost
//! only the lanes on screen). Solid segments are steps that ran, light ones
//! waits, thin ones ready-but-not-running; marks show spawn, cancel
//! requests, errors and acquire/release. A vertical line is the playhead.

use looplab_core::trace::WaitKind;
use looplab_core::Instant;
use looplab_view::{MarkerKind, Model, SegKind};
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
}

const LIGHT: Palette = Palette {
    bg: "#ffffff",
    text: "#1f2430",
    muted: "#6b7280",
    grid: "#eceef2",
    run: "#2563eb",
    wait: "#c7d7fb",
    blocked: "#f6c98f",
    on_task: "#d9dce3",
    external: "#9fe0d0",
    ready: "#f59e0b",
    error: "#dc2626",
    cancel: "#9333ea",
    acquire: "#059669",
    select: "rgba(37,99,235,0.10)",
    playhead: "#111827",
};

const DARK: Palette = Palette {
    bg: "#151821",
    text: "#e5e7eb",
    muted: "#9ca3af",
    grid: "#232736",
    run: "#60a5fa",
    wait: "#2b3b5c",
    blocked: "#6b4a1f",
    on_task: "#33384a",
    external: "#1f5b4e",
    ready: "#fbbf24",
    error: "#f87171",
    cancel: "#c084fc",
    acquire: "#34d399",
    select: "rgba(96,165,250,0.14)",
    playhead: "#f9fafb",
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

/// Draws the model. `playhead`: ns (None: the end); `selected`: a task id;
/// `first_lane`: the lane at the top (vertical scroll); `size`: the
/// canvas's [`css_size`] (read now if not given).
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    size: Option<(f64, f64)>,
    m: &Model,
    playhead: Option<u64>,
    selected: Option<u64>,
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

    let end = m.end().as_nanos().max(1) as f64;
    let plot_w = (css_w - LABEL_W - 8.0).max(10.0);
    let x_of = |t: Instant| LABEL_W + (t.as_nanos() as f64 / end) * plot_w;

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
    // Time axis with about six ticks.
    ctx.set_fill_style_str(p.muted);
    ctx.set_stroke_style_str(p.grid);
    let secs = end / 1e9;
    let raw = secs / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * mag)
        .find(|s| *s >= raw)
        .unwrap_or(raw.max(1e-9));
    let mut tick = 0.0;
    while tick <= secs + 1e-12 && step > 0.0 {
        let x = LABEL_W + tick / secs.max(1e-12) * plot_w;
        ctx.begin_path();
        ctx.move_to(x, AXIS_H);
        ctx.line_to(x, css_h);
        ctx.stroke();
        let label = if step < 0.01 {
            format!("{:.0}ms", tick * 1000.0)
        } else {
            format!("{tick:.2}s")
        };
        let _ = ctx.fill_text(&label, x + 2.0, 12.0);
        tick += step;
    }

    let lanes = ((css_h - AXIS_H) / LANE_H).floor().max(1.0) as usize;
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
    // Segments shorter than a pixel are merged into one pixel per lane.
    let px = end / plot_w;
    for (row, task) in tasks.iter().skip(first_lane).take(lanes).enumerate() {
        let y = AXIS_H + row as f64 * LANE_H;
        if selected == Some(task.id.get()) {
            ctx.set_fill_style_str(p.select);
            ctx.fill_rect(0.0, y, css_w, LANE_H);
        }
        ctx.set_fill_style_str(p.text);
        let mut name = task.name.to_string();
        if name.chars().count() > 20 {
            name = name.chars().take(19).collect::<String>() + "…";
        }
        let _ = ctx.fill_text(&name, 4.0, y + 12.5);
        // Waits first, then steps on top: on the virtual clock a step takes
        // no time and would vanish under the wait that follows it.
        let mut last_x = -1.0;
        let mut steps = Vec::new();
        for seg in task.segments() {
            let start = seg.start;
            let stop = seg.end_or(m.end());
            if stop.as_nanos() as f64 - start.as_nanos() as f64 <= 0.0
                && !matches!(seg.kind, SegKind::Running)
            {
                continue;
            }
            let x0 = x_of(start);
            let x1 = x_of(stop).max(x0 + 1.0);
            if x1 <= last_x && (stop.as_nanos() as f64 - start.as_nanos() as f64) < px {
                continue;
            }
            last_x = x1;
            let (color, top, h) = match seg.kind {
                SegKind::Running => {
                    steps.push((x0, (x1 - x0).max(2.0)));
                    continue;
                }
                SegKind::Waiting(kind) => (wait_color(p, kind), 4.0, LANE_H - 8.0),
                SegKind::Ready | SegKind::Pending => (p.ready, 8.0, 2.0),
            };
            ctx.set_fill_style_str(color);
            ctx.fill_rect(x0, y + top, x1 - x0, h);
        }
        ctx.set_fill_style_str(p.run);
        for (x, w) in steps {
            ctx.fill_rect(x, y + 2.0, w, LANE_H - 4.0);
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
    let plot_w = (css_w - LABEL_W - 8.0).max(10.0);
    let end = m.end().as_nanos() as f64;
    let frac = ((x - LABEL_W) / plot_w).clamp(0.0, 1.0);
    let t = (frac * end) as u64;
    let task = if y >= AXIS_H {
        let lane = ((y - AXIS_H) / LANE_H) as usize + first_lane;
        m.tasks().get(lane).map(|t| t.id.get())
    } else {
        None
    };
    Some((task, t))
}
