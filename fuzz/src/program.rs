//! Valid Python programs built from fuzzer bytes: a small AST, generated
//! with [`arbitrary::Unstructured`] under context rules that keep it valid
//! (`await` only in coroutines, `yield` only in generators, `break` only
//! in loops, no `return` in `except*`, …), then printed as source.
//!
//! The shape: exception classes `E0`/`E1`; sync functions `f*`,
//! generators `g*`, coroutines `c*`, async generators `ag*`, classes `K*`
//! (sync and async context managers with a method and `__iter__`), each
//! taking a recursion budget `n`; then `async def main()` and
//! `asyncio.run(main())`. Every function starts `a, b, c = …`, and
//! coroutines `ts = []` (the tasks they started). The bodies aim at the
//! VM's unusual paths: `return`/`break`/`continue` through `finally` and
//! `with`, generators closed or thrown into, tasks cancelled while in
//! `finally`, timeouts, TaskGroups, deep nesting and recursion.
//!
//! When the bytes run out every choice takes its first option, which is
//! always the simplest, so any input gives a finite program.

use arbitrary::{Result, Unstructured};
use std::fmt::Write;

/// A generated program.
#[derive(Debug)]
pub struct Program {
    funcs: Vec<Func>,
    classes: Vec<Class>,
    main: Vec<Stmt>,
    /// `main`'s budget handed to the functions.
    n0: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sync,
    Gen,
    Async,
    AsyncGen,
}

impl Kind {
    fn is_async(self) -> bool {
        matches!(self, Kind::Async | Kind::AsyncGen)
    }
    fn prefix(self) -> &'static str {
        match self {
            Kind::Sync => "f",
            Kind::Gen => "g",
            Kind::Async => "c",
            Kind::AsyncGen => "ag",
        }
    }
}

#[derive(Debug)]
struct Func {
    kind: Kind,
    index: usize,
    /// `if n <= guard: return`; a very negative guard recurses into the
    /// recursion limit.
    guard: i32,
    body: Vec<Stmt>,
    ret: Expr,
}

#[derive(Debug)]
struct Class {
    index: usize,
    enter: Vec<Stmt>,
    exit: Vec<Stmt>,
    exit_swallows: bool,
    aenter: Vec<Stmt>,
    aexit: Vec<Stmt>,
    aexit_swallows: bool,
    method: Vec<Stmt>,
    method_ret: Expr,
}

#[derive(Debug, Clone, Copy)]
enum Var {
    A,
    B,
    C,
    N,
    /// A lambda's or comprehension's variable.
    X,
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    FloorDiv,
    Mod,
    Lt,
    Eq,
    And,
    Or,
}

#[derive(Debug, Clone, Copy)]
enum CompKind {
    List,
    Set,
    Dict,
    Sum,
}

#[derive(Debug)]
enum Expr {
    Int(i64),
    Str(u8),
    Bool(bool),
    None,
    Var(Var),
    Bin(Op, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `f{i}(arg)`.
    Call(usize, Box<Expr>),
    /// `g{i}(arg)`: a generator object.
    GenCall(usize, Box<Expr>),
    /// `range(k)`.
    Range(u8),
    /// `K{i}(arg)`: an instance (iterable through `__iter__`).
    Instance(usize, Box<Expr>),
    /// `K{i}(arg).m(arg2)`.
    Method(usize, Box<Expr>, Box<Expr>),
    /// `list(g{i}(arg))`.
    GenList(usize, Box<Expr>),
    /// `next(g{i}(arg), None)`.
    GenNext(usize, Box<Expr>),
    /// `sum(K{i}(arg))` through `__iter__`.
    IterSum(usize, Box<Expr>),
    List(Vec<Expr>),
    Len(Box<Expr>),
    /// `[elt for x in range(count) if cond]` and friends.
    Comp(CompKind, Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    /// `[elt async for x in ag{i}(arg)]`.
    AsyncComp(usize, Box<Expr>, Box<Expr>),
    Lambda(Box<Expr>, Box<Expr>),
    Await(Box<Awaitable>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    FStr(Vec<Expr>),
    /// `(a := e)`.
    Walrus(Box<Expr>),
    /// Parentheses, lists or `not`s `depth` deep around `inner`.
    Deep(u8, u16, Box<Expr>),
}

#[derive(Debug)]
enum Awaitable {
    Sleep(u8),
    Coro(usize, Expr),
    Gather(Vec<(usize, Expr)>, bool),
    WaitFor(usize, Expr, u8),
    Shield(usize, Expr),
    SleepWaitFor(u8, u8),
    LastTask,
    QueueGet,
    QueuePut(Expr),
    /// `anext(ag{i}(arg), None)`.
    AgNext(usize, Expr),
}

#[derive(Debug, Clone, Copy)]
enum Exc {
    E0,
    E1,
    Value,
    Key,
    Runtime,
    StopIteration,
    Cancelled,
    Timeout,
    GeneratorExit,
    ZeroDivision,
}

#[derive(Debug)]
enum Raise {
    New(Exc, Expr),
    From(Exc, Exc),
    FromNone(Exc),
    Bare,
    Group(Vec<Exc>),
}

#[derive(Debug)]
struct Handler {
    /// None: a bare `except:`.
    types: Option<Vec<Exc>>,
    name: bool,
    body: Vec<Stmt>,
}

#[derive(Debug)]
enum WithItem {
    K(usize, Expr),
    Suppress(Exc),
    /// Async only.
    Timeout(u8),
    TaskGroup,
    Lock,
}

#[derive(Debug)]
enum GenOp {
    Make(usize, Expr),
    Next,
    Send(Expr),
    Throw(Exc),
    Close,
    AMake(usize, Expr),
    ANext,
    ASend(Expr),
    AThrow(Exc),
    AClose,
}

#[derive(Debug)]
enum Stmt {
    Pass,
    Print(u32, Expr),
    Assign(Var, Expr),
    AugAdd(Var, Expr),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Var, Expr, Vec<Stmt>, Vec<Stmt>),
    AsyncFor(Var, usize, Expr, Vec<Stmt>, Vec<Stmt>),
    /// `w{depth} = 0; while w{depth} < limit: w{depth} += 1; …`.
    While(u32, u8, Vec<Stmt>, Vec<Stmt>),
    Break,
    Continue,
    Return(Option<Expr>),
    Raise(Raise),
    Try(Vec<Stmt>, Vec<Handler>, Vec<Stmt>, Option<Vec<Stmt>>),
    TryStar(Vec<Stmt>, Vec<(Vec<Exc>, Vec<Stmt>)>, Option<Vec<Stmt>>),
    With(bool, Vec<WithItem>, Vec<Stmt>),
    Expr(Expr),
    Del(Var),
    Assert(Expr),
    CreateTask(usize, Expr),
    TgCreateTask(usize, Expr),
    CancelLast,
    CancelAll,
    CancelSelf,
    GatherAll(bool),
    Gen(GenOp),
    /// A nested `def`/`async def inner(n)`, then a call of it.
    Nested(bool, bool, Vec<Stmt>, Expr),
    /// `if True:` / `try:` … `depth` deep around `inner`.
    DeepBlock(u8, u8, Vec<Stmt>),
}

/// Where a statement or expression is generated.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    kind: Kind,
    in_loop: bool,
    loop_depth: u32,
    in_except_star: bool,
    in_tg: bool,
    /// `x` is bound (lambda, comprehension).
    has_x: bool,
    /// Inside a lambda or generator expression: no `await`, no `yield`.
    in_lambda: bool,
    /// Inside an f-string's braces: no string literals (Python 3.11
    /// forbids the f-string's own quote and backslashes there).
    in_fstr: bool,
    /// No `:=` (a comprehension's iterable, a lambda).
    no_walrus: bool,
    depth: u32,
}

impl Ctx {
    fn top(kind: Kind) -> Ctx {
        Ctx {
            kind,
            in_loop: false,
            loop_depth: 0,
            in_except_star: false,
            in_tg: false,
            has_x: false,
            in_lambda: false,
            in_fstr: false,
            no_walrus: false,
            depth: 0,
        }
    }
    fn deeper(self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            ..self
        }
    }
    fn can_await(self) -> bool {
        self.kind.is_async() && !self.in_lambda
    }
    fn can_yield(self) -> bool {
        matches!(self.kind, Kind::Gen | Kind::AsyncGen) && !self.in_lambda
    }
    /// The same place with `yield` forbidden (`await` kept).
    fn no_yield(self) -> Ctx {
        let kind = match self.kind {
            Kind::Gen => Kind::Sync,
            Kind::AsyncGen => Kind::Async,
            k => k,
        };
        Ctx { kind, ..self }
    }
}

