//! What the timeline shows, in numbers and words (native, tested without
//! a browser): where a time falls on the canvas, the stretch of the run in
//! view and how zooming and panning move it, which tasks a deadlock left
//! stuck, and what lies under the pointer. `timeline` draws it.

use looplab_core::trace::{TaskId, WaitKind, Warning};
use looplab_core::Instant;
use looplab_view::{Model, SegKind, Segment};
use std::collections::HashSet;

/// Height of one lane, in CSS pixels.
pub const LANE_H: f64 = 18.0;
/// Width of the lane labels on a wide canvas.
pub const LABEL_W: f64 = 140.0;

/// Width of the lane labels on a canvas `css_w` wide: narrower on a
/// phone, so that the plot keeps most of the width.
pub fn label_w(css_w: f64) -> f64 {
    (css_w * 0.3).clamp(72.0, LABEL_W)
}

/// The middle of the plot on a canvas `css_w` wide (where the zoom
/// buttons and keys zoom around).
pub fn plot_center(css_w: f64) -> f64 {
    let l = label_w(css_w);
    l + (css_w - l) / 2.0
}
/// Height of the time axis at the top.
pub const AXIS_H: f64 = 18.0;

/// Width of the "blocked forever" zone after the end of a deadlocked run.
pub const FOREVER_W: f64 = 64.0;

/// The stretch of the run the timeline shows: `(from, to)` in ns; `None`
/// for all of it.
pub type Window = Option<(u64, u64)>;

/// The narrowest window zooming in reaches, in ns.
const MIN_SPAN: f64 = 1_000.0;

/// Where times fall on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    /// Where the plot begins (the width of the lane labels).
    pub label_w: f64,
    /// The width of the plot (the lanes right of their labels).
    pub plot_w: f64,
    /// The first time shown, in ns.
    pub from: f64,
    /// The length of the stretch shown, in ns (at least 1).
    pub span: f64,
    /// Width of the zone past the end for stuck tasks (0 without a
    /// deadlock, or when the end is not in view).
    pub forever: f64,
}

impl Geometry {
    /// The geometry of a canvas `css_w` wide showing `window` of `m`.
    pub fn new(m: &Model, css_w: f64, stuck: &HashSet<TaskId>, window: Window) -> Geometry {
        let end = m.end().as_nanos();
        let (from, to) = clamp_window(window, end);
        let forever = if stuck.is_empty() || to < end {
            0.0
        } else {
            FOREVER_W
        };
        let label_w = label_w(css_w);
        Geometry {
            label_w,
            plot_w: (css_w - label_w - 8.0 - forever).max(10.0),
            from: from as f64,
            span: to.saturating_sub(from).max(1) as f64,
            forever,
        }
    }

    /// Where time `t` falls.
    pub fn x_of(&self, t: Instant) -> f64 {
        self.label_w + ((t.as_nanos() as f64 - self.from) / self.span) * self.plot_w
    }

    /// The time (ns) at `x`, kept in view.
    pub fn t_of(&self, x: f64) -> u64 {
        (self.from + ((x - self.label_w) / self.plot_w).clamp(0.0, 1.0) * self.span) as u64
    }

    /// The first and last instants in view.
    pub fn range(&self) -> (Instant, Instant) {
        (
            Instant::from_nanos(self.from as u64),
            Instant::from_nanos((self.from + self.span) as u64),
        )
    }

    /// Whether `x` is in the "blocked forever" zone.
    pub fn in_forever(&self, x: f64) -> bool {
        self.forever > 0.0 && x > self.label_w + self.plot_w + 1.0
    }
}

/// `window` kept inside the run (`0..=end`), at least [`MIN_SPAN`] wide
/// when the run is; the whole run for `None`.
pub fn clamp_window(window: Window, end: u64) -> (u64, u64) {
    let Some((from, to)) = window else {
        return (0, end);
    };
    let min = (MIN_SPAN as u64).min(end);
    let span = to.saturating_sub(from).clamp(min, end);
    let from = from.min(end - span);
    (from, from + span)
}

/// The window after zooming by `factor` (below 1: in) around the time
/// under `x` (CSS pixels on a canvas `css_w` wide); `None` once it shows
/// the whole run again.
pub fn zoom(m: &Model, css_w: f64, window: Window, x: f64, factor: f64) -> Window {
    let end = m.end().as_nanos();
    let g = Geometry::new(m, css_w, &HashSet::new(), window);
    let at = g.t_of(x) as f64;
    let span = (g.span * factor).clamp(MIN_SPAN.min(end as f64), end as f64);
    if span >= end as f64 {
        return None;
    }
    let frac = ((x - g.label_w) / g.plot_w).clamp(0.0, 1.0);
    let from = (at - frac * span).max(0.0);
    Some(clamp_window(Some((from as u64, (from + span) as u64)), end))
}

/// The window moved by `dx` CSS pixels (positive: later times).
pub fn pan(m: &Model, css_w: f64, window: Window, dx: f64) -> Window {
    let end = m.end().as_nanos();
    let (from, to) = window?;
    let g = Geometry::new(m, css_w, &HashSet::new(), Some((from, to)));
    let span = to.saturating_sub(from);
    let shift = dx / g.plot_w * g.span;
    let start = (from as f64 + shift).max(0.0) as u64;
    Some(clamp_window(Some((start, start.saturating_add(span))), end))
}

/// The tasks a deadlock left stuck.
pub fn stuck_tasks(m: &Model) -> HashSet<TaskId> {
    m.warnings()
        .iter()
        .filter_map(|(_, w)| match w {
            Warning::Deadlock { stuck } => Some(stuck.iter().map(|s| s.task)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// What lies under the pointer at (`x`, `y`) CSS pixels, in words: the
/// lane's task, what it was doing then and for how long, and where it
/// paused. `None` off the lanes.
pub fn describe(
    m: &Model,
    css_w: f64,
    first_lane: usize,
    window: Window,
    x: f64,
    y: f64,
) -> Option<String> {
    if y < AXIS_H {
        return None;
    }
    let lane = ((y - AXIS_H) / LANE_H) as usize + first_lane;
    let task = m.tasks().get(lane)?;
    let stuck = stuck_tasks(m);
    let g = Geometry::new(m, css_w, &stuck, window);
    if x < g.label_w {
        return Some(format!("{} ({})", crate::rows::task_label(task), task.id));
    }
    if g.in_forever(x) && stuck.contains(&task.id) {
        let on = task
            .waiting_on
            .map(|on| m.describe_wait(&on))
            .unwrap_or_default();
        return Some(format!(
            "{}: blocked forever (deadlock) on {on}",
            crate::rows::task_label(task)
        ));
    }
    let t = Instant::from_nanos(g.t_of(x));
    // The segment under the pointer; a pixel's worth of slack finds
    // the zero-length steps of the virtual clock.
    let slack = Instant::from_nanos((g.span / g.plot_w) as u64);
    let from = Instant::from_nanos(t.as_nanos().saturating_sub(slack.as_nanos()));
    let seg: Option<Segment> = task
        .segments_in(from, t)
        .filter(|s| s.start <= t && s.end_or(m.end()) >= t)
        .last()
        .or_else(|| task.segments_in(from, t).last());
    let Some(seg) = seg else {
        return Some(format!(
            "{}: not created yet",
            crate::rows::task_label(task)
        ));
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
        crate::rows::task_label(task),
        crate::rows::fmt_secs(seg.start),
        crate::rows::fmt_secs(stop)
    ))
}
