//! A compact binary form of trace events, for sending them between threads
//! (the engine in a Web Worker and the page) and for keeping many of them
//! in little memory.
//!
//! The form is a byte string: unsigned numbers as LEB128 varints, times as
//! the varint difference from the previous event's time, sequence numbers
//! as the difference from the previous one, texts as a length and UTF-8
//! bytes, optional values behind a 0/1 byte, enums as one tag byte. A
//! batch starts with [`VERSION`], so a reader built from other code says
//! so instead of misreading.
//!
//! [`Writer`] and [`Reader`] are public so that messages around the events
//! (the page–engine protocol) use the same primitives.
//!
//! ```
//! use looplab_core::wire;
//! let events = Vec::new(); // a drained trace, for instance
//! let bytes = wire::encode_events(&events);
//! assert_eq!(wire::decode_events(&bytes).unwrap(), events);
//! ```

use crate::time::Instant;
use crate::trace::{
    Event, EventKind, Outcome, ResourceId, ResourceKind, ResourceState, Stream, StuckTask, TaskId,
    WaitKind, WaitOn, Warning,
};
use std::fmt;
use std::rc::Rc;

/// The version of the event encoding; the first byte of every batch.
pub const VERSION: u8 = 2;

/// Why bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    /// What was wrong.
    pub message: String,
    /// The byte offset where it was found.
    pub offset: usize,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for WireError {}

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// How many bytes are written.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing is written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// One byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// An unsigned number, as a LEB128 varint.
    pub fn u64(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }

    /// A float, as its 8 little-endian bytes.
    pub fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// A boolean.
    pub fn bool(&mut self, v: bool) {
        self.buf.push(u8::from(v));
    }

    /// A text: its length in bytes, then its UTF-8.
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }

    /// A byte string: its length, then the bytes.
    pub fn bytes(&mut self, v: &[u8]) {
        self.u64(v.len() as u64);
        self.buf.extend_from_slice(v);
    }

    /// An optional value: 0, or 1 and the value.
    pub fn opt<T>(&mut self, v: Option<T>, f: impl FnOnce(&mut Writer, T)) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                f(self, v);
            }
        }
    }
}

/// Reads values written by a [`Writer`], in the same order.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Reads `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// Whether every byte has been read.
    pub fn is_done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// An error at the current position.
    pub fn error(&self, message: impl Into<String>) -> WireError {
        WireError {
            message: message.into(),
            offset: self.pos,
        }
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, WireError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error("unexpected end of data"))?;
        self.pos += 1;
        Ok(b)
    }

    /// A LEB128 varint.
    pub fn u64(&mut self) -> Result<u64, WireError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("varint longer than 64 bits"))
    }

    /// A varint that must fit in a `u32`.
    pub fn u32(&mut self) -> Result<u32, WireError> {
        let v = self.u64()?;
        u32::try_from(v).map_err(|_| self.error(format!("{v} does not fit in 32 bits")))
    }

    /// A float.
    pub fn f64(&mut self) -> Result<f64, WireError> {
        let end = self.pos + 8;
        let bytes = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| self.error("unexpected end of data"))?;
        let mut a = [0u8; 8];
        a.copy_from_slice(bytes);
        self.pos = end;
        Ok(f64::from_le_bytes(a))
    }

    /// A boolean.
    pub fn bool(&mut self) -> Result<bool, WireError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(self.error(format!("{b} is not a boolean"))),
        }
    }

    /// A byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], WireError> {
        let len = usize::try_from(self.u64()?).map_err(|_| self.error("length too large"))?;
        let end = self
            .pos
            .checked_add(len)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| self.error(format!("{len} bytes run past the end of data")))?;
        let b = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(b)
    }

    /// A text.
    pub fn str(&mut self) -> Result<&'a str, WireError> {
        let at = self.pos;
        let b = self.bytes()?;
        std::str::from_utf8(b).map_err(|_| WireError {
            message: "text is not UTF-8".into(),
            offset: at,
        })
    }

    /// An optional value.
    pub fn opt<T>(
        &mut self,
        f: impl FnOnce(&mut Reader<'a>) -> Result<T, WireError>,
    ) -> Result<Option<T>, WireError> {
        match self.u8()? {
            0 => Ok(None),
            1 => f(self).map(Some),
            b => Err(self.error(format!("{b} is not an option tag"))),
        }
    }
}

