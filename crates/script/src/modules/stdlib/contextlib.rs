//! `contextlib`: `contextmanager`, `asynccontextmanager`, `suppress`,
//! `nullcontext`, `closing`, `aclosing`, `ExitStack` and
//! `AsyncExitStack`, `redirect_stdout` and `redirect_stderr`, following
//! CPython's `contextlib.py` step by step.

use super::{func, make_module, split_first};
use crate::exc::Exc;
use crate::gen::awaitable;
use crate::interp::Interp;
use crate::value::bound;
use crate::value::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// The `contextlib` module.
pub(super) fn module() -> Value {
    make_module(
        "contextlib",
        vec![
            (
                "contextmanager",
                func("contextmanager", |_, a| decorate(a, false)),
            ),
            (
                "asynccontextmanager",
                func("asynccontextmanager", |_, a| decorate(a, true)),
            ),
            (
                "suppress",
                func("suppress", |_, a| {
                    Ok(Value::Native(Rc::new(Suppress(a.pos))))
                }),
            ),
            (
                "nullcontext",
                func("nullcontext", |_, a| {
                    Ok(Value::Native(Rc::new(Simple {
                        kind: SimpleKind::Null,
                        value: a.pos.first().cloned().unwrap_or(Value::None),
                    })))
                }),
            ),
            (
                "closing",
                func("closing", |_, a| simple(a, SimpleKind::Closing)),
            ),
            (
                "aclosing",
                func("aclosing", |_, a| simple(a, SimpleKind::AClosing)),
            ),
            (
                "redirect_stdout",
                func("redirect_stdout", |_, a| redirect(a, "stdout")),
            ),
            (
                "redirect_stderr",
                func("redirect_stderr", |_, a| redirect(a, "stderr")),
            ),
            ("ExitStack", func("ExitStack", |_, _| Ok(exit_stack(false)))),
            (
                "AsyncExitStack",
                func("AsyncExitStack", |_, _| Ok(exit_stack(true))),
            ),
            (
                "AbstractContextManager",
                Value::Class(crate::classes::object_class()),
            ),
            (
                "AbstractAsyncContextManager",
                Value::Class(crate::classes::object_class()),
            ),
        ],
    )
}

// ------------------------------------------- @contextmanager / @asynccontextmanager

/// `@contextmanager`: a built-in named like the function (so it binds as a
/// method) whose call makes a [`GenCm`].
fn decorate(a: Args, is_async: bool) -> Result<Value, Exc> {
    let f = a.pos.first().cloned().ok_or_else(|| {
        Exc::type_error("contextmanager() missing 1 required positional argument: 'func'")
    })?;
    let name: Rc<str> = match &f {
        Value::Function(func) => match func.attrs.borrow().get("__name__") {
            Some(Value::Str(s)) => s.clone(),
            _ => func.def.name.clone(),
        },
        _ => "helper".into(),
    };
    let call: BuiltinFn = if is_async {
        |i, a| make_cm(i, a, true)
    } else {
        |i, a| make_cm(i, a, false)
    };
    Ok(Value::Builtin(Rc::new(Builtin {
        name,
        func: call,
        data: Some(f),
    })))
}

fn make_cm(interp: &Interp, a: Args, is_async: bool) -> Result<Value, Exc> {
    let (f, a) = split_first(a);
    let gen = interp.call(&f, a)?;
    Ok(Value::Native(Rc::new(GenCm { gen, is_async })))
}

/// The context manager a `@contextmanager` function returns.
struct GenCm {
    gen: Value,
    is_async: bool,
}

