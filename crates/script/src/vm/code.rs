//! The instruction set and the code object.
//!
//! Instructions work on the frame's value stack; jumps name an instruction
//! index. Iterators of running `for` loops and comprehensions live on a
//! separate iterator stack (they are not values), and `try`/`with` blocks on
//! a block stack that says where an exception goes.

use crate::ir::{AssertParts, BinOp, CmpOp, FuncDef, Pos, Span, UnaryOp, Var};
use crate::value::Value;
use std::rc::Rc;

/// One instruction (8 bytes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Op {
    /// A statement begins: count a step, note its position (tracebacks)
    /// and, in the program's own code, its line (`positions[i]`).
    Line(u32),
    /// Back at a statement that began earlier (a loop's head, a `with`'s
    /// exit): its position is where errors are reported again.
    Pos(u32),
    /// Counts a step (a loop's back edge, a comprehension's item); in a
    /// frame polled by its task, lets the host run every `preempt_every`
    /// steps.
    Tick,
    /// `await`: pops an awaitable, suspends until it is done, pushes its
    /// result.
    Await,
    /// `yield`: pops a value, hands it to the generator's driver, pushes
    /// what is sent back.
    Yield,
    /// `yield from`: pops an iterable and delegates to it (PEP 380),
    /// pushes its return value.
    YieldFrom,
    /// `async for`: pops the iterable, pushes its iterator's `__anext__`.
    AsyncIter,
    /// `async for`'s next item: calls the `__anext__` on top and awaits it,
    /// pushing the item; `StopAsyncIteration` drops the `__anext__` and
    /// jumps.
    AsyncNext(u32),
    /// `async with`: pops the context manager; pushes its `__aexit__`, then
    /// what `__aenter__` returned (to be awaited).
    AsyncWithEnter,
    /// `async with` left normally: pops `__aexit__`, pushes its call with
    /// three Nones (to be awaited).
    AsyncWithExit,
    /// `async with` left by an exception: pops it and `__aexit__`; pushes
    /// the exception back, then `__aexit__`'s call with it (to be awaited).
    AsyncWithExitRaised,
    /// After `AsyncWithExitRaised` and its await: pops the result and the
    /// exception; raises it again unless the result is true.
    WithExitChecked,
    /// Pushes `consts[i]`.
    Const(u32),
    /// Pushes local slot `i` (`UnboundLocalError` when unset).
    LoadLocal(u32),
    /// Pops into local slot `i`.
    StoreLocal(u32),
    /// Pushes the global or builtin `names[i]`.
    LoadGlobal(u32),
    /// Pops into the global `names[i]`.
    StoreGlobal(u32),
    /// Pushes variable `vars[i]` (cells, class-body and global names).
    LoadVar(u32),
    /// Pops into variable `vars[i]`.
    StoreVar(u32),
    /// Unbinds variable `vars[i]` (`NameError` when unbound).
    DeleteVar(u32),
    /// Unbinds variable `vars[i]` if bound (an `except … as name` ending).
    ForgetVar(u32),
    /// `obj.names[i]`: pops obj.
    Attr(u32),
    /// `obj.names[i] = value`: pops obj, then value.
    StoreAttr(u32),
    /// `del obj.names[i]`.
    DeleteAttr(u32),
    /// `obj[key]`: pops key, obj.
    Subscript,
    /// `obj[key] = value`: pops key, obj, value.
    StoreSubscript,
    /// `del obj[key]`.
    DeleteSubscript,
    /// Pops step, stop, start; pushes a slice.
    Slice,
    /// Calls with `n` positional arguments above the callee.
    Call(u32),
    /// `obj.names[i]` about to be called: pops obj; pushes a Python
    /// function found on its class and obj itself (no bound method made),
    /// or `None` and the attribute.
    LoadMethod(u32),
    /// Calls what `LoadMethod` pushed with `n` positional arguments above.
    CallMethod(u32),
    /// Calls with the argument shapes `calls[i]` above the callee.
    CallWith(u32),
    /// Binary operator.
    Bin(BinOp),
    /// Augmented assignment's operator (`+=`).
    Inplace(BinOp),
    /// Unary operator.
    Unary(UnaryOp),
    /// Comparison: pops right, left.
    Compare(CmpOp),
    /// A link of a comparison chain: when false, leaves the result and
    /// jumps; when true, leaves the right operand for the next link.
    CompareLink(CmpOp, u32),
    /// Unconditional jump.
    Jump(u32),
    /// Pops; jumps when false.
    JumpIfFalse(u32),
    /// Pops; jumps when true.
    JumpIfTrue(u32),
    /// `and`: jumps keeping the value when false, else pops it.
    JumpIfFalseOrPop(u32),
    /// `or`: jumps keeping the value when true, else pops it.
    JumpIfTrueOrPop(u32),
    /// Drops the top value.
    Pop,
    /// Duplicates the top value.
    Dup,
    /// Duplicates the top two values.
    Dup2,
    /// Swaps the top two values.
    Rot2,
    /// Moves the top value under the next two.
    Rot3,
    /// Pops an iterable onto the iterator stack.
    GetIter,
    /// Pushes the innermost iterator's next item, or drops the iterator
    /// and jumps when it is exhausted.
    ForIter(u32),
    /// Drops the innermost iterator (`break`).
    PopIter,
    /// Builds a list from the top `n` values.
    BuildList(u32),
    /// Builds a tuple from the top `n` values.
    BuildTuple(u32),
    /// Builds a set from the top `n` values.
    BuildSet(u32),
    /// Builds a dict from the top `n` key/value pairs.
    BuildDict(u32),
    /// Pops a value and appends it to the list below.
    ListAppend,
    /// Pops an iterable and extends the list below with it.
    ListExtend,
    /// Replaces the list on top by a tuple of its items.
    ListToTuple,
    /// Pops a value and adds it to the set below.
    SetAdd,
    /// Pops an iterable and adds its items to the set below.
    SetExtend,
    /// Pops value, key and sets them in the dict below.
    DictSet,
    /// Pops a mapping and merges it into the dict below.
    DictUpdate,
    /// Pops a sequence of exactly `n` items and pushes them, first on top.
    Unpack(u32),
    /// Pops a sequence and pushes `before` items, a list of the rest
    /// minus `after`, then `after` items, the first on top.
    UnpackStar(u16, u16),
    /// f-string field: pops the spec (when `1`), then the value; pushes
    /// the formatted text. The char is the conversion (`r`, `s`, `a`, or
    /// `-` for none).
    Format(char, bool),
    /// Joins the top `n` strings.
    BuildString(u32),
    /// Makes a function from `funcs[i]`: pops its annotations (name, value
    /// pairs), its keyword-only defaults, then its positional defaults.
    MakeFunction(u32),
    /// A generator expression `funcs[i]`: pops the first iterable, pushes
    /// the generator.
    GenExp(u32),
    /// Pushes the class a method was defined in (`super()`).
    ClassCell,
    /// Returns the top value.
    Return,
    /// Pops the value a `return` leaving `finally`/`with` blocks returns.
    SetReturn,
    /// Returns the value `SetReturn` kept.
    ReturnKept,
    /// `raise` (0: re-raise the exception being handled; 1: pops it;
    /// 2: pops the cause, then it).
    Raise(u8),
    /// `assert` failed: raises `AssertionError` (with the popped message
    /// when `true`).
    AssertFailed(bool),
    /// Outside a test run, jumps to the plain check of `asserts[i]`.
    AssertExplained(u32),
    /// Pushes a handler block: an exception inside goes to the target.
    SetupExcept(u32),
    /// Pushes a block whose handler runs on any exception (`finally`,
    /// `with`, an `except` body's clean-up).
    SetupFinally(u32),
    /// Pops the innermost block.
    PopBlock,
    /// Pops a class (or tuple); pushes whether the exception under it
    /// matches.
    ExceptionMatches,
    /// Drops the innermost exception being handled.
    PopHandling,
    /// Pops an exception and raises it again (its traceback kept).
    Reraise,
    /// An `except` body raised: pops the new exception, links the handled
    /// one as its context, drops both from the handling stack and raises
    /// it on.
    HandlerRaised,
    /// `with`: pops the context manager; pushes its `__exit__`, then what
    /// `__enter__` returned.
    WithEnter,
    /// `with` left normally: pops `__exit__` and calls it with three Nones.
    WithExit,
    /// `with` left by an exception: pops it and `__exit__`, calls it with
    /// the exception, raises it again unless that returns true.
    WithExitRaised,
    /// `except*` begins: pops the exception; pushes what the clauses
    /// share (what is left to match, what they raised).
    StarBegin,
    /// Jumps when nothing is left for the `except*` clauses to match.
    StarNone(u32),
    /// Pops a class; splits what is left by it. Jumps when nothing
    /// matched; else pushes the matched group and handles it.
    StarMatch(u32),
    /// An `except*` body raised: pops the exception and notes it.
    StarRaised,
    /// `except*` ends: pops the shared state and raises what is left and
    /// what the clauses raised, if anything.
    StarEnd,
    /// Raises `SyntaxError(consts[i])`.
    SyntaxError(u32),
    /// `class`: pops `n` bases; pushes the class made by running
    /// `classes[i]`'s body.
    MakeClass(u32, u16),
    /// Replaces the top value by its `repr()` (an explained `assert`'s
    /// "where" arguments).
    Repr,
    /// An explained `assert` (`asserts[i]`): pops its operands' values and
    /// the "where" texts; when it holds, jumps past the plain check; else
    /// pushes the explanation.
    AssertExplain(u32),
    /// Pops the assert's own message and the explanation below it; pushes
    /// both joined, as pytest shows them.
    AssertJoin,
    /// Pops the explanation and raises `AssertionError` with it.
    AssertRaise,
    /// `imports[i]`.
    Import(u32),
    /// A sequence pattern of `n` items: pops the subject; pushes its items
    /// (the first on top) and `True` when it is a sequence of that length,
    /// else `False`.
    MatchSequence(u32),
    /// A sequence pattern with a starred item between `before` and `after`
    /// others: as `MatchSequence`, the starred part pushed as a list.
    MatchSequenceStar(u16, u16),
    /// A mapping pattern of `n` keys: pops the subject; pushes whether it
    /// is a mapping of at least `n` items.
    MatchMapping(u32),
    /// A mapping pattern's keys: pops `n` keys and the subject; pushes,
    /// when it holds them all, a dict of its other items (when `true`),
    /// their values (the first on top) and `True`; else `False`.
    MatchKeys(u32, bool),
    /// A class pattern (`class_patterns[i]`): pops the subject and the
    /// class; pushes, when the subject is an instance whose attributes
    /// are there, their values (the first on top) and `True`; else `False`.
    MatchClass(u32),

    // Fused instructions (see [`fuse`]). Each stands in for the first of
    // the instructions it names, which all stay in place after it: it does
    // their work and skips them, and a jump to one of the others still
    // runs that one alone.
    /// `LoadLocal(local); Const(konst); Bin(op)` (`Inplace(op)` when
    /// `inplace`).
    LocalConstBin {
        local: u16,
        konst: u16,
        op: BinOp,
        inplace: bool,
    },
    /// `LoadLocal(a); LoadLocal(b); Bin(op)` (`Inplace(op)` when
    /// `inplace`).
    LocalLocalBin {
        a: u16,
        b: u16,
        op: BinOp,
        inplace: bool,
    },
    /// `LoadLocal(local); Const(konst); Compare(op)`, and the
    /// `JumpIfFalse` after it when there is one.
    LocalConstCompare { local: u16, konst: u16, op: CmpOp },
    /// `Compare(op); JumpIfFalse(to)`.
    CompareJump(CmpOp, u32),
    /// `LoadLocal(i); Return`.
    ReturnLocal(u32),
    /// `Const(i); Return`.
    ReturnConst(u32),
    /// `ForIter(to); StoreLocal(local)`.
    ForIterStore { to: u32, local: u16 },
    /// `Tick; Jump(to)`.
    TickJump(u32),
    /// `LoadLocal(local); Attr(name)`.
    LocalAttr { local: u16, name: u16 },
    /// `LoadLocal(local); LoadMethod(name)`.
    LocalMethod { local: u16, name: u16 },
    /// `Const(konst); Bin(op)` (`Inplace(op)` when `inplace`).
    BinConst {
        konst: u32,
        op: BinOp,
        inplace: bool,
    },
}

