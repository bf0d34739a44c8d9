//! One row of the resources panel: a primitive, who holds it, who waits on
//! it, and its state over time.
//!
//! The history keeps every state change (consecutive equal states are kept
//! once), packed: a state whose counts fit in 32 bits and that has at most
//! two of permits, length and unfinished count (every semaphore, queue,
//! pool and event), or a holder and a flag (every lock and condition), takes
//! 32 bytes with its time; any other (rate limiters' tokens) is boxed. So
//! [`ResourceView::state_at`] is exact.

use crate::moment::short;
use crate::Moment;
use looplab_core::trace::{ResourceId, ResourceKind, ResourceState, TaskId};
use looplab_core::Instant;
use std::collections::VecDeque;
use std::rc::Rc;

/// One primitive (semaphore, lock, queue, …).
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceView {
    /// Its id.
    pub id: ResourceId,
    /// Its kind; `None` if its creation was not seen (the trace started
    /// later).
    pub kind: Option<ResourceKind>,
    /// Its name (given, or made from kind and id; `rN` if its creation was
    /// not seen).
    pub name: Rc<str>,
    /// Its capacity (permits, max size, burst), if it has one.
    pub capacity: Option<u64>,
    /// When it was created (or first seen).
    pub created_at: Instant,
    /// Its latest state.
    pub state: ResourceState,
    /// The tasks holding it now, oldest first. From acquire and release
    /// events; for a lock or condition, the holder in its state. A release
    /// by a task that does not hold a semaphore (asyncio allows it) frees
    /// no holder; a lock released by another task frees its holder.
    pub holders: VecDeque<TaskId>,
    /// The tasks waiting on it now, in the order they started waiting.
    pub waiters: VecDeque<TaskId>,
    /// How many times it was acquired.
    pub acquisitions: u64,
    /// The state changes, in time order.
    history: Vec<Snap>,
    /// Every change of `holders`, in order (for [`holders_at`](Self::holders_at)).
    holds: Vec<Change>,
    /// Every change of `waiters`, in order.
    waits: Vec<Change>,
}

/// A task joining or leaving the holders or the waiters of a resource.
#[derive(Clone, Debug, PartialEq)]
struct Change {
    at: Instant,
    event: u32,
    task: TaskId,
    join: bool,
}

/// Replays `changes` up to moment `m`: who was in the list then, in order.
fn roster(changes: &[Change], m: Moment) -> Vec<TaskId> {
    let mut list: Vec<TaskId> = Vec::new();
    for c in changes.iter().take_while(|c| m.has_seen(c.at, c.event)) {
        if c.join {
            list.push(c.task);
        } else if let Some(i) = list.iter().position(|&t| t == c.task) {
            list.remove(i);
        }
    }
    list
}

impl ResourceView {
    pub(crate) fn new(
        id: ResourceId,
        kind: Option<ResourceKind>,
        name: Rc<str>,
        capacity: Option<u64>,
        at: Instant,
    ) -> ResourceView {
        ResourceView {
            id,
            kind,
            name,
            capacity,
            created_at: at,
            state: ResourceState::default(),
            holders: VecDeque::new(),
            waiters: VecDeque::new(),
            acquisitions: 0,
            history: Vec::new(),
            holds: Vec::new(),
            waits: Vec::new(),
        }
    }

    /// The tasks holding it at a moment, oldest first.
    pub fn holders_at(&self, m: impl Into<Moment>) -> Vec<TaskId> {
        roster(&self.holds, m.into())
    }

    /// The tasks waiting on it at a moment, in the order they began.
    pub fn waiters_at(&self, m: impl Into<Moment>) -> Vec<TaskId> {
        roster(&self.waits, m.into())
    }

    /// `task` holds it from `at`.
    pub(crate) fn add_holder(&mut self, at: Instant, event: u64, task: TaskId) {
        self.holders.push_back(task);
        self.holds.push(Change {
            at,
            event: short(event),
            task,
            join: true,
        });
    }

