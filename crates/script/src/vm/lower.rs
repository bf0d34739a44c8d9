//! Lowering: a function's tree to its code.
//!
//! Control flow becomes jumps. A `return`, `break` or `continue` that leaves
//! `try`/`with`/`except` blocks has their clean-up written out before the
//! jump (a `finally` body is lowered again at each such exit), so the loop
//! never has to remember a pending jump. A body the bytecode cannot
//! express (each such case one CPython rejects too) becomes code that
//! raises `SyntaxError` when it runs.

use super::code::{ArgShape, AssertEntry, Code, FuncEntry, Op};
use crate::ir::{
    Arg, AssertParts, CallShow, CompFor, CompKind, Const, Expr, ExprKind, FPart, FuncDef, Handler,
    MatchCase, Pattern, PatternKind, Pos, Span, Stmt, StmtKind, Suspend, Target, Var, WithItem,
};
use crate::value::Value;
use std::rc::Rc;

/// Lowers a function's body. What the bytecode cannot express (each case
/// a program CPython rejects too) becomes code that raises `SyntaxError`
/// when the function runs.
pub(crate) fn lower(def: &FuncDef) -> Code {
    let mut l = Lower {
        code: Code::default(),
        regions: Vec::new(),
        cur: Span::default(),
    };
    match l.block(&def.body) {
        Ok(()) => {
            let none = l.constant(Value::None);
            l.emit(Op::Const(none));
            l.emit(Op::Return);
            super::code::fuse(&mut l.code.ops);
            l.code.global_slots = vec![std::cell::Cell::new(u32::MAX); l.code.names.len()];
            l.code.method_cache = (0..l.code.names.len())
                .map(|_| std::cell::RefCell::new(None))
                .collect();
            l.code.attr_cache =
                vec![std::cell::Cell::new((0, u64::MAX, u32::MAX)); l.code.names.len()];
            l.code.store_cache = l.code.attr_cache.clone();
            l.code
        }
        Err(Unsupported(why)) => {
            let mut code = Code::default();
            code.positions.push(def.pos);
            code.consts.push(Value::str(why));
            code.ops = vec![Op::Line(0), Op::SyntaxError(0)];
            code
        }
    }
}

/// Why a body cannot be lowered.
struct Unsupported(&'static str);

type Lowered = Result<(), Unsupported>;

/// A block the code being lowered is inside, and what leaving it early
/// must do.
#[derive(Clone)]
enum Region<'a> {
    /// A loop: where `continue` goes, the `break` jumps to patch, and
    /// whether an iterator must be dropped on `break`.
    Loop {
        head: u32,
        breaks: Vec<usize>,
        kind: LoopKind,
    },
    /// A `try` body with `except` clauses.
    Except,
    /// A `try` body (or `except`/`else` parts) with this `finally`.
    Finally(&'a [Stmt]),
    /// A `with` body (its `__exit__` is on the stack); `async with` when
    /// true; the statement's position.
    With(bool, u32),
    /// An `except` body (the exception is being handled; the name is
    /// forgotten on the way out).
    Handler(Option<u32>),
    /// A `finally` body run for an exception (which is on the stack).
    FinallyRaised,
    /// An `except*` body (which `break`, `continue` and `return` cannot
    /// leave).
    StarHandler,
}

/// What a loop keeps while it runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LoopKind {
    /// Nothing (`while`).
    While,
    /// An iterator on the iterator stack (`for`).
    For,
    /// Its iterator's `__anext__` on the value stack (`async for`).
    AsyncFor,
}

struct Lower<'a> {
    code: Code,
    regions: Vec<Region<'a>>,
    /// The source range the instructions emitted now belong to.
    cur: Span,
}

impl<'a> Lower<'a> {
    fn emit(&mut self, op: Op) -> usize {
        let at = self.code.ops.len() as u32;
        if self.code.spans.last().map(|s| s.1) != Some(self.cur) {
            self.code.spans.push((at, self.cur));
        }
        self.code.ops.push(op);
        at as usize
    }

    /// Emits `op` as belonging to the range `span` (when known).
    fn emit_at(&mut self, span: Span, op: Op) -> usize {
        let saved = self.cur;
        if span.end.line != 0 {
            self.cur = span;
        }
        let at = self.emit(op);
        self.cur = saved;
        at
    }

    fn here(&self) -> u32 {
        self.code.ops.len() as u32
    }

    /// Points the jump at `at` to the current end.
    fn patch(&mut self, at: usize) {
        let to = self.here();
        self.patch_to(at, to);
    }

    fn patch_to(&mut self, at: usize, to: u32) {
        if let Some(op) = self.code.ops.get_mut(at) {
            *op = match *op {
                Op::Jump(_) => Op::Jump(to),
                Op::JumpIfFalse(_) => Op::JumpIfFalse(to),
                Op::JumpIfTrue(_) => Op::JumpIfTrue(to),
                Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(to),
                Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(to),
                Op::CompareLink(c, _) => Op::CompareLink(c, to),
                Op::ForIter(_) => Op::ForIter(to),
                Op::AsyncNext(_) => Op::AsyncNext(to),
                Op::StarNone(_) => Op::StarNone(to),
                Op::StarMatch(_) => Op::StarMatch(to),
                Op::SetupExcept(_) => Op::SetupExcept(to),
                Op::SetupFinally(_) => Op::SetupFinally(to),
                other => other,
            };
        }
    }