/// Writes fused instructions over the first of each run of instructions
/// one of them stands for (see the fused variants of [`Op`]): a run costs
/// one dispatch instead of two to four, and the values between its parts
/// never touch the stack. The instructions of the run stay where they
/// were, so jump targets, positions and source ranges keep their meaning;
/// a fused instruction that fails part-way leaves `pc` just past the part
/// that failed, as the unfused run would.
pub(crate) fn fuse(ops: &mut [Op]) {
    let small = |i: u32| u16::try_from(i).ok();
    // A jump to a `return` returns where it is (`x if c else y` as a
    // function's result), and a jump to a jump goes straight on.
    for i in 0..ops.len() {
        if let Op::Jump(to) = ops[i] {
            match ops.get(to as usize) {
                Some(Op::Return) => ops[i] = Op::Return,
                Some(&Op::Jump(next)) => ops[i] = Op::Jump(next),
                _ => {}
            }
        }
    }
    for i in 0..ops.len() {
        let fused = match ops[i..] {
            [Op::LoadLocal(l), Op::Const(c), Op::Bin(op) | Op::Inplace(op), ..] => small(l)
                .zip(small(c))
                .map(|(local, konst)| Op::LocalConstBin {
                    local,
                    konst,
                    op,
                    inplace: matches!(ops[i + 2], Op::Inplace(_)),
                }),
            [Op::LoadLocal(a), Op::LoadLocal(b), Op::Bin(op) | Op::Inplace(op), ..] => {
                small(a).zip(small(b)).map(|(a, b)| Op::LocalLocalBin {
                    a,
                    b,
                    op,
                    inplace: matches!(ops[i + 2], Op::Inplace(_)),
                })
            }
            [Op::LoadLocal(l), Op::Const(c), Op::Compare(op), ..] => small(l)
                .zip(small(c))
                .map(|(local, konst)| Op::LocalConstCompare { local, konst, op }),
            [Op::Compare(op), Op::JumpIfFalse(to), ..] => Some(Op::CompareJump(op, to)),
            [Op::LoadLocal(l), Op::Return, ..] => Some(Op::ReturnLocal(l)),
            [Op::Const(c), Op::Return, ..] => Some(Op::ReturnConst(c)),
            [Op::ForIter(to), Op::StoreLocal(l), ..] => {
                small(l).map(|local| Op::ForIterStore { to, local })
            }
            [Op::Tick, Op::Jump(to), ..] => Some(Op::TickJump(to)),
            [Op::LoadLocal(l), Op::Attr(n), ..] => small(l)
                .zip(small(n))
                .map(|(local, name)| Op::LocalAttr { local, name }),
            [Op::LoadLocal(l), Op::LoadMethod(n), ..] => small(l)
                .zip(small(n))
                .map(|(local, name)| Op::LocalMethod { local, name }),
            [Op::Const(konst), Op::Bin(op) | Op::Inplace(op), ..] => Some(Op::BinConst {
                konst,
                op,
                inplace: matches!(ops[i + 1], Op::Inplace(_)),
            }),
            _ => None,
        };
        if let Some(op) = fused {
            ops[i] = op;
        }
    }
}

