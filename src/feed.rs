//! What the page does with a run's trace batches, as plain Rust (tested
//! natively): decode and apply them to the view model in slices of a time
//! budget (a large batch spreads over several frames), say which batches
//! are wholly applied (to acknowledge) and whether more is waiting, and
//! keep them (encoded, up to a cap) for the export. The page and the
//! embeddable widget both use it.

use looplab_core::wire::{self, BatchReader};
use looplab_view::Model;
use std::collections::VecDeque;

/// Bytes of encoded trace kept for the export; past this the export says
/// it is cut.
pub const MAX_KEPT_BYTES: usize = 64 << 20;

/// Events applied between two looks at the clock.
const APPLY_CHUNK: usize = 64;

/// A run's events on their way into the view model.
#[derive(Debug)]
pub struct Feed {
    /// The view model.
    pub model: Model,
    /// Batches received and not yet wholly applied, with their number
    /// (a batch that cannot be read has no reader).
    pending: VecDeque<(u64, Option<BatchReader>)>,
    kept: Vec<Vec<u8>>,
    kept_bytes: usize,
    kept_all: bool,
    /// Batches that could not be read.
    damaged: u64,
    /// The longest time one call of [`apply`](Feed::apply) took, in ms.
    pub apply_max_ms: f64,
}

impl Default for Feed {
    fn default() -> Feed {
        Feed {
            model: Model::default(),
            pending: VecDeque::new(),
            kept: Vec::new(),
            kept_bytes: 0,
            kept_all: true,
            damaged: 0,
            apply_max_ms: 0.0,
        }
    }
}

impl Feed {
    /// Forgets everything (a new run).
    pub fn clear(&mut self) {
        *self = Feed::default();
    }

    /// Takes batch number `batch` as it came from the engine.
    pub fn push(&mut self, batch: u64, bytes: Vec<u8>) {
        let reader = BatchReader::new(bytes).ok();
        if reader.is_none() {
            self.damaged += 1;
        }
        self.pending.push_back((batch, reader));
    }

    /// Keeps a wholly read batch for the export, within the cap.
    fn keep(&mut self, bytes: Vec<u8>) {
        if self.kept_bytes + bytes.len() <= MAX_KEPT_BYTES {
            self.kept_bytes += bytes.len();
            self.kept.push(bytes);
        } else {
            self.kept_all = false;
        }
    }

    /// Whether events wait to be applied.
    pub fn is_behind(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Batches that could not be read (their events are missing).
    pub fn damaged(&self) -> u64 {
        self.damaged
    }

    /// Applies waiting events until `now()` is `budget_ms` past its first
    /// reading (at least one chunk of events each time). Returns the
    /// batches wholly applied, in order, and whether more waits.
    pub fn apply(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> (Vec<u64>, bool) {
        let started = now();
        let mut done = Vec::new();
        'batches: while let Some((batch, reader)) = self.pending.front_mut() {
            if let Some(r) = reader {
                let mut n = 0;
                while let Some(e) = r.next_event() {
                    match e {
                        Ok(e) => self.model.apply(&e),
                        Err(_) => self.damaged += 1,
                    }
                    n += 1;
                    if n % APPLY_CHUNK == 0 && r.remaining() > 0 && now() - started > budget_ms {
                        break 'batches;
                    }
                }
            }
            let batch = *batch;
            if let Some((_, Some(r))) = self.pending.pop_front() {
                self.keep(r.into_bytes());
            }
            done.push(batch);
            if now() - started > budget_ms {
                break;
            }
        }
        self.apply_max_ms = self.apply_max_ms.max(now() - started);
        (done, self.is_behind())
    }

    /// The run's trace in Chrome Trace Event Format, and whether it is
    /// whole (not cut at [`MAX_KEPT_BYTES`]).
    pub fn export(&self) -> (String, bool) {
        let mut events = Vec::new();
        for batch in &self.kept {
            events.extend(wire::decode_events(batch).unwrap_or_default());
        }
        (
            looplab_core::trace::chrome_trace(&events, 0),
            self.kept_all && self.damaged == 0,
        )
    }
}
