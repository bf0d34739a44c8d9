use super::Traced;
use crate::error::Cancelled;
use crate::trace::{ResourceKind, ResourceState, WaitKind, WaitOn};
use crate::waitlist::{Abandoned, WaitList, Waiter};
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// The order a [`Queue`] hands items out in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueKind {
    /// First in, first out (`asyncio.Queue`).
    Fifo,
    /// Last in, first out (`asyncio.LifoQueue`).
    Lifo,
    /// Smallest first (`asyncio.PriorityQueue`).
    Priority,
}

trait Storage<T> {
    fn push(&mut self, item: T);
    fn pop(&mut self) -> Option<T>;
    fn len(&self) -> usize;
}

impl<T> Storage<T> for VecDeque<T> {
    fn push(&mut self, item: T) {
        self.push_back(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.pop_front()
    }
    fn len(&self) -> usize {
        VecDeque::len(self)
    }
}

impl<T> Storage<T> for Vec<T> {
    fn push(&mut self, item: T) {
        Vec::push(self, item);
    }
    fn pop(&mut self) -> Option<T> {
        Vec::pop(self)
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

impl<T: Ord> Storage<T> for BinaryHeap<Reverse<T>> {
    fn push(&mut self, item: T) {
        BinaryHeap::push(self, Reverse(item));
    }
    fn pop(&mut self) -> Option<T> {
        BinaryHeap::pop(self).map(|Reverse(t)| t)
    }
    fn len(&self) -> usize {
        BinaryHeap::len(self)
    }
}

/// asyncio's `Queue`, `LifoQueue` and `PriorityQueue`, with `maxsize`,
/// `task_done`/`join` and `shutdown`.
///
/// `maxsize` 0 means unbounded. Getters and putters each wait in FIFO order;
/// a woken getter re-checks the queue, as in asyncio.
///
/// ```
/// # use looplab_core::{Runtime, Queue, Error};
/// let rt = Runtime::new_virtual();
/// rt.block_on(async {
///     let q = Queue::new(2);
///     q.put(1).await.ok();
///     q.try_put(2).ok();
///     assert!(q.try_put(3).is_err());
///     assert_eq!(q.get().await.ok(), Some(1));
///     Ok::<_, Error>(())
/// }).unwrap().unwrap();
/// ```
pub struct Queue<T> {
    inner: Rc<Inner<T>>,
}

impl<T> Clone for Queue<T> {
    fn clone(&self) -> Self {
        Queue {
            inner: self.inner.clone(),
        }
    }
}

struct Inner<T> {
    state: RefCell<State<T>>,
    traced: Traced,
}

struct State<T> {
    items: Box<dyn Storage<T>>,
    maxsize: usize,
    getters: WaitList,
    putters: WaitList,
    joiners: WaitList,
    unfinished: usize,
    shutdown: bool,
}

impl<T> State<T> {
    fn full(&self) -> bool {
        self.maxsize > 0 && self.items.len() >= self.maxsize
    }
    fn empty(&self) -> bool {
        self.items.len() == 0
    }
}

/// Errors of [`Queue::put`]; the item is handed back.
#[derive(Clone, PartialEq, Eq)]
pub enum PutError<T> {
    /// The queue was shut down.
    ShutDown(T),
    /// The task was cancelled while waiting for room.
    Cancelled(T, Cancelled),
}

/// Errors of [`Queue::try_put`]; the item is handed back.
#[derive(Clone, PartialEq, Eq)]
pub enum TryPutError<T> {
    /// The queue is full (asyncio's `QueueFull`).
    Full(T),
    /// The queue was shut down.
    ShutDown(T),
}

/// Errors of [`Queue::get`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GetError {
    /// The queue was shut down and is empty (asyncio's `QueueShutDown`).
    ShutDown,
    /// The task was cancelled while waiting for an item.
    Cancelled(Cancelled),
}

/// Errors of [`Queue::try_get`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryGetError {
    /// The queue is empty (asyncio's `QueueEmpty`).
    Empty,
    /// The queue was shut down and is empty.
    ShutDown,
}

/// `task_done` called more times than items were put (asyncio's
/// `ValueError: task_done() called too many times`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskDoneError;

macro_rules! item_error_impls {
    ($name:ident { $($variant:ident $(($($field:ident),*))? => $text:expr),* $(,)? }) => {
        impl<T> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $($name::$variant(..) => f.write_str(stringify!($variant)),)*
                }
            }
        }
        impl<T> fmt::Display for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $($name::$variant(..) => f.write_str($text),)*
                }
            }
        }
        impl<T> std::error::Error for $name<T> {}
        impl<T> $name<T> {
            /// The item that could not be put.
            pub fn into_inner(self) -> T {
                match self {
                    $($name::$variant(item, ..) => item,)*
                }
            }
        }
    };
}