const RESOURCE_KINDS: [ResourceKind; 14] = [
    ResourceKind::Semaphore,
    ResourceKind::BoundedSemaphore,
    ResourceKind::Lock,
    ResourceKind::Event,
    ResourceKind::Condition,
    ResourceKind::Queue,
    ResourceKind::LifoQueue,
    ResourceKind::PriorityQueue,
    ResourceKind::RateLimiter,
    ResourceKind::Pool,
    ResourceKind::TaskGroup,
    ResourceKind::Stream,
    ResourceKind::File,
    ResourceKind::Connection,
];

const WAIT_KINDS: [WaitKind; 18] = [
    WaitKind::Sleep,
    WaitKind::Task,
    WaitKind::Gather,
    WaitKind::TaskGroup,
    WaitKind::Semaphore,
    WaitKind::Lock,
    WaitKind::Event,
    WaitKind::Condition,
    WaitKind::QueueGet,
    WaitKind::QueuePut,
    WaitKind::QueueJoin,
    WaitKind::RateLimiter,
    WaitKind::Pool,
    WaitKind::External,
    WaitKind::Yield,
    WaitKind::Unknown,
    WaitKind::File,
    WaitKind::Database,
];

fn tag_of<T: PartialEq>(table: &[T], v: &T) -> u8 {
    table.iter().position(|x| x == v).unwrap_or(0) as u8
}

fn from_tag<T: Copy>(r: &Reader<'_>, table: &[T], tag: u8, what: &str) -> Result<T, WireError> {
    table
        .get(usize::from(tag))
        .copied()
        .ok_or_else(|| r.error(format!("{tag} is not a {what}")))
}

fn put_wait(w: &mut Writer, on: &WaitOn) {
    w.u8(tag_of(&WAIT_KINDS, &on.kind));
    w.opt(on.resource, |w, r| w.u64(r.0));
    w.opt(on.task, |w, t| w.u64(t.0));
    w.opt(on.until, |w, u| w.u64(u.as_nanos()));
}

fn get_wait(r: &mut Reader<'_>) -> Result<WaitOn, WireError> {
    let tag = r.u8()?;
    Ok(WaitOn {
        kind: from_tag(r, &WAIT_KINDS, tag, "wait kind")?,
        resource: r.opt(|r| r.u64().map(ResourceId))?,
        task: r.opt(|r| r.u64().map(TaskId))?,
        until: r.opt(|r| r.u64().map(Instant::from_nanos))?,
    })
}

fn put_rc(w: &mut Writer, s: &Option<Rc<str>>) {
    w.opt(s.as_deref(), |w, s| w.str(s));
}

fn get_rc(r: &mut Reader<'_>) -> Result<Option<Rc<str>>, WireError> {
    r.opt(|r| r.str().map(Rc::from))
}

fn put_task(w: &mut Writer, t: Option<TaskId>) {
    w.opt(t, |w, t| w.u64(t.0));
}

fn get_task(r: &mut Reader<'_>) -> Result<Option<TaskId>, WireError> {
    r.opt(|r| r.u64().map(TaskId))
}

