use crate::error::TaskError;
use std::cell::RefCell;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

/// What a producer's `yield_` returns once the consumer has closed the
/// stream early (Python's `GeneratorExit`): return it (with `?`) after
/// cleaning up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamClosed;

impl fmt::Display for StreamClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stream closed")
    }
}

impl std::error::Error for StreamClosed {}

struct Slot<T> {
    value: Option<T>,
    closing: bool,
}

/// The producer's side of a [`Stream`]: hands values to the consumer.
pub struct Yielder<T> {
    slot: Rc<RefCell<Slot<T>>>,
}

impl<T> fmt::Debug for Yielder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Yielder").finish_non_exhaustive()
    }
}

impl<T> Yielder<T> {
    /// Hands `value` to the consumer and suspends until it asks for the
    /// next one.
    ///
    /// # Errors
    ///
    /// [`StreamClosed`] if the consumer closed the stream instead of asking
    /// for more: clean up (awaiting is allowed) and return.
    pub async fn yield_(&self, value: T) -> Result<(), StreamClosed> {
        let mut value = Some(value);
        poll_fn(|_| match value.take() {
            Some(v) => {
                self.slot.borrow_mut().value = Some(v);
                Poll::Pending
            }
            None => Poll::Ready(()),
        })
        .await;
        if self.slot.borrow().closing {
            Err(StreamClosed)
        } else {
            Ok(())
        }
    }
}

type Producer<E> = Pin<Box<dyn Future<Output = Result<(), E>>>>;

/// An async generator: a producer future that yields values to whoever
/// pulls them, run inside the consumer's task (no task of its own), as an
/// `async def` with `yield`.
///
/// Closing it early ([`close`](Stream::close), Python's `aclose()`) resumes
/// the producer with [`StreamClosed`] so its cleanup — which may await —
/// runs to the end. Dropping an unclosed stream drops the producer without
/// running async cleanup, as a garbage-collected generator would.
///
/// ```
/// # use looplab_core::{Runtime, Stream, Error};
/// let rt = Runtime::new_virtual();
/// rt.block_on(async {
///     let mut pages = Stream::new(|y| async move {
///         for page in 1..=3 {
///             y.yield_(page).await?;
///         }
///         Ok::<_, Error>(())
///     });
///     assert_eq!(pages.next().await, Some(Ok(1)));
///     pages.close().await?;
///     assert_eq!(pages.next().await, None);
///     Ok::<_, Error>(())
/// }).unwrap().unwrap();
/// ```
pub struct Stream<T, E: TaskError = crate::Error> {
    producer: Option<Producer<E>>,
    slot: Rc<RefCell<Slot<T>>>,
    started: bool,
}

impl<T, E: TaskError> fmt::Debug for Stream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream")
            .field("finished", &self.producer.is_none())
            .finish()
    }
}

impl<T: 'static, E: TaskError> Stream<T, E> {
    /// A stream whose values come from `producer`.
    pub fn new<F, Fut>(producer: F) -> Stream<T, E>
    where
        F: FnOnce(Yielder<T>) -> Fut,
        Fut: Future<Output = Result<(), E>> + 'static,
    {
        let slot = Rc::new(RefCell::new(Slot {
            value: None,
            closing: false,
        }));
        let fut = producer(Yielder { slot: slot.clone() });
        Stream {
            producer: Some(Box::pin(fut)),
            slot,
            started: false,
        }
    }

    /// Whether the producer has finished.
    pub fn is_finished(&self) -> bool {
        self.producer.is_none()
    }

    /// The next value (`Some(Ok)`), the producer's error (`Some(Err)`, after
    /// which the stream is finished), or `None` once it has finished.
    pub async fn next(&mut self) -> Option<Result<T, E>> {
        self.started = true;
        poll_fn(|cx| {
            let Some(producer) = self.producer.as_mut() else {
                return Poll::Ready(None);
            };
            let polled = producer.as_mut().poll(cx);
            if let Some(v) = self.slot.borrow_mut().value.take() {
                return Poll::Ready(Some(Ok(v)));
            }
            match polled {
                Poll::Pending => Poll::Pending,
                Poll::Ready(r) => {
                    self.producer = None;
                    Poll::Ready(r.err().map(Err))
                }
            }
        })
        .await
    }

    /// Closes the stream early, running the producer's cleanup to its end
    /// (`aclose()`).
    ///
    /// # Errors
    ///
    /// An error the producer raised during cleanup (other than
    /// [`StreamClosed`] itself), or a cancellation delivered while cleanup
    /// awaited. A producer that yields again after being closed is stopped
    /// and reported as an error, as Python's "async generator ignored
    /// GeneratorExit".
    pub async fn close(&mut self) -> Result<(), E>
    where
        E: From<StreamClosed>,
    {
        if !self.started {
            self.producer = None;
            return Ok(());
        }
        self.slot.borrow_mut().closing = true;
        let out = poll_fn(|cx| {
            let Some(producer) = self.producer.as_mut() else {
                return Poll::Ready(Ok(()));
            };
            let polled = producer.as_mut().poll(cx);
            if self.slot.borrow_mut().value.take().is_some() {
                return Poll::Ready(Err(E::from(StreamClosed)));
            }
            match polled {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(())) => Poll::Ready(Ok(())),
                Poll::Ready(Err(e)) if e.is_stream_closed() => Poll::Ready(Ok(())),
                Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            }
        })
        .await;
        self.producer = None;
        out
    }
}