/// The shape of a call's arguments: positional, `*xs`, `k=`, `**kw`.
#[derive(Clone, Debug)]
pub(crate) enum ArgShape {
    /// `f(x)`
    Pos,
    /// `f(*xs)`
    Star,
    /// `f(k=x)`
    Kw(Rc<str>),
    /// `f(**kw)`
    StarStar,
}

/// An `import` statement: the module, then (attribute or `None` for the
/// module itself, where it goes) pairs.
pub(crate) type Import = (Rc<str>, Vec<(Option<Rc<str>>, Var)>);

/// An `assert` a test run explains by its parts.
#[derive(Debug)]
pub(crate) struct AssertEntry {
    /// Its parts.
    pub parts: Rc<AssertParts>,
    /// Where the plain check begins (outside a test run).
    pub plain: u32,
    /// Where the statement ends.
    pub end: u32,
}

/// What `MakeFunction` or `GenExp` builds.
#[derive(Debug)]
pub(crate) struct FuncEntry {
    /// The function.
    pub def: Rc<FuncDef>,
    /// How many positional defaults are on the stack.
    pub defaults: u32,
    /// The keyword-only defaults' names, in stack order.
    pub kw_defaults: Vec<Rc<str>>,
    /// How many (name, value) annotation pairs are on the stack.
    pub annotations: u32,
}

