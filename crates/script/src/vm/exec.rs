//! The loop that runs code.
//!
//! [`run_function`] owns a list of heap frames: a call to a Python function
//! whose code is lowered pushes one, its `return` pops it and hands the
//! value to the caller. Anything else callable (built-ins, classes, bound
//! natives) is called through
//! [`Interp::call`]. An exception first looks for a block in its own frame
//! (the block says where the handler starts and how deep the stacks were),
//! then goes to the caller, adding one traceback line per frame.

use super::code::{ArgShape, CachedMethod, Code, MethodKey, Op, ON_CLASS};
use crate::exc::Exc;
use crate::interp::LocalFuture;
use crate::interp::{Frame, Interp};
use crate::ir::{BinOp, CmpOp, FuncKind};
use crate::ops::PyIter;
use crate::value::{class_epoch, Args, Dict, Function, Key, Set, Value};
use indexmap::IndexMap;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// Where an exception inside a block goes, and how deep the frame's stacks
/// were when the block began.
#[derive(Clone, Copy, Debug)]
struct Block {
    handler: u32,
    stack: u32,
    iters: u32,
    handling: u32,
}

/// A running function.
struct VmFrame {
    f: Frame,
    code: Rc<Code>,
    pc: usize,
    stack: Vec<Value>,
    iters: Vec<PyIter>,
    blocks: Vec<Block>,
    /// What a `return` leaving `finally`/`with` blocks returns.
    ret: Value,
    /// Whether this is the program's own code (its module's globals).
    main: bool,
    /// Whether a statement has begun (the first has nothing before it to
    /// report unawaited coroutines of).
    begun: bool,
    /// Whether this is a module's body.
    module: bool,
}

impl VmFrame {
    fn new(interp: &Interp, f: Frame, code: Rc<Code>) -> VmFrame {
        let main = Rc::ptr_eq(&f.globals, &interp.globals);
        let module = &*f.def.name == "<module>";
        VmFrame {
            f,
            code,
            pc: 0,
            stack: Vec::with_capacity(8),
            iters: Vec::new(),
            blocks: Vec::new(),
            ret: Value::None,
            main,
            begun: false,
            module,
        }
    }

    /// Reuses this (emptied) frame for `f`.
    fn reset(&mut self, interp: &Interp, f: Frame, code: Rc<Code>) {
        self.main = Rc::ptr_eq(&f.globals, &interp.globals);
        self.module = &*f.def.name == "<module>";
        self.f = f;
        self.code = code;
        self.pc = 0;
        self.begun = false;
    }

    #[inline(always)]
    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::None)
    }

    #[inline(always)]
    fn top(&self) -> Option<&Value> {
        self.stack.last()
    }

    /// The top `n` values, in order.
    fn take(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len().saturating_sub(n);
        self.stack.split_off(at)
    }
}

/// What an instruction asks of the loop.
enum Flow {
    Next,
    /// Run the frame left in the pool's `pending`.
    Call,
    Return(Value),
    /// Suspend until the future is done, then go on as `Resume` says.
    Wait(LocalFuture<'static, Result<Value, Exc>>, Resume),
}

/// What a suspended frame does with the result of what it waited on.
#[derive(Clone, Copy, Debug)]
enum Resume {
    /// Pushes the value (`await`, `yield`).
    Push,
    /// Drops it (a pause for the host).
    Discard,
    /// `async for`'s next item: pushes it; on `StopAsyncIteration` drops
    /// the iterator's `__anext__` and jumps.
    NextItem(u32),
}

/// The frames of one run of the loop, innermost last: the bottom one was
/// entered from Rust (a call, or a task polling a coroutine), the others
/// by calls within the loop.
struct Frames {
    // Boxed: a frame is a few hundred bytes; calls and returns move
    // pointers, not frames (measured: the moves cost a fifth of `fib`).
    #[allow(clippy::vec_box)]
    frames: Vec<Box<VmFrame>>,
    pool: Pool,
    /// Whether the bottom frame is polled by its task (a coroutine or an
    /// async generator), so that the loop may suspend to let the host
    /// run (`preempt_every`).
    can_yield: bool,
    /// Whether these frames run on a simulated worker thread, where a
    /// blocking call's time is waited out instead of blocking the loop.
    worker: bool,
}

/// Frames done with, kept to be reused (their buffers keep their
/// capacity), and the frame a call just made.
#[derive(Default)]
struct Pool {
    pending: Option<Box<VmFrame>>,
    // Boxed for the same reason as `Frames::frames`.
    #[allow(clippy::vec_box)]
    spare: Vec<Box<VmFrame>>,
}

impl Pool {
    /// At most this many frames are kept.
    const KEEP: usize = 64;

    /// Empties a finished frame (releasing what it held) and keeps it.
    fn recycle(&mut self, mut done: Box<VmFrame>) {
        if self.spare.len() >= Self::KEEP {
            return;
        }
        done.stack.clear();
        done.iters.clear();
        done.blocks.clear();
        done.ret = Value::None;
        done.f.locals.clear();
        done.f.cells.clear();
        done.f.handling.clear();
        done.f.class_value = None;
        done.f.chan = None;
        self.spare.push(done);
    }

