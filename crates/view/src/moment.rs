//! A point in a run finer than its time: on the virtual clock dozens of
//! task switches share one instant, and stepping through them needs to
//! tell them apart.

use looplab_core::Instant;

/// A point in a run: its time, and how far into the events of that time.
///
/// `event` is the position of an event among all those the model applied
/// (from 0); the moment comes right after that event. Every view at a
/// moment counts the events stamped before `at`, and those stamped `at`
/// up to `event`. [`Moment::end_of`] (what an [`Instant`] converts to)
/// counts every event stamped `at`: what a scrubber shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment {
    /// The time.
    pub at: Instant,
    /// The last event counted (see the type's docs).
    pub event: u64,
}

impl Moment {
    /// Everything up to and including time `at`.
    pub const fn end_of(at: Instant) -> Moment {
        Moment {
            at,
            event: u64::MAX,
        }
    }

    /// Whether an event at time `at`, the `event`-th applied, had happened
    /// by this moment.
    pub(crate) fn has_seen(self, at: Instant, event: u32) -> bool {
        (at, u64::from(event)) <= (self.at, self.event)
    }
}

impl From<Instant> for Moment {
    fn from(at: Instant) -> Moment {
        Moment::end_of(at)
    }
}

/// An event's position kept in 32 bits: the last positions of a run past
/// four billion events share one, which only blurs stepping there.
pub(crate) fn short(event: u64) -> u32 {
    u32::try_from(event).unwrap_or(u32::MAX)
}