item_error_impls!(PutError { ShutDown => "queue is shut down", Cancelled => "cancelled while waiting to put" });
item_error_impls!(TryPutError { Full => "queue is full", ShutDown => "queue is shut down" });

impl<T> PutError<T> {
    /// Whether the put was cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, PutError::Cancelled(..))
    }
}

impl<T> TryPutError<T> {
    /// Whether the queue was full.
    pub fn is_full(&self) -> bool {
        matches!(self, TryPutError::Full(_))
    }
}

impl GetError {
    /// Whether the get was cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, GetError::Cancelled(_))
    }
}

impl fmt::Display for GetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GetError::ShutDown => f.write_str("queue is shut down"),
            GetError::Cancelled(c) => c.fmt(f),
        }
    }
}

impl std::error::Error for GetError {}

impl From<Cancelled> for GetError {
    fn from(c: Cancelled) -> Self {
        GetError::Cancelled(c)
    }
}

impl fmt::Display for TryGetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryGetError::Empty => f.write_str("queue is empty"),
            TryGetError::ShutDown => f.write_str("queue is shut down"),
        }
    }
}

impl std::error::Error for TryGetError {}

impl fmt::Display for TaskDoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done() called too many times")
    }
}

impl std::error::Error for TaskDoneError {}

impl<T> fmt::Debug for Queue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.inner.state.borrow();
        f.debug_struct("Queue")
            .field("len", &st.items.len())
            .field("maxsize", &st.maxsize)
            .finish()
    }
}

