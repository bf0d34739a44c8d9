//! The interpreter's own tree: what the compiler makes of the parser's AST.
//!
//! Names are resolved once, at compile time: a function's locals live in
//! numbered slots, variables shared with inner functions live in cells, and
//! only module-level and class-body names are looked up by name. Every node
//! carries its source position for error messages and tracebacks, and a flag
//! saying whether evaluating it can suspend (contains `await` or `yield`).
//! The bytecode (`crate::vm`) is lowered from this tree. The tree holds no
//! runtime values: a literal is a [`Const`], which the lowering turns into a
//! value, and a function's lowered code is kept without naming its type.

use std::rc::Rc;

/// The widest integer a program can make (about 315,000 decimal digits):
/// the compiler rejects a wider literal, and the runtime's big-int
/// arithmetic (`crate::bigint::MAX_BITS`) stops at the same width.
pub const MAX_INT_BITS: u64 = 1 << 20;

/// A literal's value.
#[derive(Clone, Debug)]
pub enum Const {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An int literal that fits in 64 bits.
    Int(i64),
    /// An int literal that does not fit in 64 bits, at most
    /// [`MAX_INT_BITS`] wide.
    Big(Rc<num_bigint::BigInt>),
    /// A float literal.
    Float(f64),
    /// A string literal.
    Str(Rc<str>),
    /// A bytes literal.
    Bytes(Rc<[u8]>),
    /// `...`
    Ellipsis,
}

impl Const {
    /// Python's `repr` of the constant.
    pub fn repr(&self) -> String {
        match self {
            Const::None => "None".into(),
            Const::Bool(true) => "True".into(),
            Const::Bool(false) => "False".into(),
            Const::Int(i) => i.to_string(),
            Const::Big(b) => b.to_string(),
            Const::Float(f) => crate::text::float_repr(*f),
            Const::Str(s) => crate::text::str_repr(s),
            Const::Bytes(b) => crate::text::bytes_repr(b),
            Const::Ellipsis => "Ellipsis".into(),
        }
    }
}

/// A 1-based line and column in the program's source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1 (in characters).
    pub col: u32,
}

/// A node's source range: where it starts, and the line and column just
/// past its last character (both 1-based, columns in characters). An
/// unknown end has line 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// The first character.
    pub start: Pos,
    /// Just past the last character.
    pub end: Pos,
}

/// Where a name lives.
#[derive(Clone, Debug, PartialEq)]
pub enum Var {
    /// A slot of the current frame.
    Local(u32, Rc<str>),
    /// A cell of the current frame (own cell variable or captured free one).
    Cell(u32, Rc<str>),
    /// A module-level name.
    Global(Rc<str>),
    /// A class-body name: the class namespace, then globals, then builtins.
    Class(Rc<str>),
}

impl Var {
    /// The variable's name.
    pub fn name(&self) -> &Rc<str> {
        match self {
            Var::Local(_, n) | Var::Cell(_, n) | Var::Global(n) | Var::Class(n) => n,
        }
    }
}

/// An expression with its position.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub pos: Pos,
    /// Where it ends (line 0: unknown).
    pub end: Pos,
    /// Whether evaluating it can suspend.
    pub suspends: bool,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
    Invert,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// A call argument.
#[derive(Clone, Debug)]
pub enum Arg {
    /// `f(x)`
    Pos(Expr),
    /// `f(*xs)`
    Star(Expr),
    /// `f(k=x)`
    Kw(Rc<str>, Expr),
    /// `f(**kw)`
    StarStar(Expr),
}

/// A piece of an f-string.
#[derive(Clone, Debug)]
pub enum FPart {
    /// Literal text.
    Lit(Rc<str>),
    /// `{value!conv:spec}`
    Value {
        /// The expression.
        value: Expr,
        /// `r`, `s` or `a`.
        conversion: Option<char>,
        /// The format spec, itself an f-string.
        spec: Option<Vec<FPart>>,
        /// `{x=}` debug text to print before the value.
        debug: Option<Rc<str>>,
    },
}

/// One `for`/`if` clause chain of a comprehension.
#[derive(Clone, Debug)]
pub struct CompFor {
    /// The loop target.
    pub target: Target,
    /// The iterable.
    pub iter: Expr,
    /// `if` filters.
    pub ifs: Vec<Expr>,
    /// `async for`.
    pub is_async: bool,
}