const _: () = assert!(std::mem::size_of::<Op>() == 8);

/// A function's code.
#[derive(Debug, Default)]
pub(crate) struct Code {
    /// The instructions.
    pub ops: Vec<Op>,
    /// Statement positions (`Line`).
    pub positions: Vec<Pos>,
    /// The source ranges of the instructions, for a traceback's markers:
    /// `(first instruction, range)` in order, each range holding until the
    /// next entry's instruction.
    pub spans: Vec<(u32, Span)>,
    /// Constants.
    pub consts: Vec<Value>,
    /// Global, attribute and keyword names.
    pub names: Vec<Rc<str>>,
    /// For each name read as a global: where the module's globals held it
    /// last time (checked before use; a miss looks it up again).
    pub global_slots: Vec<std::cell::Cell<u32>>,
    /// For each name called as a method of a built-in value
    /// (`out.append(x)`): the built-in function found for the receiver's
    /// type last time, so the call needs neither a lookup by name nor a
    /// bound method.
    pub method_cache: Vec<std::cell::RefCell<Option<MethodCacheEntry>>>,
    /// For each name read as an attribute of an instance (`self.total`):
    /// see [`AttrHint`].
    pub attr_cache: Vec<std::cell::Cell<AttrHint>>,
    /// For each name assigned as an attribute of an instance: the same.
    pub store_cache: Vec<std::cell::Cell<AttrHint>>,
    /// Variables reached by name or cell.
    pub vars: Vec<Var>,
    /// Call shapes.
    pub calls: Vec<Vec<ArgShape>>,
    /// Functions made here.
    pub funcs: Vec<FuncEntry>,
    /// `import` statements.
    pub imports: Vec<Import>,
    /// Asserts a test run explains.
    pub asserts: Vec<AssertEntry>,
    /// Classes made here: name and body.
    pub classes: Vec<ClassEntry>,
    /// Class patterns: how many positional sub-patterns, and the keyword
    /// ones' attribute names.
    pub class_patterns: Vec<(u32, Vec<Rc<str>>)>,
}