    fn constant(&mut self, v: Value) -> u32 {
        // Small functions: a linear search keeps equal constants shared
        // without hashing values.
        if let Some(i) = self.code.consts.iter().position(|c| same_const(c, &v)) {
            return i as u32;
        }
        self.code.consts.push(v);
        (self.code.consts.len() - 1) as u32
    }

    fn name(&mut self, n: &Rc<str>) -> u32 {
        if let Some(i) = self.code.names.iter().position(|x| x == n) {
            return i as u32;
        }
        self.code.names.push(n.clone());
        (self.code.names.len() - 1) as u32
    }

    fn var(&mut self, v: &Var) -> u32 {
        if let Some(i) = self.code.vars.iter().position(|x| x == v) {
            return i as u32;
        }
        self.code.vars.push(v.clone());
        (self.code.vars.len() - 1) as u32
    }

    // ------------------------------------------------------------ statements

    fn block(&mut self, body: &'a [Stmt]) -> Lowered {
        let saved = self.cur;
        for s in body {
            self.stmt(s)?;
        }
        self.cur = saved;
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> Lowered {
        self.cur = Span {
            start: s.pos,
            end: s.end,
        };
        self.code.positions.push(s.pos);
        let at = (self.code.positions.len() - 1) as u32;
        self.emit(Op::Line(at));
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Pop);
            }
            StmtKind::Assign(targets, value) => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.store(t)?;
                }
            }
            StmtKind::AugAssign(t, op, value) => match t {
                Target::Var(v, _) => {
                    self.load(v);
                    self.expr(value)?;
                    self.emit(Op::Inplace(*op));
                    self.store_var(v);
                }
                Target::Attr(obj, name, span) => {
                    let n = self.name(name);
                    self.expr(obj)?;
                    self.emit(Op::Dup);
                    self.emit_at(*span, Op::Attr(n));
                    self.expr(value)?;
                    self.emit(Op::Inplace(*op));
                    self.emit(Op::Rot2);
                    self.emit_at(*span, Op::StoreAttr(n));
                }
                Target::Subscript(obj, key, span) => {
                    self.expr(obj)?;
                    self.expr(key)?;
                    self.emit(Op::Dup2);
                    self.emit_at(*span, Op::Subscript);
                    self.expr(value)?;
                    self.emit(Op::Inplace(*op));
                    self.emit(Op::Rot3);
                    self.emit_at(*span, Op::StoreSubscript);
                }
                Target::Unpack(..) => {
                    return Err(Unsupported(
                        "'tuple' is an illegal expression for augmented assignment",
                    ))
                }
            },
            StmtKind::Return(v) => {
                match v {
                    Some(e) => self.expr(e)?,
                    None => {
                        let none = self.constant(Value::None);
                        self.emit(Op::Const(none));
                    }
                }
                if self
                    .regions
                    .iter()
                    .any(|r| !matches!(r, Region::Loop { .. }))
                {
                    self.emit(Op::SetReturn);
                    self.leave(0)?;
                    self.emit(Op::ReturnKept);
                } else {
                    self.emit(Op::Return);
                }
            }
            StmtKind::If(test, body, orelse) => {
                self.expr(test)?;
                let to_else = self.emit(Op::JumpIfFalse(0));
                self.block(body)?;
                if orelse.is_empty() {
                    self.patch(to_else);
                } else {
                    let to_end = self.emit(Op::Jump(0));
                    self.patch(to_else);
                    self.block(orelse)?;
                    self.patch(to_end);
                }
            }
            StmtKind::While(pre, test, body, orelse) => {
                let head = self.here();
                self.emit(Op::Pos(at));
                self.block(pre)?;
                self.expr(test)?;
                let to_else = self.emit(Op::JumpIfFalse(0));
                self.regions.push(Region::Loop {
                    head,
                    breaks: Vec::new(),
                    kind: LoopKind::While,
                });
                self.block(body)?;
                let breaks = self.pop_loop();
                self.emit(Op::Tick);
                self.emit(Op::Jump(head));
                self.patch(to_else);
                self.block(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                self.expr(iter)?;
                let kind = if *is_async {
                    self.emit(Op::AsyncIter);
                    LoopKind::AsyncFor
                } else {
                    self.emit(Op::GetIter);
                    LoopKind::For
                };
                let head = self.here();
                self.emit(Op::Pos(at));
                let exit = self.emit(if *is_async {
                    Op::AsyncNext(0)
                } else {
                    Op::ForIter(0)
                });
                self.store(target)?;
                self.regions.push(Region::Loop {
                    head,
                    breaks: Vec::new(),
                    kind,
                });
                self.block(body)?;
                let breaks = self.pop_loop();
                if !*is_async {
                    self.emit(Op::Tick);
                }
                self.emit(Op::Jump(head));
                self.patch(exit);
                self.block(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                let brk = matches!(s.kind, StmtKind::Break);
                let Some(at) = self
                    .regions
                    .iter()
                    .rposition(|r| matches!(r, Region::Loop { .. }))
                else {
                    return Err(Unsupported(if brk {
                        "'break' outside loop"
                    } else {
                        "'continue' not properly in loop"
                    }));
                };
                self.leave(at + 1)?;
                let Some(Region::Loop { head, kind, .. }) = self.regions.get(at).cloned() else {
                    return Err(Unsupported("'break' outside loop"));
                };
                if brk {
                    self.leave_loop(kind);
                    let j = self.emit(Op::Jump(0));
                    if let Some(Region::Loop { breaks, .. }) = self.regions.get_mut(at) {
                        breaks.push(j);
                    }
                } else {
                    self.emit(Op::Jump(head));
                }
            }
            StmtKind::Pass | StmtKind::Nop => {}
            StmtKind::Raise(exc, cause) => match (exc, cause) {
                (None, _) => {
                    self.emit(Op::Raise(0));
                }
                (Some(e), None) => {
                    self.expr(e)?;
                    self.emit(Op::Raise(1));
                }
                (Some(e), Some(c)) => {
                    self.expr(e)?;
                    self.expr(c)?;
                    self.emit(Op::Raise(2));
                }
            },
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
                star,
            } => {
                self.try_stmt(body, handlers, orelse, finally, *star)?;
            }
            StmtKind::With(items, body, is_async) => self.with_stmt(items, body, *is_async, at)?,
            StmtKind::Assert(test, msg, parts) => {
                // In a test run, pytest's explanation: the parts evaluated
                // once, the "where" arguments shown by value.
                let explained = match parts {
                    Some(p) => {
                        self.code.asserts.push(AssertEntry {
                            parts: p.clone(),
                            plain: 0,
                            end: 0,
                        });
                        let i = (self.code.asserts.len() - 1) as u32;
                        self.emit(Op::AssertExplained(i));
                        match &**p {
                            AssertParts::Compare {
                                left,
                                right,
                                left_call,
                                right_call,
                                ..
                            } => {
                                self.expr(left)?;
                                self.expr(right)?;
                                self.shown_args(left_call)?;
                                self.shown_args(right_call)?;
                            }
                            AssertParts::Truth { operand, call, .. } => {
                                self.expr(operand)?;
                                self.shown_args(call)?;
                            }
                        }
                        self.emit(Op::AssertExplain(i));
                        if let Some(m) = msg {
                            self.expr(m)?;
                            self.emit(Op::AssertJoin);
                        }
                        self.emit(Op::AssertRaise);
                        let plain = self.here();
                        if let Some(a) = self.code.asserts.get_mut(i as usize) {
                            a.plain = plain;
                        }
                        Some(i)
                    }
                    None => None,
                };
                self.expr(test)?;
                let ok = self.emit(Op::JumpIfTrue(0));
                if let Some(m) = msg {
                    self.expr(m)?;
                }
                // CPython reports a failed assert at its test.
                let span = Span {
                    start: test.pos,
                    end: test.end,
                };
                self.emit_at(span, Op::AssertFailed(msg.is_some()));
                self.patch(ok);
                if let Some(i) = explained {
                    let end = self.here();
                    if let Some(a) = self.code.asserts.get_mut(i as usize) {
                        a.end = end;
                    }
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            StmtKind::Import { module, names } => {
                self.code.imports.push((module.clone(), names.clone()));
                self.emit(Op::Import((self.code.imports.len() - 1) as u32));
            }
            StmtKind::Class {
                name,
                bases,
                keywords,
                body,
                decorators,
                target,
            } => {
                for d in decorators {
                    self.expr(d)?;
                }
                for b in bases {
                    self.expr(b)?;
                }
                for (_, k) in keywords {
                    self.expr(k)?;
                }
                let Ok(n) = u16::try_from(bases.len()) else {
                    return Err(Unsupported("too many base classes"));
                };
                let names = keywords.iter().map(|(k, _)| k.clone()).collect();
                self.code.classes.push((name.clone(), body.clone(), names));
                self.emit(Op::MakeClass((self.code.classes.len() - 1) as u32, n));
                for _ in decorators {
                    self.emit(Op::Call(1));
                }
                self.store_var(target);
            }
            StmtKind::Match {
                subject,
                slot,
                cases,
            } => self.match_stmt(subject, *slot, cases)?,
            StmtKind::Def(func, decorators, target) => {
                for d in decorators {
                    self.expr(d)?;
                }
                self.expr(func)?;
                for _ in decorators {
                    self.emit(Op::Call(1));
                }
                self.store_var(target);
            }
            StmtKind::Suspend(slot, op) => {
                match op {
                    Suspend::Await(e) => {
                        self.expr(e)?;
                        self.emit(Op::Await);
                    }
                    Suspend::Yield(e) => {
                        match e {
                            Some(e) => self.expr(e)?,
                            None => {
                                let none = self.constant(Value::None);
                                self.emit(Op::Const(none));
                            }
                        }
                        self.emit(Op::Yield);
                    }
                    Suspend::YieldFrom(e) => {
                        self.expr(e)?;
                        self.emit(Op::YieldFrom);
                    }
                }
                match slot {
                    Some(i) => self.emit(Op::StoreLocal(*i)),
                    None => self.emit(Op::Pop),
                };
            }
        }
        Ok(())
    }

    fn pop_loop(&mut self) -> Vec<usize> {
        match self.regions.pop() {
            Some(Region::Loop { breaks, .. }) => breaks,
            _ => Vec::new(),
        }
    }

    /// Writes out what leaving every region from the innermost down to
    /// index `down_to` must do, innermost first.
    fn leave(&mut self, down_to: usize) -> Lowered {
        let mut i = self.regions.len();
        while i > down_to {
            i -= 1;
            match self.regions[i].clone() {
                Region::Loop { kind, .. } => self.leave_loop(kind),
                Region::Except => {
                    self.emit(Op::PopBlock);
                }
                Region::Finally(body) => {
                    self.emit(Op::PopBlock);
                    // The `finally` body runs outside its own region.
                    let saved = self.regions.split_off(i);
                    let r = self.block(body);
                    self.regions.extend(saved);
                    r?;
                }
                Region::With(is_async, at) => {
                    self.emit(Op::PopBlock);
                    self.exit_with(is_async, at);
                }
                Region::Handler(name) => {
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopHandling);
                    if let Some(n) = name {
                        self.emit(Op::ForgetVar(n));
                    }
                }
                Region::FinallyRaised => {
                    self.emit(Op::PopHandling);
                    self.emit(Op::Pop);
                }
                Region::StarHandler => {
                    let msg = self.constant(Value::str(
                        "'break', 'continue' and 'return' cannot appear in an except* block",
                    ));
                    self.emit(Op::SyntaxError(msg));
                }
            }
        }
        Ok(())
    }

    fn try_stmt(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [Handler],
        orelse: &'a [Stmt],
        finally: &'a [Stmt],
        star: bool,
    ) -> Lowered {
        let setup_finally = if finally.is_empty() {
            None
        } else {
            let at = self.emit(Op::SetupFinally(0));
            self.regions.push(Region::Finally(finally));
            Some(at)
        };
        if handlers.is_empty() {
            self.block(body)?;
            self.block(orelse)?;
        } else {
            let setup = self.emit(Op::SetupExcept(0));
            self.regions.push(Region::Except);
            self.block(body)?;
            self.regions.pop();
            self.emit(Op::PopBlock);
            self.block(orelse)?;
            let mut ends = vec![self.emit(Op::Jump(0))];
            // The exception is on the stack and being handled.
            self.patch(setup);
            if star {
                self.star_handlers(handlers)?;
            } else {
                self.handlers(handlers, &mut ends)?;
            }
            for e in ends {
                self.patch(e);
            }
        }
        if let Some(setup) = setup_finally {
            self.regions.pop();
            self.emit(Op::PopBlock);
            self.block(finally)?;
            let end = self.emit(Op::Jump(0));
            self.patch(setup);
            self.regions.push(Region::FinallyRaised);
            self.block(finally)?;
            self.regions.pop();
            self.emit(Op::Reraise);
            self.patch(end);
        }
        Ok(())
    }

    /// `except` clauses, tried in order; the exception is on the stack and
    /// being handled. A body that ends jumps to one of `ends`.
    fn handlers(&mut self, handlers: &'a [Handler], ends: &mut Vec<usize>) -> Lowered {
        for h in handlers {
            let next = match &h.class {
                Some(c) => {
                    self.expr(c)?;
                    self.emit(Op::ExceptionMatches);
                    Some(self.emit(Op::JumpIfFalse(0)))
                }
                None => None,
            };
            let name = h.name.as_ref().map(|n| self.var(n));
            match &h.name {
                Some(n) => self.store_var(n),
                None => {
                    self.emit(Op::Pop);
                }
            }
            let cleanup = self.emit(Op::SetupFinally(0));
            self.regions.push(Region::Handler(name));
            self.block(&h.body)?;
            self.regions.pop();
            self.emit(Op::PopBlock);
            self.emit(Op::PopHandling);
            if let Some(n) = name {
                self.emit(Op::ForgetVar(n));
            }
            ends.push(self.emit(Op::Jump(0)));
            // The body raised: the new exception is on the stack.
            self.patch(cleanup);
            if let Some(n) = name {
                self.emit(Op::ForgetVar(n));
            }
            self.emit(Op::HandlerRaised);
            if let Some(next) = next {
                self.patch(next);
            }
        }
        // No clause matched.
        self.emit(Op::Reraise);
        Ok(())
    }

    /// `except*` clauses: each takes the part of the group it matches; what
    /// is left and what they raised is raised at the end.
    fn star_handlers(&mut self, handlers: &'a [Handler]) -> Lowered {
        self.emit(Op::StarBegin);
        for h in handlers {
            let Some(class) = &h.class else {
                return Err(Unsupported("expected one or more exception types"));
            };
            let none_left = self.emit(Op::StarNone(0));
            self.expr(class)?;
            let unmatched = self.emit(Op::StarMatch(0));
            let name = h.name.as_ref().map(|n| self.var(n));
            match &h.name {
                Some(n) => self.store_var(n),
                None => {
                    self.emit(Op::Pop);
                }
            }
            let cleanup = self.emit(Op::SetupFinally(0));
            self.regions.push(Region::StarHandler);
            self.block(&h.body)?;
            self.regions.pop();
            self.emit(Op::PopBlock);
            self.emit(Op::PopHandling);
            if let Some(n) = name {
                self.emit(Op::ForgetVar(n));
            }
            let next = self.emit(Op::Jump(0));
            // The body raised: the new exception is on the stack.
            self.patch(cleanup);
            if let Some(n) = name {
                self.emit(Op::ForgetVar(n));
            }
            self.emit(Op::StarRaised);
            self.patch(none_left);
            self.patch(unmatched);
            self.patch(next);
        }
        self.emit(Op::StarEnd);
        Ok(())
    }

    /// Drops what a loop keeps, for a `break` or `return` leaving it.
    fn leave_loop(&mut self, kind: LoopKind) {
        match kind {
            LoopKind::While => {}
            LoopKind::For => {
                self.emit(Op::PopIter);
            }
            LoopKind::AsyncFor => {
                self.emit(Op::Pop);
            }
        }
    }

    /// Calls the `__exit__` (or awaits the `__aexit__`) on the stack with
    /// three Nones.
    fn exit_with(&mut self, is_async: bool, at: u32) {
        self.emit(Op::Pos(at));
        if is_async {
            self.emit(Op::AsyncWithExit);
            self.emit(Op::Await);
            self.emit(Op::Pop);
        } else {
            self.emit(Op::WithExit);
        }
    }

    /// `with` (`at`: the statement's position, where what `__exit__`
    /// raises is reported).
    fn with_stmt(
        &mut self,
        items: &'a [WithItem],
        body: &'a [Stmt],
        is_async: bool,
        at: u32,
    ) -> Lowered {
        let Some((item, rest)) = items.split_first() else {
            return self.block(body);
        };
        self.expr(&item.context)?;
        // What entering and leaving raise is reported at the statement's
        // line, with no columns marked (CPython's too).
        let saved = self.cur;
        self.cur = Span::default();
        if is_async {
            self.emit(Op::AsyncWithEnter);
            self.emit(Op::Await);
        } else {
            self.emit(Op::WithEnter);
        }
        match &item.target {
            Some(t) => self.store(t)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        let setup = self.emit(Op::SetupFinally(0));
        self.regions.push(Region::With(is_async, at));
        self.with_stmt(rest, body, is_async, at)?;
        self.regions.pop();
        self.emit(Op::PopBlock);
        self.exit_with(is_async, at);
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        self.emit(Op::Pos(at));
        if is_async {
            self.emit(Op::AsyncWithExitRaised);
            self.emit(Op::Await);
            self.emit(Op::WithExitChecked);
        } else {
            self.emit(Op::WithExitRaised);
        }
        self.patch(end);
        self.cur = saved;
        Ok(())
    }

    // --------------------------------------------------------------- targets

    // --------------------------------------------------------------- match

    /// `match`: the subject goes to its slot; each case's pattern jumps to
    /// the next case when it fails, else binds its names, checks the guard
    /// and runs the body.
    fn match_stmt(&mut self, subject: &'a Expr, slot: u32, cases: &'a [MatchCase]) -> Lowered {
        self.expr(subject)?;
        self.emit(Op::StoreLocal(slot));
        let mut ends = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            self.code.positions.push(case.pos);
            let at = (self.code.positions.len() - 1) as u32;
            self.emit(Op::Line(at));
            let mut fails = Vec::new();
            self.pattern(&case.pattern, &mut fails)?;
            for (var, from) in &case.binds {
                self.emit(Op::LoadLocal(*from));
                self.store_var(var);
            }
            if let Some((pre, guard)) = &case.guard {
                self.block(pre)?;
                self.expr(guard)?;
                fails.push(self.emit(Op::JumpIfFalse(0)));
            }
            self.block(&case.body)?;
            if i + 1 < cases.len() {
                ends.push(self.emit(Op::Jump(0)));
            }
            for f in fails {
                self.patch(f);
            }
        }
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    /// Checks the pattern against the value in its slot; each jump that
    /// leaves it (with nothing left on the stack) goes into `fails`.
    fn pattern(&mut self, p: &'a Pattern, fails: &mut Vec<usize>) -> Lowered {
        let subject = |p: &Pattern| {
            p.subject
                .ok_or(Unsupported("internal error: a pattern without its value"))
        };
        match &p.kind {
            PatternKind::Any => {}
            PatternKind::Value(value) => {
                self.emit(Op::LoadLocal(subject(p)?));
                self.expr(value)?;
                self.emit(Op::Compare(crate::ir::CmpOp::Eq));
                fails.push(self.emit(Op::JumpIfFalse(0)));
            }
            PatternKind::Singleton(v) => {
                self.emit(Op::LoadLocal(subject(p)?));
                let c = self.constant(value_of(v));
                self.emit(Op::Const(c));
                self.emit(Op::Compare(crate::ir::CmpOp::Is));
                fails.push(self.emit(Op::JumpIfFalse(0)));
            }
            PatternKind::Sequence { items, star } => {
                self.emit(Op::LoadLocal(subject(p)?));
                let op = match star {
                    None => Op::MatchSequence(items.len() as u32),
                    Some(at) => {
                        let after = items.len() - at - 1;
                        match (u16::try_from(*at), u16::try_from(after)) {
                            (Ok(b), Ok(a)) => Op::MatchSequenceStar(b, a),
                            _ => return Err(Unsupported("too many sub-patterns")),
                        }
                    }
                };
                self.emit(op);
                fails.push(self.emit(Op::JumpIfFalse(0)));
                self.subpatterns(items.iter(), fails)?;
            }
            PatternKind::Mapping { keys, values, rest } => {
                let s = subject(p)?;
                self.emit(Op::LoadLocal(s));
                self.emit(Op::MatchMapping(keys.len() as u32));
                fails.push(self.emit(Op::JumpIfFalse(0)));
                if !keys.is_empty() || rest.is_some() {
                    self.emit(Op::LoadLocal(s));
                    for k in keys {
                        self.expr(k)?;
                    }
                    self.emit(Op::MatchKeys(keys.len() as u32, rest.is_some()));
                    fails.push(self.emit(Op::JumpIfFalse(0)));
                    for v in values {
                        self.store_part(v);
                    }
                    if let Some(r) = rest {
                        self.emit(Op::StoreLocal(*r));
                    }
                    for v in values {
                        self.pattern(v, fails)?;
                    }
                }
            }
            PatternKind::Class {
                class,
                args,
                kwargs,
            } => {
                self.expr(class)?;
                self.emit(Op::LoadLocal(subject(p)?));
                let names = kwargs.iter().map(|(n, _)| n.clone()).collect();
                self.code.class_patterns.push((args.len() as u32, names));
                let i = (self.code.class_patterns.len() - 1) as u32;
                self.emit(Op::MatchClass(i));
                fails.push(self.emit(Op::JumpIfFalse(0)));
                self.subpatterns(args.iter().chain(kwargs.iter().map(|(_, p)| p)), fails)?;
            }
            PatternKind::Or(alts) => {
                let mut matched = Vec::new();
                for (i, (alt, copies)) in alts.iter().enumerate() {
                    let last = i + 1 == alts.len();
                    let mut alt_fails = Vec::new();
                    self.pattern(alt, if last { &mut *fails } else { &mut alt_fails })?;
                    for (from, to) in copies {
                        self.emit(Op::LoadLocal(*from));
                        self.emit(Op::StoreLocal(*to));
                    }
                    if !last {
                        matched.push(self.emit(Op::Jump(0)));
                        for f in alt_fails {
                            self.patch(f);
                        }
                    }
                }
                for m in matched {
                    self.patch(m);
                }
            }
        }
        Ok(())
    }

    /// Stores the parts a pattern pushed (the first on top) in their
    /// sub-patterns' slots, then checks each.
    fn subpatterns(
        &mut self,
        parts: impl Iterator<Item = &'a Pattern> + Clone,
        fails: &mut Vec<usize>,
    ) -> Lowered {
        for part in parts.clone() {
            self.store_part(part);
        }
        for part in parts {
            self.pattern(part, fails)?;
        }
        Ok(())
    }

    /// Pops a part into its sub-pattern's slot (or drops it for `_`).
    fn store_part(&mut self, p: &Pattern) {
        match p.subject {
            Some(s) => self.emit(Op::StoreLocal(s)),
            None => self.emit(Op::Pop),
        };
    }

    fn load(&mut self, v: &Var) {
        match v {
            Var::Local(i, _) => {
                self.emit(Op::LoadLocal(*i));
            }
            Var::Global(n) => {
                let i = self.name(n);
                self.emit(Op::LoadGlobal(i));
            }
            other => {
                let i = self.var(other);
                self.emit(Op::LoadVar(i));
            }
        }
    }

    fn store_var(&mut self, v: &Var) {
        match v {
            Var::Local(i, _) => {
                self.emit(Op::StoreLocal(*i));
            }
            Var::Global(n) => {
                let i = self.name(n);
                self.emit(Op::StoreGlobal(i));
            }
            other => {
                let i = self.var(other);
                self.emit(Op::StoreVar(i));
            }
        }
    }

    /// Stores the top value into a target.
    fn store(&mut self, t: &'a Target) -> Lowered {
        match t {
            Target::Var(v, _) => self.store_var(v),
            Target::Attr(obj, name, span) => {
                self.expr(obj)?;
                let n = self.name(name);
                self.emit_at(*span, Op::StoreAttr(n));
            }
            Target::Subscript(obj, key, span) => {
                self.expr(obj)?;
                self.expr(key)?;
                self.emit_at(*span, Op::StoreSubscript);
            }
            Target::Unpack(targets, star, span) => {
                match star {
                    None => {
                        self.emit_at(*span, Op::Unpack(targets.len() as u32));
                    }
                    Some(si) => {
                        let after = targets.len() - si - 1;
                        let (Ok(before), Ok(after)) = (u16::try_from(*si), u16::try_from(after))
                        else {
                            return Err(Unsupported(
                                "too many expressions in star-unpacking assignment",
                            ));
                        };
                        self.emit_at(*span, Op::UnpackStar(before, after));
                    }
                }
                for t in targets {
                    self.store(t)?;
                }
            }
        }
        Ok(())
    }

    fn delete(&mut self, t: &'a Target) -> Lowered {
        match t {
            Target::Var(v, pos) => {
                let i = self.var(v);
                // A name is on one line: it ends its length further on.
                let end = Pos {
                    line: pos.line,
                    col: pos.col + v.name().chars().count() as u32,
                };
                self.emit_at(Span { start: *pos, end }, Op::DeleteVar(i));
            }
            Target::Attr(obj, name, span) => {
                self.expr(obj)?;
                let n = self.name(name);
                self.emit_at(*span, Op::DeleteAttr(n));
            }
            Target::Subscript(obj, key, span) => {
                self.expr(obj)?;
                self.expr(key)?;
                self.emit_at(*span, Op::DeleteSubscript);
            }
            Target::Unpack(ts, _, _) => {
                for t in ts {
                    self.delete(t)?;
                }
            }
        }
        Ok(())
    }

    // ----------------------------------------------------------- expressions

    /// Lowers an expression; its own instructions carry its source range.
    fn expr(&mut self, e: &'a Expr) -> Lowered {
        let saved = self.cur;
        if e.end.line != 0 {
            self.cur = Span {
                start: e.pos,
                end: e.end,
            };
        }
        let r = self.expr_inner(e);
        self.cur = saved;
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> Lowered {
        if e.suspends {
            return Err(Unsupported("'await' outside async function"));
        }
        match &e.kind {
            ExprKind::Const(v) => {
                let i = self.constant(value_of(v));
                self.emit(Op::Const(i));
            }
            ExprKind::Load(v) => self.load(v),
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                let n = self.name(name);
                self.emit(Op::Attr(n));
            }
            ExprKind::Subscript(obj, key) => {
                self.expr(obj)?;
                self.expr(key)?;
                self.emit(Op::Subscript);
            }
            ExprKind::Slice(a, b, c) => {
                for part in [a, b, c] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => {
                            let none = self.constant(Value::None);
                            self.emit(Op::Const(none));
                        }
                    }
                }
                self.emit(Op::Slice);
            }
            ExprKind::Call(func, args) => {
                let positional = args.iter().all(|a| matches!(a, Arg::Pos(_)));
                if let (ExprKind::Attr(obj, name), true) = (&func.kind, positional) {
                    // `obj.method(args)`: no bound method in between.
                    self.expr(obj)?;
                    let n = self.name(name);
                    let span = Span {
                        start: func.pos,
                        end: func.end,
                    };
                    self.emit_at(span, Op::LoadMethod(n));
                    for a in args {
                        if let Arg::Pos(x) = a {
                            self.expr(x)?;
                        }
                    }
                    self.emit(Op::CallMethod(args.len() as u32));
                    return Ok(());
                }
                self.expr(func)?;
                if positional {
                    for a in args {
                        if let Arg::Pos(x) = a {
                            self.expr(x)?;
                        }
                    }
                    self.emit(Op::Call(args.len() as u32));
                } else {
                    let mut shapes = Vec::with_capacity(args.len());
                    for a in args {
                        match a {
                            Arg::Pos(x) => {
                                self.expr(x)?;
                                shapes.push(ArgShape::Pos);
                            }
                            Arg::Star(x) => {
                                self.expr(x)?;
                                shapes.push(ArgShape::Star);
                            }
                            Arg::Kw(n, x) => {
                                self.expr(x)?;
                                shapes.push(ArgShape::Kw(n.clone()));
                            }
                            Arg::StarStar(x) => {
                                self.expr(x)?;
                                shapes.push(ArgShape::StarStar);
                            }
                        }
                    }
                    self.code.calls.push(shapes);
                    self.emit(Op::CallWith((self.code.calls.len() - 1) as u32));
                }
            }
            ExprKind::Bin(op, l, r) => {
                self.expr(l)?;
                self.expr(r)?;
                self.emit(Op::Bin(*op));
            }
            ExprKind::Unary(op, x) => {
                self.expr(x)?;
                self.emit(Op::Unary(*op));
            }
            ExprKind::BoolOp(and, values) => {
                let mut ends = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        ends.push(self.emit(if *and {
                            Op::JumpIfFalseOrPop(0)
                        } else {
                            Op::JumpIfTrueOrPop(0)
                        }));
                    }
                }
                for j in ends {
                    self.patch(j);
                }
            }
            ExprKind::Compare(left, ops) => {
                self.expr(left)?;
                let mut fails = Vec::new();
                for (i, (op, right)) in ops.iter().enumerate() {
                    self.expr(right)?;
                    if i + 1 < ops.len() {
                        fails.push(self.emit(Op::CompareLink(*op, 0)));
                    } else {
                        self.emit(Op::Compare(*op));
                    }
                }
                for j in fails {
                    self.patch(j);
                }
            }
            ExprKind::IfExp(test, body, orelse) => {
                self.expr(test)?;
                let to_else = self.emit(Op::JumpIfFalse(0));
                self.expr(body)?;
                let to_end = self.emit(Op::Jump(0));
                self.patch(to_else);
                self.expr(orelse)?;
                self.patch(to_end);
            }
            ExprKind::Function(def, defaults, kw_defaults, annotations) => {
                for d in defaults {
                    self.expr(d)?;
                }
                for (_, d) in kw_defaults {
                    self.expr(d)?;
                }
                for (name, e, text) in annotations {
                    let key = self.constant(Value::Str(name.clone()));
                    self.emit(Op::Const(key));
                    // An annotation naming what the subset lacks stays its
                    // text (a forward reference) rather than failing the
                    // `def`.
                    let setup = self.emit(Op::SetupExcept(0));
                    self.expr(e)?;
                    self.emit(Op::PopBlock);
                    let ok = self.emit(Op::Jump(0));
                    self.patch(setup);
                    self.emit(Op::Pop);
                    self.emit(Op::PopHandling);
                    let text = self.constant(Value::Str(text.clone()));
                    self.emit(Op::Const(text));
                    self.patch(ok);
                }
                self.code.funcs.push(FuncEntry {
                    def: def.clone(),
                    defaults: defaults.len() as u32,
                    kw_defaults: kw_defaults.iter().map(|(n, _)| n.clone()).collect(),
                    annotations: annotations.len() as u32,
                });
                self.emit(Op::MakeFunction((self.code.funcs.len() - 1) as u32));
            }
            ExprKind::List(items) => {
                if self.items(items)? {
                    self.emit(Op::BuildList(items.len() as u32));
                }
            }
            ExprKind::Tuple(items) => {
                if self.items(items)? {
                    self.emit(Op::BuildTuple(items.len() as u32));
                } else {
                    self.emit(Op::ListToTuple);
                }
            }
            ExprKind::Set(items) => {
                if items.iter().any(|x| matches!(x.kind, ExprKind::Starred(_))) {
                    self.emit(Op::BuildSet(0));
                    for it in items {
                        if let ExprKind::Starred(inner) = &it.kind {
                            self.expr(inner)?;
                            self.emit(Op::SetExtend);
                        } else {
                            self.expr(it)?;
                            self.emit(Op::SetAdd);
                        }
                    }
                } else {
                    for it in items {
                        self.expr(it)?;
                    }
                    self.emit(Op::BuildSet(items.len() as u32));
                }
            }
            ExprKind::Dict(items) => {
                if items.iter().all(|(k, _)| k.is_some()) {
                    for (k, v) in items {
                        if let Some(k) = k {
                            self.expr(k)?;
                        }
                        self.expr(v)?;
                    }
                    self.emit(Op::BuildDict(items.len() as u32));
                } else {
                    self.emit(Op::BuildDict(0));
                    for (k, v) in items {
                        match k {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(v)?;
                                self.emit(Op::DictSet);
                            }
                            None => {
                                self.expr(v)?;
                                self.emit(Op::DictUpdate);
                            }
                        }
                    }
                }
            }
            ExprKind::Comp(kind, fors) => {
                match &**kind {
                    CompKind::List(_) => self.emit(Op::BuildList(0)),
                    CompKind::Set(_) => self.emit(Op::BuildSet(0)),
                    CompKind::Dict(..) => self.emit(Op::BuildDict(0)),
                };
                self.comprehension(kind, fors)?;
            }
            ExprKind::GenExp(def, first) => {
                self.expr(first)?;
                self.code.funcs.push(FuncEntry {
                    def: def.clone(),
                    defaults: 0,
                    kw_defaults: Vec::new(),
                    annotations: 0,
                });
                self.emit(Op::GenExp((self.code.funcs.len() - 1) as u32));
            }
            ExprKind::FString(parts) => self.fstring(parts)?,
            ExprKind::Named(target, value) => {
                self.expr(value)?;
                self.emit(Op::Dup);
                self.store(target)?;
            }
            ExprKind::Starred(_) => {
                let msg = self.constant(Value::str("can't use starred expression here"));
                self.emit(Op::SyntaxError(msg));
            }
            ExprKind::ClassCell => {
                self.emit(Op::ClassCell);
            }
        }
        Ok(())
    }

    /// Pushes the `repr()` of each argument a "where" line shows by value,
    /// `?` for one that fails to evaluate.
    fn shown_args(&mut self, call: &'a Option<Rc<CallShow>>) -> Lowered {
        for (_, arg) in call.iter().flat_map(|c| c.args.iter()) {
            if let Ok(e) = arg {
                let setup = self.emit(Op::SetupExcept(0));
                self.expr(e)?;
                self.emit(Op::Repr);
                self.emit(Op::PopBlock);
                let ok = self.emit(Op::Jump(0));
                self.patch(setup);
                self.emit(Op::Pop);
                self.emit(Op::PopHandling);
                let q = self.constant(Value::str("?"));
                self.emit(Op::Const(q));
                self.patch(ok);
            }
        }
        Ok(())
    }

    /// Pushes the items of a display. Answers `true` when they are all on
    /// the stack (no `*x`), `false` when they were gathered into a list.
    fn items(&mut self, items: &'a [Expr]) -> Result<bool, Unsupported> {
        if !items.iter().any(|x| matches!(x.kind, ExprKind::Starred(_))) {
            for it in items {
                self.expr(it)?;
            }
            return Ok(true);
        }
        self.emit(Op::BuildList(0));
        for it in items {
            if let ExprKind::Starred(inner) = &it.kind {
                self.expr(inner)?;
                self.emit(Op::ListExtend);
            } else {
                self.expr(it)?;
                self.emit(Op::ListAppend);
            }
        }
        Ok(false)
    }

    fn comprehension(&mut self, kind: &'a CompKind, fors: &'a [CompFor]) -> Lowered {
        let Some((first, rest)) = fors.split_first() else {
            match kind {
                CompKind::List(e) => {
                    self.expr(e)?;
                    self.emit(Op::ListAppend);
                }
                CompKind::Set(e) => {
                    self.expr(e)?;
                    self.emit(Op::SetAdd);
                }
                CompKind::Dict(k, v) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Op::DictSet);
                }
            }
            return Ok(());
        };
        if first.is_async {
            return Err(Unsupported(
                "asynchronous comprehension outside of an asynchronous function",
            ));
        }
        self.expr(&first.iter)?;
        self.emit(Op::GetIter);
        let head = self.here();
        let exit = self.emit(Op::ForIter(0));
        self.emit(Op::Tick);
        self.store(&first.target)?;
        for c in &first.ifs {
            self.expr(c)?;
            self.emit(Op::JumpIfFalse(head));
        }
        self.comprehension(kind, rest)?;
        self.emit(Op::Jump(head));
        self.patch(exit);
        Ok(())
    }

    fn fstring(&mut self, parts: &'a [FPart]) -> Lowered {
        let mut n = 0u32;
        for p in parts {
            match p {
                FPart::Lit(s) => {
                    let i = self.constant(Value::Str(s.clone()));
                    self.emit(Op::Const(i));
                    n += 1;
                }
                FPart::Value {
                    value,
                    conversion,
                    spec,
                    debug,
                } => {
                    if let Some(d) = debug {
                        let i = self.constant(Value::Str(d.clone()));
                        self.emit(Op::Const(i));
                        n += 1;
                    }
                    self.expr(value)?;
                    if let Some(s) = spec {
                        self.fstring(s)?;
                    }
                    let conv = match conversion {
                        Some('r') => 'r',
                        Some('a') => 'a',
                        Some('s') => 's',
                        _ => '-',
                    };
                    self.emit(Op::Format(conv, spec.is_some()));
                    n += 1;
                }
            }
        }
        self.emit(Op::BuildString(n));
        Ok(())
    }
}

/// The runtime value of a literal.
fn value_of(c: &Const) -> Value {
    match c {
        Const::None => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::Big(b) => Value::Big(b.clone()),
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => Value::Str(s.clone()),
        Const::Bytes(b) => Value::Bytes(b.clone()),
        Const::Ellipsis => crate::value::ellipsis(),
    }
}

/// Whether two constants can share a slot: same type and same value (so
/// `1`, `1.0` and `True` stay apart).
fn same_const(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        _ => false,
    }
}