const MAX_DEPTH: u32 = 5;
const MAX_STMTS: u32 = 160;

struct Gen<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    counts: [usize; 4],
    classes: usize,
    stmts: u32,
    label: u32,
}

impl Program {
    /// Builds a program from `u`.
    ///
    /// # Errors
    ///
    /// Only what `Unstructured` reports (never for running out of bytes).
    pub fn generate(u: &mut Unstructured<'_>) -> Result<Program> {
        let counts = [
            u.int_in_range(0..=3)?,
            u.int_in_range(0..=2)?,
            u.int_in_range(1..=3)?,
            u.int_in_range(0..=2)?,
        ];
        let classes = u.int_in_range(0..=2)?;
        let n0 = u.int_in_range(1..=4)?;
        let mut g = Gen {
            u,
            counts,
            classes,
            stmts: 0,
            label: 0,
        };
        // `main` first: what it calls is known (the counts), and the bytes
        // that run out are the last functions'.
        let main = g.body(Ctx::top(Kind::Async), 1..=8)?;
        let mut funcs = Vec::new();
        for (k, kind) in [Kind::Sync, Kind::Gen, Kind::Async, Kind::AsyncGen]
            .into_iter()
            .enumerate()
        {
            for index in 0..counts[k] {
                funcs.push(g.func(kind, index)?);
            }
        }
        let mut cls = Vec::new();
        for index in 0..classes {
            cls.push(g.class(index)?);
        }
        Ok(Program {
            funcs,
            classes: cls,
            main,
            n0,
        })
    }

    /// The program's source.
    pub fn source(&self) -> String {
        let mut p = Printer::default();
        p.line("import asyncio");
        p.line("import contextlib");
        p.line("");
        p.line("class E0(Exception):");
        p.line("    pass");
        p.line("");
        p.line("class E1(E0):");
        p.line("    pass");
        p.line("");
        p.line("def _r(v):");
        p.line("    return range(min(v, 8)) if isinstance(v, int) else [0, 1]");
        p.line("");
        p.line("lock = asyncio.Lock()");
        p.line("queue = asyncio.Queue()");
        p.line("");
        for f in &self.funcs {
            p.func(f);
        }
        for c in &self.classes {
            p.class(c);
        }
        p.line("async def main():");
        p.indent += 1;
        p.prologue(Kind::Async, self.n0);
        p.block_body(&self.main, Kind::Async);
        p.indent -= 1;
        p.line("");
        p.line("try:");
        p.line("    asyncio.run(main())");
        p.line("except BaseException as e:");
        p.line("    print('main raised', type(e).__name__)");
        p.out
    }
}

impl Gen<'_, '_> {
    fn func(&mut self, kind: Kind, index: usize) -> Result<Func> {
        let guard = if self.u.ratio(1, 12)? { -5000 } else { 0 };
        let body = self.body(Ctx::top(kind), 1..=6)?;
        let ret = self.expr(Ctx::top(kind))?;
        Ok(Func {
            kind,
            index,
            guard,
            body,
            ret,
        })
    }

    fn class(&mut self, index: usize) -> Result<Class> {
        let sync = Ctx::top(Kind::Sync);
        let asy = Ctx::top(Kind::Async);
        Ok(Class {
            index,
            enter: self.body(sync, 0..=2)?,
            exit: self.body(sync, 0..=2)?,
            exit_swallows: self.u.arbitrary()?,
            aenter: self.body(asy, 0..=2)?,
            aexit: self.body(asy, 0..=2)?,
            aexit_swallows: self.u.arbitrary()?,
            method: self.body(sync, 0..=3)?,
            method_ret: self.expr(sync)?,
        })
    }

    fn body(&mut self, ctx: Ctx, len: std::ops::RangeInclusive<u32>) -> Result<Vec<Stmt>> {
        let n = self.u.int_in_range(len)?;
        let mut out = Vec::new();
        for _ in 0..n {
            if self.stmts >= MAX_STMTS {
                break;
            }
            out.push(self.stmt(ctx)?);
        }
        Ok(out)
    }