    /// `task` (or the oldest holder, for `None`) lets go at `at`; who did.
    pub(crate) fn remove_holder(
        &mut self,
        at: Instant,
        event: u64,
        task: Option<TaskId>,
    ) -> Option<TaskId> {
        let i = match task {
            Some(t) => self.holders.iter().position(|&h| h == t)?,
            None => 0,
        };
        let task = self.holders.remove(i)?;
        self.holds.push(Change {
            at,
            event: short(event),
            task,
            join: false,
        });
        Some(task)
    }

    /// The single holder a lock's state names, from `at`.
    pub(crate) fn set_holder(&mut self, at: Instant, event: u64, holder: Option<TaskId>) {
        if self.holders.len() == usize::from(holder.is_some())
            && self.holders.front().copied() == holder
        {
            return;
        }
        while self.remove_holder(at, event, None).is_some() {}
        if let Some(h) = holder {
            self.add_holder(at, event, h);
        }
    }

    /// `task` starts (`join`) or stops waiting on it at `at`.
    pub(crate) fn waiter(&mut self, at: Instant, event: u64, task: TaskId, join: bool) {
        if join {
            self.waiters.push_back(task);
        } else {
            let Some(i) = self.waiters.iter().position(|&t| t == task) else {
                return;
            };
            self.waiters.remove(i);
        }
        self.waits.push(Change {
            at,
            event: short(event),
            task,
            join,
        });
    }

    /// Records a state change; a state equal to the latest one is not
    /// stored again.
    pub(crate) fn push_state(&mut self, at: Instant, event: u64, state: ResourceState) {
        if !self.history.is_empty() && state == self.state {
            return;
        }
        self.history.push(Snap {
            at,
            event: short(event),
            state: Packed::new(&state),
        });
        self.state = state;
    }

    /// Whether the tasks holding it are counted from acquire and release
    /// events: everything but rate limiters (whose tokens are used up) and
    /// the kinds that are never acquired.
    pub(crate) fn is_held(&self) -> bool {
        matches!(
            self.kind,
            None | Some(
                ResourceKind::Semaphore
                    | ResourceKind::BoundedSemaphore
                    | ResourceKind::Lock
                    | ResourceKind::Pool
            )
        )
    }

    /// Whether at most one task holds it, named in its state.
    pub(crate) fn has_holder_in_state(&self) -> bool {
        matches!(
            self.kind,
            Some(ResourceKind::Lock | ResourceKind::Condition)
        )
    }

    /// Its state changes, oldest first.
    pub fn history(&self) -> impl ExactSizeIterator<Item = (Instant, ResourceState)> + '_ {
        self.history.iter().map(|s| (s.at, s.state.unpack()))
    }

    /// How many state changes the history holds.
    pub fn history_len(&self) -> usize {
        self.history.len()
    }

    /// The state changes at times in `from..=to`, oldest first, found by
    /// binary search.
    pub fn history_in(
        &self,
        from: Instant,
        to: Instant,
    ) -> impl Iterator<Item = (Instant, ResourceState)> + '_ {
        let start = self.history.partition_point(|s| s.at < from);
        self.history
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |s| s.at <= to)
            .map(|s| (s.at, s.state.unpack()))
    }

    /// Its state at a moment (an [`Instant`] means after every event
    /// stamped then). `None` before its first recorded state.
    pub fn state_at(&self, m: impl Into<Moment>) -> Option<ResourceState> {
        let m = m.into();
        let i = self.history.partition_point(|s| m.has_seen(s.at, s.event));
        Some(self.history.get(i.checked_sub(1)?)?.state.unpack())
    }
}

/// A state change.
#[derive(Clone, Debug, PartialEq)]
struct Snap {
    at: Instant,
    event: u32,
    state: Packed,
}

const _: () = assert!(std::mem::size_of::<Snap>() <= 32);

/// A [`ResourceState`], packed (see the module docs).
#[derive(Clone, Debug, PartialEq)]
enum Packed {
    /// `fields`: bits 0-1 the flag (none, false, true); bits 2-3 and 4-5
    /// what `a` and `b` hold (none, permits, len, unfinished).
    Counts {
        waiters: u32,
        a: u32,
        b: u32,
        fields: u8,
    },
    /// `flag` as in `Counts`.
    Held {
        waiters: u32,
        holder: TaskId,
        flag: u8,
    },
    Full(Box<ResourceState>),
}

