//! Errors shared by every operation family: cancellation, and the trait that
//! lets the runtime tell a cancelled task from a failed one.

use std::fmt;
use std::rc::Rc;

/// asyncio's `CancelledError`: the task was asked to stop.
///
/// A cancelled task sees this as the error of the `await` it was suspended
/// at. It may clean up (awaiting again is allowed), swallow it, or return it
/// so that the task ends cancelled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cancelled {
    message: Option<Rc<str>>,
}

impl Cancelled {
    /// A cancellation with an optional message, as in `task.cancel(msg)`.
    pub fn new(message: Option<Rc<str>>) -> Cancelled {
        Cancelled { message }
    }

    /// The message given to `cancel`, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(m) => write!(f, "cancelled: {m}"),
            None => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for Cancelled {}

/// asyncio's `TimeoutError` as raised by `wait_for` and `timeout`: the
/// deadline passed and the inner work was cancelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Elapsed;

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline elapsed")
    }
}

impl std::error::Error for Elapsed {}

/// The error type of a task: anything that can carry a cancellation.
///
/// The runtime needs two things from a task's error: to make one from a
/// [`Cancelled`] (the error an `await` returns when the task is cancelled),
/// and to recognise one (a task whose future ends with a cancellation ends
/// *cancelled*, not *failed*, exactly as an asyncio task whose coroutine
/// raises `CancelledError`). The interpreter implements this for Python
/// exceptions; Rust users can use [`Error`].
pub trait TaskError: Clone + fmt::Debug + fmt::Display + From<Cancelled> + 'static {
    /// The cancellation this error carries, if it is one.
    fn as_cancelled(&self) -> Option<&Cancelled>;

    /// Whether this error is a cancellation.
    fn is_cancelled(&self) -> bool {
        self.as_cancelled().is_some()
    }

    /// Whether this error is the [`StreamClosed`](crate::StreamClosed) a
    /// stream's producer sees when the consumer closes it early (Python's
    /// `GeneratorExit`). A producer ending with it ended normally.
    fn is_stream_closed(&self) -> bool {
        false
    }
}

/// A ready-made task error for Rust programs and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The task was cancelled.
    Cancelled(Cancelled),
    /// A deadline passed (`wait_for`, `timeout`).
    Elapsed(Elapsed),
    /// The task failed; the text says why.
    Failed(Rc<str>),
    /// Several errors at once, as a `TaskGroup` reports them.
    Group(Rc<[Error]>),
    /// A stream was closed by its consumer (Python's `GeneratorExit`).
    StreamClosed,
}

impl Error {
    /// A failure with a message.
    pub fn msg(text: impl Into<Rc<str>>) -> Error {
        Error::Failed(text.into())
    }

    /// Whether this is [`Error::Elapsed`].
    pub fn is_elapsed(&self) -> bool {
        matches!(self, Error::Elapsed(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Cancelled(c) => c.fmt(f),
            Error::Elapsed(e) => e.fmt(f),
            Error::Failed(m) => f.write_str(m),
            Error::StreamClosed => f.write_str("stream closed"),
            Error::Group(errors) => {
                write!(
                    f,
                    "{} sub-exception{}",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                )?;
                for (i, e) in errors.iter().enumerate() {
                    write!(f, "{}{e}", if i == 0 { ": " } else { "; " })?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<Cancelled> for Error {
    fn from(c: Cancelled) -> Error {
        Error::Cancelled(c)
    }
}

impl From<Elapsed> for Error {
    fn from(e: Elapsed) -> Error {
        Error::Elapsed(e)
    }
}

impl From<crate::StreamClosed> for Error {
    fn from(_: crate::StreamClosed) -> Error {
        Error::StreamClosed
    }
}

impl TaskError for Error {
    fn as_cancelled(&self) -> Option<&Cancelled> {
        match self {
            Error::Cancelled(c) => Some(c),
            _ => None,
        }
    }

    fn is_stream_closed(&self) -> bool {
        matches!(self, Error::StreamClosed)
    }
}
