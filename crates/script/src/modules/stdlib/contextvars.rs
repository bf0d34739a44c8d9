//! `contextvars`: `ContextVar`, `Token`, `Context` and `copy_context()`.
//!
//! A context maps variables to values; it is copied on write, so that
//! `copy_context()` is cheap and a copy never sees later changes. Each
//! asyncio task runs in its own context, copied from the one current when
//! the task was made (`asyncio` calls [`bind`]); loop callbacks run in a
//! copy of the context current when they were scheduled ([`run_in`]). The
//! interpreter keeps the context of each running task by task id
//! ([`Interp::task_contexts`]), and the context of code outside any task.
//!
//! Left out: `ContextVar[...]` generic aliases; the `Token` context manager
//! (3.14); a task's context is "entered" only for `Context.run`'s check
//! while it is the current one.

use super::super::{func, module as make_module};
use crate::exc::Exc;
use crate::interp::{Interp, LocalFuture};
use crate::value::bound;
use crate::value::*;
use looplab_core as core;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// A context's variables: by the variable's identity, the variable and its
/// value.
type Vars = indexmap::IndexMap<usize, (Value, Value), BuildHash>;

/// A `contextvars.Context`.
pub(crate) struct ContextObj {
    vars: RefCell<Rc<Vars>>,
    /// Inside its own `run()`.
    entered: Cell<bool>,
}

/// A `contextvars.ContextVar`.
struct VarObj {
    name: Rc<str>,
    default: Option<Value>,
}

/// A `contextvars.Token`.
struct TokenObj {
    ctx: Value,
    var: Value,
    old: Option<Value>,
    used: Cell<bool>,
}

/// `Token.MISSING`.
struct Missing;

crate::debug_via_repr!(ContextObj, VarObj, TokenObj, Missing);

fn address(n: &dyn Native) -> String {
    format!("0x{:x}", n as *const dyn Native as *const u8 as usize)
}