/// What a comprehension builds.
#[derive(Clone, Debug)]
pub enum CompKind {
    /// `[x for ...]`
    List(Expr),
    /// `{x for ...}`
    Set(Expr),
    /// `{k: v for ...}`
    Dict(Expr, Expr),
}

/// Expression kinds.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal.
    Const(Const),
    /// A variable read.
    Load(Var),
    /// `a.b`
    Attr(Box<Expr>, Rc<str>),
    /// `a[b]`
    Subscript(Box<Expr>, Box<Expr>),
    /// `a:b:c`
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// `f(args)`
    Call(Box<Expr>, Vec<Arg>),
    /// `a op b`
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// `op a`
    Unary(UnaryOp, Box<Expr>),
    /// `a and b` (true) / `a or b` (false), over several operands.
    BoolOp(bool, Vec<Expr>),
    /// `a < b < c`
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    /// `a if c else b`
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `lambda` or nested `def`'s function object (defaults and annotations
    /// evaluated here: `(name, expression, source text)`).
    Function(
        Rc<FuncDef>,
        Vec<Expr>,
        Vec<(Rc<str>, Expr)>,
        Vec<(Rc<str>, Expr, Rc<str>)>,
    ),
    /// `[a, *b]`
    List(Vec<Expr>),
    /// `(a, *b)`
    Tuple(Vec<Expr>),
    /// `{a, *b}`
    Set(Vec<Expr>),
    /// `{k: v, **d}` (`None` key: `**d`).
    Dict(Vec<(Option<Expr>, Expr)>),
    /// A list/set/dict comprehension, run in its own hidden scope slots.
    Comp(Box<CompKind>, Vec<CompFor>),
    /// A generator expression: a generator function called with the first
    /// iterable.
    GenExp(Rc<FuncDef>, Box<Expr>),
    /// An f-string.
    FString(Vec<FPart>),
    /// `(x := v)`
    Named(Box<Target>, Box<Expr>),
    /// `*x` inside a list/tuple/set display or assignment target.
    Starred(Box<Expr>),
    /// The class a method was defined in (for zero-argument `super()`).
    ClassCell,
}

/// An assignment target.
#[derive(Clone, Debug)]
pub enum Target {
    /// A name.
    Var(Var, Pos),
    /// `a.b = ...`
    Attr(Expr, Rc<str>, Span),
    /// `a[b] = ...`
    Subscript(Expr, Expr, Span),
    /// `a, *b, c = ...` (index of the starred one, if any).
    Unpack(Vec<Target>, Option<usize>, Span),
}

/// What a suspension point does.
#[derive(Clone, Debug)]
pub enum Suspend {
    /// `await x`
    Await(Expr),
    /// `yield x`
    Yield(Option<Expr>),
    /// `yield from x`
    YieldFrom(Expr),
}

/// An `except` clause.
#[derive(Clone, Debug)]
pub struct Handler {
    /// The exception class(es); `None` catches everything.
    pub class: Option<Expr>,
    /// `as name`
    pub name: Option<Var>,
    /// The handler body.
    pub body: Vec<Stmt>,
    /// Where the clause is.
    pub pos: Pos,
}

/// A `with` item.
#[derive(Clone, Debug)]
pub struct WithItem {
    /// The context manager expression.
    pub context: Expr,
    /// `as target`
    pub target: Option<Target>,
}

/// A statement with its position.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// Where it is.
    pub pos: Pos,
    /// Where it ends (line 0: unknown).
    pub end: Pos,
    /// Whether executing it can suspend.
    pub suspends: bool,
}