fn put_kind(w: &mut Writer, kind: &EventKind) {
    match kind {
        EventKind::TaskSpawned { task, name, parent } => {
            w.u8(0);
            w.u64(task.0);
            w.str(name);
            put_task(w, *parent);
        }
        EventKind::TaskReady { task } => {
            w.u8(1);
            w.u64(task.0);
        }
        EventKind::TaskRunning { task } => {
            w.u8(2);
            w.u64(task.0);
        }
        EventKind::TaskWaiting { task, on, line } => {
            w.u8(3);
            w.u64(task.0);
            put_wait(w, on);
            w.u64(line.map_or(0, u64::from));
        }
        EventKind::TaskDone { task, outcome } => {
            w.u8(4);
            w.u64(task.0);
            match outcome {
                Outcome::Value { repr } => {
                    w.u8(0);
                    w.str(repr);
                }
                Outcome::Error { message } => {
                    w.u8(1);
                    w.str(message);
                }
                Outcome::Cancelled { message } => {
                    w.u8(2);
                    put_rc(w, message);
                }
            }
        }
        EventKind::CancelRequested { task, by, message } => {
            w.u8(5);
            w.u64(task.0);
            put_task(w, *by);
            put_rc(w, message);
        }
        EventKind::ResourceCreated {
            resource,
            kind,
            name,
            capacity,
        } => {
            w.u8(6);
            w.u64(resource.0);
            w.u8(tag_of(&RESOURCE_KINDS, kind));
            w.str(name);
            w.opt(*capacity, Writer::u64);
        }
        EventKind::ResourceState { resource, state } => {
            w.u8(7);
            w.u64(resource.0);
            w.opt(state.permits, Writer::u64);
            w.u64(state.waiters);
            w.opt(state.len, Writer::u64);
            put_task(w, state.holder);
            w.opt(state.tokens, Writer::f64);
            w.opt(state.flag, Writer::bool);
            w.opt(state.unfinished, Writer::u64);
        }
        EventKind::Acquired { resource, task } => {
            w.u8(8);
            w.u64(resource.0);
            put_task(w, *task);
        }
        EventKind::Released { resource, task } => {
            w.u8(9);
            w.u64(resource.0);
            put_task(w, *task);
        }
        EventKind::Output { task, stream, text } => {
            w.u8(10);
            put_task(w, *task);
            w.bool(*stream == Stream::Stderr);
            w.str(text);
        }
        EventKind::Warning(warning) => {
            w.u8(11);
            match warning {
                Warning::Deadlock { stuck } => {
                    w.u8(0);
                    w.u64(stuck.len() as u64);
                    for s in stuck {
                        w.u64(s.task.0);
                        w.str(&s.name);
                        put_wait(w, &s.on);
                    }
                }
                Warning::ErrorNeverRetrieved { task, message } => {
                    w.u8(1);
                    w.u64(task.0);
                    w.str(message);
                }
                Warning::LoopBlocked { task, millis } => {
                    w.u8(2);
                    w.u64(task.0);
                    w.f64(*millis);
                }
                Warning::NeverAwaited {
                    task,
                    coroutine,
                    line,
                } => {
                    w.u8(3);
                    w.u64(task.map_or(0, |t| t.0));
                    w.str(coroutine);
                    w.u64(line.map_or(0, u64::from));
                }
            }
        }
        EventKind::TaskSource {
            task,
            line,
            function,
        } => {
            w.u8(12);
            w.u64(task.0);
            w.u64(u64::from(*line));
            w.str(function);
        }
        EventKind::TaskNote { task, text } => {
            w.u8(13);
            w.u64(task.0);
            w.str(text);
        }
        EventKind::TaskRenamed { task, name } => {
            w.u8(14);
            w.u64(task.0);
            w.str(name);
        }
    }
}