    /// Makes `frame` the frame to run next, in a kept frame when there is
    /// one.
    fn push(&mut self, interp: &Interp, frame: Frame, code: Rc<Code>) {
        let next = match self.spare.pop() {
            Some(mut b) => {
                b.reset(interp, frame, code);
                b
            }
            None => Box::new(VmFrame::new(interp, frame, code)),
        };
        self.pending = Some(next);
    }
}

/// How a run of the loop stopped.
enum Drive {
    Done(Result<Value, Exc>),
    Wait(LocalFuture<'static, Result<Value, Exc>>, Resume),
    /// [`STRETCH`] instructions ran: call [`drive`] again to go on.
    Again,
}

/// The most instructions one call of [`drive`] runs before it returns
/// [`Drive::Again`] and is called anew. In the browser this matters: V8
/// first runs the engine's code as its baseline compiler made it, compiles
/// a function again with its optimising compiler once it has been busy,
/// and uses that code from the function's next call on. A call of `drive`
/// that ran a whole program (a plain-function loop never leaves it) would
/// stay on the baseline code to the end, about half as fast.
const STRETCH: u32 = 1 << 16;

/// Runs a plain function's frame (its arguments bound) to its return
/// value. The caller has counted the call's depth.
///
/// # Errors
///
/// Whatever the function raises.
pub(crate) fn run_function(interp: &Interp, frame: Frame, code: Rc<Code>) -> Result<Value, Exc> {
    let mut st = Frames {
        frames: vec![Box::new(VmFrame::new(interp, frame, code))],
        pool: Pool::default(),
        can_yield: false,
        worker: false,
    };
    loop {
        match drive(interp, &mut st, None) {
            Drive::Done(r) => return r,
            Drive::Wait(..) => {
                return Err(Exc::runtime_error(
                    "internal error: a plain function suspended",
                ))
            }
            Drive::Again => {}
        }
    }
}

/// The body of a coroutine, generator or async generator call, as the
/// future its task or driver polls.
pub(crate) struct Fiber {
    interp: Rc<Interp>,
    st: Frames,
    waiting: Option<(LocalFuture<'static, Result<Value, Exc>>, Resume)>,
    started: bool,
}

impl Fiber {
    /// The body of `frame`'s function; `can_yield` when its task polls it
    /// (a coroutine, an async generator, the program's module).
    pub(crate) fn new(interp: Rc<Interp>, frame: Frame, code: Rc<Code>) -> Fiber {
        let can_yield = frame.can_yield
            || matches!(
                frame.def.kind,
                FuncKind::Coroutine | FuncKind::AsyncGenerator
            );
        let first = Box::new(VmFrame::new(&interp, frame, code));
        Fiber {
            interp,
            st: Frames {
                frames: vec![first],
                pool: Pool::default(),
                can_yield,
                worker: false,
            },
            waiting: None,
            started: false,
        }
    }
}

impl Fiber {
    /// [`Fiber::new`] for a plain function run on a worker thread
    /// (`asyncio.to_thread`).
    pub(crate) fn worker(interp: Rc<Interp>, frame: Frame, code: Rc<Code>) -> Fiber {
        let mut fiber = Fiber::new(interp, frame, code);
        fiber.st.worker = true;
        fiber
    }
}

impl Future for Fiber {
    type Output = Result<Value, Exc>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        // A fiber polled from inside another's poll (a body awaited through
        // a built-in's future, a generator driven by `next()`) recurses in
        // Rust, so each poll counts as a call that does (`RecursionError`
        // when such a chain first goes too deep, as CPython raises it for
        // the frame it cannot push). A plain `await coro()` does not get
        // here: its frame joins the awaiter's stack.
        if this.started {
            this.interp.enter_call_unchecked(true);
        } else {
            this.started = true;
            if let Err(e) = this.interp.enter_call(true) {
                return Poll::Ready(Err(e));
            }
        }
        let r = this.run(cx);
        this.interp.leave_call(true);
        r
    }
}

impl Fiber {
    fn run(&mut self, cx: &mut Context<'_>) -> Poll<Result<Value, Exc>> {
        let this = self;
        let mut resumed = None;
        loop {
            if let Some((fut, how)) = &mut this.waiting {
                match fut.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(r) => {
                        resumed = Some((r, *how));
                        this.waiting = None;
                    }
                }
            }
            // Blocking calls made on a worker thread charge its time.
            let worker = this.st.worker;
            let before = this
                .interp
                .in_worker
                .replace(worker || this.interp.in_worker.get());
            let driven = drive(&this.interp, &mut this.st, resumed.take());
            this.interp.in_worker.set(before);
            match driven {
                Drive::Done(r) => return Poll::Ready(r),
                Drive::Wait(fut, how) => this.waiting = Some((fut, how)),
                Drive::Again => {}
            }
        }
    }
}

/// Runs the frames until the bottom one returns or raises, or one waits.
/// `resumed` is what the innermost frame waited on, when it did.
fn drive(interp: &Interp, st: &mut Frames, resumed: Option<(Result<Value, Exc>, Resume)>) -> Drive {
    let mut raised: Option<Exc> = None;
    if let Some((r, how)) = resumed {
        if let Some(f) = st.frames.last_mut() {
            match (r, how) {
                (Ok(v), Resume::Push | Resume::NextItem(_)) => f.stack.push(v),
                (Ok(_), Resume::Discard) => {}
                (Err(e), Resume::NextItem(to)) if e.is("StopAsyncIteration") => {
                    f.pop();
                    jump(f, to);
                }
                (Err(e), _) => raised = Some(e),
            }
        }
    }
    let mut left = STRETCH;
    loop {
        if let Some(mut e) = raised.take() {
            // Each frame in turn gets the exception as if the instruction
            // it is at raised it; one with a block for it goes on there.
            loop {
                let Some(f) = st.frames.last_mut() else {
                    return Drive::Done(Err(e));
                };
                match unwind(interp, f, e) {
                    Ok(()) => break,
                    Err(again) => {
                        e = again;
                        if let Some(done) = st.frames.pop() {
                            st.pool.recycle(done);
                        }
                        if st.frames.is_empty() {
                            return Drive::Done(Err(e));
                        }
                        interp.leave_call(false);
                    }
                }
            }
        }
        let can_yield = st.can_yield;
        let Some(f) = st.frames.last_mut() else {
            return Drive::Done(Ok(Value::None));
        };
        // The instructions of this frame, held here: the inner loop runs
        // one frame (a call or a return leaves it), and each instruction
        // is then one load away instead of three.
        let code = f.code.clone();
        let ops: &[Op] = &code.ops;
        let flow = loop {
            let Some(&op) = ops.get(f.pc) else {
                break Ok(Flow::Return(Value::None));
            };
            f.pc += 1;
            match step(interp, f, op, &mut st.pool, can_yield) {
                Ok(Flow::Next) => {
                    left -= 1;
                    if left == 0 {
                        return Drive::Again;
                    }
                    // A generator this instruction dropped is closed before
                    // the next one runs, as reference counting would.
                    if interp.finalize_due() {
                        interp.run_finalizers();
                    }
                    // On a worker thread, a blocking call the instruction
                    // made is waited out here: only this thread waits.
                    if st.worker {
                        let owed = interp.take_owed();
                        if !owed.is_zero() {
                            return Drive::Wait(
                                Box::pin(async move {
                                    looplab_core::sleep(owed).await.map_err(Exc::from)?;
                                    Ok(Value::None)
                                }),
                                Resume::Discard,
                            );
                        }
                    }
                }
                Ok(other) => break Ok(other),
                Err(e) => break Err(e),
            }
        };
        match flow {
            Ok(Flow::Next) => {}
            Ok(Flow::Call) => {
                if let Some(callee) = st.pool.pending.take() {
                    st.frames.push(callee);
                }
            }
            Ok(Flow::Return(v)) => {
                if let Some(done) = st.frames.pop() {
                    report_unawaited(interp, &done, true);
                    st.pool.recycle(done);
                    // What the returning frame dropped is closed before the
                    // caller goes on (at a task's end, the loop sees to it:
                    // `asyncio.run`'s shutdown, or another task's next
                    // instruction).
                    if interp.finalize_due() && !st.frames.is_empty() {
                        interp.run_finalizers();
                    }
                }
                if st.frames.is_empty() {
                    return Drive::Done(Ok(v));
                }
                interp.leave_call(false);
                if let Some(caller) = st.frames.last_mut() {
                    caller.stack.push(v);
                }
            }
            Ok(Flow::Wait(fut, how)) => return Drive::Wait(fut, how),
            Err(e) => raised = Some(e),
        }
    }
}

/// Reports coroutines dropped unawaited by the statement that just ended,
/// in the program's own code.
#[inline(always)]
fn report_unawaited(interp: &Interp, f: &VmFrame, ok: bool) {
    if f.main && crate::gen::any_unawaited() {
        interp.report_unawaited(f.f.pos.line, ok);
    }
}

/// Sends an exception to the innermost block of the frame: `Ok` when one
/// takes it (the frame goes on at its handler), the exception back when
/// none does.
fn unwind(interp: &Interp, f: &mut VmFrame, e: Exc) -> Result<(), Exc> {
    report_unawaited(interp, f, false);
    // The instruction that raised (or called what raised) gives the line
    // and the columns a traceback marks. Frames of modules that stand for
    // CPython's C modules (`decimal`) are left out, as CPython shows none.
    if f.main || !interp.is_c_module(&f.f.globals) {
        let span = f.code.span_at(f.pc.saturating_sub(1));
        let span = if span.end.line == 0 {
            crate::ir::Span {
                start: f.f.pos,
                end: crate::ir::Pos::default(),
            }
        } else {
            span
        };
        let module = if f.main {
            None
        } else {
            interp.module_source(&f.f.globals)
        };
        e.push_frame(f.f.id, f.f.def.name.clone(), span, f.main, module);
    }
    let Some(b) = f.blocks.pop() else {
        return Err(e);
    };
    f.stack.truncate(b.stack as usize);
    f.iters.truncate(b.iters as usize);
    f.f.handling.truncate(b.handling as usize);
    f.stack.push(e.value());
    *interp.last_caught.borrow_mut() = Rc::downgrade(&e.0);
    f.f.handling.push(e);
    f.pc = b.handler as usize;
    Ok(())
}

/// Calls `callee`: a Python function with lowered code becomes a frame in
/// `pending`; anything else is called at once and its result pushed.
fn call(
    interp: &Interp,
    f: &mut VmFrame,
    callee: Value,
    mut args: Args,
    pool: &mut Pool,
    can_yield: bool,
) -> Result<Flow, Exc> {
    if can_yield && f.module && interp.is_asyncio_run(&callee) {
        // `asyncio.run(main())` in the program's module: the module's task
        // waits for the loop it runs.
        let me = interp.rc();
        let fut: LocalFuture<'static, Result<Value, Exc>> =
            Box::pin(async move { me.run_asyncio_main(&callee, args).await });
        return Ok(Flow::Wait(fut, Resume::Push));
    }
    let func = match &callee {
        Value::Function(func) if func.def.kind == FuncKind::Plain => func.clone(),
        Value::Bound(b) => match &b.1 {
            Value::Function(func) if func.def.kind == FuncKind::Plain => {
                args.pos.insert(0, b.0.clone());
                func.clone()
            }
            _ => {
                let v = interp.call(&callee, args)?;
                f.stack.push(v);
                return Ok(Flow::Next);
            }
        },
        _ => {
            let v = interp.call(&callee, args)?;
            f.stack.push(v);
            return Ok(Flow::Next);
        }
    };
    interp.step()?;
    let code = super::code_for(&func.def);
    let frame = interp.new_frame(&func, args)?;
    interp.enter_call(false)?;
    pool.push(interp, frame, code);
    Ok(Flow::Call)
}

/// The commonest call: a Python function (or method of an instance) with
/// lowered code, given exactly its positional parameters and nothing else.
/// Its frame's locals are filled straight from the stack. `None` (nothing
/// taken off the stack) for any other call.
fn call_simple(
    interp: &Interp,
    f: &mut VmFrame,
    n: usize,
    pool: &mut Pool,
) -> Result<Option<Flow>, Exc> {
    let Some(at) = f.stack.len().checked_sub(n + 1) else {
        return Ok(None);
    };
    let (func, this) = match &f.stack[at] {
        Value::Function(func) => (func.clone(), None),
        Value::Bound(b) => match &b.1 {
            Value::Function(func) => (func.clone(), Some(b.0.clone())),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    if !takes_exactly(&func, n + usize::from(this.is_some())) {
        return Ok(None);
    }
    enter(interp, f, &func, this, at + 1, at, pool).map(Some)
}

/// Whether a call of `func` with `n` positional arguments and nothing else
/// binds them straight to its first `n` slots.
fn takes_exactly(func: &Function, n: usize) -> bool {
    let def = &func.def;
    let p = &def.params;
    def.kind == FuncKind::Plain
        && p.positional.len() == n
        && p.varargs.is_none()
        && p.varkw.is_none()
        && p.kwonly.is_empty()
        && def.param_cells.is_empty()
}

/// Enters `func` with `this` (if any) and the stack's values from `args`
/// on as its arguments; the stack is cut back to `base`.
fn enter(
    interp: &Interp,
    f: &mut VmFrame,
    func: &Rc<Function>,
    this: Option<Value>,
    args: usize,
    base: usize,
    pool: &mut Pool,
) -> Result<Flow, Exc> {
    let def = &func.def;
    interp.step()?;
    interp.enter_call(false)?;
    let nlocals = def.nlocals as usize;
    let from = args.min(f.stack.len());
    let Some(mut next) = pool.spare.pop() else {
        let mut locals = Vec::with_capacity(nlocals);
        locals.extend(this.map(Some));
        locals.extend(f.stack.drain(from..).map(Some));
        f.stack.truncate(base);
        locals.resize(nlocals, None);
        let frame = interp.simple_frame(func, locals);
        pool.push(interp, frame, super::code_for(def));
        return Ok(Flow::Call);
    };
    // A kept frame is filled where it is: its buffers keep their room,
    // and a recursive call finds the function and globals it needs there.
    let locals = &mut next.f.locals;
    locals.reserve(nlocals);
    locals.extend(this.map(Some));
    locals.extend(f.stack.drain(from..).map(Some));
    f.stack.truncate(base);
    next.f.refill(func);
    match def.code.get() {
        Some(code) if std::ptr::addr_eq(Rc::as_ptr(code), Rc::as_ptr(&next.code)) => {}
        _ => next.code = super::code_for(def),
    }
    next.main = Rc::ptr_eq(&func.globals, &interp.globals);
    next.module = false;
    next.pc = 0;
    next.begun = false;
    pool.pending = Some(next);
    Ok(Flow::Call)
}

/// `obj.name` about to be called: a Python function found on an
/// instance's class comes with the instance, unbound (no bound method is
/// made); anything else comes as `getattr` gives it, after a `None`.
fn load_method(
    interp: &Interp,
    f: &mut VmFrame,
    code: &Code,
    i: usize,
    obj: Value,
) -> Result<(), Exc> {
    let name = code.names.get(i).map_or("", |n| &**n);
    if let Some(m) = builtin_method(code, i, &obj, name) {
        f.stack.push(m);
        f.stack.push(obj);
        return Ok(());
    }
    if let Value::Object(o) = &obj {
        if o.exc.is_none()
            && name != "__class__"
            && name != "__dict__"
            && !o.dict.borrow().contains_key(name)
        {
            let key = MethodKey::Class(Rc::as_ptr(&o.class) as usize, class_epoch());
            let cell = code.method_cache.get(i);
            let cached = cell.and_then(|c| match &*c.borrow() {
                Some((k, CachedMethod::Function(m))) if *k == key => m.upgrade(),
                _ => None,
            });
            let found = match cached {
                Some(m) => Some(Value::Function(m)),
                None => match o.class.lookup(name) {
                    Some(found @ Value::Function(_)) => {
                        if let (Some(c), Value::Function(func)) = (cell, &found) {
                            let weak = CachedMethod::Function(Rc::downgrade(func));
                            *c.borrow_mut() = Some((key, weak));
                        }
                        Some(found)
                    }
                    _ => None,
                },
            };
            if let Some(found) = found {
                f.stack.push(found);
                f.stack.push(obj);
                return Ok(());
            }
        }
    }
    let v = interp.getattr(&obj, name)?;
    f.stack.push(Value::None);
    f.stack.push(v);
    Ok(())
}

/// `obj.name` (the code's name `i`) when it is the instance's own
/// attribute and its class has nothing by that name (no method, property,
/// slot or descriptor to win over or stand in for it), through the site's
/// cache; `None` to take the general way.
fn instance_attr(code: &Code, i: usize, o: &Rc<crate::value::Object>) -> Option<Value> {
    let hint = code.attr_cache.get(i)?;
    let name = code.names.get(i)?;
    let (class, epoch, mut slot) = hint.get();
    let here = Rc::as_ptr(&o.class) as usize;
    let now = class_epoch();
    if class != here || epoch != now {
        slot = if name.starts_with("__") || o.exc.is_some() || o.class.lookup(name).is_some() {
            ON_CLASS
        } else {
            u32::MAX
        };
        hint.set((here, now, slot));
    }
    if slot == ON_CLASS {
        return None;
    }
    let d = o.dict.borrow();
    if let Some((k, v)) = d.get_index(slot as usize) {
        if Rc::ptr_eq(k, name) || **k == **name {
            return Some(v.clone());
        }
    }
    let (at, _, v) = d.get_full(&**name)?;
    hint.set((here, now, u32::try_from(at).unwrap_or(u32::MAX)));
    Some(v.clone())
}

/// `obj.name = v` (the code's name `i`) straight into the instance's
/// namespace when its class has no `__setattr__`, nothing by that name and
/// no `__slots__` without `__dict__`, through the site's cache; the value
/// back to take the general way.
fn store_instance_attr(
    interp: &Interp,
    code: &Code,
    i: usize,
    o: &Rc<crate::value::Object>,
    v: Value,
) -> Result<(), Value> {
    let (Some(hint), Some(name)) = (code.store_cache.get(i), code.names.get(i)) else {
        return Err(v);
    };
    let (class, epoch, mut slot) = hint.get();
    let here = Rc::as_ptr(&o.class) as usize;
    let now = class_epoch();
    if class != here || epoch != now {
        let general = name.starts_with("__")
            || o.exc.is_some()
            || o.class.lookup("__setattr__").is_some()
            || o.class.lookup(name).is_some()
            || !crate::attr::has_instance_dict(&o.class);
        slot = if general { ON_CLASS } else { u32::MAX };
        hint.set((here, now, slot));
    }
    if slot == ON_CLASS || interp.has_dict_views() {
        return Err(v);
    }
    let mut d = o.dict.borrow_mut();
    let old = match d.get_index_mut(slot as usize) {
        Some((k, place)) if Rc::ptr_eq(k, name) || **k == **name => std::mem::replace(place, v),
        _ => match d.get_full_mut(&**name) {
            Some((at, _, place)) => {
                hint.set((here, now, u32::try_from(at).unwrap_or(u32::MAX)));
                std::mem::replace(place, v)
            }
            None => {
                let (at, _) = d.insert_full(name.clone(), v);
                hint.set((here, now, u32::try_from(at).unwrap_or(u32::MAX)));
                Value::None
            }
        },
    };
    drop(d);
    drop(old);
    Ok(())
}

/// The method `name` (the code's name `i`) of a built-in value such as a
/// list or a str, through the code's cache, as `getattr` would find it;
/// `None` for anything else (data attributes such as `__class__`, values
/// of other kinds, names the type lacks).
fn builtin_method(code: &Code, i: usize, obj: &Value, name: &str) -> Option<Value> {
    if !matches!(
        obj,
        Value::Str(_)
            | Value::List(_)
            | Value::Dict(_)
            | Value::Tuple(_)
            | Value::Set(_)
            | Value::Bytes(_)
            | Value::Int(_)
            | Value::Bool(_)
            | Value::Float(_)
    ) {
        return None;
    }
    let cell = code.method_cache.get(i)?;
    let kind = MethodKey::Value(std::mem::discriminant(obj));
    if let Some((k, CachedMethod::Builtin(m))) = &*cell.borrow() {
        if *k == kind {
            return Some(m.clone());
        }
    }
    if crate::methods::data_attr(obj, name).is_some() {
        return None;
    }
    let m = crate::builtins::builtin(name, crate::methods::lookup(obj, name)?);
    *cell.borrow_mut() = Some((kind, CachedMethod::Builtin(m.clone())));
    Some(m)
}

/// Calls what `load_method` left, with `n` positional arguments above it.
fn call_method(
    interp: &Interp,
    f: &mut VmFrame,
    n: usize,
    pool: &mut Pool,
    can_yield: bool,
) -> Result<Flow, Exc> {
    let Some(at) = f.stack.len().checked_sub(n + 2) else {
        return Err(Exc::runtime_error("internal error: stack underflow"));
    };
    if let Value::Builtin(b) = &f.stack[at] {
        // A built-in value's method (`builtin_method`): the receiver is
        // the first argument. Counted as the bound method's call was.
        let func = b.func;
        interp.step()?;
        interp.step()?;
        // The commonest of them, `xs.append(x)`, `d.get(k)` and
        // `d.get(k, default)`, without the argument list a call builds (as
        // CPython specialises them too). The name is the method's: a
        // built-in here came from `builtin_method` for this receiver.
        let v = match (n, &*b.name, &f.stack[at + 1]) {
            (1, "append", Value::List(l)) => {
                let l = l.clone();
                let x = f.pop();
                crate::methods::list_append(interp, &l, x)?;
                Some(Value::None)
            }
            (1 | 2, "get", Value::Dict(d)) => Some(crate::methods::dict_get(
                d,
                &f.stack[at + 2],
                f.stack.get(at + 3),
            )?),
            _ => None,
        };
        if let Some(v) = v {
            f.stack.truncate(at);
            f.stack.push(v);
            return Ok(Flow::Next);
        }
        let pos = f.stack.split_off(at + 1);
        f.stack.truncate(at);
        let v = func(interp, Args::new(pos))?;
        f.stack.push(v);
        return Ok(Flow::Next);
    }
    if let Value::Function(func) = &f.stack[at] {
        let func = func.clone();
        let this = f.stack[at + 1].clone();
        if takes_exactly(&func, n + 1) {
            return enter(interp, f, &func, Some(this), at + 2, at, pool);
        }
        let mut pos = Vec::with_capacity(n + 1);
        pos.push(this);
        pos.extend(f.stack.drain(at + 2..));
        f.stack.truncate(at);
        let callee = Value::Function(func);
        return call(interp, f, callee, Args::new(pos), pool, can_yield);
    }
    let pos = f.take(n);
    let callee = f.pop();
    f.pop();
    call(interp, f, callee, Args::new(pos), pool, can_yield)
}

/// The decimal digits of `i`, as `str(i)` gives them, allocated once.
fn int_text(i: i64) -> Rc<str> {
    // 19 digits and a sign at most (`i64::MIN`).
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = i.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    Rc::from(std::str::from_utf8(&buf[at..]).unwrap_or_default())
}

/// The strs among `parts` joined (an f-string's pieces, every one a str),
/// allocated once when the result is short.
fn concat(parts: &[Value]) -> Rc<str> {
    const SHORT: usize = 256;
    let len: usize = parts
        .iter()
        .map(|p| match p {
            Value::Str(s) => s.len(),
            _ => 0,
        })
        .sum();
    if len <= SHORT {
        let mut buf = [0u8; SHORT];
        let mut at = 0;
        for p in parts {
            if let Value::Str(s) = p {
                buf[at..at + s.len()].copy_from_slice(s.as_bytes());
                at += s.len();
            }
        }
        // Whole strs put end to end are UTF-8 still.
        return Rc::from(std::str::from_utf8(&buf[..at]).unwrap_or_default());
    }
    let mut out = String::with_capacity(len);
    for p in parts {
        if let Value::Str(s) = p {
            out.push_str(s);
        }
    }
    Rc::from(out)
}

#[inline(always)]
fn jump(f: &mut VmFrame, to: u32) {
    f.pc = to as usize;
}

#[inline(always)]
fn truthy(interp: &Interp, v: &Value) -> Result<bool, Exc> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => interp.truthy(other),
    }
}

/// Drops `v`, inline when it holds nothing to release (a number, `None`,
/// a bool): the general drop is a call, and most values an instruction
/// discards are of these kinds.
#[inline(always)]
fn discard(v: Value) {
    if matches!(
        v,
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_)
    ) {
        std::mem::forget(v);
    } else {
        drop(v);
    }
}