/// What a method call site found, and for which receivers.
pub type MethodCacheEntry = (MethodKey, CachedMethod);

/// A method a call site found.
#[derive(Debug)]
pub(crate) enum CachedMethod {
    /// A built-in value's method (it holds nothing).
    Builtin(Value),
    /// A class's function, held weakly: a strong hold would make a cycle
    /// (function, its globals, a function whose code holds this cache).
    Function(std::rc::Weak<crate::value::Function>),
}

/// The receivers a method cache entry holds for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum MethodKey {
    /// Built-in values of one type (its `Value` variant).
    Value(std::mem::Discriminant<Value>),
    /// Instances of one class (its address), while the class epoch
    /// ([`crate::value::class_epoch`]) is the one given.
    Class(usize, u64),
}

/// What an attribute site learnt about the objects it met: their class
/// (its address), the class epoch then, and where the instance's
/// namespace held the name last ([`ON_CLASS`]: the site must take the
/// general way for this class).
pub type AttrHint = (usize, u64, u32);

/// See [`AttrHint`].
pub const ON_CLASS: u32 = u32::MAX - 1;

impl Code {
    /// The source range of instruction `pc` (line 0 when unknown).
    pub fn span_at(&self, pc: usize) -> Span {
        let i = self.spans.partition_point(|s| s.0 as usize <= pc);
        i.checked_sub(1)
            .and_then(|i| self.spans.get(i))
            .map(|s| s.1)
            .unwrap_or_default()
    }
}

/// A class statement: its name, its body and the names of its keyword
/// arguments (their values are on the stack after the bases).
pub type ClassEntry = (Rc<str>, Rc<FuncDef>, Vec<Rc<str>>);