impl<T: 'static> Queue<T> {
    /// A FIFO queue holding at most `maxsize` items (0: unbounded).
    pub fn new(maxsize: usize) -> Queue<T> {
        Queue::build(
            Box::new(VecDeque::new()),
            maxsize,
            ResourceKind::Queue,
            None,
        )
    }

    /// A named FIFO queue (the name shows in the trace).
    pub fn named(name: impl Into<Rc<str>>, maxsize: usize) -> Queue<T> {
        Queue::build(
            Box::new(VecDeque::new()),
            maxsize,
            ResourceKind::Queue,
            Some(name.into()),
        )
    }

    /// A LIFO queue (`asyncio.LifoQueue`).
    pub fn lifo(maxsize: usize) -> Queue<T> {
        Queue::build(Box::new(Vec::new()), maxsize, ResourceKind::LifoQueue, None)
    }

    /// A queue of the given kind with an optional name.
    pub fn with_kind(kind: QueueKind, maxsize: usize, name: Option<Rc<str>>) -> Queue<T>
    where
        T: Ord,
    {
        match kind {
            QueueKind::Fifo => Queue::build(
                Box::new(VecDeque::new()),
                maxsize,
                ResourceKind::Queue,
                name,
            ),
            QueueKind::Lifo => {
                Queue::build(Box::new(Vec::new()), maxsize, ResourceKind::LifoQueue, name)
            }
            QueueKind::Priority => Queue::build(
                Box::new(BinaryHeap::new()),
                maxsize,
                ResourceKind::PriorityQueue,
                name,
            ),
        }
    }

    /// A priority queue: the smallest item comes out first
    /// (`asyncio.PriorityQueue`).
    pub fn priority(maxsize: usize) -> Queue<T>
    where
        T: Ord,
    {
        Queue::build(
            Box::new(BinaryHeap::new()),
            maxsize,
            ResourceKind::PriorityQueue,
            None,
        )
    }

    fn build(
        items: Box<dyn Storage<T>>,
        maxsize: usize,
        kind: ResourceKind,
        name: Option<Rc<str>>,
    ) -> Queue<T> {
        let q = Queue {
            inner: Rc::new(Inner {
                state: RefCell::new(State {
                    items,
                    maxsize,
                    getters: WaitList::default(),
                    putters: WaitList::default(),
                    joiners: WaitList::default(),
                    unfinished: 0,
                    shutdown: false,
                }),
                traced: Traced::new(kind, name, (maxsize > 0).then_some(maxsize as u64)),
            }),
        };
        q.trace_state();
        q
    }

    /// Items in the queue.
    pub fn len(&self) -> usize {
        self.inner.state.borrow().items.len()
    }

    /// Whether the queue is empty.
    pub fn is_empty(&self) -> bool {
        self.inner.state.borrow().empty()
    }

    /// Whether the queue holds `maxsize` items.
    pub fn is_full(&self) -> bool {
        self.inner.state.borrow().full()
    }

    /// The bound given at creation (0: unbounded).
    pub fn maxsize(&self) -> usize {
        self.inner.state.borrow().maxsize
    }

    /// Items put and not yet marked done.
    pub fn unfinished(&self) -> usize {
        self.inner.state.borrow().unfinished
    }

    /// Tasks waiting in `get` and `put`.
    pub fn waiters(&self) -> (usize, usize) {
        let st = self.inner.state.borrow();
        (st.getters.len(), st.putters.len())
    }

    /// Whether [`shutdown`](Queue::shutdown) was called.
    pub fn is_shut_down(&self) -> bool {
        self.inner.state.borrow().shutdown
    }

    /// Puts an item if there is room now (`put_nowait`).
    ///
    /// # Errors
    ///
    /// [`TryPutError::Full`] or [`TryPutError::ShutDown`], with the item.
    pub fn try_put(&self, item: T) -> Result<(), TryPutError<T>> {
        {
            let mut st = self.inner.state.borrow_mut();
            if st.shutdown {
                return Err(TryPutError::ShutDown(item));
            }
            if st.full() {
                return Err(TryPutError::Full(item));
            }
            st.items.push(item);
            st.unfinished += 1;
            st.getters.notify_one();
        }
        self.trace_state();
        Ok(())
    }

    /// Takes an item if there is one now (`get_nowait`).
    ///
    /// # Errors
    ///
    /// [`TryGetError::Empty`], or [`TryGetError::ShutDown`] if the queue is
    /// shut down and empty.
    pub fn try_get(&self) -> Result<T, TryGetError> {
        let item = {
            let mut st = self.inner.state.borrow_mut();
            match st.items.pop() {
                Some(item) => {
                    st.putters.notify_one();
                    item
                }
                None if st.shutdown => return Err(TryGetError::ShutDown),
                None => return Err(TryGetError::Empty),
            }
        };
        self.trace_state();
        Ok(item)
    }

    /// Puts an item, waiting for room if the queue is full.
    ///
    /// # Cancel safety
    ///
    /// On cancellation the item is handed back in the error and nothing was
    /// put; a wake-up this putter had received passes to the next putter.
    ///
    /// # Errors
    ///
    /// [`PutError::ShutDown`] or [`PutError::Cancelled`], with the item.
    pub fn put(&self, item: T) -> Put<T> {
        Put {
            queue: self.clone(),
            item: Some(item),
            waiter: Waiter::default(),
        }
    }

    /// Takes an item, waiting for one if the queue is empty.
    ///
    /// # Cancel safety
    ///
    /// On cancellation nothing was taken; a wake-up this getter had received
    /// passes to the next getter if items remain.
    ///
    /// # Errors
    ///
    /// [`GetError::ShutDown`] once the queue is shut down and empty;
    /// [`GetError::Cancelled`].
    pub fn get(&self) -> Get<T> {
        Get {
            queue: self.clone(),
            waiter: Waiter::default(),
        }
    }

    /// Marks one item as processed (`task_done`).
    ///
    /// # Errors
    ///
    /// [`TaskDoneError`] if more items were marked done than were put.
    pub fn task_done(&self) -> Result<(), TaskDoneError> {
        {
            let mut st = self.inner.state.borrow_mut();
            if st.unfinished == 0 {
                return Err(TaskDoneError);
            }
            st.unfinished -= 1;
            if st.unfinished == 0 {
                st.joiners.notify_all();
            }
        }
        self.trace_state();
        Ok(())
    }

    /// Waits until every item put has been marked done (`join`).
    ///
    /// # Errors
    ///
    /// [`Cancelled`] if the task is cancelled while waiting.
    pub fn join(&self) -> Join<T> {
        Join {
            queue: self.clone(),
            waiter: Waiter::default(),
            started: false,
        }
    }

    /// Shuts the queue down (`shutdown`, Python 3.13): puts fail at once,
    /// gets fail once the queue is empty, and every waiter wakes to see it.
    /// With `immediate`, the items are discarded (and counted as done).
    pub fn shutdown(&self, immediate: bool) {
        {
            let mut st = self.inner.state.borrow_mut();
            st.shutdown = true;
            if immediate {
                while st.items.pop().is_some() {
                    st.unfinished = st.unfinished.saturating_sub(1);
                }
                if st.unfinished == 0 {
                    st.joiners.notify_all();
                }
            }
            st.getters.notify_all();
            st.putters.notify_all();
        }
        self.trace_state();
    }

    fn trace_state(&self) {
        self.inner.traced.state(|| {
            let st = self.inner.state.borrow();
            ResourceState {
                waiters: (st.getters.len() + st.putters.len()) as u64,
                len: Some(st.items.len() as u64),
                unfinished: Some(st.unfinished as u64),
                flag: Some(st.shutdown),
                ..Default::default()
            }
        });
    }
}

