//! Coroutines, generators, async generators and native awaitables.
//!
//! A generator's body is the same future a coroutine's is; `yield` parks a
//! value in the frame's [`Channel`] and returns `Pending` once, without a
//! waker. Whoever drives the body (`next()` for a generator, `__anext__`
//! for an async generator) polls it and, on `Pending`, looks in the channel:
//! a value there means the body yielded; none means it is waiting on a real
//! event (only possible in async generators), so the driver is pending too.
//!
//! Also, as an `impl Interp` block, the interpreter's side of them: the
//! warnings for coroutines never awaited, the queue of dropped generators
//! to close, and `yield from`. [`Channel`] is declared with the
//! interpreter's state (frames hold one) and re-exported here.

use crate::exc::Exc;
use crate::interp::{poll_once, Frame, Interp, LocalFuture};
use crate::ir::FuncDef;
use crate::value::{bound, native_ref, Args, Native, Value};
use looplab_core::trace::Stream;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::Poll;

pub use crate::interp::Channel;

/// A coroutine object: the body of an `async def` call, not yet started.
pub struct Coroutine {
    name: Rc<str>,
    qualname: Rc<str>,
    /// The line of the `async def` (0 if unknown).
    line: u32,
    fut: RefCell<Option<Body>>,
}

/// What a coroutine runs: the frame stack of an `async def`'s body (which
/// an `await` in the bytecode can move onto its own stack), or a future
/// made by a built-in.
enum Body {
    Fiber(crate::vm::Fiber),
    Future(LocalFuture<'static, Result<Value, Exc>>),
}

impl Coroutine {
    /// Takes the body to await or spawn it.
    ///
    /// # Errors
    ///
    /// `RuntimeError` if it was awaited already.
    pub fn take(&self) -> Result<LocalFuture<'static, Result<Value, Exc>>, Exc> {
        match self.fut.borrow_mut().take() {
            Some(Body::Fiber(f)) => Ok(Box::pin(f)),
            Some(Body::Future(f)) => Ok(f),
            None => Err(Exc::runtime_error("cannot reuse already awaited coroutine")),
        }
    }

    /// Takes the body when it is an `async def`'s frame stack, not started.
    pub(crate) fn take_fiber(&self) -> Option<crate::vm::Fiber> {
        let mut body = self.fut.borrow_mut();
        match body.take() {
            Some(Body::Fiber(f)) => Some(f),
            other => {
                *body = other;
                None
            }
        }
    }

    /// The function's name.
    pub fn name(&self) -> &Rc<str> {
        &self.name
    }

    /// The line of the function's `async def` (0 if unknown).
    pub fn line(&self) -> u32 {
        self.line
    }
}

impl Native for Coroutine {
    fn clear_refs(&mut self) {
        if let Some(body) = self.fut.get_mut().take() {
            note_unawaited(self.qualname.clone());
            drop(body);
        }
    }