fn get_kind(r: &mut Reader<'_>) -> Result<EventKind, WireError> {
    let tag = r.u8()?;
    Ok(match tag {
        0 => EventKind::TaskSpawned {
            task: TaskId(r.u64()?),
            name: Rc::from(r.str()?),
            parent: get_task(r)?,
        },
        1 => EventKind::TaskReady {
            task: TaskId(r.u64()?),
        },
        2 => EventKind::TaskRunning {
            task: TaskId(r.u64()?),
        },
        3 => EventKind::TaskWaiting {
            task: TaskId(r.u64()?),
            on: get_wait(r)?,
            line: match r.u64()? {
                0 => None,
                l => Some(u32::try_from(l).map_err(|_| r.error(format!("{l} is not a line")))?),
            },
        },
        4 => {
            let task = TaskId(r.u64()?);
            let outcome = match r.u8()? {
                0 => Outcome::Value {
                    repr: r.str()?.to_string(),
                },
                1 => Outcome::Error {
                    message: r.str()?.to_string(),
                },
                2 => Outcome::Cancelled {
                    message: get_rc(r)?,
                },
                b => return Err(r.error(format!("{b} is not an outcome"))),
            };
            EventKind::TaskDone { task, outcome }
        }
        5 => EventKind::CancelRequested {
            task: TaskId(r.u64()?),
            by: get_task(r)?,
            message: get_rc(r)?,
        },
        6 => {
            let resource = ResourceId(r.u64()?);
            let k = r.u8()?;
            EventKind::ResourceCreated {
                resource,
                kind: from_tag(r, &RESOURCE_KINDS, k, "resource kind")?,
                name: Rc::from(r.str()?),
                capacity: r.opt(Reader::u64)?,
            }
        }
        7 => EventKind::ResourceState {
            resource: ResourceId(r.u64()?),
            state: ResourceState {
                permits: r.opt(Reader::u64)?,
                waiters: r.u64()?,
                len: r.opt(Reader::u64)?,
                holder: get_task(r)?,
                tokens: r.opt(Reader::f64)?,
                flag: r.opt(Reader::bool)?,
                unfinished: r.opt(Reader::u64)?,
            },
        },
        8 => EventKind::Acquired {
            resource: ResourceId(r.u64()?),
            task: get_task(r)?,
        },
        9 => EventKind::Released {
            resource: ResourceId(r.u64()?),
            task: get_task(r)?,
        },
        10 => EventKind::Output {
            task: get_task(r)?,
            stream: if r.bool()? {
                Stream::Stderr
            } else {
                Stream::Stdout
            },
            text: Rc::from(r.str()?),
        },
        11 => EventKind::Warning(match r.u8()? {
            0 => {
                let n = r.u64()?;
                let mut stuck = Vec::new();
                for _ in 0..n {
                    stuck.push(StuckTask {
                        task: TaskId(r.u64()?),
                        name: Rc::from(r.str()?),
                        on: get_wait(r)?,
                    });
                }
                Warning::Deadlock { stuck }
            }
            1 => Warning::ErrorNeverRetrieved {
                task: TaskId(r.u64()?),
                message: r.str()?.to_string(),
            },
            2 => Warning::LoopBlocked {
                task: TaskId(r.u64()?),
                millis: r.f64()?,
            },
            3 => Warning::NeverAwaited {
                task: match r.u64()? {
                    0 => None,
                    t => Some(TaskId(t)),
                },
                coroutine: Rc::from(r.str()?),
                line: match r.u64()? {
                    0 => None,
                    l => Some(u32::try_from(l).unwrap_or(u32::MAX)),
                },
            },
            b => return Err(r.error(format!("{b} is not a warning"))),
        }),
        12 => EventKind::TaskSource {
            task: TaskId(r.u64()?),
            line: r.u32()?,
            function: Rc::from(r.str()?),
        },
        13 => EventKind::TaskNote {
            task: TaskId(r.u64()?),
            text: Rc::from(r.str()?),
        },
        14 => EventKind::TaskRenamed {
            task: TaskId(r.u64()?),
            name: Rc::from(r.str()?),
        },
        b => return Err(r.error(format!("{b} is not an event kind"))),
    })
}