/// Statement kinds.
#[derive(Clone, Debug)]
pub enum StmtKind {
    /// An expression evaluated for its effect.
    Expr(Expr),
    /// `a = b = value`
    Assign(Vec<Target>, Expr),
    /// `a op= value`
    AugAssign(Target, BinOp, Expr),
    /// `return value`
    Return(Option<Expr>),
    /// `if`/`elif`/`else`
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `while cond: body else: orelse`; the first block runs before each
    /// test (it holds awaits lifted out of the condition).
    While(Vec<Stmt>, Expr, Vec<Stmt>, Vec<Stmt>),
    /// A suspension point: `slot = await x`, `slot = yield x`,
    /// `slot = yield from x`. The compiler lifts every `await` and `yield`
    /// out of expressions into one of these, evaluation order kept.
    Suspend(Option<u32>, Suspend),
    /// `for target in iter: body else: orelse` (`async for` when flagged).
    For {
        /// Loop variable(s).
        target: Target,
        /// What is iterated.
        iter: Expr,
        /// Loop body.
        body: Vec<Stmt>,
        /// Runs when the loop ends without `break`.
        orelse: Vec<Stmt>,
        /// `async for`
        is_async: bool,
    },
    /// `break`
    Break,
    /// `continue`
    Continue,
    /// `pass`
    Pass,
    /// `raise exc from cause`
    Raise(Option<Expr>, Option<Expr>),
    /// `try`/`except`/`else`/`finally` (`except*` when `star`).
    Try {
        /// The protected block.
        body: Vec<Stmt>,
        /// `except` clauses.
        handlers: Vec<Handler>,
        /// Runs when no exception was raised.
        orelse: Vec<Stmt>,
        /// Always runs.
        finally: Vec<Stmt>,
        /// `except*`
        star: bool,
    },
    /// `with` / `async with`
    With(Vec<WithItem>, Vec<Stmt>, bool),
    /// `assert test, msg`
    Assert(Expr, Option<Expr>, Option<Rc<AssertParts>>),
    /// `del targets`
    Delete(Vec<Target>),
    /// `import module as name` / `from module import names`.
    Import {
        /// The module name.
        module: Rc<str>,
        /// `(attribute or None for the module itself, where to store it)`.
        names: Vec<(Option<Rc<str>>, Var)>,
    },
    /// `class Name(base): body`
    Class {
        /// The class name.
        name: Rc<str>,
        /// Base class expressions.
        bases: Vec<Expr>,
        /// Keyword arguments (`class C(Base, name="x")`), for the bases'
        /// `__init_subclass__`.
        keywords: Vec<(Rc<str>, Expr)>,
        /// The body, compiled in class scope (run with the class namespace
        /// as its name table and the captured cells of enclosing functions).
        body: Rc<FuncDef>,
        /// Decorators, innermost last.
        decorators: Vec<Expr>,
        /// Where the class object is stored.
        target: Var,
    },
    /// `def` (decorated): the function expression and where it goes.
    Def(Expr, Vec<Expr>, Var),
    /// `match subject: case ...`: the subject is kept in local slot
    /// `slot` while the cases are tried in order.
    Match {
        /// What is matched.
        subject: Expr,
        /// The hidden slot holding it.
        slot: u32,
        /// The cases, in order.
        cases: Vec<MatchCase>,
    },
    /// `global`/`nonlocal` (no-op at run time) and annotations without value.
    Nop,
}

/// A `case` of a `match` statement.
#[derive(Clone, Debug)]
pub struct MatchCase {
    /// The pattern.
    pub pattern: Pattern,
    /// The names the pattern binds, each with the hidden slot holding its
    /// value: bound once the whole pattern has matched, before the guard.
    pub binds: Vec<(Var, u32)>,
    /// `if guard` (with the statements lifted out of it).
    pub guard: Option<(Vec<Stmt>, Expr)>,
    /// The body.
    pub body: Vec<Stmt>,
    /// Where the pattern is.
    pub pos: Pos,
}

/// A pattern of a `case`, matched against the value in its subject slot.
/// Captures and `as` names are not here: the case binds them from the
/// slots once everything has matched (see [`MatchCase::binds`]).
#[derive(Clone, Debug)]
pub struct Pattern {
    /// What it checks.
    pub kind: PatternKind,
    /// The hidden slot holding the value it is matched against; `None`
    /// for a wildcard whose value nothing needs.
    pub subject: Option<u32>,
}

/// Pattern kinds.
#[derive(Clone, Debug)]
pub enum PatternKind {
    /// A capture or `_`: always matches.
    Any,
    /// `subject == value` (a literal or a dotted name).
    Value(Expr),
    /// `subject is None` (or `True`, `False`).
    Singleton(Const),
    /// `[a, *rest, b]` / `(a, b)`: a sequence (not a `str`, `bytes`)
    /// of the right length, its items matched in order; `star` is the
    /// index of the starred item (matched against a list of the rest).
    Sequence {
        /// The items' patterns.
        items: Vec<Pattern>,
        /// Which item is `*name`.
        star: Option<usize>,
    },
    /// `{key: pattern, **rest}`: a mapping holding every key.
    Mapping {
        /// The keys (literals or dotted names).
        keys: Vec<Expr>,
        /// The patterns their values must match.
        values: Vec<Pattern>,
        /// The slot receiving a dict of the other items (`**rest`).
        rest: Option<u32>,
    },
    /// `Class(p, q, name=r)`: an instance of the class whose attributes
    /// (positional ones named by `__match_args__`) match.
    Class {
        /// The class expression.
        class: Expr,
        /// Positional sub-patterns.
        args: Vec<Pattern>,
        /// Keyword sub-patterns.
        kwargs: Vec<(Rc<str>, Pattern)>,
    },
    /// `p | q`: the first alternative that matches; each then copies the
    /// values of its names into the first alternative's slots, `(from,
    /// to)`, so the case binds the names from one place.
    Or(Vec<(Pattern, Vec<(u32, u32)>)>),
}