/// Local slot `i` of the frame's function (`UnboundLocalError` when it is
/// unset). Taking the frame's `Frame` rather than the whole `VmFrame`
/// leaves the caller free to move `pc` while it holds the value.
#[inline(always)]
fn local_value(fr: &Frame, i: impl Into<u32>) -> Result<&Value, Exc> {
    let i = i.into();
    match fr.locals.get(i as usize) {
        Some(Some(v)) => Ok(v),
        _ => Err(unbound_local(fr, i)),
    }
}

/// `UnboundLocalError` for local slot `i` of the frame.
#[cold]
fn unbound_local(fr: &Frame, i: u32) -> Exc {
    let name = fr
        .def
        .local_names
        .get(i as usize)
        .cloned()
        .unwrap_or_default();
    Exc::of(
        "UnboundLocalError",
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

/// A binary (or augmented, when `inplace`) operator on two values still
/// held elsewhere: small ints at once, anything else through the
/// operator protocol.
#[inline(always)]
fn bin_values(
    interp: &Interp,
    op: BinOp,
    inplace: bool,
    a: &Value,
    b: &Value,
) -> Result<Value, Exc> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(v) = int_op(op, *x, *y) {
            return Ok(Value::Int(v));
        }
    }
    let (a, b) = (a.clone(), b.clone());
    if inplace {
        interp.inplace_op(op, a, b)
    } else {
        interp.binary_op(op, a, b)
    }
}