impl Native for ContextObj {
    fn type_name(&self) -> &'static str {
        "Context"
    }
    fn full_type_name(&self) -> &'static str {
        "_contextvars.Context"
    }
    fn repr(&self) -> String {
        format!("<_contextvars.Context object at {}>", address(self))
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "run" => ctx_run,
            "copy" => |_, a| {
                let c = ctx_of(&a)?;
                Ok(new_context(c.vars.borrow().clone()))
            },
            "get" => |_, a| {
                let c = ctx_of(&a)?;
                let var = a
                    .pos
                    .get(1)
                    .ok_or_else(|| Exc::type_error("get expected at least 1 argument, got 0"))?;
                if a.pos.len() > 3 {
                    return Err(Exc::type_error(format!(
                        "get expected at most 2 arguments, got {}",
                        a.pos.len() - 1
                    )));
                }
                var_of(var)?;
                Ok(c.lookup(var)
                    .or_else(|| a.pos.get(2).cloned())
                    .unwrap_or(Value::None))
            },
            "__getitem__" => |_, a| {
                let c = ctx_of(&a)?;
                let var = a.pos.get(1).cloned().unwrap_or(Value::None);
                var_of(&var)?;
                c.lookup(&var)
                    .ok_or_else(|| Exc::new(crate::exc::class("KeyError"), vec![var]))
            },
            "__contains__" => |_, a| {
                let c = ctx_of(&a)?;
                let var = a.pos.get(1).cloned().unwrap_or(Value::None);
                var_of(&var)?;
                Ok(Value::Bool(c.lookup(&var).is_some()))
            },
            "__len__" => |_, a| Ok(Value::Int(ctx_of(&a)?.vars.borrow().len() as i64)),
            "__iter__" | "keys" => |_, a| Ok(ctx_of(&a)?.column(|(k, _)| k.clone())),
            "values" => |_, a| Ok(ctx_of(&a)?.column(|(_, v)| v.clone())),
            "items" => {
                |_, a| Ok(ctx_of(&a)?.column(|(k, v)| Value::tuple(vec![k.clone(), v.clone()])))
            }
            "__eq__" => |i, a| {
                let c = ctx_of(&a)?;
                let Some(other) = a.pos.get(1).and_then(native_ref::<ContextObj>) else {
                    return Ok(i
                        .builtins
                        .get("NotImplemented")
                        .cloned()
                        .unwrap_or(Value::None));
                };
                let (x, y) = (c.vars.borrow().clone(), other.vars.borrow().clone());
                if x.len() != y.len() {
                    return Ok(Value::Bool(false));
                }
                for (k, (_, v)) in x.iter() {
                    match y.get(k) {
                        Some((_, w)) if i.eq(v, w)? => {}
                        _ => return Ok(Value::Bool(false)),
                    }
                }
                Ok(Value::Bool(true))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn clear_refs(&mut self) {
        drop(std::mem::take(&mut *self.vars.borrow_mut()));
    }
}

impl ContextObj {
    fn lookup(&self, var: &Value) -> Option<Value> {
        self.vars
            .borrow()
            .get(&var.identity())
            .map(|(_, v)| v.clone())
    }

    fn column(&self, f: impl Fn(&(Value, Value)) -> Value) -> Value {
        Value::list(self.vars.borrow().values().map(f).collect())
    }
}

impl Native for VarObj {
    fn type_name(&self) -> &'static str {
        "ContextVar"
    }
    fn full_type_name(&self) -> &'static str {
        "_contextvars.ContextVar"
    }
    fn repr(&self) -> String {
        let default = match &self.default {
            Some(d) => format!(" default={}", crate::format::repr_plain(d)),
            None => String::new(),
        };
        format!(
            "<ContextVar name={}{default} at {}>",
            crate::format::repr_plain(&Value::Str(self.name.clone())),
            address(self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "name" => return Some(Value::Str(self.name.clone())),
            "get" => var_get,
            "set" => var_set,
            "reset" => var_reset,
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn clear_refs(&mut self) {
        drop(self.default.take());
    }
}

impl Native for TokenObj {
    fn type_name(&self) -> &'static str {
        "Token"
    }
    fn full_type_name(&self) -> &'static str {
        "_contextvars.Token"
    }
    fn repr(&self) -> String {
        let used = if self.used.get() { " used" } else { "" };
        format!(
            "<Token{used} var={} at {}>",
            crate::format::repr_plain(&self.var),
            address(self)
        )
    }
    fn get_attr(&self, _: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "var" => Some(self.var.clone()),
            "old_value" => Some(self.old.clone().unwrap_or_else(missing)),
            "MISSING" => Some(missing()),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn clear_refs(&mut self) {
        drop(std::mem::replace(&mut self.ctx, Value::None));
        drop(std::mem::replace(&mut self.var, Value::None));
        drop(self.old.take());
    }
}

impl Native for Missing {
    fn type_name(&self) -> &'static str {
        "Token.MISSING"
    }
    fn repr(&self) -> String {
        "<Token.MISSING>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

thread_local! {
    static MISSING: Value = Value::Native(Rc::new(Missing));
}

fn missing() -> Value {
    MISSING.with(Value::clone)
}

fn new_context(vars: Rc<Vars>) -> Value {
    Value::Native(Rc::new(ContextObj {
        vars: RefCell::new(vars),
        entered: Cell::new(false),
    }))
}

fn ctx_of(a: &Args) -> Result<&ContextObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<ContextObj>)
        .ok_or_else(|| Exc::type_error("expected a Context"))
}

fn var_of(v: &Value) -> Result<&VarObj, Exc> {
    native_ref::<VarObj>(v).ok_or_else(|| {
        Exc::type_error(format!(
            "a ContextVar key was expected, got {}",
            crate::format::repr_plain(v)
        ))
    })
}

fn this_var(a: &Args) -> Result<(&Value, &VarObj), Exc> {
    let v = a
        .pos
        .first()
        .ok_or_else(|| Exc::type_error("expected a ContextVar"))?;
    Ok((v, var_of(v)?))
}

// ------------------------------------------------------- the current context

/// The context code running now sees: its task's, else the one outside
/// any task.
pub(crate) fn current(interp: &Interp) -> Value {
    if let Some(id) = core::current_task() {
        if let Some(c) = interp.task_contexts.borrow().get(&id.get()) {
            return c.clone();
        }
    }
    interp
        .base_context
        .borrow_mut()
        .get_or_insert_with(|| new_context(Rc::default()))
        .clone()
}

