//! Points in time on a runtime's clock.
//!
//! Every clock in Looplab counts whole nanoseconds from the moment its runtime
//! was created. Integer time keeps virtual runs exact: three sleeps of 0.1 s
//! end at exactly 0.3 s, as they do under a virtual asyncio loop.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Sub};
use std::time::Duration;

/// A point in time on a runtime's clock, in nanoseconds since the runtime
/// started.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Instant(u64);

impl Instant {
    /// The moment the runtime started.
    pub const ZERO: Instant = Instant(0);

    /// The instant `nanos` nanoseconds after the start.
    pub const fn from_nanos(nanos: u64) -> Instant {
        Instant(nanos)
    }

    /// Nanoseconds since the start.
    pub const fn as_nanos(self) -> u64 {
        self.0
    }

    /// Seconds since the start, as asyncio's `loop.time()` reports them.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e9
    }

    /// The instant `secs` seconds after the start, rounded to the nearest
    /// nanosecond; negative or non-finite values clamp to the ends.
    pub fn from_secs_f64(secs: f64) -> Instant {
        Instant(secs_to_nanos(secs))
    }

    /// Time elapsed from `earlier` to `self`, or zero if `earlier` is later.
    pub fn saturating_since(self, earlier: Instant) -> Duration {
        Duration::from_nanos(self.0.saturating_sub(earlier.0))
    }
}

/// Converts seconds to whole nanoseconds, rounding to nearest and clamping
/// negative, NaN and huge values so that user input never panics.
pub(crate) fn secs_to_nanos(secs: f64) -> u64 {
    if secs.is_nan() || secs <= 0.0 {
        0
    } else if secs >= u64::MAX as f64 / 1e9 {
        u64::MAX
    } else {
        (secs * 1e9).round() as u64
    }
}

/// A duration from seconds given as a float (asyncio's unit), clamped like
/// [`Instant::from_secs_f64`]: negative and NaN become zero.
pub fn duration_from_secs(secs: f64) -> Duration {
    Duration::from_nanos(secs_to_nanos(secs))
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        Instant(self.0.saturating_add(nanos))
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;
    fn sub(self, earlier: Instant) -> Duration {
        self.saturating_since(earlier)
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3}s", self.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_add_up_exactly() {
        let t = Instant::ZERO
            + duration_from_secs(0.1)
            + duration_from_secs(0.1)
            + duration_from_secs(0.1);
        assert_eq!(t, Instant::from_nanos(300_000_000));
        assert_eq!(t.as_secs_f64(), 0.3);
    }

    #[test]
    fn bad_seconds_clamp() {
        assert_eq!(secs_to_nanos(-1.0), 0);
        assert_eq!(secs_to_nanos(f64::NAN), 0);
        assert_eq!(secs_to_nanos(f64::INFINITY), u64::MAX);
        assert_eq!(
            Instant::from_nanos(u64::MAX) + Duration::from_secs(1),
            Instant::from_nanos(u64::MAX)
        );
    }
}