    fn label(&mut self) -> u32 {
        self.label += 1;
        self.label
    }

    fn var(&mut self, ctx: Ctx) -> Result<Var> {
        let vars: &[Var] = if ctx.has_x {
            &[Var::A, Var::B, Var::C, Var::N, Var::X]
        } else {
            &[Var::A, Var::B, Var::C, Var::N]
        };
        Ok(*self.u.choose(vars)?)
    }

    fn target(&mut self) -> Result<Var> {
        Ok(*self.u.choose(&[Var::A, Var::B, Var::C])?)
    }

    fn exc(&mut self) -> Result<Exc> {
        Ok(*self.u.choose(&[
            Exc::E0,
            Exc::E1,
            Exc::Value,
            Exc::Key,
            Exc::Runtime,
            Exc::StopIteration,
            Exc::Cancelled,
            Exc::Timeout,
            Exc::GeneratorExit,
            Exc::ZeroDivision,
        ])?)
    }

    fn excs(&mut self) -> Result<Vec<Exc>> {
        let n = self.u.int_in_range(1..=3)?;
        (0..n).map(|_| self.exc()).collect()
    }

    fn pick(&mut self, kind: Kind) -> Result<Option<usize>> {
        let n = self.counts[kind as usize];
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(self.u.choose_index(n)?))
    }

    /// A call argument: mostly `n - 1`.
    fn arg(&mut self, ctx: Ctx) -> Result<Expr> {
        if self.u.ratio(7, 8)? {
            Ok(Expr::Bin(
                Op::Sub,
                Box::new(Expr::Var(Var::N)),
                Box::new(Expr::Int(1)),
            ))
        } else {
            self.expr(ctx.deeper())
        }
    }

    fn stmt(&mut self, ctx: Ctx) -> Result<Stmt> {
        self.stmts += 1;
        let compound = ctx.depth < MAX_DEPTH;
        let choice = self.u.int_in_range(0..=40)?;
        let inner = ctx.deeper();
        Ok(match choice {
            0 => Stmt::Pass,
            1..=3 => {
                let l = self.label();
                Stmt::Print(l, self.expr(ctx)?)
            }
            4 => Stmt::Assign(self.target()?, self.expr(ctx)?),
            5 => Stmt::AugAdd(self.target()?, self.expr(ctx)?),
            6 | 7 if compound => Stmt::If(
                self.expr(ctx)?,
                self.body(inner, 1..=3)?,
                self.body(inner, 0..=2)?,
            ),
            8 | 9 if compound => {
                let lp = Ctx {
                    in_loop: true,
                    loop_depth: ctx.loop_depth + 1,
                    ..inner
                };
                let iter = match self.u.int_in_range(0..=4)? {
                    0 => Expr::Range(self.u.int_in_range(0..=4)?),
                    1 => match self.pick(Kind::Gen)? {
                        Some(i) => Expr::GenCall(i, Box::new(self.arg(ctx)?)),
                        None => Expr::List(vec![Expr::Int(1), Expr::Int(2)]),
                    },
                    2 => match self.pick(Kind::Gen)? {
                        // A generator left unfinished by `break` is closed.
                        Some(i) => Expr::GenCall(i, Box::new(self.arg(ctx)?)),
                        None => self.expr(ctx)?,
                    },
                    3 if self.classes > 0 => {
                        let k = self.u.choose_index(self.classes)?;
                        Expr::Instance(k, Box::new(self.arg(ctx)?))
                    }
                    _ => self.expr(ctx)?,
                };
                Stmt::For(
                    self.target()?,
                    iter,
                    self.body(lp, 1..=3)?,
                    self.body(inner, 0..=1)?,
                )
            }
            10 if compound => {
                let lp = Ctx {
                    in_loop: true,
                    loop_depth: ctx.loop_depth + 1,
                    ..inner
                };
                Stmt::While(
                    ctx.loop_depth,
                    self.u.int_in_range(0..=4)?,
                    self.body(lp, 1..=3)?,
                    self.body(inner, 0..=1)?,
                )
            }
            11 if compound && ctx.can_await() => match self.pick(Kind::AsyncGen)? {
                Some(i) => {
                    let lp = Ctx {
                        in_loop: true,
                        loop_depth: ctx.loop_depth + 1,
                        ..inner
                    };
                    Stmt::AsyncFor(
                        self.target()?,
                        i,
                        self.arg(ctx)?,
                        self.body(lp, 1..=3)?,
                        self.body(inner, 0..=1)?,
                    )
                }
                None => Stmt::Pass,
            },
            12 | 13 if ctx.in_loop && !ctx.in_except_star => Stmt::Break,
            14 if ctx.in_loop && !ctx.in_except_star => Stmt::Continue,
            15 | 16 if !ctx.in_except_star => {
                if ctx.kind == Kind::AsyncGen || self.u.ratio(1, 4)? {
                    Stmt::Return(None)
                } else {
                    Stmt::Return(Some(self.expr(ctx)?))
                }
            }
            17 | 18 => Stmt::Raise(match self.u.int_in_range(0..=4)? {
                0 => Raise::New(self.exc()?, self.expr(ctx)?),
                1 => Raise::From(self.exc()?, self.exc()?),
                2 => Raise::FromNone(self.exc()?),
                3 => Raise::Bare,
                _ => Raise::Group(self.excs()?),
            }),
            19..=22 if compound => {
                let body = self.body(inner, 1..=3)?;
                let nh = self.u.int_in_range(0..=2)?;
                let mut handlers = Vec::new();
                for i in 0..nh {
                    // A bare `except:` must come last.
                    let types = if i + 1 == nh && self.u.ratio(1, 6)? {
                        None
                    } else {
                        Some(self.excs()?)
                    };
                    handlers.push(Handler {
                        types,
                        name: self.u.arbitrary()?,
                        body: self.body(inner, 1..=3)?,
                    });
                }
                let orelse = if nh > 0 {
                    self.body(inner, 0..=1)?
                } else {
                    Vec::new()
                };
                let finally = if nh == 0 || self.u.arbitrary()? {
                    Some(self.body(inner, 1..=3)?)
                } else {
                    None
                };
                Stmt::Try(body, handlers, orelse, finally)
            }
            23 if compound => {
                let star = Ctx {
                    in_except_star: true,
                    ..inner
                };
                let body = self.body(inner, 1..=3)?;
                let nh = self.u.int_in_range(1..=2)?;
                let mut handlers = Vec::new();
                for _ in 0..nh {
                    handlers.push((self.excs()?, self.body(star, 1..=2)?));
                }
                let finally = if self.u.arbitrary()? {
                    Some(self.body(inner, 1..=2)?)
                } else {
                    None
                };
                Stmt::TryStar(body, handlers, finally)
            }
            24..=26 if compound => {
                let is_async = ctx.can_await() && self.u.arbitrary()?;
                let n = self.u.int_in_range(1..=2)?;
                let mut items = Vec::new();
                let mut body_ctx = inner;
                for _ in 0..n {
                    let choice = self.u.int_in_range(0..=4)?;
                    items.push(match choice {
                        1 if !is_async => WithItem::Suppress(self.exc()?),
                        2 if is_async => WithItem::Timeout(self.u.int_in_range(0..=3)?),
                        3 if is_async => {
                            body_ctx.in_tg = true;
                            WithItem::TaskGroup
                        }
                        4 if is_async => WithItem::Lock,
                        _ if self.classes > 0 => {
                            let k = self.u.choose_index(self.classes)?;
                            WithItem::K(k, self.arg(ctx)?)
                        }
                        _ if is_async => WithItem::Timeout(self.u.int_in_range(0..=3)?),
                        _ => WithItem::Suppress(self.exc()?),
                    });
                }
                Stmt::With(is_async, items, self.body(body_ctx, 1..=3)?)
            }
            27 => Stmt::Expr(self.expr(ctx)?),
            28 => Stmt::Del(self.target()?),
            29 => Stmt::Assert(self.expr(ctx)?),
            30 | 31 if ctx.can_await() => match self.pick(Kind::Async)? {
                Some(i) if ctx.in_tg && self.u.arbitrary()? => {
                    Stmt::TgCreateTask(i, self.arg(ctx)?)
                }
                Some(i) => Stmt::CreateTask(i, self.arg(ctx)?),
                None => Stmt::Pass,
            },
            32 if ctx.can_await() => match self.u.int_in_range(0..=3)? {
                0 => Stmt::CancelLast,
                1 => Stmt::CancelAll,
                2 => Stmt::CancelSelf,
                _ => Stmt::GatherAll(self.u.arbitrary()?),
            },
            33 | 34 => {
                let op = match self.u.int_in_range(0..=9)? {
                    0 => match self.pick(Kind::Gen)? {
                        Some(i) => GenOp::Make(i, self.arg(ctx)?),
                        None => GenOp::Next,
                    },
                    1 => GenOp::Next,
                    2 => GenOp::Send(self.expr(ctx)?),
                    3 => GenOp::Throw(self.exc()?),
                    4 => GenOp::Close,
                    5 if ctx.can_await() => match self.pick(Kind::AsyncGen)? {
                        Some(i) => GenOp::AMake(i, self.arg(ctx)?),
                        None => GenOp::Next,
                    },
                    6 if ctx.can_await() => GenOp::ANext,
                    7 if ctx.can_await() => GenOp::ASend(self.expr(ctx)?),
                    8 if ctx.can_await() => GenOp::AThrow(self.exc()?),
                    9 if ctx.can_await() => GenOp::AClose,
                    _ => GenOp::Next,
                };
                Stmt::Gen(op)
            }
            35 if compound => {
                let is_async = ctx.kind.is_async() && self.u.arbitrary()?;
                let nonlocal = self.u.arbitrary()?;
                let kind = if is_async { Kind::Async } else { Kind::Sync };
                let body = self.body(Ctx::top(kind).deeper(), 1..=4)?;
                let arg = self.arg(ctx)?;
                // An async inner called from sync code is never awaited.
                Stmt::Nested(is_async && ctx.can_await(), nonlocal, body, arg)
            }
            36 if compound => {
                // CPython allows 20 nested loops/try/with blocks and 100
                // indentation levels.
                let kind = self.u.int_in_range(0..=4)?;
                let depth = if kind == 0 {
                    self.u.int_in_range(1..=40)?
                } else {
                    self.u.int_in_range(1..=12)?
                };
                Stmt::DeepBlock(kind, depth, self.body(Ctx { depth: MAX_DEPTH, ..inner }, 1..=2)?)
            }
            37..=40 if ctx.can_await() => {
                let l = self.label();
                Stmt::Print(l, Expr::Await(Box::new(self.awaitable(ctx)?)))
            }
            37..=40 if ctx.can_yield() => {
                let l = self.label();
                Stmt::Print(l, self.yield_expr(ctx)?)
            }
            _ => {
                let l = self.label();
                Stmt::Print(l, self.expr(ctx)?)
            }
        })
    }

    fn yield_expr(&mut self, ctx: Ctx) -> Result<Expr> {
        Ok(if ctx.kind == Kind::Gen && self.u.ratio(1, 3)? {
            match self.pick(Kind::Gen)? {
                Some(i) => Expr::YieldFrom(Box::new(Expr::GenCall(i, Box::new(self.arg(ctx)?)))),
                None => Expr::YieldFrom(Box::new(Expr::List(vec![Expr::Int(1)]))),
            }
        } else if self.u.arbitrary()? {
            Expr::Yield(Some(Box::new(self.expr(ctx.deeper())?)))
        } else {
            Expr::Yield(None)
        })
    }

    fn awaitable(&mut self, ctx: Ctx) -> Result<Awaitable> {
        let c = self.pick(Kind::Async)?;
        Ok(match (self.u.int_in_range(0..=10)?, c) {
            (0, _) | (_, None) => Awaitable::Sleep(self.u.int_in_range(0..=3)?),
            (1 | 2, Some(i)) => Awaitable::Coro(i, self.arg(ctx)?),
            (3, Some(i)) => {
                let mut v = vec![(i, self.arg(ctx)?)];
                for _ in 0..self.u.int_in_range(0..=2)? {
                    let j = self.pick(Kind::Async)?.unwrap_or(i);
                    v.push((j, self.arg(ctx)?));
                }
                Awaitable::Gather(v, self.u.arbitrary()?)
            }
            (4, Some(i)) => Awaitable::WaitFor(i, self.arg(ctx)?, self.u.int_in_range(0..=3)?),
            (5, Some(i)) => Awaitable::Shield(i, self.arg(ctx)?),
            (6, _) => Awaitable::SleepWaitFor(self.u.int_in_range(0..=3)?, self.u.int_in_range(0..=3)?),
            (7, _) => Awaitable::LastTask,
            (8, _) => Awaitable::QueueGet,
            (9, _) => Awaitable::QueuePut(self.expr(ctx.deeper())?),
            (_, Some(i)) => match self.pick(Kind::AsyncGen)? {
                Some(a) => Awaitable::AgNext(a, self.arg(ctx)?),
                None => Awaitable::Coro(i, self.arg(ctx)?),
            },
        })
    }

    fn leaf(&mut self, ctx: Ctx) -> Result<Expr> {
        // Mostly ints, so that programs run on past their first operator.
        Ok(match self.u.int_in_range(0..=9)? {
            0..=3 => Expr::Int(self.u.int_in_range(-3..=9)?),
            4 if !ctx.in_fstr => Expr::Str(self.u.int_in_range(0..=3)?),
            5 => Expr::Bool(self.u.arbitrary()?),
            6 => Expr::None,
            _ => Expr::Var(self.var(ctx)?),
        })
    }

    fn expr(&mut self, ctx: Ctx) -> Result<Expr> {
        if ctx.depth >= MAX_DEPTH + 2 {
            return self.leaf(ctx);
        }
        let inner = ctx.deeper();
        let b = |e: Expr| Box::new(e);
        Ok(match self.u.int_in_range(0..=30)? {
            0..=5 => self.leaf(ctx)?,
            6..=8 => {
                let op = *self.u.choose(&[
                    Op::Add,
                    Op::Sub,
                    Op::Mul,
                    Op::FloorDiv,
                    Op::Mod,
                    Op::Lt,
                    Op::Eq,
                    Op::And,
                    Op::Or,
                ])?;
                Expr::Bin(op, b(self.expr(inner)?), b(self.expr(inner)?))
            }
            9 => Expr::Not(b(self.expr(inner)?)),
            10 => Expr::IfExp(
                b(self.expr(inner)?),
                b(self.expr(inner)?),
                b(self.expr(inner)?),
            ),
            11 | 12 => match self.pick(Kind::Sync)? {
                Some(i) => Expr::Call(i, b(self.arg(ctx)?)),
                None => self.leaf(ctx)?,
            },
            13 if self.classes > 0 => {
                let k = self.u.choose_index(self.classes)?;
                Expr::Method(k, b(self.arg(ctx)?), b(self.arg(ctx)?))
            }
            14 => match self.pick(Kind::Gen)? {
                Some(i) if self.u.arbitrary()? => Expr::GenList(i, b(self.arg(ctx)?)),
                Some(i) => Expr::GenNext(i, b(self.arg(ctx)?)),
                None => self.leaf(ctx)?,
            },
            15 if self.classes > 0 => {
                let k = self.u.choose_index(self.classes)?;
                Expr::IterSum(k, b(self.arg(ctx)?))
            }
            16 => {
                let n = self.u.int_in_range(0..=3)?;
                let mut v = Vec::new();
                for _ in 0..n {
                    v.push(self.expr(inner)?);
                }
                Expr::List(v)
            }
            17 => {
                let n = self.u.int_in_range(0..=3)?;
                let mut v = Vec::new();
                for _ in 0..n {
                    v.push(self.expr(inner)?);
                }
                Expr::Len(b(Expr::List(v)))
            }
            18 | 19 => {
                let kind =
                    *self.u.choose(&[CompKind::List, CompKind::Set, CompKind::Dict, CompKind::Sum])?;
                // `yield` nowhere in a comprehension; `await` in its body
                // only in a coroutine and not in a generator expression
                // (whose body is a generator of its own); its first
                // iterable is evaluated outside, where `await` is fine.
                let body = Ctx {
                    has_x: true,
                    no_walrus: true,
                    in_lambda: ctx.in_lambda || matches!(kind, CompKind::Sum),
                    ..inner.no_yield()
                };
                let count = self.expr(Ctx {
                    no_walrus: true,
                    ..inner.no_yield()
                })?;
                let cond = if self.u.arbitrary()? {
                    Some(b(self.expr(body)?))
                } else {
                    None
                };
                Expr::Comp(kind, b(self.expr(body)?), b(count), cond)
            }
            20 if ctx.can_await() => match self.pick(Kind::AsyncGen)? {
                Some(i) => {
                    let body = Ctx {
                        has_x: true,
                        no_walrus: true,
                        ..inner.no_yield()
                    };
                    let iter = Ctx {
                        no_walrus: true,
                        ..ctx.no_yield()
                    };
                    Expr::AsyncComp(i, b(self.expr(body)?), b(self.arg(iter)?))
                }
                None => self.leaf(ctx)?,
            },
            21 => {
                let body = Ctx {
                    has_x: true,
                    in_lambda: true,
                    no_walrus: true,
                    ..inner
                };
                Expr::Lambda(b(self.expr(body)?), b(self.expr(inner)?))
            }
            22..=24 if ctx.can_await() => Expr::Await(Box::new(self.awaitable(ctx)?)),
            22..=24 if ctx.can_yield() => self.yield_expr(ctx)?,
            25 if !ctx.in_fstr => {
                let n = self.u.int_in_range(1..=3)?;
                let mut v = Vec::new();
                for _ in 0..n {
                    v.push(self.expr(Ctx {
                        in_fstr: true,
                        ..inner
                    })?);
                }
                Expr::FStr(v)
            }
            26 if !ctx.has_x && !ctx.no_walrus => Expr::Walrus(b(self.expr(inner)?)),
            27 => Expr::Deep(
                self.u.int_in_range(0..=3)?,
                self.u.int_in_range(1..=150)?,
                b(self.leaf(ctx)?),
            ),
            _ => self.leaf(ctx)?,
        })
    }
}