/// Makes `ctx` the current context (where [`current`] finds it), giving
/// back the one it replaces.
fn swap_current(interp: &Interp, ctx: Value) -> Option<Value> {
    if let Some(id) = core::current_task() {
        if let Some(slot) = interp.task_contexts.borrow_mut().get_mut(&id.get()) {
            return Some(std::mem::replace(slot, ctx));
        }
    }
    interp.base_context.borrow_mut().replace(ctx)
}

fn restore_current(interp: &Interp, prev: Option<Value>) {
    if let Some(id) = core::current_task() {
        if let Some(slot) = interp.task_contexts.borrow_mut().get_mut(&id.get()) {
            if let Some(prev) = prev {
                let old = std::mem::replace(slot, prev);
                drop(old);
            }
            return;
        }
    }
    let old = std::mem::replace(&mut *interp.base_context.borrow_mut(), prev);
    drop(old);
}

/// A copy of the current context (`copy_context()`).
pub(crate) fn copy_current(interp: &Interp) -> Value {
    let cur = current(interp);
    let vars = native_ref::<ContextObj>(&cur)
        .map(|c| c.vars.borrow().clone())
        .unwrap_or_default();
    new_context(vars)
}

/// A new empty context (a worker thread's, as a thread pool's threads
/// start with one).
pub(crate) fn empty_context() -> Value {
    new_context(Rc::default())
}

/// The context a task or callback is given: `context=` if it is a
/// `Context`, else a copy of the current one.
pub(crate) fn context_for(interp: &Interp, given: Option<Value>) -> Result<Value, Exc> {
    match given {
        None | Some(Value::None) => Ok(copy_current(interp)),
        Some(c) if native_ref::<ContextObj>(&c).is_some() => Ok(c),
        Some(other) => Err(Exc::type_error(format!(
            "context must be a Context, got {}",
            other.type_name()
        ))),
    }
}

/// Runs `f` with `ctx` current (a loop callback's context).
pub(crate) fn run_in<R>(interp: &Interp, ctx: &Value, f: impl FnOnce() -> R) -> R {
    let prev = swap_current(interp, ctx.clone());
    let r = f();
    restore_current(interp, prev);
    r
}

/// Removes a task's context when the task ends (or is dropped).
struct Installed {
    interp: Weak<Interp>,
    id: Option<u64>,
}

impl Drop for Installed {
    fn drop(&mut self) {
        if let (Some(i), Some(id)) = (self.interp.upgrade(), self.id) {
            let gone = i
                .task_contexts
                .try_borrow_mut()
                .ok()
                .and_then(|mut m| m.remove(&id));
            drop(gone);
        }
    }
}

/// Wraps a task's body so that it runs in `ctx`: installed under the
/// task's id when it first runs, removed when it ends.
pub(crate) fn bind(
    interp: &Interp,
    fut: LocalFuture<'static, Result<Value, Exc>>,
    ctx: Value,
) -> LocalFuture<'static, Result<Value, Exc>> {
    let w = Rc::downgrade(&interp.rc());
    Box::pin(async move {
        let id = core::current_task().map(|t| t.get());
        let guard = Installed {
            interp: w.clone(),
            id,
        };
        if let (Some(i), Some(id)) = (w.upgrade(), id) {
            let old = i.task_contexts.borrow_mut().insert(id, ctx);
            drop(old);
        }
        let r = fut.await;
        drop(guard);
        r
    })
}

// ------------------------------------------------------------- the methods

fn var_lookup(interp: &Interp, var: &Value) -> Option<Value> {
    let cur = current(interp);
    native_ref::<ContextObj>(&cur).and_then(|c| c.lookup(var))
}

fn var_get(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, var) = this_var(&a)?;
    if a.pos.len() > 2 {
        return Err(Exc::type_error(format!(
            "get expected at most 1 argument, got {}",
            a.pos.len() - 1
        )));
    }
    if let Some(v) = var_lookup(interp, this) {
        return Ok(v);
    }
    if let Some(d) = a.pos.get(1) {
        return Ok(d.clone());
    }
    match &var.default {
        Some(d) => Ok(d.clone()),
        None => Err(Exc::new(
            crate::exc::class("LookupError"),
            vec![this.clone()],
        )),
    }
}