/// Writes `events` (in trace order) to `w`: a count, then each event.
pub fn write_events(w: &mut Writer, events: &[Event]) {
    w.u64(events.len() as u64);
    let (mut seq, mut at) = (0u64, 0u64);
    for e in events {
        // Sequence numbers and times never go back within a trace; a
        // batch made by hand that does is still written faithfully, at
        // the cost of a full-width number.
        let ds = e.seq.wrapping_sub(seq);
        let dt = e.at.as_nanos().wrapping_sub(at);
        w.u64(ds);
        w.u64(dt);
        seq = e.seq;
        at = e.at.as_nanos();
        put_kind(w, &e.kind);
    }
}

/// Reads events written by [`write_events`].
///
/// # Errors
///
/// Bytes that are not such a list (cut short, a bad tag, bad UTF-8).
pub fn read_events(r: &mut Reader<'_>) -> Result<Vec<Event>, WireError> {
    let n = r.u64()?;
    // Every event takes at least three bytes: never trust a count for
    // more than the bytes could hold.
    let room = r.bytes.len().saturating_sub(r.pos) / 3;
    let mut events = Vec::with_capacity((n as usize).min(room));
    let mut prev = (0u64, 0u64);
    for _ in 0..n {
        events.push(read_event(r, &mut prev)?);
    }
    Ok(events)
}

/// One event; `prev` holds the previous event's sequence number and time
/// (the deltas are from them).
fn read_event(r: &mut Reader<'_>, prev: &mut (u64, u64)) -> Result<Event, WireError> {
    let seq = prev.0.wrapping_add(r.u64()?);
    let at = prev.1.wrapping_add(r.u64()?);
    let kind = get_kind(r)?;
    *prev = (seq, at);
    Ok(Event {
        seq,
        at: Instant::from_nanos(at),
        kind,
    })
}

/// A batch made by [`encode_events`], read one event at a time, so that a
/// reader with a time budget (the page, once per frame) can spread a
/// large batch over several frames.
#[derive(Debug)]
pub struct BatchReader {
    bytes: Vec<u8>,
    pos: usize,
    left: u64,
    prev: (u64, u64),
}

impl BatchReader {
    /// Starts reading `bytes`.
    ///
    /// # Errors
    ///
    /// Another version, or a batch cut before its count.
    pub fn new(bytes: Vec<u8>) -> Result<BatchReader, WireError> {
        let mut r = Reader::new(&bytes);
        let v = r.u8()?;
        if v != VERSION {
            return Err(r.error(format!(
                "trace batch version {v}, this reader understands version {VERSION}"
            )));
        }
        let left = r.u64()?;
        let pos = r.pos;
        Ok(BatchReader {
            bytes,
            pos,
            left,
            prev: (0, 0),
        })
    }

    /// The next event, `None` after the last; an error ends the batch.
    pub fn next_event(&mut self) -> Option<Result<Event, WireError>> {
        if self.left == 0 {
            return None;
        }
        let mut r = Reader {
            bytes: &self.bytes,
            pos: self.pos,
        };
        let e = read_event(&mut r, &mut self.prev);
        self.pos = r.pos;
        self.left = if e.is_ok() { self.left - 1 } else { 0 };
        Some(e)
    }

    /// Events not read yet.
    pub fn remaining(&self) -> u64 {
        self.left
    }

    /// The batch's bytes (to keep once read).
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// `events` as one batch: [`VERSION`], then [`write_events`].
pub fn encode_events(events: &[Event]) -> Vec<u8> {
    let mut w = Writer::new();
    w.u8(VERSION);
    write_events(&mut w, events);
    w.into_bytes()
}

/// Reads a batch made by [`encode_events`].
///
/// # Errors
///
/// Another version, or bytes that are not a batch.
pub fn decode_events(bytes: &[u8]) -> Result<Vec<Event>, WireError> {
    let mut r = Reader::new(bytes);
    let v = r.u8()?;
    if v != VERSION {
        return Err(r.error(format!(
            "trace batch version {v}, this reader understands version {VERSION}"
        )));
    }
    let events = read_events(&mut r)?;
    if !r.is_done() {
        return Err(r.error("bytes left over after the batch"));
    }
    Ok(events)
}