/// The future of [`Queue::put`].
#[must_use = "futures do nothing unless awaited"]
pub struct Put<T: 'static> {
    queue: Queue<T>,
    item: Option<T>,
    waiter: Waiter,
}

impl<T> fmt::Debug for Put<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Put").finish_non_exhaustive()
    }
}

impl<T: 'static> Unpin for Put<T> {}

impl<T: 'static> Future for Put<T> {
    type Output = Result<(), PutError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let Some(item) = this.item.take() else {
            return Poll::Ready(Ok(()));
        };
        let on = WaitOn::resource(WaitKind::QueuePut, this.queue.inner.traced.id());
        if this.waiter.is_queued() {
            let polled = this
                .waiter
                .poll(&mut this.queue.inner.state.borrow_mut().putters, cx, on);
            match polled {
                Poll::Pending => {
                    this.item = Some(item);
                    return Poll::Pending;
                }
                Poll::Ready(Err((c, abandoned))) => {
                    {
                        let mut st = this.queue.inner.state.borrow_mut();
                        if abandoned == Abandoned::Notified && !st.full() {
                            st.putters.notify_one();
                        }
                    }
                    this.queue.trace_state();
                    return Poll::Ready(Err(PutError::Cancelled(item, c)));
                }
                Poll::Ready(Ok(())) => {}
            }
        }
        let full = {
            let st = this.queue.inner.state.borrow();
            if st.shutdown {
                return Poll::Ready(Err(PutError::ShutDown(item)));
            }
            st.full()
        };
        if full {
            this.item = Some(item);
            this.waiter
                .enqueue(&mut this.queue.inner.state.borrow_mut().putters, cx, on);
            this.queue.trace_state();
            return Poll::Pending;
        }
        Poll::Ready(
            this.queue
                .try_put(item)
                .map_err(|e| PutError::ShutDown(e.into_inner())),
        )
    }
}