impl Native for GenCm {
    fn type_name(&self) -> &'static str {
        if self.is_async {
            "_AsyncGeneratorContextManager"
        } else {
            "_GeneratorContextManager"
        }
    }
    fn repr(&self) -> String {
        format!(
            "<contextlib.{} object at {}>",
            self.type_name(),
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match (self.is_async, name) {
            (false, "__enter__") => Some(bound(this, "__enter__", cm_enter)),
            (false, "__exit__") => Some(bound(this, "__exit__", cm_exit)),
            (true, "__aenter__") => Some(bound(this, "__aenter__", acm_aenter)),
            (true, "__aexit__") => Some(bound(this, "__aexit__", acm_aexit)),
            (_, "gen") => Some(self.gen.clone()),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn gen_of(v: &Value) -> Result<Value, Exc> {
    native_ref::<GenCm>(v)
        .map(|c| c.gen.clone())
        .ok_or_else(|| Exc::type_error("expected a generator context manager"))
}

fn same(e: &Exc, v: &Value) -> bool {
    matches!(v, Value::Object(o) if Rc::ptr_eq(o, &e.0))
}

/// The exception instance `__exit__` got (instantiating a bare class).
fn exc_value(interp: &Interp, typ: &Value, value: &Value) -> Result<Value, Exc> {
    if matches!(value, Value::None) {
        interp.call(typ, Args::default())
    } else {
        Ok(value.clone())
    }
}

fn cm_enter(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let gen = gen_of(&a.pos[0])?;
    let next = interp.getattr(&gen, "__next__")?;
    match interp.call(&next, Args::default()) {
        Ok(v) => Ok(v),
        Err(e) if e.is("StopIteration") => Err(Exc::runtime_error("generator didn't yield")),
        Err(e) => Err(e),
    }
}

fn cm_exit(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let gen = gen_of(&a.pos[0])?;
    let typ = a.pos.get(1).cloned().unwrap_or(Value::None);
    if matches!(typ, Value::None) {
        let next = interp.getattr(&gen, "__next__")?;
        return match interp.call(&next, Args::default()) {
            Ok(_) => Err(Exc::runtime_error("generator didn't stop")),
            Err(e) if e.is("StopIteration") => Ok(Value::Bool(false)),
            Err(e) => Err(e),
        };
    }
    let value = exc_value(interp, &typ, a.pos.get(2).unwrap_or(&Value::None))?;
    let throw = interp.getattr(&gen, "throw")?;
    match interp.call(&throw, Args::new(vec![value.clone()])) {
        Ok(_) => Err(Exc::runtime_error("generator didn't stop after throw()")),
        Err(e) if e.is("StopIteration") => Ok(Value::Bool(!same(&e, &value))),
        Err(e) if same(&e, &value) => Ok(Value::Bool(false)),
        Err(e) if e.is("RuntimeError") => {
            let cause = e.state().cause.borrow().clone();
            let is_stop = matches!(&value, Value::Object(o) if o.class.is_subclass(&crate::exc::class("StopIteration")));
            if is_stop && cause.is_some_and(|c| same(&c, &value)) {
                Ok(Value::Bool(false))
            } else {
                Err(e)
            }
        }
        Err(e) => Err(e),
    }
}

fn acm_aenter(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let gen = gen_of(&a.pos[0])?;
    let me = interp.rc();
    Ok(awaitable("__aenter__", async move {
        let anext = me.getattr(&gen, "__anext__")?;
        let aw = me.call(&anext, Args::default())?;
        match me.await_value(aw).await {
            Ok(v) => Ok(v),
            Err(e) if e.is("StopAsyncIteration") => {
                Err(Exc::runtime_error("generator didn't yield"))
            }
            Err(e) => Err(e),
        }
    }))
}

fn acm_aexit(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let gen = gen_of(&a.pos[0])?;
    let typ = a.pos.get(1).cloned().unwrap_or(Value::None);
    let value = a.pos.get(2).cloned().unwrap_or(Value::None);
    let me = interp.rc();
    Ok(awaitable("__aexit__", async move {
        if matches!(typ, Value::None) {
            let anext = me.getattr(&gen, "__anext__")?;
            let aw = me.call(&anext, Args::default())?;
            return match me.await_value(aw).await {
                Ok(_) => Err(Exc::runtime_error("generator didn't stop")),
                Err(e) if e.is("StopAsyncIteration") => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            };
        }
        let value = exc_value(&me, &typ, &value)?;
        let athrow = me.getattr(&gen, "athrow")?;
        let aw = me.call(&athrow, Args::new(vec![value.clone()]))?;
        match me.await_value(aw).await {
            Ok(_) => Err(Exc::runtime_error("generator didn't stop after athrow()")),
            Err(e) if e.is("StopAsyncIteration") => Ok(Value::Bool(!same(&e, &value))),
            Err(e) if same(&e, &value) => Ok(Value::Bool(false)),
            Err(e) if e.is("RuntimeError") => {
                let cause = e.state().cause.borrow().clone();
                let is_stop = matches!(&value, Value::Object(o)
                    if o.class.is_subclass(&crate::exc::class("StopIteration")) || o.class.is_subclass(&crate::exc::class("StopAsyncIteration")));
                if is_stop && cause.is_some_and(|c| same(&c, &value)) {
                    Ok(Value::Bool(false))
                } else {
                    Err(e)
                }
            }
            Err(e) => Err(e),
        }
    }))
}

// --------------------------------------------------------------- suppress

/// `suppress(*exceptions)`.
struct Suppress(Vec<Value>);

fn matches_any(typ: &Value, classes: &[Value]) -> bool {
    let Value::Class(t) = typ else { return false };
    classes.iter().any(|c| match c {
        Value::Class(k) => t.is_subclass(k),
        Value::Tuple(items) => matches_any(typ, items),
        _ => false,
    })
}

impl Native for Suppress {
    fn type_name(&self) -> &'static str {
        "suppress"
    }
    fn repr(&self) -> String {
        format!(
            "<contextlib.suppress object at {}>",
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__enter__" => Some(bound(this, "__enter__", |_, _| Ok(Value::None))),
            "__exit__" => Some(bound(this, "__exit__", |_, a| {
                let Some(s) = a.pos.first().and_then(native_ref::<Suppress>) else {
                    return Ok(Value::Bool(false));
                };
                let typ = a.pos.get(1).cloned().unwrap_or(Value::None);
                Ok(Value::Bool(
                    !matches!(typ, Value::None) && matches_any(&typ, &s.0),
                ))
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ------------------------------------------ redirect_stdout, redirect_stderr

/// `redirect_stdout(new_target)` / `redirect_stderr(new_target)`: swaps
/// `sys.stdout` (which `print()` writes to) while active; reentrant, as
/// CPython's keeps a stack of the targets it replaced.
struct Redirect {
    stream: &'static str,
    target: Value,
    old: RefCell<Vec<Value>>,
}

fn redirect(a: Args, stream: &'static str) -> Result<Value, Exc> {
    if a.pos.len() != 1 || !a.kw.is_empty() {
        let given = a.pos.len() + a.kw.len();
        return Err(Exc::type_error(if given == 0 {
            "_RedirectStream.__init__() missing 1 required positional argument: 'new_target'"
                .to_string()
        } else {
            format!(
                "_RedirectStream.__init__() takes 2 positional arguments but {} were given",
                given + 1
            )
        }));
    }
    Ok(Value::Native(Rc::new(Redirect {
        stream,
        target: a.pos[0].clone(),
        old: RefCell::new(Vec::new()),
    })))
}

impl Native for Redirect {
    fn type_name(&self) -> &'static str {
        if self.stream == "stdout" {
            "redirect_stdout"
        } else {
            "redirect_stderr"
        }
    }
    fn repr(&self) -> String {
        format!(
            "<contextlib.{} object at {}>",
            self.type_name(),
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "__enter__" => Some(bound(this, "__enter__", |i, a| {
                let Some(r) = a.pos.first().and_then(native_ref::<Redirect>) else {
                    return Ok(Value::None);
                };
                let old = super::sys_stream(i, r.stream).unwrap_or(Value::None);
                r.old.borrow_mut().push(old);
                super::set_sys_stream(i, r.stream, r.target.clone());
                Ok(r.target.clone())
            })),
            "__exit__" => Some(bound(this, "__exit__", |i, a| {
                if let Some(r) = a.pos.first().and_then(native_ref::<Redirect>) {
                    let old = r.old.borrow_mut().pop();
                    if let Some(old) = old {
                        super::set_sys_stream(i, r.stream, old);
                    }
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

// ------------------------------------------- nullcontext, closing, aclosing

#[derive(Clone, Copy, PartialEq)]
enum SimpleKind {
    Null,
    Closing,
    AClosing,
}

/// `nullcontext(x)`, `closing(x)`, `aclosing(x)`.
struct Simple {
    kind: SimpleKind,
    value: Value,
}

fn simple(a: Args, kind: SimpleKind) -> Result<Value, Exc> {
    let value = a
        .pos
        .first()
        .cloned()
        .ok_or_else(|| Exc::type_error("missing 1 required positional argument: 'thing'"))?;
    Ok(Value::Native(Rc::new(Simple { kind, value })))
}

fn simple_of(v: &Value) -> Result<(SimpleKind, Value), Exc> {
    native_ref::<Simple>(v)
        .map(|s| (s.kind, s.value.clone()))
        .ok_or_else(|| Exc::type_error("expected a context manager"))
}

impl Native for Simple {
    fn type_name(&self) -> &'static str {
        match self.kind {
            SimpleKind::Null => "nullcontext",
            SimpleKind::Closing => "closing",
            SimpleKind::AClosing => "aclosing",
        }
    }
    fn repr(&self) -> String {
        format!(
            "<contextlib.{} object at {}>",
            self.type_name(),
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let sync = self.kind != SimpleKind::AClosing;
        let asynchronous = self.kind != SimpleKind::Closing;
        match name {
            "__enter__" if sync => {
                Some(bound(this, "__enter__", |_, a| Ok(simple_of(&a.pos[0])?.1)))
            }
            "__exit__" if sync => Some(bound(this, "__exit__", |interp, a| {
                let (kind, v) = simple_of(&a.pos[0])?;
                if kind == SimpleKind::Closing {
                    let close = interp.getattr(&v, "close")?;
                    interp.call(&close, Args::default())?;
                }
                Ok(Value::None)
            })),
            "__aenter__" if asynchronous => Some(bound(this, "__aenter__", |_, a| {
                let (_, v) = simple_of(&a.pos[0])?;
                Ok(awaitable("__aenter__", async move { Ok(v) }))
            })),
            "__aexit__" if asynchronous => Some(bound(this, "__aexit__", |interp, a| {
                let (kind, v) = simple_of(&a.pos[0])?;
                let me = interp.rc();
                Ok(awaitable("__aexit__", async move {
                    if kind == SimpleKind::AClosing {
                        let close = me.getattr(&v, "aclose")?;
                        let aw = me.call(&close, Args::default())?;
                        me.await_value(aw).await?;
                    }
                    Ok(Value::None)
                }))
            })),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// -------------------------------------------------------------- ExitStack

/// One registered exit action.
#[derive(Clone)]
enum ExitCb {
    /// An `__exit__`/`__aexit__` method (or an exit-shaped callable).
    Exit(Value, bool),
    /// `callback(f, *args, **kw)`: called without exception details.
    Call(Value, Vec<Value>, Vec<(Rc<str>, Value)>, bool),
}

/// `ExitStack()` / `AsyncExitStack()`.
struct ExitStack {
    is_async: bool,
    stack: RefCell<Vec<ExitCb>>,
}

fn exit_stack(is_async: bool) -> Value {
    Value::Native(Rc::new(ExitStack {
        is_async,
        stack: RefCell::new(Vec::new()),
    }))
}

fn stack_of(v: &Value) -> Result<&ExitStack, Exc> {
    native_ref::<ExitStack>(v).ok_or_else(|| Exc::type_error("expected an ExitStack"))
}

impl Native for ExitStack {
    fn type_name(&self) -> &'static str {
        if self.is_async {
            "AsyncExitStack"
        } else {
            "ExitStack"
        }
    }
    fn repr(&self) -> String {
        format!(
            "<contextlib.{} object at {}>",
            self.type_name(),
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match (self.is_async, name) {
            (false, "__enter__") => |_, a| Ok(a.pos[0].clone()),
            (false, "__exit__") => |i, a| {
                let st = stack_of(&a.pos[0])?;
                let cbs = std::mem::take(&mut *st.stack.borrow_mut());
                let err = match a.pos.get(2) {
                    Some(Value::Object(o)) if o.exc.is_some() => Some(Exc(o.clone())),
                    _ => None,
                };
                unwind_sync(i, cbs, err)
            },
            (false, "close") => |i, a| {
                let st = stack_of(&a.pos[0])?;
                let cbs = std::mem::take(&mut *st.stack.borrow_mut());
                unwind_sync(i, cbs, None).map(|_| Value::None)
            },
            (false, "enter_context") => |i, a| {
                let (this, a) = split_first(a);
                let cm = a.pos.first().cloned().ok_or_else(|| {
                    Exc::type_error("enter_context() missing 1 required positional argument: 'cm'")
                })?;
                let (enter, exit) = match (i.getattr(&cm, "__enter__"), i.getattr(&cm, "__exit__"))
                {
                    (Ok(e), Ok(x)) => (e, x),
                    _ => {
                        return Err(Exc::type_error(format!(
                            "'{}' object does not support the context manager protocol",
                            cm.type_name()
                        )))
                    }
                };
                let v = i.call(&enter, Args::default())?;
                stack_of(&this)?
                    .stack
                    .borrow_mut()
                    .push(ExitCb::Exit(exit, false));
                Ok(v)
            },
            (true, "__aenter__") => |_, a| {
                let v = a.pos[0].clone();
                Ok(awaitable("__aenter__", async move { Ok(v) }))
            },
            (true, "__aexit__") => |i, a| {
                let st = stack_of(&a.pos[0])?;
                let cbs = std::mem::take(&mut *st.stack.borrow_mut());
                let err = match a.pos.get(2) {
                    Some(Value::Object(o)) if o.exc.is_some() => Some(Exc(o.clone())),
                    _ => None,
                };
                Ok(unwind_async(i.rc(), cbs, err))
            },
            (true, "aclose") => |i, a| {
                let st = stack_of(&a.pos[0])?;
                let cbs = std::mem::take(&mut *st.stack.borrow_mut());
                Ok(unwind_async(i.rc(), cbs, None))
            },
            (true, "enter_async_context") => |i, a| {
                let (this, a) = split_first(a);
                let cm = a.pos.first().cloned().ok_or_else(|| {
                    Exc::type_error(
                        "enter_async_context() missing 1 required positional argument: 'cm'",
                    )
                })?;
                let (enter, exit) =
                    match (i.getattr(&cm, "__aenter__"), i.getattr(&cm, "__aexit__")) {
                        (Ok(e), Ok(x)) => (e, x),
                        _ => {
                            return Err(Exc::type_error(format!(
                        "'{}' object does not support the asynchronous context manager protocol",
                        cm.type_name()
                    )))
                        }
                    };
                let aw = i.call(&enter, Args::default())?;
                let me = i.rc();
                Ok(awaitable("enter_async_context", async move {
                    let v = me.await_value(aw).await?;
                    stack_of(&this)?
                        .stack
                        .borrow_mut()
                        .push(ExitCb::Exit(exit, true));
                    Ok(v)
                }))
            },
            (true, "enter_context") => |i, a| {
                let (this, a) = split_first(a);
                let cm = a.pos.first().cloned().ok_or_else(|| {
                    Exc::type_error("enter_context() missing 1 required positional argument: 'cm'")
                })?;
                let enter = i.getattr(&cm, "__enter__")?;
                let exit = i.getattr(&cm, "__exit__")?;
                let v = i.call(&enter, Args::default())?;
                stack_of(&this)?
                    .stack
                    .borrow_mut()
                    .push(ExitCb::Exit(exit, false));
                Ok(v)
            },
            (_, "callback") => |_, a| {
                let (this, mut a) = split_first(a);
                if a.pos.is_empty() {
                    return Err(Exc::type_error(
                        "callback() missing 1 required positional argument: 'callback'",
                    ));
                }
                let f = a.pos.remove(0);
                stack_of(&this)?.stack.borrow_mut().push(ExitCb::Call(
                    f.clone(),
                    a.pos,
                    a.kw,
                    false,
                ));
                Ok(f)
            },
            (true, "push_async_callback") => {
                |_, a| {
                    let (this, mut a) = split_first(a);
                    if a.pos.is_empty() {
                        return Err(Exc::type_error("push_async_callback() missing 1 required positional argument: 'callback'"));
                    }
                    let f = a.pos.remove(0);
                    stack_of(&this)?.stack.borrow_mut().push(ExitCb::Call(
                        f.clone(),
                        a.pos,
                        a.kw,
                        true,
                    ));
                    Ok(f)
                }
            }
            (_, "push") => |i, a| {
                let (this, a) = split_first(a);
                let x = a.pos.first().cloned().ok_or_else(|| {
                    Exc::type_error("push() missing 1 required positional argument: 'exit'")
                })?;
                let exit = i.try_getattr(&x, "__exit__")?.unwrap_or_else(|| x.clone());
                stack_of(&this)?
                    .stack
                    .borrow_mut()
                    .push(ExitCb::Exit(exit, false));
                Ok(x)
            },
            (_, "pop_all") => |_, a| {
                let st = stack_of(&a.pos[0])?;
                let cbs = std::mem::take(&mut *st.stack.borrow_mut());
                Ok(Value::Native(Rc::new(ExitStack {
                    is_async: st.is_async,
                    stack: RefCell::new(cbs),
                })))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn exit_args(err: &Option<Exc>) -> Args {
    match err {
        Some(e) => Args::new(vec![
            Value::Class(e.class().clone()),
            e.value(),
            Value::None,
        ]),
        None => Args::new(vec![Value::None, Value::None, Value::None]),
    }
}

/// Chains `new` onto the exception it replaced, as raising inside an
/// `__exit__` does.
fn chain(new: Exc, old: &Option<Exc>) -> Exc {
    if let Some(o) = old {
        if !Rc::ptr_eq(&new.0, &o.0) && new.state().context.borrow().is_none() {
            *new.state().context.borrow_mut() = Some(o.clone());
        }
    }
    new
}

fn unwind_sync(interp: &Interp, cbs: Vec<ExitCb>, mut err: Option<Exc>) -> Result<Value, Exc> {
    let received = err.is_some();
    let mut suppressed = false;
    let mut pending = false;
    for cb in cbs.into_iter().rev() {
        let r = match cb {
            ExitCb::Exit(f, _) => interp
                .call(&f, exit_args(&err))
                .and_then(|v| interp.truthy(&v)),
            ExitCb::Call(f, pos, kw, _) => interp.call(&f, Args { pos, kw }).map(|_| false),
        };
        match r {
            Ok(true) => {
                err = None;
                suppressed = true;
            }
            Ok(false) => {}
            Err(e) => {
                suppressed = false;
                pending = true;
                err = Some(chain(e, &err));
            }
        }
    }
    match err {
        Some(e) if pending => Err(e),
        _ => Ok(Value::Bool(received && suppressed)),
    }
}

fn unwind_async(me: Rc<Interp>, cbs: Vec<ExitCb>, err: Option<Exc>) -> Value {
    awaitable("__aexit__", async move {
        let received = err.is_some();
        let mut err = err;
        let mut suppressed = false;
        let mut pending = false;
        for cb in cbs.into_iter().rev() {
            let r = match cb {
                ExitCb::Exit(f, is_async) => match me.call(&f, exit_args(&err)) {
                    Ok(v) if is_async => match me.await_value(v).await {
                        Ok(v) => me.truthy(&v),
                        Err(e) => Err(e),
                    },
                    Ok(v) => me.truthy(&v),
                    Err(e) => Err(e),
                },
                ExitCb::Call(f, pos, kw, is_async) => match me.call(&f, Args { pos, kw }) {
                    Ok(v) if is_async => me.await_value(v).await.map(|_| false),
                    Ok(_) => Ok(false),
                    Err(e) => Err(e),
                },
            };
            match r {
                Ok(true) => {
                    err = None;
                    suppressed = true;
                }
                Ok(false) => {}
                Err(e) => {
                    suppressed = false;
                    pending = true;
                    err = Some(chain(e, &err));
                }
            }
        }
        match err {
            Some(e) if pending => Err(e),
            _ => Ok(Value::Bool(received && suppressed)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn contextmanager_protocol() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from contextlib import contextmanager, suppress, nullcontext, closing\n@contextmanager\ndef tag(name):\n    print('<' + name + '>')\n    try:\n        yield name.upper()\n    except KeyError as e:\n        print('saw KeyError', e)\n    finally:\n        print('</' + name + '>')\nwith tag('div') as t:\n    print('got', t)\nwith tag('span'):\n    {}['missing']\ntry:\n    with tag('p'):\n        raise ValueError('out')\nexcept ValueError as e:\n    print('escaped', e)\n@contextmanager\ndef twice():\n    yield 1\n    yield 2\ntry:\n    with twice():\n        pass\nexcept RuntimeError as e:\n    print(e)\n@contextmanager\ndef never():\n    if False:\n        yield\ntry:\n    with never():\n        pass\nexcept RuntimeError as e:\n    print(e)\nwith suppress(ZeroDivisionError, KeyError):\n    1 / 0\nwith suppress((TypeError,)):\n    None + 1\ntry:\n    with suppress(KeyError):\n        [][1]\nexcept IndexError as e:\n    print('not suppressed', e)\nwith nullcontext(5) as v:\n    print(v)\nclass Res:\n    def close(self):\n        print('closed')\nwith closing(Res()) as r:\n    print(type(r).__name__)\nclass Obj:\n    @contextmanager\n    def ctx(self, n):\n        yield n * 2\nwith Obj().ctx(4) as v:\n    print(v)\n";
        assert_eq!(run_py(src), "<div>\ngot DIV\n</div>\n<span>\nsaw KeyError 'missing'\n</span>\n<p>\n</p>\nescaped out\ngenerator didn't stop\ngenerator didn't yield\nnot suppressed list index out of range\n5\nRes\nclosed\n8\n");
    }

    #[test]
    fn exit_stack() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from contextlib import ExitStack, contextmanager\n@contextmanager\ndef res(n):\n    print('enter', n)\n    yield n\n    print('exit', n)\nwith ExitStack() as stack:\n    vals = [stack.enter_context(res(i)) for i in range(3)]\n    stack.callback(print, 'callback', 1)\n    print(vals)\nclass Swallow:\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        print('swallow', a[0].__name__)\n        return True\nwith ExitStack() as stack:\n    stack.enter_context(Swallow())\n    raise ValueError('x')\nprint('after')\n";
        assert_eq!(run_py(src), "enter 0\nenter 1\nenter 2\n[0, 1, 2]\ncallback 1\nexit 2\nexit 1\nexit 0\nswallow ValueError\nafter\n");
    }

    #[test]
    fn async_context_managers() {
        // Expected output: CPython 3.11 on the same program, except the last
        // line: CPython ran on a real clock; here the loop time is virtual.
        let src = "import asyncio\nfrom contextlib import asynccontextmanager, AsyncExitStack, aclosing, nullcontext\n@asynccontextmanager\nasync def transaction(name):\n    print('begin', name)\n    try:\n        yield {'session': name}\n        await asyncio.sleep(0.1)\n        print('commit')\n    except Exception as e:\n        await asyncio.sleep(0.1)\n        print('rollback because', repr(e))\n        raise\n@asynccontextmanager\nasync def swallow():\n    try:\n        yield\n    except KeyError:\n        print('swallowed')\nclass Pool:\n    @asynccontextmanager\n    async def conn(self, n):\n        await asyncio.sleep(0.2)\n        yield n + 1\n        print('released', n)\nasync def agen():\n    yield 1\n    yield 2\nasync def main():\n    async with transaction('db') as tx:\n        print('tx', tx)\n    try:\n        async with transaction('cache'):\n            raise KeyError('item')\n    except KeyError as e:\n        print('propagated', repr(e))\n    async with swallow():\n        raise KeyError('k')\n    async with Pool().conn(1) as c:\n        print('conn', c)\n    async with AsyncExitStack() as stack:\n        a = await stack.enter_async_context(transaction('s1'))\n        b = await stack.enter_async_context(Pool().conn(5))\n        print(a, b)\n    async with aclosing(agen()) as g:\n        async for x in g:\n            print('item', x)\n            break\n    async with nullcontext(3) as n:\n        print('null', n)\n    print('loop time', asyncio.get_running_loop().time())\nasyncio.run(main())\n";
        assert_eq!(run_py(src), "begin db\ntx {'session': 'db'}\ncommit\nbegin cache\nrollback because KeyError('item')\npropagated KeyError('item')\nswallowed\nconn 2\nreleased 1\nbegin s1\n{'session': 's1'} 6\nreleased 5\ncommit\nitem 1\nnull 3\nloop time 0.7\n");
    }
}