#[inline(always)]
fn int_op(op: BinOp, x: i64, y: i64) -> Option<i64> {
    match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        // Python's `%` and `//` round toward negative infinity; a zero
        // divisor (and `i64::MIN // -1`) takes the general way.
        BinOp::Mod => {
            let r = x.checked_rem(y)?;
            Some(if r != 0 && (r < 0) != (y < 0) {
                r + y
            } else {
                r
            })
        }
        BinOp::FloorDiv => {
            let q = x.checked_div(y)?;
            Some(if x % y != 0 && (x < 0) != (y < 0) {
                q - 1
            } else {
                q
            })
        }
        BinOp::BitAnd => Some(x & y),
        BinOp::BitOr => Some(x | y),
        BinOp::BitXor => Some(x ^ y),
        _ => None,
    }
}

#[inline(always)]
fn int_compare(op: CmpOp, x: i64, y: i64) -> Option<bool> {
    Some(match op {
        CmpOp::Eq => x == y,
        CmpOp::NotEq => x != y,
        CmpOp::Lt => x < y,
        CmpOp::LtE => x <= y,
        CmpOp::Gt => x > y,
        CmpOp::GtE => x >= y,
        _ => return None,
    })
}

#[inline(always)]
fn compare(interp: &Interp, op: CmpOp, l: &Value, r: &Value) -> Result<Value, Exc> {
    if let (Value::Int(x), Value::Int(y)) = (l, r) {
        if let Some(b) = int_compare(op, *x, *y) {
            return Ok(Value::Bool(b));
        }
    }
    interp.compare(op, l, r)
}

/// The items of a value unpacked into targets, with CPython's wording
/// for what cannot be.
fn unpack_items(interp: &Interp, value: &Value) -> Result<Vec<Value>, Exc> {
    interp.collect(value).map_err(|e| {
        if e.is("TypeError") && e.summary().ends_with("object is not iterable") {
            Exc::type_error(format!(
                "cannot unpack non-iterable {} object",
                value.type_name()
            ))
        } else {
            e
        }
    })
}

/// Pushes what a pattern took apart (the first part on top) and `True`,
/// or `False` when it did not match.
fn push_parts(f: &mut VmFrame, parts: Option<Vec<Value>>) {
    match parts {
        Some(parts) => {
            f.stack.extend(parts.into_iter().rev());
            f.stack.push(Value::Bool(true));
        }
        None => f.stack.push(Value::Bool(false)),
    }
}

/// A function object for `def`/`lambda`/generator expressions made in `f`.
fn make_function(
    f: &VmFrame,
    def: &Rc<crate::ir::FuncDef>,
    defaults: Vec<Value>,
    kw_defaults: Vec<(Rc<str>, Value)>,
) -> Function {
    Function {
        def: def.clone(),
        defaults,
        kw_defaults,
        closure: def
            .freevars_from
            .iter()
            .map(|i| {
                f.f.cells
                    .get(*i as usize)
                    .cloned()
                    .unwrap_or_else(|| Rc::new(RefCell::new(None)))
            })
            .collect(),
        globals: f.f.globals.clone(),
        attrs: RefCell::new(IndexMap::default()),
        class_cell: f.f.class_cell.clone(),
    }
}

