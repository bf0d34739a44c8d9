//! What the engine sends back during a run, as plain Rust (tested
//! natively): trace events gathered into numbered batches, flow control
//! by acknowledgements, the trace's counts, and the program's output
//! collected up to a cap.

use looplab_core::trace::{Event, EventKind, Outcome, Stream};
use looplab_core::wire;
use looplab_protocol::{Summary, TraceMode, MAX_COLLECTED, MAX_UNACKED};

/// Events waiting to be sent, and the batches sent but not yet
/// acknowledged.
#[derive(Debug)]
pub struct Outbox {
    mode: TraceMode,
    pending: Vec<Event>,
    next_batch: u64,
    /// Batches below this number are acknowledged.
    acked: u64,
    summary: Summary,
}

impl Outbox {
    /// An outbox for a run that sends `mode` of its trace.
    pub fn new(mode: TraceMode) -> Outbox {
        Outbox {
            mode,
            pending: Vec::new(),
            next_batch: 0,
            acked: 0,
            summary: Summary::default(),
        }
    }

    /// Takes events the run recorded, in order.
    pub fn push(&mut self, events: Vec<Event>) {
        match self.mode {
            TraceMode::None => {}
            TraceMode::Summary => {
                for e in &events {
                    self.count(e);
                }
            }
            TraceMode::Events => {
                for e in &events {
                    self.count(e);
                }
                self.pending.extend(events);
            }
        }
    }

    fn count(&mut self, e: &Event) {
        let s = &mut self.summary;
        s.events += 1;
        match &e.kind {
            EventKind::TaskSpawned { .. } => s.tasks += 1,
            EventKind::TaskDone {
                outcome: Outcome::Error { .. },
                ..
            } => s.failed += 1,
            EventKind::TaskDone {
                outcome: Outcome::Cancelled { .. },
                ..
            } => s.cancelled += 1,
            EventKind::Output { .. } => s.lines += 1,
            _ => {}
        }
    }

    /// Whether events wait to be sent.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The pending events as the next batch (its number and bytes), if
    /// there are any.
    pub fn take_batch(&mut self) -> Option<(u64, Vec<u8>)> {
        if self.pending.is_empty() {
            return None;
        }
        let bytes = wire::encode_events(&self.pending);
        self.pending.clear();
        let n = self.next_batch;
        self.next_batch += 1;
        Some((n, bytes))
    }

    /// The reader has applied batch `batch` (and every one before it).
    pub fn ack(&mut self, batch: u64) {
        self.acked = self.acked.max(batch.saturating_add(1)).min(self.next_batch);
    }

    /// Whether the run should wait for the reader: too many batches are
    /// unacknowledged.
    pub fn should_hold(&self) -> bool {
        self.next_batch - self.acked >= MAX_UNACKED
    }

    /// The trace's counts, when the mode asks for them.
    pub fn summary(&self) -> Option<Summary> {
        (self.mode != TraceMode::None).then_some(self.summary)
    }
}

/// The program's output, collected up to [`MAX_COLLECTED`] bytes per
/// stream; what does not fit is counted.
#[derive(Debug, Default)]
pub struct Collected {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Bytes left out.
    pub cut: u64,
}

impl Collected {
    /// Takes text the program wrote.
    pub fn write(&mut self, stream: Stream, text: &str) {
        let buf = match stream {
            Stream::Stdout => &mut self.stdout,
            Stream::Stderr => &mut self.stderr,
        };
        let room = MAX_COLLECTED.saturating_sub(buf.len());
        if text.len() <= room {
            buf.push_str(text);
            return;
        }
        let mut end = room;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        buf.push_str(&text[..end]);
        self.cut += (text.len() - end) as u64;
    }
}