fn var_set(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_var(&a)?;
    if a.pos.len() != 2 {
        return Err(Exc::type_error(format!(
            "ContextVar.set() takes exactly one argument ({} given)",
            a.pos.len() - 1
        )));
    }
    let value = a.pos[1].clone();
    let ctx = current(interp);
    let c = native_ref::<ContextObj>(&ctx).ok_or_else(|| Exc::runtime_error("no context"))?;
    let old = {
        let mut vars = c.vars.borrow_mut();
        Rc::make_mut(&mut vars)
            .insert(this.identity(), (this.clone(), value))
            .map(|(_, v)| v)
    };
    Ok(Value::Native(Rc::new(TokenObj {
        ctx: ctx.clone(),
        var: this.clone(),
        old,
        used: Cell::new(false),
    })))
}

fn var_reset(interp: &Interp, a: Args) -> Result<Value, Exc> {
    let (this, _) = this_var(&a)?;
    let tv = a
        .pos
        .get(1)
        .ok_or_else(|| Exc::type_error("reset() takes exactly one argument (0 given)"))?;
    let Some(tok) = native_ref::<TokenObj>(tv) else {
        return Err(Exc::type_error(format!(
            "expected an instance of Token, got {}",
            crate::format::repr_plain(tv)
        )));
    };
    if tok.used.get() {
        return Err(Exc::runtime_error(format!(
            "{} has already been used once",
            tok.repr()
        )));
    }
    if !tok.var.is(this) {
        return Err(Exc::value_error(format!(
            "{} was created by a different ContextVar",
            tok.repr()
        )));
    }
    let ctx = current(interp);
    if !tok.ctx.is(&ctx) {
        return Err(Exc::value_error(format!(
            "{} was created in a different Context",
            tok.repr()
        )));
    }
    tok.used.set(true);
    let c = native_ref::<ContextObj>(&ctx).ok_or_else(|| Exc::runtime_error("no context"))?;
    let old = {
        let mut vars = c.vars.borrow_mut();
        let vars = Rc::make_mut(&mut vars);
        match &tok.old {
            Some(v) => vars.insert(this.identity(), (this.clone(), v.clone())),
            None => vars.shift_remove(&this.identity()),
        }
    };
    drop(old);
    Ok(Value::None)
}

fn ctx_run(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    if a.pos.len() < 2 {
        return Err(Exc::type_error(
            "run() missing 1 required positional argument",
        ));
    }
    let this = a.pos.remove(0);
    let f = a.pos.remove(0);
    let c = native_ref::<ContextObj>(&this).ok_or_else(|| Exc::type_error("expected a Context"))?;
    if c.entered.get() || current(interp).is(&this) {
        return Err(Exc::runtime_error(format!(
            "cannot enter context: {} is already entered",
            c.repr()
        )));
    }
    c.entered.set(true);
    let r = run_in(interp, &this, || interp.call(&f, a));
    c.entered.set(false);
    r
}

fn new_var(_: &Interp, mut a: Args) -> Result<Value, Exc> {
    let default = a.take_kw("default");
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "ContextVar() got an unexpected keyword argument '{k}'"
        )));
    }
    match a.pos.len() {
        0 => {
            return Err(Exc::type_error(
                "ContextVar() takes exactly 1 positional argument (0 given)",
            ))
        }
        1 => {}
        n => {
            return Err(Exc::type_error(format!(
                "ContextVar() takes at most 1 positional argument ({n} given)"
            )))
        }
    }
    let Value::Str(ref name) = a.pos[0] else {
        return Err(Exc::type_error("context variable name must be a str"));
    };
    Ok(Value::Native(Rc::new(VarObj {
        name: name.clone(),
        default,
    })))
}

/// The module.
pub fn module() -> Value {
    make_module(
        "contextvars",
        vec![
            ("ContextVar", func("ContextVar", new_var)),
            (
                "Context",
                func("Context", |_, a| {
                    if !a.pos.is_empty() || !a.kw.is_empty() {
                        return Err(Exc::type_error("Context() does not accept any arguments"));
                    }
                    Ok(new_context(Rc::default()))
                }),
            ),
            (
                "copy_context",
                func("copy_context", |i, _| Ok(copy_current(i))),
            ),
            ("Token", {
                let c = crate::builtins::native_class("Token");
                if let Value::Class(ref k) = c {
                    k.dict.borrow_mut().insert("MISSING".into(), missing());
                }
                c
            }),
        ],
    )
}