    fn type_name(&self) -> &'static str {
        "coroutine"
    }
    fn repr(&self) -> String {
        format!(
            "<coroutine object {} at {}>",
            self.qualname,
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__name__" => Some(Value::Str(self.name.clone())),
            "__qualname__" => Some(Value::Str(self.qualname.clone())),
            // What `__await__` methods return (`return self._go().__await__()`):
            // awaiting it awaits the coroutine.
            "__await__" => Some(bound(this, "__await__", |_, a| {
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            })),
            "close" => Some(bound(this, "close", |_, a| {
                if let Some(c) = a
                    .pos
                    .first()
                    .and_then(|v| crate::value::native_ref::<Coroutine>(v))
                {
                    c.fut.borrow_mut().take();
                }
                Ok(Value::None)
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

thread_local! {
    /// Coroutines dropped without ever being awaited, not yet reported,
    /// with the task that was running when each was dropped.
    static UNAWAITED: RefCell<Vec<Unawaited>> = const { RefCell::new(Vec::new()) };
    /// Whether `UNAWAITED` holds any (checked after every statement).
    static ANY_UNAWAITED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A coroutine dropped without being awaited.
#[derive(Clone, Debug)]
pub struct Unawaited {
    /// Its coroutine function's qualified name.
    pub name: Rc<str>,
    /// The task running when it was dropped (none: the runtime dropped it,
    /// e.g. with a finished task's frame).
    pub task: Option<looplab_core::trace::TaskId>,
}

fn note_unawaited(name: Rc<str>) {
    let task = looplab_core::current_task();
    UNAWAITED.with(|u| u.borrow_mut().push(Unawaited { name, task }));
    ANY_UNAWAITED.with(|a| a.set(true));
}

/// Puts back reports to make later, in order before any newer ones.
pub fn keep_unawaited(mut kept: Vec<Unawaited>) {
    if kept.is_empty() {
        return;
    }
    UNAWAITED.with(|u| {
        let mut u = u.borrow_mut();
        kept.append(&mut u);
        *u = kept;
    });
    ANY_UNAWAITED.with(|a| a.set(true));
}

/// Whether a coroutine was dropped without being awaited since the last
/// [`take_unawaited`].
#[inline(always)]
pub fn any_unawaited() -> bool {
    ANY_UNAWAITED.with(std::cell::Cell::get)
}

/// The coroutines dropped without being awaited since the last call, in
/// order.
pub fn take_unawaited() -> Vec<Unawaited> {
    ANY_UNAWAITED.with(|a| a.set(false));
    UNAWAITED.with(|u| std::mem::take(&mut *u.borrow_mut()))
}

/// CPython warns when a coroutine object is dropped unawaited (not when
/// it was closed, or handed to a task).
impl Drop for Coroutine {
    fn drop(&mut self) {
        if self.fut.get_mut().is_some() {
            note_unawaited(self.qualname.clone());
        }
    }
}

/// Wraps a coroutine body.
pub fn coroutine(
    name: Rc<str>,
    qualname: Rc<str>,
    line: u32,
    fut: LocalFuture<'static, Result<Value, Exc>>,
) -> Value {
    Value::Native(Rc::new(Coroutine {
        name,
        qualname,
        line,
        fut: RefCell::new(Some(Body::Future(fut))),
    }))
}

/// The coroutine object of an `async def` call: its body's frame stack.
pub(crate) fn coroutine_of(
    name: Rc<str>,
    qualname: Rc<str>,
    line: u32,
    body: crate::vm::Fiber,
) -> Value {
    Value::Native(Rc::new(Coroutine {
        name,
        qualname,
        line,
        fut: RefCell::new(Some(Body::Fiber(body))),
    }))
}

/// Something awaitable made by a built-in (`asyncio.sleep(1)`, a lock's
/// `acquire()`, ...).
pub struct Awaitable {
    what: &'static str,
    fut: RefCell<Option<LocalFuture<'static, Result<Value, Exc>>>>,
}

impl Awaitable {
    /// The name of the coroutine function it stands for.
    pub fn name(&self) -> &'static str {
        self.what
    }

    /// Takes the future to await it.
    ///
    /// # Errors
    ///
    /// `RuntimeError` if it was awaited already.
    pub fn take(&self) -> Result<LocalFuture<'static, Result<Value, Exc>>, Exc> {
        self.fut
            .borrow_mut()
            .take()
            .ok_or_else(|| Exc::runtime_error("cannot reuse already awaited coroutine"))
    }

    /// What it is the awaitable of (`sleep`, `query`, …).
    pub fn what(&self) -> &'static str {
        self.what
    }
}

impl Native for Awaitable {
    fn clear_refs(&mut self) {
        if self.fut.get_mut().is_some() && !self.what.starts_with("__") && self.what != "shield" {
            note_unawaited(self.what.into());
        }
        drop(self.fut.get_mut().take());
    }

    fn type_name(&self) -> &'static str {
        "coroutine"
    }
    fn repr(&self) -> String {
        format!(
            "<coroutine object {} at {}>",
            self.what,
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            // `coro.close()` on a coroutine never awaited: it is dropped
            // without the "never awaited" warning, as CPython's is.
            "close" => Some(bound(this, "close", |_, a| {
                if let Some(aw) = a.pos.first().and_then(native_ref::<Awaitable>) {
                    drop(aw.fut.borrow_mut().take());
                }
                Ok(Value::None)
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Built-ins' coroutines warn like CPython's when dropped unawaited; the
/// protocol methods the interpreter itself awaits, and `shield` (a
/// future in CPython), do not.
impl Drop for Awaitable {
    fn drop(&mut self) {
        if self.fut.get_mut().is_some() && !self.what.starts_with("__") && self.what != "shield" {
            note_unawaited(self.what.into());
        }
    }
}

/// An awaitable value for a built-in's future.
pub fn awaitable(
    what: &'static str,
    fut: impl std::future::Future<Output = Result<Value, Exc>> + 'static,
) -> Value {
    Value::Native(Rc::new(Awaitable {
        what,
        fut: RefCell::new(Some(Box::pin(fut))),
    }))
}

/// A generator or async generator object.
pub struct Generator {
    name: Rc<str>,
    qualname: Rc<str>,
    body: RefCell<Option<LocalFuture<'static, Result<Value, Exc>>>>,
    chan: Rc<Channel>,
    started: Cell<bool>,
    running: Cell<bool>,
    is_async: bool,
    /// Set on the object that runs a dropped generator's clean-up, so that
    /// dropping it again does not queue it again.
    finalizing: Cell<bool>,
    interp: std::rc::Weak<Interp>,
}

/// A generator suspended inside its body is closed when it is dropped, as
/// CPython's reference counting does: its `finally` blocks and `with`
/// exits run. Dropping happens wherever a value goes away (often inside a
/// borrow of the container that held it), so the body is only queued here,
/// on a new object the interpreter closes at its next statement
/// ([`Interp::run_finalizers`]).
impl Drop for Generator {
    fn drop(&mut self) {
        if self.finalizing.get() || !self.started.get() {
            return;
        }
        let Some(body) = self.body.get_mut().take() else {
            return;
        };
        let Some(interp) = self.interp.upgrade() else {
            return;
        };
        interp.queue_finalizer(Rc::new(Generator {
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            body: RefCell::new(Some(body)),
            chan: self.chan.clone(),
            started: Cell::new(true),
            running: Cell::new(false),
            is_async: self.is_async,
            finalizing: Cell::new(true),
            interp: self.interp.clone(),
        }));
    }
}

/// What one resumption of a generator did.
pub enum Step {
    /// It yielded this.
    Yield(Value),
    /// It returned this (it is finished).
    Return(Value),
}

/// Makes a generator object from a prepared frame.
pub fn generator(interp: &Interp, def: Rc<FuncDef>, mut frame: Frame, is_async: bool) -> Value {
    let chan = Rc::new(Channel::default());
    frame.set_chan(chan.clone());
    let body = interp.rc().run_body(frame);
    Value::Native(Rc::new(Generator {
        name: def.name.clone(),
        qualname: def.qualname.clone(),
        body: RefCell::new(Some(body)),
        chan,
        started: Cell::new(false),
        running: Cell::new(false),
        is_async,
        finalizing: Cell::new(false),
        interp: Rc::downgrade(&interp.rc()),
    }))
}

impl Generator {
    /// Whether it is an async generator (iterated with `async for` only).
    pub fn is_async(&self) -> bool {
        self.is_async
    }

    fn prepare(&self, send: Option<Value>, throw: Option<Exc>) -> Result<(), Exc> {
        if self.running.get() {
            return Err(Exc::value_error("generator already executing"));
        }
        if !self.started.get() {
            if let Some(v) = &send {
                if !matches!(v, Value::None) {
                    return Err(Exc::type_error(
                        "can't send non-None value to a just-started generator",
                    ));
                }
            }
        }
        *self.chan.sent.borrow_mut() = send;
        *self.chan.thrown.borrow_mut() = throw;
        Ok(())
    }

    fn after(&self, polled: Poll<Result<Value, Exc>>) -> Poll<Result<Step, Exc>> {
        match polled {
            Poll::Ready(r) => {
                self.body.borrow_mut().take();
                match r {
                    Ok(v) => Poll::Ready(Ok(Step::Return(v))),
                    Err(e) if e.is("StopIteration") && !self.is_async => {
                        Poll::Ready(Err(Exc::runtime_error("generator raised StopIteration")))
                    }
                    Err(e) if e.is("StopAsyncIteration") && self.is_async => Poll::Ready(Err(
                        Exc::runtime_error("async generator raised StopAsyncIteration"),
                    )),
                    Err(e) => Poll::Ready(Err(e)),
                }
            }
            Poll::Pending => match self.chan.yielded.borrow_mut().take() {
                Some(v) => Poll::Ready(Ok(Step::Yield(v))),
                None => Poll::Pending,
            },
        }
    }

    /// Resumes a (sync) generator.
    ///
    /// # Errors
    ///
    /// What the body raised, or misuse errors.
    pub fn resume(&self, send: Option<Value>, throw: Option<Exc>) -> Result<Step, Exc> {
        let Some(mut body) = self.body.borrow_mut().take() else {
            return match throw {
                Some(e) => Err(e),
                None => Ok(Step::Return(Value::None)),
            };
        };
        if !self.started.get() && throw.is_some() {
            // Throwing into a generator that has not started finishes it.
            return Err(throw.unwrap_or_else(|| Exc::runtime_error("unreachable")));
        }
        self.prepare(send, throw)?;
        self.started.set(true);
        self.running.set(true);
        let polled = poll_once(&mut body);
        self.running.set(false);
        *self.body.borrow_mut() = Some(body);
        match self.after(polled) {
            Poll::Ready(r) => r,
            Poll::Pending => {
                self.body.borrow_mut().take();
                Err(Exc::runtime_error(
                    "a generator awaited something: use an async generator",
                ))
            }
        }
    }

    /// Resumes an async generator inside the current task.
    async fn resume_async(
        self: Rc<Self>,
        send: Option<Value>,
        throw: Option<Exc>,
    ) -> Result<Step, Exc> {
        let Some(body) = self.body.borrow_mut().take() else {
            return match throw {
                Some(e) => Err(e),
                None => Ok(Step::Return(Value::None)),
            };
        };
        if !self.started.get() && throw.is_some() {
            return Err(throw.unwrap_or_else(|| Exc::runtime_error("unreachable")));
        }
        self.prepare(send, throw)?;
        if !self.started.get() && !self.finalizing.get() {
            if let Some(interp) = self.interp.upgrade() {
                interp.note_async_generator(&self);
            }
        }
        self.started.set(true);
        *self.body.borrow_mut() = Some(body);
        self.running.set(true);
        let me = self.clone();
        let r = poll_fn(move |cx| {
            let mut slot = me.body.borrow_mut();
            let Some(body) = slot.as_mut() else {
                return Poll::Ready(Ok(Step::Return(Value::None)));
            };
            let polled = body.as_mut().poll(cx);
            drop(slot);
            me.after(polled)
        })
        .await;
        self.running.set(false);
        r
    }

    fn is_finished(&self) -> bool {
        self.body.borrow().is_none()
    }

    /// Whether it is suspended inside its body (started, not finished).
    pub fn is_suspended(&self) -> bool {
        self.started.get() && !self.is_finished()
    }

    /// Closes a sync generator as `close()` does.
    ///
    /// # Errors
    ///
    /// What its clean-up raised, or `RuntimeError` if it yielded again.
    pub fn close(&self) -> Result<Value, Exc> {
        close_sync(self)
    }

    /// The future of an async generator's `aclose()`.
    pub fn aclose(self: Rc<Self>) -> Result<LocalFuture<'static, Result<Value, Exc>>, Exc> {
        self.step_future(AsyncOp::Close, vec![])
    }

    /// The future of an async generator's `athrow(class())`.
    pub fn throw_future(
        self: Rc<Self>,
        class: Rc<crate::value::Class>,
    ) -> Result<LocalFuture<'static, Result<Value, Exc>>, Exc> {
        self.step_future(AsyncOp::Throw, vec![Exc::new(class, vec![]).value()])
    }

    fn step_future(
        self: Rc<Self>,
        op: AsyncOp,
        args: Vec<Value>,
    ) -> Result<LocalFuture<'static, Result<Value, Exc>>, Exc> {
        let n: Rc<dyn Native> = self;
        let mut pos = vec![Value::Native(n)];
        pos.extend(args);
        let aw = async_step(Args::new(pos), op)?;
        match &aw {
            Value::Native(n) => match n.as_any().downcast_ref::<Awaitable>() {
                Some(a) => a.take(),
                None => Err(Exc::runtime_error("internal: not an async generator step")),
            },
            _ => Err(Exc::runtime_error("internal: not an async generator step")),
        }
    }
}

fn gen_of(v: &Value) -> Result<Rc<dyn Native>, Exc> {
    match v {
        Value::Native(n) if n.as_any().is::<Generator>() => Ok(n.clone()),
        _ => Err(Exc::type_error("expected a generator")),
    }
}

fn as_gen(n: &Rc<dyn Native>) -> Result<&Generator, Exc> {
    n.as_any()
        .downcast_ref::<Generator>()
        .ok_or_else(|| Exc::type_error("expected a generator"))
}

/// The generator `yield from` delegates to, if `v` is a (sync) generator:
/// values sent and exceptions thrown into the delegating one go to it, and
/// its return value is the `yield from`'s value.
pub fn delegate(v: &Value) -> Option<Rc<dyn Native>> {
    match v {
        Value::Native(n)
            if n.as_any()
                .downcast_ref::<Generator>()
                .is_some_and(|g| !g.is_async) =>
        {
            Some(n.clone())
        }
        _ => None,
    }
}

/// Resumes a generator [`delegate`] returned.
///
/// # Errors
///
/// What its body raised.
pub fn resume_delegate(
    n: &Rc<dyn Native>,
    send: Option<Value>,
    throw: Option<Exc>,
) -> Result<Step, Exc> {
    as_gen(n)?.resume(send, throw)
}

/// Closes a generator [`delegate`] returned (the delegating generator was
/// closed).
///
/// # Errors
///
/// What its body raised while closing.
pub fn close_delegate(n: &Rc<dyn Native>) -> Result<Value, Exc> {
    close_sync(as_gen(n)?)
}

/// Advances a sync generator value as `next()` does.
///
/// # Errors
///
/// `StopIteration` when it is finished, or what its body raised.
pub fn next_of(v: &Value) -> Result<Option<Value>, Exc> {
    let n = gen_of(v)?;
    let g = as_gen(&n)?;
    match g.resume(None, None)? {
        Step::Yield(v) => Ok(Some(v)),
        Step::Return(_) => Ok(None),
    }
}

fn stop_iteration(v: Value) -> Exc {
    let args = if matches!(v, Value::None) {
        vec![]
    } else {
        vec![v]
    };
    Exc::new(crate::exc::class("StopIteration"), args)
}

fn close_sync(g: &Generator) -> Result<Value, Exc> {
    if !g.started.get() || g.is_finished() {
        g.body.borrow_mut().take();
        return Ok(Value::None);
    }
    match g.resume(
        None,
        Some(Exc::new(crate::exc::class("GeneratorExit"), vec![])),
    ) {
        Ok(Step::Yield(_)) => Err(Exc::runtime_error("generator ignored GeneratorExit")),
        Ok(Step::Return(_)) => Ok(Value::None),
        Err(e) if e.is("GeneratorExit") || e.is("StopIteration") => Ok(Value::None),
        Err(e) => Err(e),
    }
}

impl Native for Generator {
    /// A body that its `Drop` would not queue for clean-up (never started,
    /// already being closed, or the interpreter gone) is dropped here;
    /// one it would queue is left for the queue, which frees it later.
    fn clear_refs(&mut self) {
        if !self.started.get() || self.finalizing.get() || self.interp.strong_count() == 0 {
            drop(self.body.get_mut().take());
        }
    }

    fn type_name(&self) -> &'static str {
        if self.is_async {
            "async_generator"
        } else {
            "generator"
        }
    }

    fn repr(&self) -> String {
        format!(
            "<{} object {} at {}>",
            self.type_name(),
            self.qualname,
            crate::format::address(self as *const Self)
        )
    }

    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        if self.is_async {
            return match name {
                "__aiter__" => Some(bound(this, "__aiter__", |_, a| {
                    Ok(a.pos.first().cloned().unwrap_or(Value::None))
                })),
                "__anext__" => Some(bound(this, "__anext__", |_, a| {
                    async_step(a, AsyncOp::Next)
                })),
                "asend" => Some(bound(this, "asend", |_, a| async_step(a, AsyncOp::Send))),
                "athrow" => Some(bound(this, "athrow", |_, a| async_step(a, AsyncOp::Throw))),
                "aclose" => Some(bound(this, "aclose", |_, a| async_step(a, AsyncOp::Close))),
                "__name__" => Some(Value::Str(self.name.clone())),
                _ => None,
            };
        }
        match name {
            "__iter__" => Some(bound(this, "__iter__", |_, a| {
                Ok(a.pos.first().cloned().unwrap_or(Value::None))
            })),
            "__next__" => Some(bound(this, "__next__", |_, a| {
                let n = gen_of(a.pos.first().unwrap_or(&Value::None))?;
                match as_gen(&n)?.resume(None, None)? {
                    Step::Yield(v) => Ok(v),
                    Step::Return(v) => Err(stop_iteration(v)),
                }
            })),
            "send" => Some(bound(this, "send", |_, a| {
                let n = gen_of(a.pos.first().unwrap_or(&Value::None))?;
                let g = as_gen(&n)?;
                match g.resume(Some(a.pos.get(1).cloned().unwrap_or(Value::None)), None)? {
                    Step::Yield(v) => Ok(v),
                    Step::Return(v) => Err(stop_iteration(v)),
                }
            })),
            "throw" => Some(bound(this, "throw", |interp, a| {
                let n = gen_of(a.pos.first().unwrap_or(&Value::None))?;
                let g = as_gen(&n)?;
                let e = interp.make_exception(a.pos.get(1).cloned().unwrap_or(Value::None))?;
                match g.resume(None, Some(e))? {
                    Step::Yield(v) => Ok(v),
                    Step::Return(v) => Err(stop_iteration(v)),
                }
            })),
            "close" => Some(bound(this, "close", |_, a| {
                let n = gen_of(a.pos.first().unwrap_or(&Value::None))?;
                close_sync(as_gen(&n)?)
            })),
            "__name__" => Some(Value::Str(self.name.clone())),
            _ => None,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Clone, Copy)]
enum AsyncOp {
    Next,
    Send,
    Throw,
    Close,
}

fn async_step(a: Args, op: AsyncOp) -> Result<Value, Exc> {
    let this = a.pos.first().cloned().unwrap_or(Value::None);
    let Value::Native(n) = &this else {
        return Err(Exc::type_error("expected an async generator"));
    };
    let n = n.clone();
    let arg = a.pos.get(1).cloned();
    let what = match op {
        AsyncOp::Next => "__anext__",
        AsyncOp::Send => "asend",
        AsyncOp::Throw => "athrow",
        AsyncOp::Close => "aclose",
    };
    Ok(awaitable(what, async move {
        let g = as_gen(&n)?;
        let interp = g
            .interp
            .upgrade()
            .ok_or_else(|| Exc::runtime_error("interpreter gone"))?;
        let me: Rc<Generator> = match Rc::downcast::<Generator>(as_any_rc(n.clone())) {
            Ok(g) => g,
            Err(_) => return Err(Exc::type_error("expected an async generator")),
        };
        match op {
            AsyncOp::Next | AsyncOp::Send => {
                let send = if matches!(op, AsyncOp::Send) {
                    arg
                } else {
                    None
                };
                match me.resume_async(send, None).await? {
                    Step::Yield(v) => Ok(v),
                    Step::Return(_) => {
                        Err(Exc::new(crate::exc::class("StopAsyncIteration"), vec![]))
                    }
                }
            }
            AsyncOp::Throw => {
                let e = interp.make_exception(arg.unwrap_or(Value::None))?;
                match me.resume_async(None, Some(e)).await? {
                    Step::Yield(v) => Ok(v),
                    Step::Return(_) => {
                        Err(Exc::new(crate::exc::class("StopAsyncIteration"), vec![]))
                    }
                }
            }
            AsyncOp::Close => {
                if !me.started.get() || me.is_finished() {
                    me.body.borrow_mut().take();
                    return Ok(Value::None);
                }
                let exit = Exc::new(crate::exc::class("GeneratorExit"), vec![]);
                match me.resume_async(None, Some(exit)).await {
                    Ok(Step::Yield(_)) => {
                        Err(Exc::runtime_error("async generator ignored GeneratorExit"))
                    }
                    Ok(Step::Return(_)) => Ok(Value::None),
                    Err(e) if e.is("GeneratorExit") || e.is("StopAsyncIteration") => {
                        Ok(Value::None)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }))
}

fn as_any_rc(n: Rc<dyn Native>) -> Rc<dyn Any> {
    crate::value::into_any(n)
}

/// The interpreter's side of generators and coroutines: unawaited-coroutine
/// warnings, the finalizer queue of dropped generators, `yield from`, and
/// what the iteration protocol (`ops`) asks of a generator.
impl Interp {
    /// Whether `n` is a generator (`Some(true)`: an async one).
    pub(crate) fn generator_kind(&self, n: &Rc<dyn Native>) -> Option<bool> {
        n.as_any()
            .downcast_ref::<Generator>()
            .map(Generator::is_async)
    }

    /// An awaitable object running `fut` ([`awaitable`]).
    pub(crate) fn awaitable(
        &self,
        what: &'static str,
        fut: impl std::future::Future<Output = Result<Value, Exc>> + 'static,
    ) -> Value {
        awaitable(what, fut)
    }

    /// `next()` of a generator ([`next_of`]).
    pub(crate) fn next_of_generator(&self, g: &Value) -> Result<Option<Value>, Exc> {
        next_of(g)
    }

    /// Reports the coroutines dropped without being awaited, as CPython's
    /// `RuntimeWarning` on stderr and as trace warnings, after a statement
    /// of the program on `line` ran (`ok`: without raising):
    /// - dropped by that statement's task: at that line;
    /// - dropped by the runtime (a finished task's frame): where CPython's
    ///   asyncio does it, if the statement did not raise (an exception
    ///   keeps the frames alive in CPython until the program ends).
    pub fn report_unawaited(&self, line: u32, ok: bool) {
        let now = looplab_core::current_task();
        let mut later = Vec::new();
        for u in take_unawaited() {
            if u.task.is_some() && u.task == now {
                let source = self.source();
                let text = source
                    .lines()
                    .nth(line.saturating_sub(1) as usize)
                    .unwrap_or("")
                    .trim();
                self.warn_unawaited(
                    &u.name,
                    Some(line),
                    &format!("{}:{line}", self.filename),
                    text,
                );
            } else if ok {
                self.warn_unawaited(
                    &u.name,
                    None,
                    "asyncio/events.py:80",
                    "self._context.run(self._callback, *self._args)",
                );
            } else {
                later.push(u);
            }
        }
        keep_unawaited(later);
    }

    fn warn_unawaited(&self, name: &str, line: Option<u32>, place: &str, text: &str) {
        self.record_unawaited(name, line);
        self.write(
            Stream::Stderr,
            &format!(
                "{place}: RuntimeWarning: coroutine '{name}' was never awaited\n  {text}\nRuntimeWarning: Enable tracemalloc to get the object allocation traceback\n"
            ),
        );
    }

    fn record_unawaited(&self, name: &str, line: Option<u32>) {
        if let Some(h) = self.runtime() {
            h.record(looplab_core::trace::EventKind::Warning(
                looplab_core::trace::Warning::NeverAwaited {
                    task: looplab_core::current_task(),
                    coroutine: name.into(),
                    line,
                },
            ));
        }
    }

    /// The coroutines still unreported when the program has ended, as
    /// CPython reports them at exit (`sys:1: RuntimeWarning: …`, after the
    /// traceback): returned as text, and recorded in the trace.
    pub fn report_unawaited_at_exit(&self) -> String {
        let mut out = String::new();
        for u in take_unawaited() {
            self.record_unawaited(&u.name, None);
            out.push_str(&format!(
                "sys:1: RuntimeWarning: coroutine '{}' was never awaited\n",
                u.name
            ));
        }
        out
    }

    /// Queues a dropped generator's clean-up (see [`Generator`]'s
    /// `Drop`).
    pub(crate) fn queue_finalizer(&self, g: Rc<Generator>) {
        if let Ok(mut q) = self.finalizers.try_borrow_mut() {
            q.push(g);
            self.finalize_due.set(true);
        }
    }

    /// Remembers an async generator first iterated now, for
    /// [`Interp::alive_async_generators`].
    pub(crate) fn note_async_generator(&self, g: &Rc<Generator>) {
        if self.loops_running.get() == 0 {
            return;
        }
        let mut all = self.async_generators.borrow_mut();
        if all.len() >= 64 && all.len().is_power_of_two() {
            all.retain(|w| w.strong_count() > 0);
        }
        let g: Rc<dyn Any> = g.clone();
        all.push(Rc::downgrade(&g));
    }

    /// The async generators still alive and suspended, oldest first (the
    /// ones `asyncio.run` closes when the main coroutine is done), and
    /// forgets them all.
    pub(crate) fn alive_async_generators(&self) -> Vec<Rc<Generator>> {
        std::mem::take(&mut *self.async_generators.borrow_mut())
            .iter()
            .filter_map(|w| w.upgrade()?.downcast::<Generator>().ok())
            .filter(|g| g.is_suspended())
            .collect()
    }

    /// Closes the dropped sync generators (and those their clean-up
    /// drops) and returns the dropped async generators, for `asyncio.run`'s
    /// shutdown to close ([`Interp::run_finalizers`] otherwise).
    pub(crate) fn take_finalizers(&self) -> Vec<Rc<Generator>> {
        let mut agens = Vec::new();
        while self.finalize_due.get() {
            self.finalize_due.set(false);
            let queued = std::mem::take(&mut *self.finalizers.borrow_mut());
            // Only `Generator::drop` queues, always a `Generator`.
            for g in queued
                .into_iter()
                .filter_map(|g| g.downcast::<Generator>().ok())
            {
                if g.is_async() {
                    agens.push(g);
                } else if let Err(e) = g.close() {
                    self.report_ignored(&crate::value::Value::Native(g), &e);
                }
            }
        }
        agens
    }

    /// `yield from v` in a generator whose `yield`s go through `chan`.
    pub(crate) fn yield_from(
        self: &Rc<Self>,
        chan: Rc<Channel>,
        v: Value,
    ) -> LocalFuture<'static, Result<Value, Exc>> {
        let me = self.clone();
        Box::pin(async move {
            {
                let this = &me;
                if let Some(sub) = delegate(&v) {
                    // PEP 380: sends and throws go through to the
                    // sub-generator; its return value is the result.
                    let (mut send, mut throw) = (None, None);
                    loop {
                        match resume_delegate(&sub, send.take(), throw.take())? {
                            Step::Return(r) => return Ok(r),
                            Step::Yield(item) => match chan.yield_value(item).await {
                                Ok(Value::None) => {}
                                Ok(sent) => send = Some(sent),
                                Err(e) if e.is("GeneratorExit") => {
                                    close_delegate(&sub)?;
                                    return Err(e);
                                }
                                Err(e) => throw = Some(e),
                            },
                        }
                    }
                }
                let mut it = this.iter(&v)?;
                while let Some(item) = it.next(this)? {
                    chan.yield_value(item).await?;
                }
                Ok(Value::None)
            }
        })
    }
}