/// A function's parameters.
#[derive(Clone, Debug, Default)]
pub struct Params {
    /// Positional-or-keyword (and positional-only) parameter names.
    pub positional: Vec<Rc<str>>,
    /// How many of `positional` are positional-only.
    pub positional_only: usize,
    /// How many trailing positional parameters have defaults.
    pub defaults: usize,
    /// `*args`
    pub varargs: Option<Rc<str>>,
    /// Keyword-only parameter names.
    pub kwonly: Vec<Rc<str>>,
    /// Which keyword-only parameters have defaults (by name).
    pub kw_defaults: Vec<Rc<str>>,
    /// `**kwargs`
    pub varkw: Option<Rc<str>>,
}

/// Whether a function is a plain function, generator, coroutine or async
/// generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuncKind {
    /// `def`
    Plain,
    /// `def` with `yield`
    Generator,
    /// `async def`
    Coroutine,
    /// `async def` with `yield`
    AsyncGenerator,
}

/// The parts of an `assert` a test report explains, as pytest does
/// (`assert 3 == 4`, `+  where 3 = f()`): set only when evaluating the
/// parts once gives the test's value (no `await` inside).
#[derive(Debug)]
pub enum AssertParts {
    /// `left OP right`.
    Compare {
        /// The left operand.
        left: Expr,
        /// The operator.
        op: CmpOp,
        /// The right operand.
        right: Expr,
        /// The left operand when it is a call (for "where").
        left_call: Option<Rc<CallShow>>,
        /// The same for the right operand.
        right_call: Option<Rc<CallShow>>,
    },
    /// `x` or `not x`.
    Truth {
        /// The operand.
        operand: Expr,
        /// Whether it is `not x`.
        negated: bool,
        /// The operand when it is a call.
        call: Option<Rc<CallShow>>,
    },
}

/// A call as pytest shows it in a "where" line: `double(3)` for
/// `double(value)`, plain names and attributes among the arguments shown by
/// their values.
#[derive(Debug)]
pub struct CallShow {
    /// The callee's source text.
    pub func: Rc<str>,
    /// Each argument: its keyword, and either an expression to show by
    /// value (a name or attribute) or its source text.
    pub args: Vec<ShownArg>,
}

/// An argument of a [`CallShow`]: its keyword, and an expression to show by
/// value or its source text.
pub type ShownArg = (Option<Rc<str>>, Result<Expr, Rc<str>>);

/// A compiled function (or lambda, comprehension, class body, module).
#[derive(Debug)]
pub struct FuncDef {
    /// The name (`<lambda>`, `<module>`, `<genexpr>` for the unnamed).
    pub name: Rc<str>,
    /// The qualified name (`Outer.method`).
    pub qualname: Rc<str>,
    /// Parameters.
    pub params: Params,
    /// What calling it makes.
    pub kind: FuncKind,
    /// The body.
    pub body: Vec<Stmt>,
    /// Number of local slots (parameters first, in order).
    pub nlocals: u32,
    /// Names of the slots, for `NameError` messages and `locals()`.
    pub local_names: Vec<Rc<str>>,
    /// Cells: this function's own cell variables, then free variables it
    /// captures. Parameter slots listed here are copied into their cells at
    /// call time.
    pub cells: Vec<Rc<str>>,
    /// For each own cell variable that is a parameter: (slot, cell index).
    pub param_cells: Vec<(u32, u32)>,
    /// For each free variable (cells `own..`): where the enclosing function
    /// keeps it (its cell index).
    pub freevars_from: Vec<u32>,
    /// Number of own cell variables.
    pub own_cells: u32,
    /// Where the `def` is.
    pub pos: Pos,
    /// The docstring.
    pub doc: Option<Rc<str>>,
    /// Its bytecode, lowered on the first call. The tree does not name the
    /// code's type (the VM is layers above it): the VM keeps its code here
    /// and reads it back by type (`vm::code_for`).
    pub(crate) code: std::cell::OnceCell<Rc<dyn std::any::Any>>,
}