#[derive(Default)]
struct Printer {
    out: String,
    indent: usize,
    /// Hidden names (`tg`, `kv`, …) made unique.
    fresh: u32,
}

fn exc_name(e: Exc) -> &'static str {
    match e {
        Exc::E0 => "E0",
        Exc::E1 => "E1",
        Exc::Value => "ValueError",
        Exc::Key => "KeyError",
        Exc::Runtime => "RuntimeError",
        Exc::StopIteration => "StopIteration",
        Exc::Cancelled => "asyncio.CancelledError",
        Exc::Timeout => "TimeoutError",
        Exc::GeneratorExit => "GeneratorExit",
        Exc::ZeroDivision => "ZeroDivisionError",
    }
}

fn var_name(v: Var) -> &'static str {
    match v {
        Var::A => "a",
        Var::B => "b",
        Var::C => "c",
        Var::N => "n",
        Var::X => "x",
    }
}

impl Printer {
    fn line(&mut self, text: &str) {
        if !text.is_empty() {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn prologue(&mut self, kind: Kind, n0: u8) {
        if kind == Kind::Async && n0 > 0 {
            // main
            self.line(&format!("n = {n0}"));
        }
        self.line("a, b, c = n, 1, 0");
        if kind.is_async() {
            self.line("ts = []");
        }
    }

    fn func(&mut self, f: &Func) {
        let def = if f.kind.is_async() { "async def" } else { "def" };
        self.line(&format!("{def} {}{}(n):", f.kind.prefix(), f.index));
        self.indent += 1;
        let early = match f.kind {
            Kind::Sync | Kind::Async => "return 0",
            Kind::Gen | Kind::AsyncGen => "return",
        };
        self.line(&format!("if n <= {}:", f.guard));
        self.line(&format!("    {early}"));
        self.prologue(f.kind, 0);
        self.stmts(&f.body, f.kind);
        match f.kind {
            Kind::AsyncGen => {
                let e = self.expr(&f.ret);
                self.line(&format!("yield {e}"));
            }
            _ => {
                let e = self.expr(&f.ret);
                self.line(&format!("return {e}"));
            }
        }
        self.indent -= 1;
        self.line("");
    }

    fn class(&mut self, c: &Class) {
        self.line(&format!("class K{}:", c.index));
        self.indent += 1;
        self.line("def __init__(self, n):");
        self.line("    self.n = n");
        self.line("def __enter__(self):");
        self.indent += 1;
        self.line(&format!("print('K{} enter', self.n)", c.index));
        self.line("n = self.n");
        self.line("a, b, c = n, 1, 0");
        self.stmts(&c.enter, Kind::Sync);
        self.line("return self");
        self.indent -= 1;
        self.line("def __exit__(self, et, ev, tb):");
        self.indent += 1;
        self.line(&format!(
            "print('K{} exit', self.n, et.__name__ if et else None)",
            c.index
        ));
        self.line("n = self.n");
        self.line("a, b, c = n, 1, 0");
        self.stmts(&c.exit, Kind::Sync);
        self.line(&format!("return {}", py_bool(c.exit_swallows)));
        self.indent -= 1;
        self.line("async def __aenter__(self):");
        self.indent += 1;
        self.line(&format!("print('K{} aenter', self.n)", c.index));
        self.line("n = self.n");
        self.line("a, b, c = n, 1, 0");
        self.line("ts = []");
        self.stmts(&c.aenter, Kind::Async);
        self.line("return self");
        self.indent -= 1;
        self.line("async def __aexit__(self, et, ev, tb):");
        self.indent += 1;
        self.line(&format!(
            "print('K{} aexit', self.n, et.__name__ if et else None)",
            c.index
        ));
        self.line("n = self.n");
        self.line("a, b, c = n, 1, 0");
        self.line("ts = []");
        self.stmts(&c.aexit, Kind::Async);
        self.line(&format!("return {}", py_bool(c.aexit_swallows)));
        self.indent -= 1;
        self.line("def m(self, n):");
        self.indent += 1;
        self.line("if n <= 0:");
        self.line("    return 0");
        self.line("a, b, c = n, 1, 0");
        self.stmts(&c.method, Kind::Sync);
        let e = self.expr(&c.method_ret);
        self.line(&format!("return {e}"));
        self.indent -= 1;
        self.line("def __iter__(self):");
        self.line("    yield from range(max(0, min(self.n, 5)) if isinstance(self.n, int) else 2)");
        self.indent -= 1;
        self.line("");
    }

    fn stmts(&mut self, body: &[Stmt], kind: Kind) {
        for s in body {
            self.stmt(s, kind);
        }
    }

    fn block_body(&mut self, body: &[Stmt], kind: Kind) {
        if body.is_empty() {
            self.line("pass");
        } else {
            self.stmts(body, kind);
        }
    }

    fn block(&mut self, head: &str, body: &[Stmt], kind: Kind) {
        self.line(head);
        self.indent += 1;
        self.block_body(body, kind);
        self.indent -= 1;
    }

    fn excs(&self, v: &[Exc]) -> String {
        if v.len() == 1 {
            exc_name(v[0]).to_string()
        } else {
            let names: Vec<&str> = v.iter().map(|e| exc_name(*e)).collect();
            format!("({})", names.join(", "))
        }
    }

    fn stmt(&mut self, s: &Stmt, kind: Kind) {
        match s {
            Stmt::Pass => self.line("pass"),
            Stmt::Print(l, e) => {
                let e = self.expr(e);
                self.line(&format!("print('p{l}', {e})"));
            }
            Stmt::Assign(v, e) => {
                let e = self.expr(e);
                self.line(&format!("{} = {e}", var_name(*v)));
            }
            Stmt::AugAdd(v, e) => {
                let e = self.expr(e);
                self.line(&format!("{} += {e}", var_name(*v)));
            }
            Stmt::If(c, t, e) => {
                let c = self.expr(c);
                self.block(&format!("if {c}:"), t, kind);
                if !e.is_empty() {
                    self.block("else:", e, kind);
                }
            }
            Stmt::For(v, iter, body, orelse) => {
                let it = self.expr(iter);
                self.block(&format!("for {} in {it}:", var_name(*v)), body, kind);
                if !orelse.is_empty() {
                    self.block("else:", orelse, kind);
                }
            }
            Stmt::AsyncFor(v, i, arg, body, orelse) => {
                let arg = self.expr(arg);
                self.block(
                    &format!("async for {} in ag{i}({arg}):", var_name(*v)),
                    body,
                    kind,
                );
                if !orelse.is_empty() {
                    self.block("else:", orelse, kind);
                }
            }
            Stmt::While(d, limit, body, orelse) => {
                self.line(&format!("w{d} = 0"));
                self.line(&format!("while w{d} < {limit}:"));
                self.indent += 1;
                self.line(&format!("w{d} += 1"));
                self.stmts(body, kind);
                self.indent -= 1;
                if !orelse.is_empty() {
                    self.block("else:", orelse, kind);
                }
            }
            Stmt::Break => self.line("break"),
            Stmt::Continue => self.line("continue"),
            Stmt::Return(None) => self.line("return"),
            Stmt::Return(Some(e)) => {
                let e = self.expr(e);
                self.line(&format!("return {e}"));
            }
            Stmt::Raise(r) => {
                let text = match r {
                    Raise::New(e, arg) => format!("raise {}({})", exc_name(*e), self.expr(arg)),
                    Raise::From(e, f) => {
                        format!("raise {}('x') from {}('y')", exc_name(*e), exc_name(*f))
                    }
                    Raise::FromNone(e) => format!("raise {}() from None", exc_name(*e)),
                    Raise::Bare => "raise".to_string(),
                    Raise::Group(v) => {
                        let items: Vec<String> =
                            v.iter().map(|e| format!("{}('g')", exc_name(*e))).collect();
                        format!("raise ExceptionGroup('eg', [{}])", items.join(", "))
                    }
                };
                self.line(&text);
            }
            Stmt::Try(body, handlers, orelse, finally) => {
                self.block("try:", body, kind);
                for h in handlers {
                    let head = match (&h.types, h.name) {
                        (None, _) => "except:".to_string(),
                        (Some(t), true) => format!("except {} as e:", self.excs(t)),
                        (Some(t), false) => format!("except {}:", self.excs(t)),
                    };
                    self.line(&head);
                    self.indent += 1;
                    if h.types.is_some() && h.name {
                        self.line("print('caught', type(e).__name__)");
                    }
                    self.block_body(&h.body, kind);
                    self.indent -= 1;
                }
                if !orelse.is_empty() {
                    self.block("else:", orelse, kind);
                }
                if let Some(f) = finally {
                    self.block("finally:", f, kind);
                }
            }
            Stmt::TryStar(body, handlers, finally) => {
                self.block("try:", body, kind);
                for (t, h) in handlers {
                    let head = format!("except* {} as eg:", self.excs(t));
                    self.line(&head);
                    self.indent += 1;
                    self.line("print('caught*', len(eg.exceptions))");
                    self.stmts(h, kind);
                    self.indent -= 1;
                }
                if let Some(f) = finally {
                    self.block("finally:", f, kind);
                }
            }
            Stmt::With(is_async, items, body) => {
                let mut parts = Vec::new();
                for it in items {
                    self.fresh += 1;
                    let k = self.fresh;
                    parts.push(match it {
                        WithItem::K(i, arg) => format!("K{i}({}) as kv{k}", self.expr(arg)),
                        WithItem::Suppress(e) => format!("contextlib.suppress({})", exc_name(*e)),
                        WithItem::Timeout(t) => format!("asyncio.timeout({})", secs(*t)),
                        WithItem::TaskGroup => "asyncio.TaskGroup() as tg".to_string(),
                        WithItem::Lock => "lock".to_string(),
                    });
                }
                let kw = if *is_async { "async with" } else { "with" };
                self.block(&format!("{kw} {}:", parts.join(", ")), body, kind);
            }
            Stmt::Expr(e) => {
                let e = self.expr(e);
                self.line(&e);
            }
            Stmt::Del(v) => self.line(&format!("del {}", var_name(*v))),
            Stmt::Assert(e) => {
                let e = self.expr(e);
                self.line(&format!("assert {e}, 'assert'"));
            }
            Stmt::CreateTask(i, arg) => {
                let arg = self.expr(arg);
                self.line(&format!("ts.append(asyncio.create_task(c{i}({arg})))"));
            }
            Stmt::TgCreateTask(i, arg) => {
                let arg = self.expr(arg);
                self.line(&format!("ts.append(tg.create_task(c{i}({arg})))"));
            }
            Stmt::CancelLast => self.line("print('cancel', ts[-1].cancel() if ts else None)"),
            Stmt::CancelAll => {
                self.line("for t in ts:");
                self.line("    t.cancel()");
            }
            Stmt::CancelSelf => self.line("asyncio.current_task().cancel()"),
            Stmt::GatherAll(r) => self.line(&format!(
                "print('all', await asyncio.gather(*ts, return_exceptions={}))",
                py_bool(*r)
            )),
            Stmt::Gen(op) => {
                let text = match op {
                    GenOp::Make(i, arg) => format!("gv = g{i}({})", self.expr(arg)),
                    GenOp::Next => "print('next', next(gv, 'end'))".to_string(),
                    GenOp::Send(e) => format!("print('send', gv.send({}))", self.expr(e)),
                    GenOp::Throw(e) => format!("print('throw', gv.throw({}('t')))", exc_name(*e)),
                    GenOp::Close => "gv.close()".to_string(),
                    GenOp::AMake(i, arg) => format!("agv = ag{i}({})", self.expr(arg)),
                    GenOp::ANext => "print('anext', await anext(agv, 'end'))".to_string(),
                    GenOp::ASend(e) => {
                        format!("print('asend', await agv.asend({}))", self.expr(e))
                    }
                    GenOp::AThrow(e) => {
                        format!("print('athrow', await agv.athrow({}('t')))", exc_name(*e))
                    }
                    GenOp::AClose => "await agv.aclose()".to_string(),
                };
                self.line(&text);
            }
            Stmt::Nested(is_async, nonlocal, body, arg) => {
                let def = if *is_async { "async def" } else { "def" };
                let inner_kind = if *is_async { Kind::Async } else { Kind::Sync };
                self.fresh += 1;
                let name = format!("inner{}", self.fresh);
                self.line(&format!("{def} {name}(n):"));
                self.indent += 1;
                if *nonlocal {
                    self.line("nonlocal a, b, c");
                    if *is_async {
                        self.line("ts = []");
                    }
                } else {
                    self.prologue(inner_kind, 0);
                }
                self.stmts(body, inner_kind);
                self.line("return a");
                self.indent -= 1;
                let arg = self.expr(arg);
                let call = if *is_async {
                    format!("await {name}({arg})")
                } else {
                    format!("{name}({arg})")
                };
                self.line(&format!("print('{name}', {call})"));
            }
            Stmt::DeepBlock(k, depth, body) => {
                let depth = usize::from(*depth);
                for i in 0..depth {
                    match k % 5 {
                        0 => self.line("if True:"),
                        1 => self.line("try:"),
                        2 => self.line(&format!("for d{i} in range(1):")),
                        3 => self.line("while True:"),
                        _ => self.line("with contextlib.suppress(E0):"),
                    }
                    self.indent += 1;
                }
                self.block_body(body, kind);
                if k % 5 == 3 {
                    self.line("break");
                }
                for level in (0..depth).rev() {
                    self.indent -= 1;
                    match k % 5 {
                        1 => {
                            self.line("finally:");
                            self.line("    print('fin')");
                        }
                        // Out of the loop just closed, still in the next.
                        3 if level > 0 => self.line("break"),
                        _ => {}
                    }
                }
            }
        }
    }

    fn expr(&mut self, e: &Expr) -> String {
        match e {
            Expr::Int(i) => i.to_string(),
            Expr::Str(s) => ["''", "'s'", "'ab'", "'\\n'"][usize::from(*s) % 4].to_string(),
            Expr::Bool(b) => py_bool(*b).to_string(),
            Expr::None => "None".to_string(),
            Expr::Var(v) => var_name(*v).to_string(),
            Expr::Bin(op, l, r) => {
                let op = match op {
                    Op::Add => "+",
                    Op::Sub => "-",
                    Op::Mul => "*",
                    Op::FloorDiv => "//",
                    Op::Mod => "%",
                    Op::Lt => "<",
                    Op::Eq => "==",
                    Op::And => "and",
                    Op::Or => "or",
                };
                format!("({} {op} {})", self.expr(l), self.expr(r))
            }
            Expr::Not(e) => format!("(not {})", self.expr(e)),
            Expr::IfExp(c, a, b) => {
                format!("({} if {} else {})", self.expr(a), self.expr(c), self.expr(b))
            }
            Expr::Call(i, arg) => format!("f{i}({})", self.expr(arg)),
            Expr::GenCall(i, arg) => format!("g{i}({})", self.expr(arg)),
            Expr::Range(k) => format!("range({k})"),
            Expr::Instance(k, arg) => format!("K{k}({})", self.expr(arg)),
            Expr::Method(k, arg, m) => {
                let arg = self.expr(arg);
                format!("K{k}({arg}).m({})", self.expr(m))
            }
            Expr::GenList(i, arg) => format!("list(g{i}({}))", self.expr(arg)),
            Expr::GenNext(i, arg) => format!("next(g{i}({}), None)", self.expr(arg)),
            Expr::IterSum(k, arg) => format!("sum(K{k}({}))", self.expr(arg)),
            Expr::List(v) => {
                let items: Vec<String> = v.iter().map(|e| self.expr(e)).collect();
                format!("[{}]", items.join(", "))
            }
            Expr::Len(e) => format!("len({})", self.expr(e)),
            Expr::Comp(kind, elt, count, cond) => {
                let elt = self.expr(elt);
                let count = self.expr(count);
                let cond = match cond {
                    Some(c) => format!(" if {}", self.expr(c)),
                    None => String::new(),
                };
                let gen = format!("for x in _r({count}){cond}");
                match kind {
                    CompKind::List => format!("[{elt} {gen}]"),
                    CompKind::Set => format!("len({{{elt} {gen}}})"),
                    CompKind::Dict => format!("{{x: {elt} {gen}}}"),
                    CompKind::Sum => format!("len([0 for _ in ({elt} {gen})])"),
                }
            }
            Expr::AsyncComp(i, elt, arg) => {
                format!("[{} async for x in ag{i}({})]", self.expr(elt), self.expr(arg))
            }
            Expr::Lambda(body, arg) => {
                format!("(lambda x: {})({})", self.expr(body), self.expr(arg))
            }
            Expr::Await(a) => format!("(await {})", self.awaitable(a)),
            Expr::Yield(None) => "(yield)".to_string(),
            Expr::Yield(Some(e)) => format!("(yield {})", self.expr(e)),
            Expr::YieldFrom(e) => format!("(yield from {})", self.expr(e)),
            Expr::FStr(v) => {
                let mut s = String::from("f'");
                for (i, e) in v.iter().enumerate() {
                    let _ = write!(s, "{i}{{ {} }}", self.expr(e));
                }
                s.push('\'');
                s
            }
            Expr::Walrus(e) => format!("(a := {})", self.expr(e)),
            Expr::Deep(kind, depth, inner) => {
                let inner = self.expr(inner);
                let d = usize::from(*depth);
                match kind % 4 {
                    0 => format!("{}{inner}{}", "(".repeat(d), ")".repeat(d)),
                    1 => format!("len({}{inner}{})", "[".repeat(d), "]".repeat(d)),
                    2 => format!("({}{inner})", "not ".repeat(d)),
                    _ => format!("({}{inner})", "-".repeat(d)),
                }
            }
        }
    }

    fn awaitable(&mut self, a: &Awaitable) -> String {
        match a {
            Awaitable::Sleep(t) => format!("asyncio.sleep({})", secs(*t)),
            Awaitable::Coro(i, arg) => format!("c{i}({})", self.expr(arg)),
            Awaitable::Gather(v, r) => {
                let items: Vec<String> = v
                    .iter()
                    .map(|(i, arg)| format!("c{i}({})", self.expr(arg)))
                    .collect();
                format!(
                    "asyncio.gather({}, return_exceptions={})",
                    items.join(", "),
                    py_bool(*r)
                )
            }
            Awaitable::WaitFor(i, arg, t) => {
                format!("asyncio.wait_for(c{i}({}), {})", self.expr(arg), secs(*t))
            }
            Awaitable::Shield(i, arg) => format!("asyncio.shield(c{i}({}))", self.expr(arg)),
            Awaitable::SleepWaitFor(s, t) => format!(
                "asyncio.wait_for(asyncio.sleep({}), {})",
                secs(*s),
                secs(*t)
            ),
            Awaitable::LastTask => "(ts[-1] if ts else asyncio.sleep(0))".to_string(),
            Awaitable::QueueGet => "asyncio.wait_for(queue.get(), 0.5)".to_string(),
            Awaitable::QueuePut(e) => format!("queue.put({})", self.expr(e)),
            Awaitable::AgNext(i, arg) => format!("anext(ag{i}({}), None)", self.expr(arg)),
        }
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// Seconds from a small number: 0, 0.1, 0.25, 1.
fn secs(t: u8) -> &'static str {
    ["0", "0.1", "0.25", "1"][usize::from(t) % 4]
}
