//! Simulated worker threads: `asyncio.to_thread` and
//! `loop.run_in_executor(None, …)`, the standard cure for a blocking call
//! in a coroutine.
//!
//! CPython runs the function on a thread of the loop's default executor
//! (named `asyncio_0`, `asyncio_1`, …) while the loop goes on. Here the
//! function runs as its own core task with that name, so the timeline
//! gives the thread a lane of its own. In that task a blocking call waits
//! on the thread's time instead of blocking the loop: `time.sleep(2)`
//! there lets every coroutine run for those two seconds, exactly what the
//! cure is meant to show. A Python function runs on a stackless fiber that
//! may suspend after such a call, however deep in the thread's own calls
//! it is; a built-in (`sum`, `pow`, `time.sleep` itself) runs, then waits.
//!
//! Blocking calls (`time.sleep`, synchronous file reads and writes) charge
//! their time through [`Interp::block_for`]: on the loop's thread the loop
//! stalls; on a worker thread the time is owed, and the thread's fiber
//! waits it out after the instruction that made the call. A call made
//! inside a built-in that calls back into Python (`map(time.sleep, …)`)
//! is waited out when that built-in returns. Executors other than the
//! default one are refused.

use crate::exc::Exc;
use crate::gen::awaitable;
use crate::interp::{Interp, LocalFuture};
use crate::ir::FuncKind;
use crate::value::*;

/// Starts `func(*args)` on a new worker thread and returns what waits for
/// its result (or its exception).
fn start(
    interp: &Interp,
    func: Value,
    args: Args,
    ctx: Value,
) -> Result<LocalFuture<'static, Result<Value, Exc>>, Exc> {
    let rt = super::asyncio::room_for_a_task(interp)?;
    let n = interp.worker_counter.get();
    interp.worker_counter.set(n + 1);
    let me = interp.rc();
    // A plain Python function (or a method of one) runs on its own fiber.
    let plain = match &func {
        Value::Function(f) if f.def.kind == FuncKind::Plain => Some((f.clone(), None)),
        Value::Bound(b) => match &b.1 {
            Value::Function(f) if f.def.kind == FuncKind::Plain => {
                Some((f.clone(), Some(b.0.clone())))
            }
            _ => None,
        },
        _ => None,
    };
    let body: LocalFuture<'static, Result<Value, Exc>> = match plain {
        Some((f, receiver)) => {
            let mut args = args;
            if let Some(this) = receiver {
                args.pos.insert(0, this);
            }
            let frame = interp.new_frame(&f, args)?;
            me.run_worker_body(frame)
        }
        // A built-in (`time.sleep`, `sum`) or another callable: it runs at
        // once, and what it blocked for is waited out after it.
        None => Box::pin(async move {
            let before = me.in_worker.replace(true);
            let r = me.call(&func, args);
            me.in_worker.set(before);
            let owed = me.take_owed();
            if !owed.is_zero() {
                looplab_core::sleep(owed).await.map_err(Exc::from)?;
            }
            r
        }),
    };
    let body = super::stdlib::contextvars::bind(interp, body, ctx);
    let handle = rt.spawn_named(format!("asyncio_{n}"), body);
    Ok(Box::pin(handle))
}

/// `asyncio.to_thread(func, /, *args, **kwargs)`: a coroutine that runs
/// `func` on a worker thread once it is awaited.
pub(crate) fn to_thread(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let mut pos = a.pos.into_iter();
    let Some(func) = pos.next() else {
        return Err(Exc::type_error(
            "to_thread() missing 1 required positional argument: 'func'",
        ));
    };
    let args = Args {
        pos: pos.collect(),
        kw: a.kw,
    };
    let me = interp.rc();
    Ok(awaitable("to_thread", async move {
        // The thread runs in a copy of the awaiting task's context.
        let ctx = super::stdlib::contextvars::copy_current(&me);
        start(&me, func, args, ctx)?.await
    }))
}

/// `loop.run_in_executor(executor, func, *args)`: starts `func` on a worker
/// thread at once and returns an awaitable for its result. Only the
/// default executor (`None`) exists here.
pub(crate) fn run_in_executor(interp: &Interp, a: Args) -> Result<Value, Exc> {
    // The loop is the receiver.
    let mut pos = a.pos.into_iter().skip(1);
    let (Some(executor), Some(func)) = (pos.next(), pos.next()) else {
        return Err(Exc::type_error(
            "run_in_executor() missing 2 required positional arguments: 'executor' and 'func'",
        ));
    };
    if !matches!(executor, Value::None) {
        return Err(Exc::unsupported(
            "executors other than the default one (run_in_executor(None, ...))",
        ));
    }
    if !a.kw.is_empty() {
        return Err(Exc::type_error(
            "run_in_executor() got an unexpected keyword argument",
        ));
    }
    let args = Args {
        pos: pos.collect(),
        kw: Vec::new(),
    };
    let ctx = super::stdlib::contextvars::empty_context();
    let wait = start(interp, func, args, ctx)?;
    Ok(awaitable("__run_in_executor", wait))
}