impl<T: 'static> Drop for Put<T> {
    fn drop(&mut self) {
        if self.waiter.is_queued() {
            let mut st = self.queue.inner.state.borrow_mut();
            if self.waiter.abandon(&mut st.putters) == Abandoned::Notified && !st.full() {
                st.putters.notify_one();
            }
        }
    }
}

/// The future of [`Queue::get`].
#[must_use = "futures do nothing unless awaited"]
pub struct Get<T: 'static> {
    queue: Queue<T>,
    waiter: Waiter,
}

impl<T> fmt::Debug for Get<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Get").finish_non_exhaustive()
    }
}

impl<T: 'static> Future for Get<T> {
    type Output = Result<T, GetError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let on = WaitOn::resource(WaitKind::QueueGet, this.queue.inner.traced.id());
        if this.waiter.is_queued() {
            let polled = this
                .waiter
                .poll(&mut this.queue.inner.state.borrow_mut().getters, cx, on);
            match polled {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err((c, abandoned))) => {
                    {
                        let mut st = this.queue.inner.state.borrow_mut();
                        if abandoned == Abandoned::Notified && !st.empty() {
                            st.getters.notify_one();
                        }
                    }
                    this.queue.trace_state();
                    return Poll::Ready(Err(GetError::Cancelled(c)));
                }
                Poll::Ready(Ok(())) => {}
            }
        }
        match this.queue.try_get() {
            Ok(item) => Poll::Ready(Ok(item)),
            Err(TryGetError::ShutDown) => Poll::Ready(Err(GetError::ShutDown)),
            Err(TryGetError::Empty) => {
                this.waiter
                    .enqueue(&mut this.queue.inner.state.borrow_mut().getters, cx, on);
                this.queue.trace_state();
                Poll::Pending
            }
        }
    }
}

impl<T: 'static> Drop for Get<T> {
    fn drop(&mut self) {
        if self.waiter.is_queued() {
            let mut st = self.queue.inner.state.borrow_mut();
            if self.waiter.abandon(&mut st.getters) == Abandoned::Notified && !st.empty() {
                st.getters.notify_one();
            }
        }
    }
}

/// The future of [`Queue::join`].
#[must_use = "futures do nothing unless awaited"]
pub struct Join<T: 'static> {
    queue: Queue<T>,
    waiter: Waiter,
    started: bool,
}

impl<T> fmt::Debug for Join<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Join").finish_non_exhaustive()
    }
}

impl<T: 'static> Future for Join<T> {
    type Output = Result<(), Cancelled>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let on = WaitOn::resource(WaitKind::QueueJoin, this.queue.inner.traced.id());
        if !this.started {
            this.started = true;
            if this.queue.unfinished() == 0 {
                return Poll::Ready(Ok(()));
            }
            this.waiter
                .enqueue(&mut this.queue.inner.state.borrow_mut().joiners, cx, on);
            return Poll::Pending;
        }
        let polled = this
            .waiter
            .poll(&mut this.queue.inner.state.borrow_mut().joiners, cx, on);
        match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) => Poll::Ready(Ok(())),
            Poll::Ready(Err((c, _))) => Poll::Ready(Err(c)),
        }
    }
}

impl<T: 'static> Drop for Join<T> {
    fn drop(&mut self) {
        if self.waiter.is_queued() {
            self.waiter
                .abandon(&mut self.queue.inner.state.borrow_mut().joiners);
        }
    }
}