/// Runs one instruction.
#[inline(always)]
fn step(
    interp: &Interp,
    f: &mut VmFrame,
    op: Op,
    pool: &mut Pool,
    can_yield: bool,
) -> Result<Flow, Exc> {
    match op {
        Op::Line(i) => {
            if f.begun {
                report_unawaited(interp, f, true);
            }
            f.begun = true;
            if let Some(pos) = f.code.positions.get(i as usize) {
                f.f.pos = *pos;
                if f.main {
                    interp.begin_line(pos.line);
                }
            }
            interp.step()?;
        }
        Op::Pos(i) => {
            report_unawaited(interp, f, true);
            if let Some(pos) = f.code.positions.get(i as usize) {
                f.f.pos = *pos;
            }
        }
        Op::Tick => {
            interp.step()?;
            if can_yield && interp.preempt_due() {
                let pause: LocalFuture<'static, Result<Value, Exc>> = Box::pin(async {
                    looplab_core::preempt().await;
                    Ok(Value::None)
                });
                return Ok(Flow::Wait(pause, Resume::Discard));
            }
        }
        Op::Await => {
            let v = f.pop();
            // Awaiting an `async def` call not started yet: its frame joins
            // this stack, as a call would (no poll nesting in Rust).
            let fiber = crate::value::native_ref::<crate::gen::Coroutine>(&v)
                .and_then(crate::gen::Coroutine::take_fiber);
            if let Some(mut fiber) = fiber {
                if let Some(frame) = fiber.st.frames.pop() {
                    interp.enter_call(false)?;
                    pool.pending = Some(frame);
                    return Ok(Flow::Call);
                }
            }
            let fut = interp.rc().await_value(v);
            return Ok(Flow::Wait(fut, Resume::Push));
        }
        Op::Yield => {
            let v = f.pop();
            let chan = yield_channel(f)?;
            let fut: LocalFuture<'static, Result<Value, Exc>> =
                Box::pin(async move { chan.yield_value(v).await });
            return Ok(Flow::Wait(fut, Resume::Push));
        }
        Op::YieldFrom => {
            let v = f.pop();
            let chan = yield_channel(f)?;
            let fut = interp.rc().yield_from(chan, v);
            return Ok(Flow::Wait(fut, Resume::Push));
        }
        Op::AsyncIter => {
            let it = f.pop();
            let aiter_m = interp.getattr(&it, "__aiter__").map_err(|_| {
                Exc::type_error(format!(
                    "'async for' requires an object with __aiter__ method, got {}",
                    it.type_name()
                ))
            })?;
            let aiter = interp.call(&aiter_m, Args::default())?;
            let anext = interp.getattr(&aiter, "__anext__")?;
            f.stack.push(anext);
        }
        Op::AsyncNext(to) => {
            let anext = f.top().cloned().unwrap_or(Value::None);
            let aw = interp.call(&anext, Args::default())?;
            let fut = interp.rc().await_value(aw);
            return Ok(Flow::Wait(fut, Resume::NextItem(to)));
        }
        Op::AsyncWithEnter => {
            let mgr = f.pop();
            let (enter, exit) = interp.context_methods(&mgr, true)?;
            let aw = interp.call(&enter, Args::default())?;
            f.stack.push(exit);
            f.stack.push(aw);
        }
        Op::AsyncWithExit => {
            let exit = f.pop();
            let aw = interp.call(
                &exit,
                Args::new(vec![Value::None, Value::None, Value::None]),
            )?;
            f.stack.push(aw);
        }
        Op::AsyncWithExitRaised => {
            let v = f.pop();
            let exit = f.pop();
            let e = interp.make_exception(v.clone())?;
            let args = Args::new(vec![
                Value::Class(e.class().clone()),
                e.value(),
                Value::None,
            ]);
            let aw = interp.call(&exit, args)?;
            f.stack.push(v);
            f.stack.push(aw);
        }
        Op::WithExitChecked => {
            let r = f.pop();
            let v = f.pop();
            let e = interp.make_exception(v)?;
            let suppress = truthy(interp, &r)?;
            f.f.handling.pop();
            if !suppress {
                return Err(e);
            }
        }
        Op::Const(i) => {
            let v = f
                .code
                .consts
                .get(i as usize)
                .cloned()
                .unwrap_or(Value::None);
            f.stack.push(v);
        }
        Op::LoadLocal(i) => {
            let v = local_value(&f.f, i)?.clone();
            f.stack.push(v);
        }
        Op::StoreLocal(i) => {
            let v = f.pop();
            if let Some(slot) = f.f.locals.get_mut(i as usize) {
                *slot = Some(v);
            }
        }
        Op::LoadGlobal(i) => {
            let i = i as usize;
            let Some(name) = f.code.names.get(i) else {
                return Err(Exc::runtime_error("internal error: no such name"));
            };
            // Where the globals held this name last time: an index and a
            // key comparison instead of hashing the name.
            let slot = f.code.global_slots.get(i);
            let cached = slot.map_or(u32::MAX, std::cell::Cell::get) as usize;
            let hit = match f.f.globals.borrow().get_index(cached) {
                Some((k, v)) if Rc::ptr_eq(k, name) || **k == **name => Some(v.clone()),
                _ => None,
            };
            let v = match hit {
                Some(v) => v,
                None => {
                    let found =
                        f.f.globals
                            .borrow()
                            .get_full(&**name)
                            .map(|(at, _, v)| (at, v.clone()));
                    match found {
                        Some((at, v)) => {
                            if let (Some(slot), Ok(at)) = (slot, u32::try_from(at)) {
                                slot.set(at);
                            }
                            v
                        }
                        None => interp
                            .load_global(&f.f.globals, name)
                            .map_err(|e| interp.suggest_name(e, &f.f, name))?,
                    }
                }
            };
            f.stack.push(v);
        }
        Op::StoreGlobal(i) => {
            let v = f.pop();
            let i = i as usize;
            let Some(name) = f.code.names.get(i) else {
                return Err(Exc::runtime_error("internal error: no such name"));
            };
            let slot = f.code.global_slots.get(i);
            let cached = slot.map_or(u32::MAX, std::cell::Cell::get) as usize;
            let mut globals = f.f.globals.borrow_mut();
            match globals.get_index_mut(cached) {
                Some((k, cur)) if Rc::ptr_eq(k, name) || **k == **name => *cur = v,
                _ => {
                    let (at, _) = globals.insert_full(name.clone(), v);
                    if let (Some(slot), Ok(at)) = (slot, u32::try_from(at)) {
                        slot.set(at);
                    }
                }
            }
        }
        Op::LoadVar(i) => {
            let code = f.code.clone();
            if let Some(var) = code.vars.get(i as usize) {
                let v = interp.load(&f.f, var)?;
                f.stack.push(v);
            }
        }
        Op::StoreVar(i) => {
            let v = f.pop();
            let code = f.code.clone();
            if let Some(var) = code.vars.get(i as usize) {
                interp.store(&mut f.f, var, v)?;
            }
        }
        Op::DeleteVar(i) => {
            let code = f.code.clone();
            if let Some(var) = code.vars.get(i as usize) {
                interp.unbind(&mut f.f, var)?;
            }
        }
        Op::ForgetVar(i) => {
            let code = f.code.clone();
            if let Some(var) = code.vars.get(i as usize) {
                let _ = interp.unbind(&mut f.f, var);
            }
        }
        Op::Attr(i) => {
            let o = f.pop();
            if let Value::Object(obj) = &o {
                if let Some(v) = instance_attr(&f.code, i as usize, obj) {
                    f.stack.push(v);
                    return Ok(Flow::Next);
                }
            }
            let v = interp.getattr(&o, name(f, i))?;
            f.stack.push(v);
        }
        Op::StoreAttr(i) => {
            let o = f.pop();
            let mut v = f.pop();
            if let Value::Object(obj) = &o {
                match store_instance_attr(interp, &f.code, i as usize, obj, v) {
                    Ok(()) => return Ok(Flow::Next),
                    Err(back) => v = back,
                }
            }
            interp.setattr(&o, name(f, i), v)?;
        }
        Op::DeleteAttr(i) => {
            let o = f.pop();
            interp.delattr(&o, name(f, i))?;
        }
        Op::Subscript => {
            let k = f.pop();
            let o = f.pop();
            if let (Value::List(l), Value::Int(i)) = (&o, &k) {
                let l = l.borrow();
                let at = if *i < 0 { *i + l.len() as i64 } else { *i };
                if let Some(v) = usize::try_from(at).ok().and_then(|at| l.get(at)) {
                    let v = v.clone();
                    drop(l);
                    f.stack.push(v);
                    return Ok(Flow::Next);
                }
            }
            let v = interp.getitem(&o, k)?;
            f.stack.push(v);
        }
        Op::StoreSubscript => {
            let k = f.pop();
            let o = f.pop();
            let v = f.pop();
            interp.setitem(&o, k, v)?;
        }
        Op::DeleteSubscript => {
            let k = f.pop();
            let o = f.pop();
            interp.delitem(&o, k)?;
        }
        Op::Slice => {
            let c = f.pop();
            let b = f.pop();
            let a = f.pop();
            f.stack.push(crate::builtins::slice(a, b, c));
        }
        Op::Call(n) => {
            if let Some(flow) = call_simple(interp, f, n as usize, pool)? {
                return Ok(flow);
            }
            let pos = f.take(n as usize);
            let callee = f.pop();
            return call(interp, f, callee, Args::new(pos), pool, can_yield);
        }
        Op::LoadMethod(i) => {
            let code = f.code.clone();
            let obj = f.pop();
            load_method(interp, f, &code, i as usize, obj)?;
        }
        Op::LocalMethod { local, name } => {
            let obj = local_value(&f.f, local)?;
            let obj = obj.clone();
            f.pc += 1;
            let code = f.code.clone();
            load_method(interp, f, &code, usize::from(name), obj)?;
        }
        Op::BinConst {
            konst,
            op: bin,
            inplace,
        } => {
            let a = f.pop();
            f.pc += 1;
            let none = Value::None;
            let b = f.code.consts.get(konst as usize).unwrap_or(&none);
            let v = bin_values(interp, bin, inplace, &a, b)?;
            discard(a);
            f.stack.push(v);
        }
        Op::CallMethod(n) => return call_method(interp, f, n as usize, pool, can_yield),
        Op::CallWith(i) => {
            let code = f.code.clone();
            let shapes = code.calls.get(i as usize).map_or(&[][..], |s| &s[..]);
            let values = f.take(shapes.len());
            let callee = f.pop();
            let mut args = Args {
                pos: Vec::with_capacity(values.len() + 1),
                kw: Vec::new(),
            };
            for (shape, v) in shapes.iter().zip(values) {
                match shape {
                    ArgShape::Pos => args.pos.push(v),
                    ArgShape::Star => args.pos.extend(interp.collect(&v)?),
                    ArgShape::Kw(n) => args.kw.push((n.clone(), v)),
                    ArgShape::StarStar => {
                        for (k, v) in interp.mapping_items(&v)? {
                            match k {
                                Value::Str(ref s) => args.kw.push((s.clone(), v)),
                                _ => return Err(Exc::type_error("keywords must be strings")),
                            }
                        }
                    }
                }
            }
            return call(interp, f, callee, args, pool, can_yield);
        }
        Op::Bin(bin) | Op::Inplace(bin) => {
            let b = f.pop();
            let a = f.pop();
            if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
                if let Some(v) = int_op(bin, *x, *y) {
                    f.stack.push(Value::Int(v));
                    return Ok(Flow::Next);
                }
            }
            let v = if matches!(op, Op::Bin(_)) {
                interp.binary_op(bin, a, b)?
            } else {
                interp.inplace_op(bin, a, b)?
            };
            f.stack.push(v);
        }
        Op::Unary(op) => {
            let v = f.pop();
            let v = interp.unary_op(op, v)?;
            f.stack.push(v);
        }
        Op::Compare(op) => {
            let r = f.pop();
            let l = f.pop();
            let v = compare(interp, op, &l, &r)?;
            f.stack.push(v);
        }
        Op::CompareLink(op, to) => {
            let r = f.pop();
            let l = f.pop();
            let v = compare(interp, op, &l, &r)?;
            if truthy(interp, &v)? {
                f.stack.push(r);
            } else {
                f.stack.push(v);
                jump(f, to);
            }
        }
        Op::Jump(to) => jump(f, to),
        Op::JumpIfFalse(to) => {
            let v = f.pop();
            if !truthy(interp, &v)? {
                jump(f, to);
            }
        }
        Op::JumpIfTrue(to) => {
            let v = f.pop();
            if truthy(interp, &v)? {
                jump(f, to);
            }
        }
        Op::JumpIfFalseOrPop(to) => {
            let t = match f.top() {
                Some(v) => truthy(interp, v)?,
                None => false,
            };
            if t {
                f.pop();
            } else {
                jump(f, to);
            }
        }
        Op::JumpIfTrueOrPop(to) => {
            let t = match f.top() {
                Some(v) => truthy(interp, v)?,
                None => false,
            };
            if t {
                jump(f, to);
            } else {
                f.pop();
            }
        }
        Op::Pop => {
            if let Some(v) = f.stack.pop() {
                discard(v);
            }
        }
        Op::Dup => {
            let v = f.top().cloned().unwrap_or(Value::None);
            f.stack.push(v);
        }
        Op::Dup2 => {
            let n = f.stack.len();
            if n >= 2 {
                let (a, b) = (f.stack[n - 2].clone(), f.stack[n - 1].clone());
                f.stack.push(a);
                f.stack.push(b);
            }
        }
        Op::Rot2 => {
            let n = f.stack.len();
            if n >= 2 {
                f.stack.swap(n - 1, n - 2);
            }
        }
        Op::Rot3 => {
            let n = f.stack.len();
            if n >= 3 {
                let v = f.pop();
                f.stack.insert(n - 3, v);
            }
        }
        Op::GetIter => {
            let v = f.pop();
            let it = interp.iter(&v)?;
            f.iters.push(it);
        }
        Op::ForIter(to) => {
            let next = match f.iters.last_mut() {
                Some(it) => it.next(interp)?,
                None => None,
            };
            match next {
                Some(v) => f.stack.push(v),
                None => {
                    f.iters.pop();
                    jump(f, to);
                }
            }
        }
        Op::PopIter => {
            f.iters.pop();
        }
        Op::BuildList(n) => {
            let items = f.take(n as usize);
            f.stack.push(Value::list(items));
        }
        Op::BuildTuple(n) => {
            let items = f.take(n as usize);
            f.stack.push(Value::tuple(items));
        }
        Op::BuildSet(n) => {
            let items = f.take(n as usize);
            let mut s = Set::default();
            for v in items {
                s.insert(Key::new(v)?);
            }
            f.stack.push(Value::Set(Rc::new(RefCell::new(s))));
        }
        Op::BuildDict(n) => {
            let items = f.take(2 * n as usize);
            let mut d = Dict::default();
            let mut it = items.into_iter();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                d.insert(Key::new(k)?, v);
            }
            f.stack.push(Value::dict(d));
        }
        Op::ListAppend => {
            let v = f.pop();
            if let Some(Value::List(l)) = f.top() {
                l.borrow_mut().push(v);
            }
        }
        Op::ListExtend => {
            let v = f.pop();
            let items = interp.collect(&v)?;
            if let Some(Value::List(l)) = f.top() {
                l.borrow_mut().extend(items);
            }
        }
        Op::ListToTuple => {
            let v = f.pop();
            let items = match &v {
                Value::List(l) => l.borrow().clone(),
                _ => Vec::new(),
            };
            f.stack.push(Value::tuple(items));
        }
        Op::SetAdd => {
            let v = f.pop();
            let k = Key::new(v)?;
            if let Some(Value::Set(s)) = f.top() {
                s.borrow_mut().insert(k);
            }
        }
        Op::SetExtend => {
            let v = f.pop();
            let mut keys = Vec::new();
            for item in interp.collect(&v)? {
                keys.push(Key::new(item)?);
            }
            if let Some(Value::Set(s)) = f.top() {
                s.borrow_mut().extend(keys);
            }
        }
        Op::DictSet => {
            let v = f.pop();
            let k = Key::new(f.pop())?;
            if let Some(Value::Dict(d)) = f.top() {
                d.borrow_mut().insert(k, v);
            }
        }
        Op::DictUpdate => {
            let m = f.pop();
            let mut pairs = Vec::new();
            for (k, v) in interp.mapping_items(&m)? {
                pairs.push((Key::new(k)?, v));
            }
            if let Some(Value::Dict(d)) = f.top() {
                d.borrow_mut().extend(pairs);
            }
        }
        Op::Unpack(n) => {
            let v = f.pop();
            let items = unpack_items(interp, &v)?;
            let n = n as usize;
            if items.len() != n {
                return Err(Exc::value_error(if items.len() > n {
                    format!("too many values to unpack (expected {n})")
                } else {
                    format!(
                        "not enough values to unpack (expected {n}, got {})",
                        items.len()
                    )
                }));
            }
            f.stack.extend(items.into_iter().rev());
        }
        Op::MatchSequence(n) => {
            let v = f.pop();
            let found = super::patterns::match_sequence(interp, &v, n as usize, None)?;
            push_parts(f, found);
        }
        Op::MatchSequenceStar(before, after) => {
            let v = f.pop();
            let found =
                super::patterns::match_sequence(interp, &v, before as usize, Some(after as usize))?;
            push_parts(f, found);
        }
        Op::MatchMapping(n) => {
            let v = f.pop();
            let ok = super::patterns::match_mapping(interp, &v, n as usize)?;
            f.stack.push(Value::Bool(ok));
        }
        Op::MatchKeys(n, rest) => {
            let keys = f.take(n as usize);
            let v = f.pop();
            match super::patterns::match_keys(interp, &v, keys, rest)? {
                Some((values, rest)) => {
                    if let Some(r) = rest {
                        f.stack.push(r);
                    }
                    push_parts(f, Some(values));
                }
                None => f.stack.push(Value::Bool(false)),
            }
        }
        Op::MatchClass(i) => {
            let v = f.pop();
            let class = f.pop();
            let code = f.code.clone();
            let (positional, keywords) = code
                .class_patterns
                .get(i as usize)
                .map_or((0, &[][..]), |(p, k)| (*p as usize, &k[..]));
            let found = super::patterns::match_class(interp, &class, &v, positional, keywords)?;
            push_parts(f, found);
        }
        Op::UnpackStar(before, after) => {
            let v = f.pop();
            let mut items = unpack_items(interp, &v)?;
            let (before, after) = (before as usize, after as usize);
            if items.len() < before + after {
                return Err(Exc::value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    before + after,
                    items.len()
                )));
            }
            let tail = items.split_off(items.len() - after);
            let middle = items.split_off(before);
            f.stack.extend(tail.into_iter().rev());
            f.stack.push(Value::list(middle));
            f.stack.extend(items.into_iter().rev());
        }
        Op::Format(conv, has_spec) => {
            let spec = if has_spec { Some(f.pop()) } else { None };
            let v = f.pop();
            // `{x}` of a str or an int, the commonest by far: the str
            // itself, or the int's digits with one allocation.
            if spec.is_none() && conv == '-' {
                match v {
                    Value::Str(_) => {
                        f.stack.push(v);
                        return Ok(Flow::Next);
                    }
                    Value::Int(i) => {
                        f.stack.push(Value::Str(int_text(i)));
                        return Ok(Flow::Next);
                    }
                    _ => {}
                }
            }
            let spec = match &spec {
                Some(Value::Str(s)) => &**s,
                _ => "",
            };
            let v = match conv {
                'r' => Value::str(interp.repr(&v)?),
                'a' => Value::str(crate::builtins::ascii_escaped(&interp.repr(&v)?)),
                's' => Value::str(interp.str(&v)?),
                _ => v,
            };
            let text = interp.format_value(&v, spec)?;
            f.stack.push(Value::str(text));
        }
        Op::BuildString(n) => {
            let at = f.stack.len().saturating_sub(n as usize);
            let text = concat(&f.stack[at..]);
            f.stack.truncate(at);
            f.stack.push(Value::Str(text));
        }
        Op::MakeFunction(i) => {
            let code = f.code.clone();
            let Some(entry) = code.funcs.get(i as usize) else {
                return Err(Exc::runtime_error("internal error: no such function"));
            };
            let annotations = f.take(2 * entry.annotations as usize);
            let kw_values = f.take(entry.kw_defaults.len());
            let defaults = f.take(entry.defaults as usize);
            let kw_defaults = entry.kw_defaults.iter().cloned().zip(kw_values).collect();
            let func = make_function(f, &entry.def, defaults, kw_defaults);
            if !annotations.is_empty() {
                let mut d = Dict::default();
                let mut it = annotations.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    d.insert(Key(k), v);
                }
                func.attrs
                    .borrow_mut()
                    .insert("__annotations__".into(), Value::dict(d));
            }
            f.stack.push(Value::Function(Rc::new(func)));
        }
        Op::GenExp(i) => {
            let code = f.code.clone();
            let Some(entry) = code.funcs.get(i as usize) else {
                return Err(Exc::runtime_error("internal error: no such function"));
            };
            let first = f.pop();
            let it = crate::builtins::iter_value(interp, first)?;
            let func = make_function(f, &entry.def, Vec::new(), Vec::new());
            let g = interp.call_function(&Rc::new(func), Args::new(vec![it]))?;
            f.stack.push(g);
        }
        Op::ClassCell => {
            let v =
                f.f.class_value
                    .clone()
                    .ok_or_else(|| Exc::runtime_error("super(): __class__ cell not found"))?;
            f.stack.push(v);
        }
        Op::Return => {
            let v = f.pop();
            return Ok(Flow::Return(v));
        }
        Op::SetReturn => f.ret = f.pop(),
        Op::ReturnKept => {
            let v = std::mem::replace(&mut f.ret, Value::None);
            return Ok(Flow::Return(v));
        }
        Op::LocalConstBin {
            local,
            konst,
            op: bin,
            inplace,
        } => {
            let a = local_value(&f.f, local)?;
            f.pc += 2;
            let none = Value::None;
            let b = f.code.consts.get(konst as usize).unwrap_or(&none);
            let v = bin_values(interp, bin, inplace, a, b)?;
            f.stack.push(v);
        }
        Op::LocalLocalBin {
            a,
            b,
            op: bin,
            inplace,
        } => {
            let x = local_value(&f.f, a)?;
            f.pc += 1;
            let y = local_value(&f.f, b)?;
            f.pc += 1;
            let v = bin_values(interp, bin, inplace, x, y)?;
            f.stack.push(v);
        }
        Op::LocalConstCompare { local, konst, op } => {
            let l = local_value(&f.f, local)?;
            f.pc += 2;
            let none = Value::None;
            let r = f.code.consts.get(konst as usize).unwrap_or(&none);
            let to = match f.code.ops.get(f.pc) {
                Some(&Op::JumpIfFalse(to)) => Some(to),
                _ => None,
            };
            // The truth of two small ints' comparison is used as a bool,
            // never made a value only to be tested.
            let fast = match (l, r) {
                (Value::Int(x), Value::Int(y)) => int_compare(op, *x, *y),
                _ => None,
            };
            match (fast, to) {
                (Some(holds), Some(to)) => {
                    f.pc += 1;
                    if !holds {
                        jump(f, to);
                    }
                }
                (Some(holds), None) => f.stack.push(Value::Bool(holds)),
                (None, to) => {
                    let v = interp.compare(op, l, r)?;
                    match to {
                        Some(to) => {
                            f.pc += 1;
                            if !truthy(interp, &v)? {
                                jump(f, to);
                            }
                        }
                        None => f.stack.push(v),
                    }
                }
            }
        }
        Op::CompareJump(op, to) => {
            let r = f.pop();
            let l = f.pop();
            f.pc += 1;
            let holds = match (&l, &r) {
                (Value::Int(x), Value::Int(y)) => int_compare(op, *x, *y),
                _ => None,
            };
            let holds = match holds {
                Some(holds) => holds,
                None => {
                    let v = interp.compare(op, &l, &r)?;
                    truthy(interp, &v)?
                }
            };
            if !holds {
                jump(f, to);
            }
        }
        Op::ReturnLocal(i) => return Ok(Flow::Return(local_value(&f.f, i)?.clone())),
        Op::ReturnConst(i) => {
            let v = f
                .code
                .consts
                .get(i as usize)
                .cloned()
                .unwrap_or(Value::None);
            return Ok(Flow::Return(v));
        }
        Op::ForIterStore { to, local } => {
            let next = match f.iters.last_mut() {
                Some(it) => it.next(interp)?,
                None => None,
            };
            match next {
                Some(v) => {
                    f.pc += 1;
                    if let Some(slot) = f.f.locals.get_mut(local as usize) {
                        *slot = Some(v);
                    }
                }
                None => {
                    f.iters.pop();
                    jump(f, to);
                }
            }
        }
        Op::TickJump(to) => {
            jump(f, to);
            interp.step()?;
            if can_yield && interp.preempt_due() {
                let pause: LocalFuture<'static, Result<Value, Exc>> = Box::pin(async {
                    looplab_core::preempt().await;
                    Ok(Value::None)
                });
                return Ok(Flow::Wait(pause, Resume::Discard));
            }
        }
        Op::LocalAttr { local, name: i } => {
            let o = local_value(&f.f, local)?;
            f.pc += 1;
            if let Value::Object(obj) = o {
                if let Some(v) = instance_attr(&f.code, usize::from(i), obj) {
                    f.stack.push(v);
                    return Ok(Flow::Next);
                }
            }
            let o = o.clone();
            let v = interp.getattr(&o, name(f, u32::from(i)))?;
            f.stack.push(v);
        }
        Op::Raise(n) => {
            return Err(match n {
                0 => {
                    f.f.handling
                        .last()
                        .cloned()
                        .unwrap_or_else(|| Exc::runtime_error("No active exception to reraise"))
                }
                1 => {
                    let v = f.pop();
                    interp.raise_value(&f.f, v, None)?
                }
                _ => {
                    let cause = f.pop();
                    let v = f.pop();
                    interp.raise_value(&f.f, v, Some(cause))?
                }
            });
        }
        Op::AssertFailed(has_msg) => {
            let args = if has_msg { vec![f.pop()] } else { Vec::new() };
            return Err(Exc::new(crate::exc::class("AssertionError"), args));
        }
        Op::AssertExplained(i) => {
            if !interp.explains_asserts() {
                let plain = f.code.asserts.get(i as usize).map(|a| a.plain);
                if let Some(plain) = plain {
                    jump(f, plain);
                }
            }
        }
        Op::AssertExplain(i) => {
            let code = f.code.clone();
            let Some(entry) = code.asserts.get(i as usize) else {
                return Err(Exc::runtime_error("internal error: no such assert"));
            };
            let shown = |call: &Option<Rc<crate::ir::CallShow>>| {
                call.as_ref()
                    .map_or(0, |c| c.args.iter().filter(|(_, a)| a.is_ok()).count())
            };
            let texts = |vs: Vec<Value>| -> Vec<String> {
                vs.into_iter()
                    .map(|v| match v {
                        Value::Str(ref s) => s.to_string(),
                        _ => "?".to_string(),
                    })
                    .collect()
            };
            let explanation = match &*entry.parts {
                crate::ir::AssertParts::Compare {
                    left_call,
                    right_call,
                    ..
                } => {
                    let rt = texts(f.take(shown(right_call)));
                    let lt = texts(f.take(shown(left_call)));
                    let r = f.pop();
                    let l = f.pop();
                    interp.explain_assert(&entry.parts, &l, Some(&r), &lt, &rt)?
                }
                crate::ir::AssertParts::Truth { call, .. } => {
                    let t = texts(f.take(shown(call)));
                    let v = f.pop();
                    interp.explain_assert(&entry.parts, &v, None, &t, &[])?
                }
            };
            match explanation {
                None => jump(f, entry.end),
                Some(m) => f.stack.push(Value::str(m)),
            }
        }
        Op::AssertJoin => {
            // pytest: the assert's own message first, then the explanation.
            let m = f.pop();
            let explanation = f.pop();
            let text = format!("{}\n{}", interp.str(&m)?, interp.str(&explanation)?);
            f.stack.push(Value::str(text));
        }
        Op::AssertRaise => {
            let m = f.pop();
            return Err(Exc::new(crate::exc::class("AssertionError"), vec![m]));
        }
        Op::Repr => {
            let v = f.pop();
            let text = interp.repr(&v)?;
            f.stack.push(Value::str(text));
        }
        Op::SyntaxError(i) => {
            let msg = f
                .code
                .consts
                .get(i as usize)
                .cloned()
                .unwrap_or(Value::None);
            return Err(Exc::new(crate::exc::class("SyntaxError"), vec![msg]));
        }
        Op::MakeClass(i, n) => {
            let code = f.code.clone();
            let Some((name, body, kw_names)) = code.classes.get(i as usize) else {
                return Err(Exc::runtime_error("internal error: no such class"));
            };
            let kw_values = f.take(kw_names.len());
            let bases = f.take(n as usize);
            let kw = kw_names.iter().cloned().zip(kw_values).collect();
            let class = interp.make_class(&f.f, name, bases, kw, body)?;
            f.stack.push(class);
        }
        Op::StarBegin => {
            let v = f.pop();
            let e = interp.make_exception(v)?;
            let was_group = e.state().group.borrow().is_some();
            let state = StarState {
                rest: RefCell::new(Some(e)),
                raised: RefCell::new(Vec::new()),
                was_group,
            };
            f.stack.push(Value::Native(Rc::new(state)));
        }
        Op::StarNone(to) => {
            let none_left = star_state(f).is_none_or(|s| s.rest.borrow().is_none());
            if none_left {
                jump(f, to);
            }
        }
        Op::StarMatch(to) => {
            let class = f.pop();
            let Some(state) = star_state(f) else {
                return Err(Exc::runtime_error("internal error: no except* state"));
            };
            let Some(current) = state.rest.borrow_mut().take() else {
                jump(f, to);
                return Ok(Flow::Next);
            };
            let mut failure = None;
            let (matched, left) =
                crate::builtins::split_group(&current, &mut |x: &Exc| match interp
                    .exception_matches(x, &class)
                {
                    Ok(b) => b,
                    Err(err) => {
                        failure = Some(err);
                        false
                    }
                });
            if let Some(err) = failure {
                return Err(err);
            }
            *state.rest.borrow_mut() = left;
            match matched {
                None => jump(f, to),
                Some(m) => {
                    let group = if m.state().group.borrow().is_some() {
                        m
                    } else {
                        crate::builtins::wrap_naked(m)
                    };
                    f.stack.push(group.value());
                    f.f.handling.push(group);
                }
            }
        }
        Op::StarRaised => {
            let v = f.pop();
            let e = interp.make_exception(v)?;
            f.f.handling.pop();
            f.f.handling.pop();
            if let Some(state) = star_state(f) {
                state.raised.borrow_mut().push(e);
            }
        }
        Op::StarEnd => {
            let Some(state) = star_state(f) else {
                return Err(Exc::runtime_error("internal error: no except* state"));
            };
            f.pop();
            f.f.handling.pop();
            let rest = state.rest.borrow_mut().take();
            let mut raised = std::mem::take(&mut *state.raised.borrow_mut());
            match (rest, raised.is_empty()) {
                (None, true) => {}
                (Some(r), true) => {
                    if !state.was_group {
                        // A naked exception nobody matched goes on as it was.
                        if let Some((_, subs)) = &*r.state().group.borrow() {
                            if subs.len() == 1 {
                                return Err(subs[0].clone());
                            }
                        }
                    }
                    return Err(r);
                }
                (None, false) if raised.len() == 1 => return Err(raised.remove(0)),
                (rest, false) => {
                    raised.extend(rest);
                    return Err(crate::builtins::exception_group("".into(), raised));
                }
            }
        }
        Op::SetupExcept(to) | Op::SetupFinally(to) => {
            let b = Block {
                handler: to,
                stack: f.stack.len() as u32,
                iters: f.iters.len() as u32,
                handling: f.f.handling.len() as u32,
            };
            f.blocks.push(b);
        }
        Op::PopBlock => {
            f.blocks.pop();
        }
        Op::ExceptionMatches => {
            let class = f.pop();
            let exc = f.top().cloned().unwrap_or(Value::None);
            let e = interp.make_exception(exc)?;
            let m = interp.exception_matches(&e, &class)?;
            f.stack.push(Value::Bool(m));
        }
        Op::PopHandling => {
            f.f.handling.pop();
        }
        Op::Reraise => {
            let v = f.pop();
            f.f.handling.pop();
            return Err(interp.make_exception(v)?);
        }
        Op::HandlerRaised => {
            let v = f.pop();
            let new = interp.make_exception(v)?;
            f.f.handling.pop();
            if let Some(handled) = f.f.handling.pop() {
                if !Rc::ptr_eq(&new.0, &handled.0) && new.state().context.borrow().is_none() {
                    *new.state().context.borrow_mut() = Some(handled);
                }
            }
            return Err(new);
        }
        Op::WithEnter => {
            let mgr = f.pop();
            let (exit, entered) = interp.enter_context(&mgr)?;
            f.stack.push(exit);
            f.stack.push(entered);
        }
        Op::WithExit => {
            let exit = f.pop();
            interp.call(
                &exit,
                Args::new(vec![Value::None, Value::None, Value::None]),
            )?;
        }
        Op::WithExitRaised => {
            let v = f.pop();
            let exit = f.pop();
            let e = interp.make_exception(v)?;
            let args = Args::new(vec![
                Value::Class(e.class().clone()),
                e.value(),
                Value::None,
            ]);
            let r = interp.call(&exit, args)?;
            let suppress = truthy(interp, &r)?;
            f.f.handling.pop();
            if !suppress {
                return Err(e);
            }
        }
        Op::Import(i) => {
            let code = f.code.clone();
            if let Some((module, names)) = code.imports.get(i as usize) {
                interp.import_names(&mut f.f, module, names)?;
            }
        }
    }
    Ok(Flow::Next)
}

/// What the `except*` clauses of one `try` share: what is left to match
/// and what their bodies raised.
struct StarState {
    rest: RefCell<Option<Exc>>,
    raised: RefCell<Vec<Exc>>,
    /// Whether the exception was a group (a naked one left unmatched goes
    /// on naked).
    was_group: bool,
}

impl crate::value::Native for StarState {
    fn type_name(&self) -> &'static str {
        "except* state"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The `except*` state on top of the stack.
fn star_state(f: &VmFrame) -> Option<Rc<StarState>> {
    match f.top() {
        Some(Value::Native(n)) => crate::value::into_any(n.clone())
            .downcast::<StarState>()
            .ok(),
        _ => None,
    }
}

/// Where a generator frame's `yield` hands values over.
fn yield_channel(f: &VmFrame) -> Result<Rc<crate::gen::Channel>, Exc> {
    f.f.chan
        .clone()
        .ok_or_else(|| Exc::runtime_error("'yield' outside a generator"))
}

fn name(f: &VmFrame, i: u32) -> &str {
    f.code.names.get(i as usize).map_or("", |n| &**n)
}
