//! The calls that run Python code on the VM, as an `impl Interp` block
//! (the interpreter's state, `crate::interp`, sits below the evaluator):
//! calling any callable value, a Python function's frame run to its
//! result or made a coroutine or generator, a module body, a worker
//! thread's body, and a class statement's body.

use super::{code_for, run_function, Fiber};
use crate::exc::Exc;
use crate::interp::{frame_id, Frame, Interp, LocalFuture, Namespace};
use crate::ir::{FuncDef, FuncKind};
use crate::value::{Args, BuiltinType, Dict, Function, Value};
use indexmap::IndexMap;
use std::cell::RefCell;
use std::rc::Rc;

impl Interp {
    /// Runs the module body of `def` in the globals, as a future (it may
    /// await `asyncio.run`'s main task).
    pub fn run_module(
        self: &Rc<Self>,
        def: Rc<FuncDef>,
    ) -> LocalFuture<'static, Result<Value, Exc>> {
        let mut frame = Frame::module(&def, self.globals.clone());
        frame.can_yield = true;
        let code = code_for(&def);
        Box::pin(Fiber::new(self.clone(), frame, code))
    }

    /// Calls a callable value synchronously (a coroutine function returns
    /// its coroutine object without running it).
    ///
    /// # Errors
    ///
    /// Whatever the callee raises; `TypeError` for non-callables.
    pub fn call(&self, callee: &Value, args: Args) -> Result<Value, Exc> {
        self.step()?;
        match callee {
            Value::Function(func) => self.call_function(func, args),
            Value::Builtin(b) => {
                let mut args = args;
                if let Some(d) = &b.data {
                    args.pos.insert(0, d.clone());
                }
                (b.func)(self, args)
            }
            Value::Bound(b) => {
                let (this, func) = &**b;
                let mut args = args;
                args.pos.insert(0, this.clone());
                self.call(func, args)
            }
            Value::Class(c) => crate::builtins::instantiate(self, c, args),
            Value::Object(o) => match o.class.lookup("__call__") {
                Some(m) => {
                    let mut args = args;
                    args.pos.insert(0, callee.clone());
                    self.call(&m, args)
                }
                None => Err(Exc::type_error(format!(
                    "'{}' object is not callable",
                    callee.type_name()
                ))),
            },
            Value::Native(n) => match n.get_attr(n, "__call__") {
                Some(m) => self.call(&m, args),
                None => Err(Exc::type_error(format!(
                    "'{}' object is not callable",
                    n.type_name()
                ))),
            },
            other => Err(Exc::type_error(format!(
                "'{}' object is not callable",
                other.type_name()
            ))),
        }
    }

    /// Calls a function defined in Python.
    ///
    /// # Errors
    ///
    /// Argument errors, `RecursionError`, or whatever the body raises.
    pub fn call_function(&self, func: &Rc<Function>, args: Args) -> Result<Value, Exc> {
        let frame = self.new_frame(func, args)?;
        let def = func.def.clone();
        match def.kind {
            FuncKind::Plain => {
                self.enter_call(true)?;
                let r = run_function(self, frame, code_for(&def));
                self.leave_call(true);
                r
            }
            FuncKind::Coroutine => {
                let body = Fiber::new(self.rc(), frame, code_for(&def));
                Ok(crate::gen::coroutine_of(
                    def.name.clone(),
                    def.qualname.clone(),
                    def.pos.line,
                    body,
                ))
            }
            FuncKind::Generator => Ok(crate::gen::generator(self, def, frame, false)),
            FuncKind::AsyncGenerator => Ok(crate::gen::generator(self, def, frame, true)),
        }
    }

    /// The future that runs a frame's body to its return value.
    pub(crate) fn run_body(
        self: Rc<Self>,
        frame: Frame,
    ) -> LocalFuture<'static, Result<Value, Exc>> {
        let code = code_for(&frame.def);
        Box::pin(Fiber::new(self, frame, code))
    }

    /// A plain function's body run on a simulated worker thread: its own
    /// task, in which `time.sleep` waits on that task's clock instead of
    /// blocking the loop (`modules::threads`).
    pub(crate) fn run_worker_body(
        self: Rc<Self>,
        mut frame: Frame,
    ) -> LocalFuture<'static, Result<Value, Exc>> {
        let code = code_for(&frame.def);
        frame.can_yield = true;
        Box::pin(Fiber::worker(self, frame, code))
    }

    /// Runs a class statement's body (`body`) in a fresh namespace and
    /// makes the class.
    pub(crate) fn make_class(
        &self,
        f: &Frame,
        name: &Rc<str>,
        bases: Vec<Value>,
        mut kw: Vec<(Rc<str>, Value)>,
        body: &Rc<FuncDef>,
    ) -> Result<Value, Exc> {
        // `metaclass=`: only `type` itself and `abc.ABCMeta` (whose
        // abstract-method checks every class here has) are accepted.
        let mut abc_meta = false;
        if let Some(i) = kw.iter().position(|(k, _)| &**k == "metaclass") {
            let (_, meta) = kw.remove(i);
            let plain = match &meta {
                Value::Class(c) => {
                    abc_meta = &*c.name == "ABC" && &*c.module == "abc";
                    c.builtin == Some(BuiltinType::Type) || abc_meta
                }
                _ => false,
            };
            if !plain {
                return Err(Exc::unsupported(format!(
                    "metaclasses (metaclass={})",
                    crate::plain::repr_plain(&meta)
                )));
            }
        }
        let ns: Namespace = Rc::new(RefCell::new(IndexMap::default()));
        let module = f
            .globals
            .borrow()
            .get("__name__")
            .map(crate::plain::str_plain)
            .unwrap_or_else(|| "__main__".into());
        ns.borrow_mut()
            .insert("__module__".into(), Value::str(module.as_str()));
        ns.borrow_mut()
            .insert("__qualname__".into(), Value::str(body.qualname.clone()));
        ns.borrow_mut()
            .insert("__annotations__".into(), Value::dict(Dict::default()));
        let cell = crate::value::ClassCell::default();
        let frame = Frame {
            locals: vec![None; body.nlocals as usize],
            cells: self.closure_cells(f, body),
            def: body.clone(),
            globals: f.globals.clone(),
            class_ns: Some(ns.clone()),
            chan: None,
            handling: Vec::new(),
            pos: body.pos,
            id: frame_id(),
            class_value: None,
            class_cell: Some(cell.clone()),
            can_yield: false,
        };
        run_function(self, frame, code_for(body))?;
        let mut dict = std::mem::take(&mut *ns.borrow_mut());
        if abc_meta {
            // What marks an `ABCMeta` class (see `abstract_error`).
            dict.insert("_abc_impl".into(), Value::None);
        }
        self.build_class(
            name,
            body.qualname.clone(),
            module.into(),
            &bases,
            dict,
            kw,
            Some(cell),
        )
    }
}