const PERMITS: u8 = 1;
const LEN: u8 = 2;
const UNFINISHED: u8 = 3;

impl Packed {
    fn new(state: &ResourceState) -> Packed {
        Packed::pack(state).unwrap_or_else(|| Packed::Full(Box::new(state.clone())))
    }

    fn pack(state: &ResourceState) -> Option<Packed> {
        if state.tokens.is_some() {
            return None;
        }
        let waiters = u32::try_from(state.waiters).ok()?;
        let flag = match state.flag {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        };
        let counts = [
            (PERMITS, state.permits),
            (LEN, state.len),
            (UNFINISHED, state.unfinished),
        ];
        if let Some(holder) = state.holder {
            return counts
                .iter()
                .all(|(_, v)| v.is_none())
                .then_some(Packed::Held {
                    waiters,
                    holder,
                    flag,
                });
        }
        let (mut a, mut b, mut fields, mut used) = (0, 0, flag, 0u8);
        for (which, value) in counts {
            let Some(value) = value else { continue };
            let value = u32::try_from(value).ok()?;
            match used {
                0 => a = value,
                1 => b = value,
                _ => return None,
            }
            fields |= which << (2 + 2 * used);
            used += 1;
        }
        Some(Packed::Counts {
            waiters,
            a,
            b,
            fields,
        })
    }

    fn unpack(&self) -> ResourceState {
        fn flag(bits: u8) -> Option<bool> {
            match bits & 3 {
                0 => None,
                1 => Some(false),
                _ => Some(true),
            }
        }
        match *self {
            Packed::Counts {
                waiters,
                a,
                b,
                fields,
            } => {
                let mut state = ResourceState {
                    waiters: u64::from(waiters),
                    flag: flag(fields),
                    ..ResourceState::default()
                };
                for (which, value) in [((fields >> 2) & 3, a), ((fields >> 4) & 3, b)] {
                    let value = Some(u64::from(value));
                    match which {
                        PERMITS => state.permits = value,
                        LEN => state.len = value,
                        UNFINISHED => state.unfinished = value,
                        _ => {}
                    }
                }
                state
            }
            Packed::Held {
                waiters,
                holder,
                flag: bits,
            } => ResourceState {
                waiters: u64::from(waiters),
                holder: Some(holder),
                flag: flag(bits),
                ..ResourceState::default()
            },
            Packed::Full(ref state) => (**state).clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(state: ResourceState) {
        assert_eq!(Packed::new(&state).unpack(), state);
    }

    #[test]
    fn every_kind_of_state_round_trips() {
        round_trip(ResourceState::default());
        round_trip(ResourceState {
            permits: Some(3),
            waiters: 2,
            ..ResourceState::default()
        });
        round_trip(ResourceState {
            waiters: 1,
            len: Some(4),
            unfinished: Some(7),
            flag: Some(false),
            ..ResourceState::default()
        });
        round_trip(ResourceState {
            permits: Some(1),
            len: Some(2),
            flag: Some(true),
            ..ResourceState::default()
        });
        round_trip(ResourceState {
            tokens: Some(2.5),
            waiters: 1,
            ..ResourceState::default()
        });
        round_trip(ResourceState {
            permits: Some(u64::MAX),
            ..ResourceState::default()
        });
        round_trip(ResourceState {
            permits: Some(1),
            len: Some(2),
            unfinished: Some(3),
            ..ResourceState::default()
        });
    }

    #[test]
    fn a_holder_round_trips() {
        let holder: Option<TaskId> = serde_json::from_str("3").ok();
        assert!(holder.is_some());
        round_trip(ResourceState {
            waiters: 2,
            holder,
            flag: Some(true),
            ..ResourceState::default()
        });
        // A holder and a count do not pack together.
        round_trip(ResourceState {
            holder,
            permits: Some(1),
            ..ResourceState::default()
        });
    }

    #[test]
    fn packed_states_are_not_boxed() {
        let state = ResourceState {
            len: Some(4),
            unfinished: Some(7),
            flag: Some(false),
            ..ResourceState::default()
        };
        assert!(matches!(Packed::new(&state), Packed::Counts { .. }));
    }
}
