//! From the parser's AST to the interpreter's tree ([`crate::ir`]).
//!
//! Two passes per function: [`analyze`] finds which names the function
//! binds, declares `global`/`nonlocal`, and which of its names inner
//! functions capture; then [`FnCompiler`] emits the tree with every name
//! resolved to a slot, a cell, or a global. Every `await` and `yield` is
//! lifted out of its expression into a [`StmtKind::Suspend`] statement that
//! stores into a hidden slot, keeping Python's left-to-right evaluation
//! order (earlier operands are spilled to hidden slots first), so the
//! evaluator evaluates expressions synchronously and suspends only between
//! statements.

use crate::ir::*;
use indexmap::{IndexMap, IndexSet};
use ruff_python_ast::{self as ast, Expr as AExpr, Stmt as AStmt};
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextSize};
use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

mod patterns;

/// A syntax error (from the parser) or a construct the subset rejects at
/// compile time, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// What is wrong, as Python words it.
    pub message: String,
    /// Where.
    pub pos: Pos,
    /// Whether the parser rejected it (a `SyntaxError`) rather than the
    /// subset (`NotImplementedError`).
    pub syntax: bool,
    /// How many characters CPython's caret line underlines from `pos`
    /// (the node at fault, on its line); 1 for a single caret.
    pub width: u32,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.message)
    }
}

impl std::error::Error for CompileError {}

type CResult<T> = Result<T, CompileError>;

/// Maps byte offsets to positions.
pub(crate) struct Source<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str) -> Source<'a> {
        Source {
            text,
            index: LineIndex::from_source_text(text),
        }
    }

    pub(crate) fn pos(&self, offset: TextSize) -> Pos {
        let lc = self.index.line_column(offset, self.text);
        Pos {
            line: lc.line.get() as u32,
            col: lc.column.get() as u32,
        }
    }
}

/// Parses and compiles a module.
///
/// # Errors
///
/// The first syntax error, or a construct the subset does not support.
pub fn compile_module(text: &str) -> CResult<Rc<FuncDef>> {
    let compiled = compile_module_interned(text);
    NAMES.with(|names| names.borrow_mut().clear());
    compiled
}

fn compile_module_interned(text: &str) -> CResult<Rc<FuncDef>> {
    let src = Source::new(text);
    let opts = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(ast::PythonVersion::PY311);
    let parsed = ruff_python_parser::parse_unchecked(text, opts);
    if let Some(err) = parsed.errors().first() {
        let py =
            crate::syntax::cpython(text, &err.error.to_string(), src.pos(err.location.start()));
        let message = if py.kind == "SyntaxError" {
            py.message
        } else {
            format!("{}: {}", py.kind, py.message)
        };
        return Err(CompileError {
            message,
            pos: py.pos,
            syntax: true,
            width: 1,
        });
    }
    let module = match parsed.try_into_module() {
        Some(m) => m,
        None => {
            return Err(CompileError {
                message: "expected a module".into(),
                pos: Pos::default(),
                syntax: true,
                width: 1,
            })
        }
    };
    let body = &module.syntax().body;
    check_nesting(&src, body)?;
    let analysis = analyze(&[], body);
    let mut c = FnCompiler::new(
        &src,
        ScopeKind::Module,
        analysis,
        Vec::new(),
        "<module>".into(),
    );
    let stmts = c.block(body)?;
    Ok(Rc::new(c.finish(
        "<module>".into(),
        "<module>".into(),
        Params::default(),
        FuncKind::Plain,
        stmts,
        Pos { line: 1, col: 1 },
    )))
}

/// The modules `text`'s `import` and `from … import` statements name
/// (absolute ones, dotted names whole), wherever they are: in functions,
/// classes and branches too. A program that does not parse names none.
/// Blocks are walked no deeper than the compiler's limit.
pub fn imported_modules(text: &str) -> Vec<String> {
    use ast::statement_visitor::{walk_stmt, StatementVisitor};
    struct Imports {
        depth: u32,
        names: Vec<String>,
    }
    impl<'a> StatementVisitor<'a> for Imports {
        fn visit_stmt(&mut self, s: &'a AStmt) {
            match s {
                AStmt::Import(i) => {
                    self.names
                        .extend(i.names.iter().map(|a| a.name.id.to_string()));
                }
                AStmt::ImportFrom(i) if i.level == 0 => {
                    if let Some(m) = &i.module {
                        self.names.push(m.id.to_string());
                    }
                }
                _ if self.depth < MAX_BLOCK_DEPTH => {
                    self.depth += 1;
                    walk_stmt(self, s);
                    self.depth -= 1;
                }
                _ => {}
            }
        }
    }
    let opts = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(ast::PythonVersion::PY311);
    let parsed = ruff_python_parser::parse_unchecked(text, opts);
    if !parsed.errors().is_empty() {
        return Vec::new();
    }
    let Some(module) = parsed.try_into_module() else {
        return Vec::new();
    };
    let mut v = Imports {
        depth: 0,
        names: Vec::new(),
    };
    v.visit_body(&module.syntax().body);
    v.names
}

/// How deep expressions may nest. CPython's compiler gives up between
/// 2,000 and 3,000 levels of `1+1+…` (`RecursionError … during
/// compilation`); every pass after this one recurses over the tree, and
/// about 2,500 levels overflow an 8 MiB stack (the wasm engine's), so ours
/// stops at 1,000, well inside it.
const MAX_EXPR_DEPTH: u32 = 1000;
/// How deep blocks may nest (CPython's tokenizer: "too many levels of
/// indentation" past 100).
const MAX_BLOCK_DEPTH: u32 = 100;

/// Rejects programs nested deeper than the compiler's limits, walking the
/// tree no deeper than those limits.
fn check_nesting(src: &Source<'_>, body: &[AStmt]) -> CResult<()> {
    use ast::visitor::{walk_expr, walk_stmt, Visitor};
    struct Depth {
        exprs: u32,
        blocks: u32,
        found: Option<(ruff_text_size::TextSize, &'static str)>,
    }
    impl<'a> Visitor<'a> for Depth {
        fn visit_stmt(&mut self, s: &'a AStmt) {
            if self.found.is_some() {
                return;
            }
            self.blocks += 1;
            if self.blocks > MAX_BLOCK_DEPTH {
                self.found = Some((
                    ruff_text_size::Ranged::start(s),
                    "IndentationError: too many levels of indentation",
                ));
            } else {
                walk_stmt(self, s);
            }
            self.blocks -= 1;
        }
        fn visit_expr(&mut self, e: &'a AExpr) {
            if self.found.is_some() {
                return;
            }
            self.exprs += 1;
            if self.exprs > MAX_EXPR_DEPTH {
                self.found = Some((
                    ruff_text_size::Ranged::start(e),
                    "RecursionError: maximum recursion depth exceeded during compilation",
                ));
            } else {
                walk_expr(self, e);
            }
            self.exprs -= 1;
        }
    }
    let mut d = Depth {
        exprs: 0,
        blocks: 0,
        found: None,
    };
    d.visit_body(body);
    match d.found {
        Some((at, message)) => Err(CompileError {
            message: message.into(),
            pos: src.pos(at),
            syntax: true,
            width: 1,
        }),
        None => Ok(()),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Function,
    Class,
}

/// What a scope binds and uses.
#[derive(Debug, Default, Clone)]
struct Analysis {
    bound: IndexSet<Rc<str>>,
    globals: HashSet<Rc<str>>,
    nonlocals: HashSet<Rc<str>>,
    used: HashSet<Rc<str>>,
    /// Names inner scopes need from outside themselves.
    children_free: HashSet<Rc<str>>,
    /// Comprehension variables that functions inside the comprehension
    /// capture (they get a cell instead of a hidden slot).
    comp_captured: HashSet<Rc<str>>,
    has_yield: bool,
    has_await: bool,
}

impl Analysis {
    /// Names this scope needs from enclosing function scopes (or globals).
    fn free(&self, kind: ScopeKind) -> HashSet<Rc<str>> {
        let mut free: HashSet<Rc<str>> = HashSet::new();
        for n in self.used.iter().chain(self.children_free.iter()) {
            let bound_here =
                kind != ScopeKind::Class && self.bound.contains(n) && !self.nonlocals.contains(n);
            if !bound_here && !self.globals.contains(n) {
                free.insert(n.clone());
            }
        }
        if kind == ScopeKind::Class {
            // Class bodies see enclosing function variables, and pass on
            // what their methods need.
            free.retain(|n| !self.globals.contains(n));
        }
        for n in &self.nonlocals {
            free.insert(n.clone());
        }
        free
    }
}

fn name(id: &ast::Identifier) -> Rc<str> {
    intern(id.as_str())
}

thread_local! {
    /// The names met while compiling one module, each allocated once.
    static NAMES: std::cell::RefCell<rustc_hash::FxHashSet<Rc<str>>> = Default::default();
}

/// `s` as the module's one shared allocation of that name: the code then
/// holds the very key its globals and instances store under, and a
/// lookup that finds its cached slot compares pointers, not text.
fn intern(s: &str) -> Rc<str> {
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(n) = names.get(s) {
            return n.clone();
        }
        let n: Rc<str> = s.into();
        names.insert(n.clone());
        n
    })
}

struct Analyzer {
    a: Analysis,
    /// Names bound by enclosing comprehensions (not this scope's).
    comp: Vec<HashSet<Rc<str>>>,
}

fn analyze(params: &[Rc<str>], body: &[AStmt]) -> Analysis {
    let mut z = Analyzer {
        a: Analysis::default(),
        comp: Vec::new(),
    };
    for p in params {
        z.a.bound.insert(p.clone());
    }
    for s in body {
        z.stmt(s);
    }
    z.a
}

fn param_names(p: &ast::Parameters) -> Vec<Rc<str>> {
    let mut v: Vec<Rc<str>> = Vec::new();
    for a in p.posonlyargs.iter().chain(p.args.iter()) {
        v.push(name(&a.parameter.name));
    }
    if let Some(a) = &p.vararg {
        v.push(name(&a.name));
    }
    for a in &p.kwonlyargs {
        v.push(name(&a.parameter.name));
    }
    if let Some(a) = &p.kwarg {
        v.push(name(&a.name));
    }
    v
}

impl Analyzer {
    fn bind(&mut self, n: Rc<str>) {
        if self.comp.iter().any(|c| c.contains(&n)) {
            return;
        }
        self.a.bound.insert(n);
    }

    fn use_name(&mut self, n: Rc<str>) {
        if self.comp.iter().any(|c| c.contains(&n)) {
            return;
        }
        self.a.used.insert(n);
    }

    fn child(&mut self, params: &[Rc<str>], body: &[AStmt], kind: ScopeKind) {
        let child = analyze(params, body);
        for n in child.free(kind) {
            if self.comp.iter().any(|c| c.contains(&n)) {
                self.a.comp_captured.insert(n);
            } else {
                self.a.children_free.insert(n);
            }
        }
    }

    fn target(&mut self, e: &AExpr) {
        match e {
            AExpr::Name(n) => self.bind(intern(n.id.as_str())),
            AExpr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            AExpr::List(t) => t.elts.iter().for_each(|e| self.target(e)),
            AExpr::Starred(s) => self.target(&s.value),
            other => self.expr(other),
        }
    }

    fn stmts(&mut self, body: &[AStmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &AStmt) {
        match s {
            AStmt::FunctionDef(f) => {
                self.bind(name(&f.name));
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.params_defaults(&f.parameters);
                let params = param_names(&f.parameters);
                self.child(&params, &f.body, ScopeKind::Function);
            }
            AStmt::ClassDef(c) => {
                self.bind(name(&c.name));
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                if let Some(args) = &c.arguments {
                    args.args.iter().for_each(|e| self.expr(e));
                    args.keywords.iter().for_each(|k| self.expr(&k.value));
                }
                self.child(&[], &c.body, ScopeKind::Class);
            }
            AStmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)
                }
            }
            AStmt::Delete(d) => d.targets.iter().for_each(|t| self.target(t)),
            AStmt::Assign(a) => {
                a.targets.iter().for_each(|t| self.target(t));
                self.expr(&a.value);
            }
            AStmt::AugAssign(a) => {
                if let AExpr::Name(n) = &*a.target {
                    self.use_name(intern(n.id.as_str()));
                }
                self.target(&a.target);
                self.expr(&a.value);
            }
            AStmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.target(&a.target);
                    self.expr(v);
                }
            }
            AStmt::For(f) => {
                if f.is_async {
                    self.a.has_await = true;
                }
                self.target(&f.target);
                self.expr(&f.iter);
                self.stmts(&f.body);
                self.stmts(&f.orelse);
            }
            AStmt::While(w) => {
                self.expr(&w.test);
                self.stmts(&w.body);
                self.stmts(&w.orelse);
            }
            AStmt::If(i) => {
                self.expr(&i.test);
                self.stmts(&i.body);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t);
                    }
                    self.stmts(&c.body);
                }
            }
            AStmt::With(w) => {
                if w.is_async {
                    self.a.has_await = true;
                }
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
                self.stmts(&w.body);
            }
            AStmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
                if let Some(e) = &r.cause {
                    self.expr(e);
                }
            }
            AStmt::Try(t) => {
                self.stmts(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(e) = &h.type_ {
                        self.expr(e);
                    }
                    if let Some(n) = &h.name {
                        self.bind(name(n));
                    }
                    self.stmts(&h.body);
                }
                self.stmts(&t.orelse);
                self.stmts(&t.finalbody);
            }
            AStmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            AStmt::Import(i) => {
                for a in &i.names {
                    let bound = match &a.asname {
                        Some(n) => name(n),
                        None => a.name.as_str().split('.').next().unwrap_or("").into(),
                    };
                    self.bind(bound);
                }
            }
            AStmt::ImportFrom(i) => {
                for a in &i.names {
                    self.bind(name(a.asname.as_ref().unwrap_or(&a.name)));
                }
            }
            AStmt::Global(g) => {
                for n in &g.names {
                    self.a.globals.insert(name(n));
                }
            }
            AStmt::Nonlocal(g) => {
                for n in &g.names {
                    self.a.nonlocals.insert(name(n));
                }
            }
            AStmt::Expr(e) => self.expr(&e.value),
            AStmt::Match(m) => {
                self.expr(&m.subject);
                for c in &m.cases {
                    self.pattern(&c.pattern);
                    if let Some(g) = &c.guard {
                        self.expr(g);
                    }
                    self.stmts(&c.body);
                }
            }
            _ => {}
        }
    }

    /// The names a `case` pattern binds and uses.
    fn pattern(&mut self, p: &ast::Pattern) {
        match p {
            ast::Pattern::MatchValue(v) => self.expr(&v.value),
            ast::Pattern::MatchSingleton(_) => {}
            ast::Pattern::MatchSequence(s) => s.patterns.iter().for_each(|p| self.pattern(p)),
            ast::Pattern::MatchMapping(m) => {
                m.keys.iter().for_each(|k| self.expr(k));
                m.patterns.iter().for_each(|p| self.pattern(p));
                if let Some(n) = &m.rest {
                    self.bind(name(n));
                }
            }
            ast::Pattern::MatchClass(c) => {
                self.expr(&c.cls);
                c.arguments.patterns.iter().for_each(|p| self.pattern(p));
                for k in &c.arguments.keywords {
                    self.pattern(&k.pattern);
                }
            }
            ast::Pattern::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.bind(name(n));
                }
            }
            ast::Pattern::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.pattern(p);
                }
                if let Some(n) = &a.name {
                    self.bind(name(n));
                }
            }
            ast::Pattern::MatchOr(o) => o.patterns.iter().for_each(|p| self.pattern(p)),
        }
    }

    fn params_defaults(&mut self, p: &ast::Parameters) {
        for a in p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
        {
            if let Some(d) = &a.default {
                self.expr(d);
            }
        }
    }

    fn comprehension(&mut self, gens: &[ast::Comprehension], elts: &[&AExpr]) {
        let mut names = HashSet::new();
        for g in gens {
            collect_target_names(&g.target, &mut names);
        }
        // The first iterable is evaluated in the enclosing scope.
        if let Some(first) = gens.first() {
            self.expr(&first.iter);
        }
        self.comp.push(names);
        for (i, g) in gens.iter().enumerate() {
            if g.is_async {
                self.a.has_await = true;
            }
            if i > 0 {
                self.expr(&g.iter);
            }
            for c in &g.ifs {
                self.expr(c);
            }
        }
        for e in elts {
            self.expr(e);
        }
        self.comp.pop();
    }

    fn expr(&mut self, e: &AExpr) {
        match e {
            AExpr::Name(n) => self.use_name(intern(n.id.as_str())),
            AExpr::Named(n) => {
                // The walrus binds in the enclosing function scope, even
                // inside a comprehension.
                if let AExpr::Name(t) = &*n.target {
                    self.a.bound.insert(intern(t.id.as_str()));
                }
                self.expr(&n.value);
            }
            AExpr::Lambda(l) => {
                let params = l.parameters.as_deref().map(param_names).unwrap_or_default();
                if let Some(p) = &l.parameters {
                    self.params_defaults(p);
                }
                let body = vec![AStmt::Return(ast::StmtReturn {
                    range: l.range(),
                    node_index: Default::default(),
                    value: Some(l.body.clone()),
                })];
                self.child(&params, &body, ScopeKind::Function);
            }
            AExpr::Generator(g) => {
                // A generator expression is its own function scope.
                let mut inner = Analyzer {
                    a: Analysis::default(),
                    comp: Vec::new(),
                };
                inner.comprehension(&g.generators, &[&g.elt]);
                if let Some(first) = g.generators.first() {
                    self.expr(&first.iter);
                }
                // A comprehension's variable the generator uses becomes a
                // cell, as for a lambda (`[s for s in xs if all(s != e for
                // e in ys)]`).
                for n in inner.a.free(ScopeKind::Function) {
                    if self.comp.iter().any(|c| c.contains(&n)) {
                        self.a.comp_captured.insert(n);
                    } else {
                        self.a.children_free.insert(n);
                    }
                }
            }
            AExpr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            AExpr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            AExpr::DictComp(c) => match &c.key {
                Some(k) => self.comprehension(&c.generators, &[k, &c.value]),
                None => self.comprehension(&c.generators, &[&c.value]),
            },
            AExpr::Await(a) => {
                self.a.has_await = true;
                self.expr(&a.value);
            }
            AExpr::Yield(y) => {
                self.a.has_yield = true;
                if let Some(v) = &y.value {
                    self.expr(v);
                }
            }
            AExpr::YieldFrom(y) => {
                self.a.has_yield = true;
                self.expr(&y.value);
            }
            other => walk_children(other, &mut |c| self.expr(c)),
        }
    }
}

fn collect_target_names(e: &AExpr, out: &mut HashSet<Rc<str>>) {
    match e {
        AExpr::Name(n) => {
            out.insert(intern(n.id.as_str()));
        }
        AExpr::Tuple(t) => t.elts.iter().for_each(|e| collect_target_names(e, out)),
        AExpr::List(t) => t.elts.iter().for_each(|e| collect_target_names(e, out)),
        AExpr::Starred(s) => collect_target_names(&s.value, out),
        _ => {}
    }
}

/// Calls `f` on each direct sub-expression of the expressions that have no
/// scope or binding rules of their own.
fn walk_children(e: &AExpr, f: &mut dyn FnMut(&AExpr)) {
    match e {
        AExpr::BoolOp(b) => b.values.iter().for_each(f),
        AExpr::BinOp(b) => {
            f(&b.left);
            f(&b.right)
        }
        AExpr::UnaryOp(u) => f(&u.operand),
        AExpr::If(i) => {
            f(&i.test);
            f(&i.body);
            f(&i.orelse)
        }
        AExpr::Dict(d) => {
            for item in &d.items {
                if let Some(k) = &item.key {
                    f(k);
                }
                f(&item.value);
            }
        }
        AExpr::Set(s) => s.elts.iter().for_each(f),
        AExpr::Compare(c) => {
            f(&c.left);
            c.comparators.iter().for_each(f)
        }
        AExpr::Call(c) => {
            f(&c.func);
            c.arguments.args.iter().for_each(&mut *f);
            c.arguments.keywords.iter().for_each(|k| f(&k.value));
        }
        AExpr::FString(s) => {
            for part in s.value.iter() {
                if let ast::FStringPart::FString(fs) = part {
                    walk_fstring_elements(&fs.elements, f);
                }
            }
        }
        AExpr::Attribute(a) => f(&a.value),
        AExpr::Subscript(s) => {
            f(&s.value);
            f(&s.slice)
        }
        AExpr::Starred(s) => f(&s.value),
        AExpr::List(l) => l.elts.iter().for_each(f),
        AExpr::Tuple(t) => t.elts.iter().for_each(f),
        AExpr::Slice(s) => {
            for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                f(x);
            }
        }
        _ => {}
    }
}

fn walk_fstring_elements(elements: &ast::InterpolatedStringElements, f: &mut dyn FnMut(&AExpr)) {
    for el in elements.iter() {
        if let ast::InterpolatedStringElement::Interpolation(x) = el {
            f(&x.expression);
            if let Some(spec) = &x.format_spec {
                walk_fstring_elements(&spec.elements, f);
            }
        }
    }
}

/// Compiles one scope.
struct FnCompiler<'s> {
    src: &'s Source<'s>,
    kind: ScopeKind,
    analysis: Analysis,
    /// Enclosing function scopes' bound names, innermost last (for free
    /// variable resolution), with class scopes left out.
    enclosing: Vec<IndexSet<Rc<str>>>,
    locals: IndexMap<Rc<str>, u32>,
    local_names: Vec<Rc<str>>,
    own_cells: IndexSet<Rc<str>>,
    free: IndexSet<Rc<str>>,
    /// Comprehension variables in scope: name → hidden slot or cell.
    comp: Vec<IndexMap<Rc<str>, Var>>,
    /// Statements lifted out of the expression being compiled.
    pre: Vec<Stmt>,
    qualname: Rc<str>,
    temps: u32,
    /// For a function defined directly in a class body: its first
    /// parameter (the receiver of zero-argument `super()`).
    method_self: Option<Rc<str>>,
    /// How many loop bodies enclose the statement being compiled (in this
    /// function: `break` in a nested `def` is outside any loop).
    loops: u32,
}

impl<'s> FnCompiler<'s> {
    fn new(
        src: &'s Source<'s>,
        kind: ScopeKind,
        analysis: Analysis,
        enclosing: Vec<IndexSet<Rc<str>>>,
        qualname: Rc<str>,
    ) -> FnCompiler<'s> {
        let mut c = FnCompiler {
            src,
            kind,
            enclosing,
            locals: IndexMap::new(),
            local_names: Vec::new(),
            own_cells: IndexSet::new(),
            free: IndexSet::new(),
            comp: Vec::new(),
            pre: Vec::new(),
            qualname,
            temps: 0,
            method_self: None,
            loops: 0,
            analysis,
        };
        let mut captured: Vec<Rc<str>> = c.analysis.comp_captured.iter().cloned().collect();
        captured.sort();
        for n in captured {
            c.own_cells.insert(format!("%comp.{n}").into());
        }
        if kind == ScopeKind::Function {
            let needed: HashSet<Rc<str>> = c.analysis.children_free.clone();
            for n in c.analysis.bound.clone() {
                if c.analysis.globals.contains(&n) || c.analysis.nonlocals.contains(&n) {
                    continue;
                }
                if needed.contains(&n) {
                    c.own_cells.insert(n);
                }
            }
        }
        c
    }

    fn pos(&self, node: &impl Ranged) -> Pos {
        self.src.pos(node.start())
    }

    fn err<T>(&self, node: &impl Ranged, msg: impl Into<String>) -> CResult<T> {
        Err(CompileError {
            message: msg.into(),
            pos: self.pos(node),
            syntax: false,
            width: 1,
        })
    }

    /// [`FnCompiler::err`] underlining the whole node, as far as its first
    /// line goes (CPython's carets under `break` or `return x`).
    fn err_whole<T>(&self, node: &impl Ranged, msg: impl Into<String>) -> CResult<T> {
        let text = self
            .src
            .text
            .get(node.start().to_usize()..node.end().to_usize())
            .unwrap_or("");
        let first = text.lines().next().unwrap_or("").trim_end();
        Err(CompileError {
            message: msg.into(),
            pos: self.pos(node),
            syntax: false,
            width: (first.chars().count() as u32).max(1),
        })
    }

    fn slot(&mut self, n: &Rc<str>) -> u32 {
        if let Some(&s) = self.locals.get(n) {
            return s;
        }
        let s = self.local_names.len() as u32;
        self.locals.insert(n.clone(), s);
        self.local_names.push(n.clone());
        s
    }

    fn temp(&mut self) -> u32 {
        self.temps += 1;
        let n: Rc<str> = format!("%t{}", self.temps).into();
        self.slot(&n)
    }

    fn cell_index(&mut self, n: &Rc<str>) -> u32 {
        if let Some(i) = self.own_cells.get_index_of(n) {
            return i as u32;
        }
        let (i, _) = self.free.insert_full(n.clone());
        (self.own_cells.len() + i) as u32
    }

    /// Resolves a name for this scope.
    fn var(&mut self, n: &Rc<str>) -> Var {
        for overlay in self.comp.iter().rev() {
            if let Some(v) = overlay.get(n) {
                return v.clone();
            }
        }
        if self.analysis.globals.contains(n) {
            return Var::Global(n.clone());
        }
        match self.kind {
            ScopeKind::Module => Var::Global(n.clone()),
            ScopeKind::Class => {
                // A comprehension's body (all but its first iterable) does
                // not see the class's names, as in CPython.
                let in_comp = !self.comp.is_empty();
                if (in_comp || !self.analysis.bound.contains(n))
                    && self.enclosing.iter().any(|s| s.contains(n))
                {
                    let i = self.cell_index(n);
                    Var::Cell(i, n.clone())
                } else if in_comp {
                    Var::Global(n.clone())
                } else {
                    Var::Class(n.clone())
                }
            }
            ScopeKind::Function => {
                if self.analysis.nonlocals.contains(n) {
                    let i = self.cell_index(n);
                    return Var::Cell(i, n.clone());
                }
                if self.analysis.bound.contains(n) {
                    if self.own_cells.contains(n) {
                        let i = self.cell_index(n);
                        return Var::Cell(i, n.clone());
                    }
                    return Var::Local(self.slot(n), n.clone());
                }
                if self.enclosing.iter().any(|s| s.contains(n)) {
                    let i = self.cell_index(n);
                    return Var::Cell(i, n.clone());
                }
                Var::Global(n.clone())
            }
        }
    }

    fn finish(
        self,
        name: Rc<str>,
        qualname: Rc<str>,
        params: Params,
        kind: FuncKind,
        body: Vec<Stmt>,
        pos: Pos,
    ) -> FuncDef {
        let param_cells = params_in_cells(&params, &self.own_cells, &self.locals);
        let own = self.own_cells.len() as u32;
        let mut cells: Vec<Rc<str>> = self.own_cells.iter().cloned().collect();
        cells.extend(self.free.iter().cloned());
        FuncDef {
            name,
            qualname,
            kind,
            body,
            nlocals: self.local_names.len() as u32,
            local_names: self.local_names,
            cells,
            param_cells,
            freevars_from: Vec::new(),
            own_cells: own,
            pos,
            doc: None,
            params,
            code: std::cell::OnceCell::new(),
        }
    }

    /// A loop's body, where `break` and `continue` are allowed (its `else`
    /// is compiled with [`FnCompiler::block`]: it is outside the loop).
    fn loop_body(&mut self, body: &[AStmt]) -> CResult<Vec<Stmt>> {
        self.loops += 1;
        let r = self.block(body);
        self.loops -= 1;
        r
    }

    fn block(&mut self, body: &[AStmt]) -> CResult<Vec<Stmt>> {
        let mut out = Vec::new();
        for s in body {
            self.stmt(s, &mut out)?;
        }
        Ok(out)
    }

    /// Emits `kind` after any lifted statements.
    fn emit(&mut self, out: &mut Vec<Stmt>, kind: StmtKind, pos: Pos) {
        out.append(&mut self.pre);
        let suspends = stmt_suspends(&kind);
        out.push(Stmt {
            kind,
            pos,
            end: Pos::default(),
            suspends,
        });
    }

    /// Compiles a statement, noting where it ends on the statements it
    /// became.
    fn stmt(&mut self, s: &AStmt, out: &mut Vec<Stmt>) -> CResult<()> {
        let mark = out.len();
        self.stmt_inner(s, out)?;
        let end = self.src.pos(s.end());
        for st in out.iter_mut().skip(mark) {
            if st.end.line == 0 {
                st.end = end;
            }
        }
        Ok(())
    }

    fn stmt_inner(&mut self, s: &AStmt, out: &mut Vec<Stmt>) -> CResult<()> {
        let pos = self.pos(s);
        match s {
            AStmt::Expr(e) => {
                let x = self.expr(&e.value)?;
                self.emit(out, StmtKind::Expr(x), pos);
            }
            AStmt::Pass(_) => out.push(Stmt {
                kind: StmtKind::Pass,
                pos,
                end: Pos::default(),
                suspends: false,
            }),
            AStmt::Break(_) | AStmt::Continue(_) => {
                let brk = matches!(s, AStmt::Break(_));
                if self.loops == 0 {
                    return self.err_whole(
                        s,
                        if brk {
                            "'break' outside loop"
                        } else {
                            "'continue' not properly in loop"
                        },
                    );
                }
                out.push(Stmt {
                    kind: if brk {
                        StmtKind::Break
                    } else {
                        StmtKind::Continue
                    },
                    pos,
                    end: Pos::default(),
                    suspends: false,
                });
            }
            AStmt::Global(_) | AStmt::Nonlocal(_) => {}
            AStmt::Return(r) => {
                if self.kind != ScopeKind::Function {
                    return self.err_whole(s, "'return' outside function");
                }
                let v = r.value.as_deref().map(|v| self.expr(v)).transpose()?;
                self.emit(out, StmtKind::Return(v), pos);
            }
            AStmt::Assign(a) => {
                let v = self.expr(&a.value)?;
                let targets = a
                    .targets
                    .iter()
                    .map(|t| self.target(t))
                    .collect::<CResult<Vec<_>>>()?;
                self.emit(out, StmtKind::Assign(targets, v), pos);
            }
            AStmt::AnnAssign(a) => {
                if self.kind == ScopeKind::Class {
                    if let AExpr::Name(n) = &*a.target {
                        // Record the annotation (as its source text) in the
                        // class's `__annotations__`, in order, for
                        // dataclasses.
                        let text = &self.src.text[a.annotation.range()];
                        let ann =
                            self.mk(ExprKind::Load(Var::Class("__annotations__".into())), pos);
                        let key = self.mk(ExprKind::Const(Const::Str(n.id.as_str().into())), pos);
                        let value = self.mk(ExprKind::Const(Const::Str(text.into())), pos);
                        self.emit(
                            out,
                            StmtKind::Assign(
                                vec![Target::Subscript(ann, key, Span::default())],
                                value,
                            ),
                            pos,
                        );
                    }
                }
                if let Some(v) = &a.value {
                    let v = self.expr(v)?;
                    let t = self.target(&a.target)?;
                    self.emit(out, StmtKind::Assign(vec![t], v), pos);
                }
            }
            AStmt::AugAssign(a) => {
                let t = self.target(&a.target)?;
                let v = self.expr(&a.value)?;
                let op = binop(a.op);
                self.emit(out, StmtKind::AugAssign(t, op, v), pos);
            }
            AStmt::Delete(d) => {
                let ts = d
                    .targets
                    .iter()
                    .map(|t| self.target(t))
                    .collect::<CResult<Vec<_>>>()?;
                self.emit(out, StmtKind::Delete(ts), pos);
            }
            AStmt::If(i) => {
                let test = self.expr(&i.test)?;
                let lifted = std::mem::take(&mut self.pre);
                let body = self.block(&i.body)?;
                let orelse = self.elif_chain(&i.elif_else_clauses)?;
                self.pre = lifted;
                self.emit(out, StmtKind::If(test, body, orelse), pos);
            }
            AStmt::While(w) => {
                let test = self.expr(&w.test)?;
                let pre = std::mem::take(&mut self.pre);
                let body = self.loop_body(&w.body)?;
                let orelse = self.block(&w.orelse)?;
                self.emit(out, StmtKind::While(pre, test, body, orelse), pos);
            }
            AStmt::For(f) => {
                let iter = self.expr(&f.iter)?;
                let target = self.target(&f.target)?;
                let lifted = std::mem::take(&mut self.pre);
                let body = self.loop_body(&f.body)?;
                let orelse = self.block(&f.orelse)?;
                self.pre = lifted;
                self.emit(
                    out,
                    StmtKind::For {
                        target,
                        iter,
                        body,
                        orelse,
                        is_async: f.is_async,
                    },
                    pos,
                );
            }
            AStmt::With(w) => {
                // `with a, b:` is `with a: with b:`, each item's expression
                // evaluated after entering the previous one.
                let body = self.with_items(&w.items, &w.body, w.is_async)?;
                out.extend(body);
            }
            AStmt::Raise(r) => {
                let exc = r.exc.as_deref().map(|e| self.expr(e)).transpose()?;
                let cause = r.cause.as_deref().map(|e| self.expr(e)).transpose()?;
                self.emit(out, StmtKind::Raise(exc, cause), pos);
            }
            AStmt::Try(t) => {
                let body = self.block(&t.body)?;
                let mut handlers = Vec::new();
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    let class = h.type_.as_deref().map(|e| self.expr(e)).transpose()?;
                    let pre = std::mem::take(&mut self.pre);
                    if !pre.is_empty() {
                        return self.err(h, "await in an except clause's class is not supported");
                    }
                    let name = h.name.as_ref().map(|n| self.var(&name(n)));
                    let hbody = self.block(&h.body)?;
                    handlers.push(Handler {
                        class,
                        name,
                        body: hbody,
                        pos: self.pos(h),
                    });
                }
                let orelse = self.block(&t.orelse)?;
                let finally = self.block(&t.finalbody)?;
                self.emit(
                    out,
                    StmtKind::Try {
                        body,
                        handlers,
                        orelse,
                        finally,
                        star: t.is_star,
                    },
                    pos,
                );
            }
            AStmt::Assert(a) => {
                let test = self.expr(&a.test)?;
                let msg = a.msg.as_deref().map(|m| self.expr(m)).transpose()?;
                let parts = self.assert_parts(&a.test, &test);
                self.emit(out, StmtKind::Assert(test, msg, parts), pos);
            }
            AStmt::Import(i) => {
                for a in &i.names {
                    let module: Rc<str> = a.name.as_str().into();
                    let (attr, bound) = match &a.asname {
                        Some(n) => (None, name(n)),
                        None => {
                            let top: Rc<str> = module.split('.').next().unwrap_or("").into();
                            (None, top)
                        }
                    };
                    let var = self.var(&bound);
                    let module = if a.asname.is_none() {
                        module.split('.').next().unwrap_or("").into()
                    } else {
                        module
                    };
                    out.push(Stmt {
                        kind: StmtKind::Import {
                            module,
                            names: vec![(attr, var)],
                        },
                        pos,
                        end: Pos::default(),
                        suspends: false,
                    });
                }
            }
            AStmt::ImportFrom(i) => {
                if i.level > 0 {
                    return self.err(s, "relative imports are not supported");
                }
                let module: Rc<str> = i.module.as_ref().map(|m| m.as_str()).unwrap_or("").into();
                let mut names = Vec::new();
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        if !matches!(self.kind, ScopeKind::Module) {
                            return self.err(s, "import * only allowed at module level");
                        }
                        // Every public name of the module, found when it runs.
                        names.push((Some("*".into()), Var::Global("*".into())));
                        continue;
                    }
                    let bound = name(a.asname.as_ref().unwrap_or(&a.name));
                    names.push((Some(name(&a.name)), self.var(&bound)));
                }
                out.push(Stmt {
                    kind: StmtKind::Import { module, names },
                    pos,
                    end: Pos::default(),
                    suspends: false,
                });
            }
            AStmt::FunctionDef(f) => {
                let decorators = f
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect::<CResult<Vec<_>>>()?;
                let func = self.function(
                    name(&f.name),
                    Some(&f.parameters),
                    &f.body,
                    f.is_async,
                    self.pos(s),
                )?;
                let func = self.with_annotations(func, &f.parameters, f.returns.as_deref())?;
                let target = self.var(&name(&f.name));
                self.emit(out, StmtKind::Def(func, decorators, target), pos);
            }
            AStmt::ClassDef(c) => {
                let decorators = c
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect::<CResult<Vec<_>>>()?;
                let mut bases = Vec::new();
                let mut keywords = Vec::new();
                if let Some(args) = &c.arguments {
                    for b in args.args.iter() {
                        if matches!(b, ast::Expr::Starred(_)) {
                            return self.err(b, "class bases given with * are not supported");
                        }
                        bases.push(self.expr(b)?);
                    }
                    for k in args.keywords.iter() {
                        let Some(arg) = &k.arg else {
                            return self.err(k, "class keywords given with ** are not supported");
                        };
                        keywords.push((name(arg), self.expr(&k.value)?));
                    }
                }
                let body = self.class_body(&name(&c.name), &c.body)?;
                let target = self.var(&name(&c.name));
                self.emit(
                    out,
                    StmtKind::Class {
                        name: name(&c.name),
                        bases,
                        keywords,
                        body,
                        decorators,
                        target,
                    },
                    pos,
                );
            }
            AStmt::Match(m) => self.match_stmt(m, pos, out)?,
            AStmt::TypeAlias(_) => return self.err(s, "'type' aliases are not supported"),
            AStmt::IpyEscapeCommand(_) => return self.err(s, "invalid syntax"),
        }
        Ok(())
    }

    fn elif_chain(&mut self, clauses: &[ast::ElifElseClause]) -> CResult<Vec<Stmt>> {
        let Some((first, rest)) = clauses.split_first() else {
            return Ok(Vec::new());
        };
        match &first.test {
            None => self.block(&first.body),
            Some(test) => {
                let pos = self.pos(first);
                let saved = std::mem::take(&mut self.pre);
                let t = self.expr(test)?;
                let body = self.block(&first.body)?;
                let orelse = self.elif_chain(rest)?;
                let mut out = Vec::new();
                self.emit(&mut out, StmtKind::If(t, body, orelse), pos);
                self.pre = saved;
                Ok(out)
            }
        }
    }

    fn with_items(
        &mut self,
        items: &[ast::WithItem],
        body: &[AStmt],
        is_async: bool,
    ) -> CResult<Vec<Stmt>> {
        let Some((first, rest)) = items.split_first() else {
            return self.block(body);
        };
        let pos = self.pos(first);
        let saved = std::mem::take(&mut self.pre);
        let context = self.expr(&first.context_expr)?;
        let target = first
            .optional_vars
            .as_deref()
            .map(|t| self.target(t))
            .transpose()?;
        let lifted = std::mem::take(&mut self.pre);
        self.pre = saved;
        let inner = self.with_items(rest, body, is_async)?;
        let mut out = lifted;
        let kind = StmtKind::With(vec![WithItem { context, target }], inner, is_async);
        let suspends = stmt_suspends(&kind);
        out.push(Stmt {
            kind,
            pos,
            end: Pos::default(),
            suspends,
        });
        Ok(out)
    }

    fn function(
        &mut self,
        fname: Rc<str>,
        params: Option<&ast::Parameters>,
        body: &[AStmt],
        is_async: bool,
        pos: Pos,
    ) -> CResult<Expr> {
        let names = params.map(param_names).unwrap_or_default();
        let analysis = analyze(&names, body);
        let kind = match (is_async, analysis.has_yield) {
            (false, false) => FuncKind::Plain,
            (false, true) => FuncKind::Generator,
            (true, false) => FuncKind::Coroutine,
            (true, true) => FuncKind::AsyncGenerator,
        };
        if analysis.has_await && !is_async {
            let bad = body.first().map(|b| self.pos(b)).unwrap_or(pos);
            return Err(CompileError {
                message: "'await' outside async function".into(),
                pos: bad,
                syntax: true,
                width: 1,
            });
        }
        // Defaults are evaluated in the enclosing scope, at definition time.
        let mut defaults = Vec::new();
        let mut kw_defaults = Vec::new();
        let mut p = Params::default();
        if let Some(ps) = params {
            for a in ps.posonlyargs.iter().chain(ps.args.iter()) {
                p.positional.push(name(&a.parameter.name));
                if let Some(d) = &a.default {
                    defaults.push(self.expr(d)?);
                }
            }
            p.positional_only = ps.posonlyargs.len();
            p.defaults = defaults.len();
            p.varargs = ps.vararg.as_ref().map(|a| name(&a.name));
            for a in &ps.kwonlyargs {
                let n = name(&a.parameter.name);
                p.kwonly.push(n.clone());
                if let Some(d) = &a.default {
                    kw_defaults.push((n.clone(), self.expr(d)?));
                    p.kw_defaults.push(n);
                }
            }
            p.varkw = ps.kwarg.as_ref().map(|a| name(&a.name));
        }
        let enclosing = self.enclosing_for_closure();
        let qualname: Rc<str> = match self.kind {
            ScopeKind::Module => fname.clone(),
            ScopeKind::Class => format!("{}.{}", self.qualname, fname).into(),
            ScopeKind::Function => format!("{}.<locals>.{}", self.qualname, fname).into(),
        };
        let mut c = FnCompiler::new(
            self.src,
            ScopeKind::Function,
            analysis,
            enclosing,
            qualname.clone(),
        );
        if self.kind == ScopeKind::Class {
            c.method_self = names.first().cloned();
        }
        for n in &names {
            c.slot(n);
        }
        let stmts = c.block(body)?;
        let free: Vec<Rc<str>> = c.free.iter().cloned().collect();
        let mut def = c.finish(fname, qualname, p, kind, stmts, pos);
        def.freevars_from = free.iter().map(|n| self.capture(n)).collect();
        if let Some(AStmt::Expr(e)) = body.first() {
            if let AExpr::StringLiteral(s) = &*e.value {
                def.doc = Some(s.value.to_str().into());
            }
        }
        Ok(Expr {
            kind: ExprKind::Function(Rc::new(def), defaults, kw_defaults, Vec::new()),
            pos,
            end: Pos::default(),
            suspends: false,
        })
    }

    /// Adds the `def`'s annotations (evaluated where it is defined).
    fn with_annotations(
        &mut self,
        mut func: Expr,
        ps: &ast::Parameters,
        returns: Option<&AExpr>,
    ) -> CResult<Expr> {
        let mut anns = Vec::new();
        let all = ps
            .posonlyargs
            .iter()
            .chain(ps.args.iter())
            .chain(ps.kwonlyargs.iter())
            .map(|a| &a.parameter);
        let extra = ps.vararg.iter().chain(ps.kwarg.iter()).map(|b| &**b);
        for p in all.chain(extra) {
            if let Some(a) = &p.annotation {
                let text: Rc<str> = self.src.text[a.range()].into();
                anns.push((name(&p.name), self.expr(a)?, text));
            }
        }
        if let Some(r) = returns {
            let text: Rc<str> = self.src.text[r.range()].into();
            anns.push(("return".into(), self.expr(r)?, text));
        }
        if let ExprKind::Function(_, _, _, a) = &mut func.kind {
            *a = anns;
        }
        Ok(func)
    }

    /// Where this scope keeps `n` for an inner function to capture.
    /// The scopes a function, lambda or generator expression defined here
    /// can close over: the enclosing ones, plus this function's names and
    /// the variables of the comprehensions it sits in (at module and class
    /// level too: `[lambda: i for i in range(3)]`).
    fn enclosing_for_closure(&self) -> Vec<IndexSet<Rc<str>>> {
        let mut enclosing = self.enclosing.clone();
        let mut mine: IndexSet<Rc<str>> = IndexSet::new();
        if self.kind == ScopeKind::Function {
            mine.extend(
                self.analysis
                    .bound
                    .iter()
                    .filter(|n| !self.analysis.globals.contains(*n))
                    .cloned(),
            );
        }
        for overlay in &self.comp {
            mine.extend(overlay.keys().cloned());
        }
        if self.kind == ScopeKind::Function || !self.comp.is_empty() {
            enclosing.push(mine);
        }
        enclosing
    }

    fn capture(&mut self, n: &Rc<str>) -> u32 {
        match self.var(n) {
            Var::Cell(i, _) => i,
            _ => {
                // Not a cell here (global or unknown): capture a fresh cell
                // as a free variable of ours so lookups fail cleanly.
                self.cell_index(n)
            }
        }
    }

    fn class_body(&mut self, cname: &Rc<str>, body: &[AStmt]) -> CResult<Rc<FuncDef>> {
        let analysis = analyze(&[], body);
        let qualname: Rc<str> = match self.kind {
            ScopeKind::Module => cname.clone(),
            ScopeKind::Class => format!("{}.{}", self.qualname, cname).into(),
            ScopeKind::Function => format!("{}.<locals>.{}", self.qualname, cname).into(),
        };
        let mut enclosing = self.enclosing.clone();
        if self.kind == ScopeKind::Function {
            enclosing.push(
                self.analysis
                    .bound
                    .iter()
                    .filter(|n| !self.analysis.globals.contains(*n))
                    .cloned()
                    .collect(),
            );
        }
        let mut c = FnCompiler::new(
            self.src,
            ScopeKind::Class,
            analysis,
            enclosing,
            qualname.clone(),
        );
        let stmts = c.block(body)?;
        let free: Vec<Rc<str>> = c.free.iter().cloned().collect();
        let pos = body.first().map(|b| self.pos(b)).unwrap_or_default();
        let mut def = c.finish(
            cname.clone(),
            qualname,
            Params::default(),
            FuncKind::Plain,
            stmts,
            pos,
        );
        def.freevars_from = free.iter().map(|n| self.capture(n)).collect();
        Ok(Rc::new(def))
    }

    fn target(&mut self, e: &AExpr) -> CResult<Target> {
        let pos = self.pos(e);
        let span = Span {
            start: pos,
            end: self.src.pos(e.end()),
        };
        Ok(match e {
            AExpr::Name(n) => Target::Var(self.var(&intern(n.id.as_str())), pos),
            AExpr::Attribute(a) => Target::Attr(self.expr(&a.value)?, name(&a.attr), span),
            AExpr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let key = self.expr(&s.slice)?;
                Target::Subscript(obj, key, span)
            }
            AExpr::Tuple(t) => self.unpack_target(&t.elts, span)?,
            AExpr::List(t) => self.unpack_target(&t.elts, span)?,
            AExpr::Starred(_) => {
                return self.err(e, "starred assignment target must be in a list or tuple")
            }
            _ => return self.err(e, "cannot assign to expression"),
        })
    }

    fn unpack_target(&mut self, elts: &[AExpr], pos: Span) -> CResult<Target> {
        let mut star = None;
        let mut ts = Vec::new();
        for (i, e) in elts.iter().enumerate() {
            if let AExpr::Starred(s) = e {
                if star.is_some() {
                    return self.err(e, "multiple starred expressions in assignment");
                }
                star = Some(i);
                ts.push(self.target(&s.value)?);
            } else {
                ts.push(self.target(e)?);
            }
        }
        Ok(Target::Unpack(ts, star, pos))
    }

    fn mk(&self, kind: ExprKind, pos: Pos) -> Expr {
        Expr {
            kind,
            pos,
            end: Pos::default(),
            suspends: false,
        }
    }

    /// Compiles expressions left to right; if a later one lifted a
    /// suspension, earlier ones with possible side effects are spilled to
    /// temporaries first so they still run first.
    fn seq(&mut self, es: &[&AExpr]) -> CResult<Vec<Expr>> {
        let mut out: Vec<Expr> = Vec::new();
        for e in es {
            let mark = self.pre.len();
            let x = self.expr(e)?;
            if self.pre.len() > mark {
                let mut spills = Vec::new();
                for prev in out.iter_mut() {
                    if !is_simple(prev) {
                        let t = self.temp();
                        let pos = prev.pos;
                        let value = std::mem::replace(
                            prev,
                            Expr {
                                kind: ExprKind::Load(Var::Local(t, "%t".into())),
                                pos,
                                end: Pos::default(),
                                suspends: false,
                            },
                        );
                        spills.push(Stmt {
                            kind: StmtKind::Assign(
                                vec![Target::Var(Var::Local(t, "%t".into()), pos)],
                                value,
                            ),
                            pos,
                            end: Pos::default(),
                            suspends: false,
                        });
                    }
                }
                for (k, st) in spills.into_iter().enumerate() {
                    self.pre.insert(mark + k, st);
                }
            }
            out.push(x);
        }
        Ok(out)
    }

    /// Compiles `e` into a separate list of lifted statements.
    fn isolated(&mut self, e: &AExpr) -> CResult<(Vec<Stmt>, Expr)> {
        let saved = std::mem::take(&mut self.pre);
        let x = self.expr(e);
        let lifted = std::mem::replace(&mut self.pre, saved);
        Ok((lifted, x?))
    }

    fn suspend(&mut self, op: Suspend, pos: Pos, end: Pos) -> Expr {
        let t = self.temp();
        self.pre.push(Stmt {
            kind: StmtKind::Suspend(Some(t), op),
            pos,
            end,
            suspends: true,
        });
        self.mk(ExprKind::Load(Var::Local(t, "%t".into())), pos)
    }

    /// Compiles an expression, noting where it ends (tracebacks mark the
    /// columns of the failing one).
    fn expr(&mut self, e: &AExpr) -> CResult<Expr> {
        let mut x = self.expr_inner(e)?;
        if x.end.line == 0 {
            x.end = self.src.pos(e.end());
        }
        Ok(x)
    }

    fn expr_inner(&mut self, e: &AExpr) -> CResult<Expr> {
        let pos = self.pos(e);
        let kind = match e {
            AExpr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => ExprKind::Const(Const::Int(v)),
                    None => match wide_literal(i) {
                        Some(v) => ExprKind::Const(v),
                        None => return self.err(e, "integer literal too large for Looplab's ints"),
                    },
                },
                ast::Number::Float(f) => ExprKind::Const(Const::Float(*f)),
                ast::Number::Complex { .. } => {
                    return self.err(e, "complex numbers are not supported")
                }
            },
            AExpr::StringLiteral(s) => ExprKind::Const(Const::Str(s.value.to_str().into())),
            AExpr::BytesLiteral(b) => {
                ExprKind::Const(Const::Bytes(b.value.bytes().collect::<Vec<u8>>().into()))
            }
            AExpr::BooleanLiteral(b) => ExprKind::Const(Const::Bool(b.value)),
            AExpr::NoneLiteral(_) => ExprKind::Const(Const::None),
            AExpr::EllipsisLiteral(_) => ExprKind::Const(Const::Ellipsis),
            AExpr::Name(n) => ExprKind::Load(self.var(&intern(n.id.as_str()))),
            AExpr::Attribute(a) => ExprKind::Attr(Box::new(self.expr(&a.value)?), name(&a.attr)),
            AExpr::Subscript(s) => {
                let mut v = self.seq(&[&s.value, &s.slice])?;
                let key = v.pop();
                let obj = v.pop();
                match (obj, key) {
                    (Some(o), Some(k)) => ExprKind::Subscript(Box::new(o), Box::new(k)),
                    _ => return self.err(e, "internal: subscript"),
                }
            }
            AExpr::Slice(s) => {
                let lower = s
                    .lower
                    .as_deref()
                    .map(|x| self.expr(x))
                    .transpose()?
                    .map(Box::new);
                let upper = s
                    .upper
                    .as_deref()
                    .map(|x| self.expr(x))
                    .transpose()?
                    .map(Box::new);
                let step = s
                    .step
                    .as_deref()
                    .map(|x| self.expr(x))
                    .transpose()?
                    .map(Box::new);
                ExprKind::Slice(lower, upper, step)
            }
            AExpr::BinOp(b) => {
                let mut v = self.seq(&[&b.left, &b.right])?;
                let (r, l) = (v.pop(), v.pop());
                match (l, r) {
                    (Some(l), Some(r)) => ExprKind::Bin(binop(b.op), Box::new(l), Box::new(r)),
                    _ => return self.err(e, "internal: binop"),
                }
            }
            AExpr::UnaryOp(u) => {
                let op = match u.op {
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                };
                ExprKind::Unary(op, Box::new(self.expr(&u.operand)?))
            }
            AExpr::BoolOp(b) => {
                return self.boolop(matches!(b.op, ast::BoolOp::And), &b.values, pos)
            }
            AExpr::Compare(c) => {
                let mut all: Vec<&AExpr> = vec![&c.left];
                all.extend(c.comparators.iter());
                let mut v = self.seq(&all)?.into_iter();
                let left = match v.next() {
                    Some(l) => l,
                    None => return self.err(e, "internal: compare"),
                };
                let ops: Vec<(CmpOp, Expr)> = c.ops.iter().map(|o| cmpop(*o)).zip(v).collect();
                ExprKind::Compare(Box::new(left), ops)
            }
            AExpr::If(i) => {
                let test = self.expr(&i.test)?;
                let (pre_b, body) = self.isolated(&i.body)?;
                let (pre_o, orelse) = self.isolated(&i.orelse)?;
                if pre_b.is_empty() && pre_o.is_empty() {
                    ExprKind::IfExp(Box::new(test), Box::new(body), Box::new(orelse))
                } else {
                    let t = self.temp();
                    let tv = Var::Local(t, "%t".into());
                    let mut then_block = pre_b;
                    then_block.push(assign(tv.clone(), body, pos));
                    let mut else_block = pre_o;
                    else_block.push(assign(tv.clone(), orelse, pos));
                    let kind = StmtKind::If(test, then_block, else_block);
                    let suspends = stmt_suspends(&kind);
                    self.pre.push(Stmt {
                        kind,
                        pos,
                        end: Pos::default(),
                        suspends,
                    });
                    ExprKind::Load(tv)
                }
            }
            AExpr::Named(n) => {
                let value = self.expr(&n.value)?;
                let target = match &*n.target {
                    AExpr::Name(t) => {
                        let nm: Rc<str> = intern(t.id.as_str());
                        // Bind in the function scope, not a comprehension's.
                        let saved = std::mem::take(&mut self.comp);
                        let v = self.var(&nm);
                        self.comp = saved;
                        Target::Var(v, pos)
                    }
                    other => return self.err(other, "assignment expression target must be a name"),
                };
                ExprKind::Named(Box::new(target), Box::new(value))
            }
            AExpr::Lambda(l) => {
                let body = vec![AStmt::Return(ast::StmtReturn {
                    range: l.range(),
                    node_index: Default::default(),
                    value: Some(l.body.clone()),
                })];
                return self.function(
                    "<lambda>".into(),
                    l.parameters.as_deref(),
                    &body,
                    false,
                    pos,
                );
            }
            AExpr::List(l) => {
                let refs: Vec<&AExpr> = l.elts.iter().collect();
                ExprKind::List(self.seq(&refs)?)
            }
            AExpr::Tuple(t) => {
                let refs: Vec<&AExpr> = t.elts.iter().collect();
                ExprKind::Tuple(self.seq(&refs)?)
            }
            AExpr::Set(s) => {
                let refs: Vec<&AExpr> = s.elts.iter().collect();
                ExprKind::Set(self.seq(&refs)?)
            }
            AExpr::Dict(d) => {
                let mut refs: Vec<&AExpr> = Vec::new();
                for item in &d.items {
                    if let Some(k) = &item.key {
                        refs.push(k);
                    }
                    refs.push(&item.value);
                }
                let mut v = self.seq(&refs)?.into_iter();
                let mut items = Vec::new();
                for item in &d.items {
                    let k = if item.key.is_some() { v.next() } else { None };
                    match v.next() {
                        Some(val) => items.push((k, val)),
                        None => return self.err(e, "internal: dict"),
                    }
                }
                ExprKind::Dict(items)
            }
            AExpr::Starred(s) => ExprKind::Starred(Box::new(self.expr(&s.value)?)),
            AExpr::Call(c)
                if c.arguments.args.is_empty()
                    && c.arguments.keywords.is_empty()
                    && matches!(&*c.func, AExpr::Name(n) if n.id.as_str() == "super")
                    && self.method_self.is_some() =>
            {
                let func = self.expr(&c.func)?;
                let this = self.method_self.clone().unwrap_or_else(|| "self".into());
                let this = self.var(&this);
                let args = vec![
                    Arg::Pos(self.mk(ExprKind::ClassCell, pos)),
                    Arg::Pos(self.mk(ExprKind::Load(this), pos)),
                ];
                ExprKind::Call(Box::new(func), args)
            }
            AExpr::Call(c) => {
                let mut refs: Vec<&AExpr> = vec![&c.func];
                for a in c.arguments.args.iter() {
                    refs.push(match a {
                        AExpr::Starred(s) => &s.value,
                        other => other,
                    });
                }
                for k in c.arguments.keywords.iter() {
                    refs.push(&k.value);
                }
                let mut v = self.seq(&refs)?.into_iter();
                let func = match v.next() {
                    Some(f) => f,
                    None => return self.err(e, "internal: call"),
                };
                let mut args = Vec::new();
                for a in c.arguments.args.iter() {
                    let Some(x) = v.next() else {
                        return self.err(e, "internal: call args");
                    };
                    args.push(if matches!(a, AExpr::Starred(_)) {
                        Arg::Star(x)
                    } else {
                        Arg::Pos(x)
                    });
                }
                for k in c.arguments.keywords.iter() {
                    let Some(x) = v.next() else {
                        return self.err(e, "internal: call kwargs");
                    };
                    args.push(match &k.arg {
                        Some(n) => Arg::Kw(name(n), x),
                        None => Arg::StarStar(x),
                    });
                }
                ExprKind::Call(Box::new(func), args)
            }
            AExpr::Await(a) => {
                if self.kind == ScopeKind::Module {
                    return self.err_whole(a, "'await' outside function");
                }
                let inner = self.expr(&a.value)?;
                return Ok(self.suspend(Suspend::Await(inner), pos, self.src.pos(e.end())));
            }
            AExpr::Yield(y) => {
                if self.kind != ScopeKind::Function {
                    return self.err_whole(y, "'yield' outside function");
                }
                let inner = y.value.as_deref().map(|v| self.expr(v)).transpose()?;
                return Ok(self.suspend(Suspend::Yield(inner), pos, self.src.pos(e.end())));
            }
            AExpr::YieldFrom(y) => {
                if self.kind != ScopeKind::Function {
                    return self.err_whole(y, "'yield' outside function");
                }
                let inner = self.expr(&y.value)?;
                return Ok(self.suspend(Suspend::YieldFrom(inner), pos, self.src.pos(e.end())));
            }
            AExpr::FString(f) => ExprKind::FString(self.fstring(f)?),
            AExpr::ListComp(c) => {
                return self.comprehension(CompShape::List(&c.elt), &c.generators, pos)
            }
            AExpr::SetComp(c) => {
                return self.comprehension(CompShape::Set(&c.elt), &c.generators, pos)
            }
            AExpr::DictComp(c) => match &c.key {
                Some(k) => {
                    return self.comprehension(CompShape::Dict(k, &c.value), &c.generators, pos)
                }
                None => return self.err(e, "dict comprehension with ** is not supported"),
            },
            AExpr::Generator(g) => return self.genexp(g, pos),
            AExpr::TString(_) => return self.err(e, "template strings are not supported"),
            AExpr::IpyEscapeCommand(_) => return self.err(e, "invalid syntax"),
        };
        Ok(self.mk(kind, pos))
    }

    fn boolop(&mut self, and: bool, values: &[AExpr], pos: Pos) -> CResult<Expr> {
        let mut compiled = Vec::new();
        let mut lifted_any = false;
        for (i, v) in values.iter().enumerate() {
            if i == 0 {
                compiled.push((Vec::new(), self.expr(v)?));
            } else {
                let (pre, x) = self.isolated(v)?;
                lifted_any |= !pre.is_empty();
                compiled.push((pre, x));
            }
        }
        if !lifted_any {
            return Ok(self.mk(
                ExprKind::BoolOp(and, compiled.into_iter().map(|(_, x)| x).collect()),
                pos,
            ));
        }
        // t = v0; if t (and) / not t (or): pre1; t = v1; ...
        let t = self.temp();
        let tv = Var::Local(t, "%t".into());
        let mut iter = compiled.into_iter();
        let first = iter.next().map(|(_, x)| x);
        let rest: Vec<(Vec<Stmt>, Expr)> = iter.collect();
        let mut tail: Vec<Stmt> = Vec::new();
        for (pre, x) in rest.into_iter().rev() {
            let mut block = pre;
            block.push(assign(tv.clone(), x, pos));
            if !tail.is_empty() {
                let test = self.mk(ExprKind::Load(tv.clone()), pos);
                let test = if and {
                    test
                } else {
                    self.mk(ExprKind::Unary(UnaryOp::Not, Box::new(test)), pos)
                };
                let kind = StmtKind::If(test, std::mem::take(&mut tail), Vec::new());
                let suspends = stmt_suspends(&kind);
                block.push(Stmt {
                    kind,
                    pos,
                    end: Pos::default(),
                    suspends,
                });
            }
            tail = block;
        }
        if let Some(first) = first {
            self.pre.push(assign(tv.clone(), first, pos));
        }
        let test = self.mk(ExprKind::Load(tv.clone()), pos);
        let test = if and {
            test
        } else {
            self.mk(ExprKind::Unary(UnaryOp::Not, Box::new(test)), pos)
        };
        let kind = StmtKind::If(test, tail, Vec::new());
        let suspends = stmt_suspends(&kind);
        self.pre.push(Stmt {
            kind,
            pos,
            end: Pos::default(),
            suspends,
        });
        Ok(self.mk(ExprKind::Load(tv), pos))
    }

    fn fstring(&mut self, f: &ast::ExprFString) -> CResult<Vec<FPart>> {
        let mut parts = Vec::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => parts.push(FPart::Lit(l.value.as_ref().into())),
                ast::FStringPart::FString(fs) => self.fstring_elements(&fs.elements, &mut parts)?,
            }
        }
        Ok(parts)
    }

    fn fstring_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        parts: &mut Vec<FPart>,
    ) -> CResult<()> {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    parts.push(FPart::Lit(l.value.as_ref().into()))
                }
                ast::InterpolatedStringElement::Interpolation(x) => {
                    let mark = self.pre.len();
                    let mut value = self.expr(&x.expression)?;
                    let conversion = match x.conversion {
                        ast::ConversionFlag::None => None,
                        ast::ConversionFlag::Str => Some('s'),
                        ast::ConversionFlag::Repr => Some('r'),
                        ast::ConversionFlag::Ascii => Some('a'),
                    };
                    let spec = match &x.format_spec {
                        Some(s) => {
                            let spec_mark = self.pre.len();
                            let mut sp = Vec::new();
                            self.fstring_elements(&s.elements, &mut sp)?;
                            if self.pre.len() > spec_mark && !is_simple(&value) {
                                // The spec suspends: the value is evaluated
                                // before it, so keep it in a temporary.
                                let pos = value.pos;
                                let t = self.temp();
                                let tv = Var::Local(t, "%t".into());
                                let raw = std::mem::replace(
                                    &mut value,
                                    self.mk(ExprKind::Load(tv.clone()), pos),
                                );
                                self.pre.insert(spec_mark, assign(tv, raw, pos));
                            }
                            Some(sp)
                        }
                        None => None,
                    };
                    let debug = x.debug_text.as_ref().map(|d| {
                        let text = &self.src.text[x.expression.range()];
                        Rc::from(format!("{}{}{}", d.leading(), text, d.trailing()))
                    });
                    // `{x=}` without a conversion or spec shows the repr.
                    let conversion = if debug.is_some() && conversion.is_none() && spec.is_none() {
                        Some('r')
                    } else {
                        conversion
                    };
                    if self.pre.len() > mark {
                        self.spill_fparts(parts, mark);
                    }
                    parts.push(FPart::Value {
                        value,
                        conversion,
                        spec,
                        debug,
                    });
                }
            }
        }
        Ok(())
    }

    /// A later f-string field lifted a suspension (its statements start at
    /// `at` in `self.pre`): the fields before it are evaluated and formatted
    /// into temporaries first, as CPython formats each field as soon as it
    /// is evaluated.
    fn spill_fparts(&mut self, parts: &mut [FPart], at: usize) {
        let mut spills = Vec::new();
        for part in parts.iter_mut() {
            let FPart::Value { value, spec, .. } = part else {
                continue;
            };
            let spec_simple = spec.iter().flatten().all(|p| match p {
                FPart::Lit(_) => true,
                FPart::Value { value, spec, .. } => is_simple(value) && spec.is_none(),
            });
            if is_simple(value) && spec_simple {
                continue;
            }
            let pos = value.pos;
            let t = self.temp();
            let tv = Var::Local(t, "%t".into());
            let formatted = std::mem::replace(
                part,
                FPart::Value {
                    value: self.mk(ExprKind::Load(tv.clone()), pos),
                    conversion: None,
                    spec: None,
                    debug: None,
                },
            );
            spills.push(assign(
                tv,
                self.mk(ExprKind::FString(vec![formatted]), pos),
                pos,
            ));
        }
        for (k, st) in spills.into_iter().enumerate() {
            self.pre.insert(at + k, st);
        }
    }

    fn comprehension(
        &mut self,
        shape: CompShape<'_>,
        gens: &[ast::Comprehension],
        pos: Pos,
    ) -> CResult<Expr> {
        // The first iterable is evaluated outside the comprehension's names.
        let Some(first) = gens.first() else {
            return Err(CompileError {
                message: "empty comprehension".into(),
                pos,
                syntax: true,
                width: 1,
            });
        };
        let first_iter = self.expr(&first.iter)?;
        let mut overlay = IndexMap::new();
        let mut names = HashSet::new();
        for g in gens {
            collect_target_names(&g.target, &mut names);
        }
        let mut sorted: Vec<Rc<str>> = names.into_iter().collect();
        sorted.sort();
        for n in sorted {
            let cell_name: Rc<str> = format!("%comp.{n}").into();
            let v = match self.own_cells.get_index_of(&cell_name) {
                Some(i) => Var::Cell(i as u32, n.clone()),
                None => Var::Local(self.temp(), n.clone()),
            };
            overlay.insert(n, v);
        }
        self.comp.push(overlay);
        let result = self.comprehension_inner(shape, gens, first_iter, pos);
        self.comp.pop();
        result
    }

    fn comprehension_inner(
        &mut self,
        shape: CompShape<'_>,
        gens: &[ast::Comprehension],
        first_iter: Expr,
        pos: Pos,
    ) -> CResult<Expr> {
        let saved = std::mem::take(&mut self.pre);
        let mut fors = Vec::new();
        let mut lifted = false;
        for (i, g) in gens.iter().enumerate() {
            let iter = if i == 0 {
                first_iter.clone()
            } else {
                self.expr(&g.iter)?
            };
            let target = self.target(&g.target)?;
            let ifs = g
                .ifs
                .iter()
                .map(|c| self.expr(c))
                .collect::<CResult<Vec<_>>>()?;
            lifted |= g.is_async;
            fors.push(CompFor {
                target,
                iter,
                ifs,
                is_async: g.is_async,
            });
        }
        let kind = match shape {
            CompShape::List(e) => CompKind::List(self.expr(e)?),
            CompShape::Set(e) => CompKind::Set(self.expr(e)?),
            CompShape::Dict(k, v) => {
                let k = self.expr(k)?;
                let v = self.expr(v)?;
                CompKind::Dict(k, v)
            }
        };
        let inner_pre = std::mem::replace(&mut self.pre, saved);
        lifted |= !inner_pre.is_empty();
        if !lifted {
            return Ok(self.mk(ExprKind::Comp(Box::new(kind), fors), pos));
        }
        // Suspending comprehension: build it with statements. Lifted
        // statements can only have come from the element or filters; a
        // comprehension that awaits in a filter or element is rebuilt fully
        // from the AST so each piece runs at its place in the loop.
        self.comprehension_as_loops(shape, gens, pos)
    }

    fn comprehension_as_loops(
        &mut self,
        shape: CompShape<'_>,
        gens: &[ast::Comprehension],
        pos: Pos,
    ) -> CResult<Expr> {
        let acc = self.temp();
        let accv = Var::Local(acc, "%t".into());
        let init = match shape {
            CompShape::List(_) => ExprKind::List(Vec::new()),
            CompShape::Set(_) => ExprKind::Set(Vec::new()),
            CompShape::Dict(..) => ExprKind::Dict(Vec::new()),
        };
        let init = self.mk(init, pos);
        self.pre.push(assign(accv.clone(), init, pos));
        let body = self.comp_loop_level(shape, gens, 0, &accv, pos)?;
        self.pre.extend(body);
        Ok(self.mk(ExprKind::Load(accv), pos))
    }

    fn comp_loop_level(
        &mut self,
        shape: CompShape<'_>,
        gens: &[ast::Comprehension],
        level: usize,
        acc: &Var,
        pos: Pos,
    ) -> CResult<Vec<Stmt>> {
        let saved = std::mem::take(&mut self.pre);
        let result = (|| -> CResult<Vec<Stmt>> {
            if level == gens.len() {
                let mut out = Vec::new();
                let acc_e = self.mk(ExprKind::Load(acc.clone()), pos);
                let (method, args): (&str, Vec<Expr>) = match shape {
                    CompShape::List(e) => ("append", vec![self.expr(e)?]),
                    CompShape::Set(e) => ("add", vec![self.expr(e)?]),
                    CompShape::Dict(k, v) => {
                        let kv = self.seq(&[k, v])?;
                        ("__setitem__", kv)
                    }
                };
                let f = self.mk(ExprKind::Attr(Box::new(acc_e), method.into()), pos);
                let call = self.mk(
                    ExprKind::Call(Box::new(f), args.into_iter().map(Arg::Pos).collect()),
                    pos,
                );
                self.emit(&mut out, StmtKind::Expr(call), pos);
                return Ok(out);
            }
            let g = &gens[level];
            let mut out = Vec::new();
            let iter = self.expr(&g.iter)?;
            let target = self.target(&g.target)?;
            let lifted_iter = std::mem::take(&mut self.pre);
            let mut body = self.comp_loop_level(shape, gens, level + 1, acc, pos)?;
            for cond in g.ifs.iter().rev() {
                let saved_c = std::mem::take(&mut self.pre);
                let c = self.expr(cond)?;
                let mut block = std::mem::replace(&mut self.pre, saved_c);
                let kind = StmtKind::If(c, body, Vec::new());
                let suspends = stmt_suspends(&kind);
                block.push(Stmt {
                    kind,
                    pos,
                    end: Pos::default(),
                    suspends,
                });
                body = block;
            }
            out.extend(lifted_iter);
            let kind = StmtKind::For {
                target,
                iter,
                body,
                orelse: Vec::new(),
                is_async: g.is_async,
            };
            let suspends = stmt_suspends(&kind);
            out.push(Stmt {
                kind,
                pos,
                end: Pos::default(),
                suspends,
            });
            Ok(out)
        })();
        self.pre = saved;
        result
    }

    fn genexp(&mut self, g: &ast::ExprGenerator, pos: Pos) -> CResult<Expr> {
        // A generator function of one parameter (the first iterable) whose
        // body is the loops with `yield elt` innermost.
        let Some(first) = g.generators.first() else {
            return Err(CompileError {
                message: "empty generator".into(),
                pos,
                syntax: true,
                width: 1,
            });
        };
        let first_iter = self.expr(&first.iter)?;
        let is_async = g.generators.iter().any(|c| c.is_async);
        // Build the body as AST: for target in .0: ... yield elt
        let analysis = {
            let mut inner = Analyzer {
                a: Analysis::default(),
                comp: Vec::new(),
            };
            inner.comprehension(&g.generators, &[&g.elt]);
            let mut a = inner.a;
            a.bound.insert(".0".into());
            a.has_yield = true;
            a
        };
        let enclosing = self.enclosing_for_closure();
        let qualname: Rc<str> = format!("{}.<locals>.<genexpr>", self.qualname).into();
        let mut c = FnCompiler::new(
            self.src,
            ScopeKind::Function,
            analysis,
            enclosing,
            qualname.clone(),
        );
        let arg = c.slot(&".0".into());
        let body = c.genexp_level(g, 0, arg, pos)?;
        let free: Vec<Rc<str>> = c.free.iter().cloned().collect();
        let params = Params {
            positional: vec![".0".into()],
            ..Params::default()
        };
        let kind = if is_async {
            FuncKind::AsyncGenerator
        } else {
            FuncKind::Generator
        };
        let mut def = c.finish("<genexpr>".into(), qualname, params, kind, body, pos);
        def.freevars_from = free.iter().map(|n| self.capture(n)).collect();
        Ok(self.mk(ExprKind::GenExp(Rc::new(def), Box::new(first_iter)), pos))
    }

    fn genexp_level(
        &mut self,
        g: &ast::ExprGenerator,
        level: usize,
        arg: u32,
        pos: Pos,
    ) -> CResult<Vec<Stmt>> {
        if level == g.generators.len() {
            let mut out = Vec::new();
            let v = self.expr(&g.elt)?;
            let t = None;
            out.append(&mut self.pre);
            out.push(Stmt {
                kind: StmtKind::Suspend(t, Suspend::Yield(Some(v))),
                pos,
                end: Pos::default(),
                suspends: true,
            });
            return Ok(out);
        }
        let gen = &g.generators[level];
        let mut out = Vec::new();
        let iter = if level == 0 {
            self.mk(ExprKind::Load(Var::Local(arg, ".0".into())), pos)
        } else {
            self.expr(&gen.iter)?
        };
        let target = self.target(&gen.target)?;
        out.append(&mut self.pre);
        let mut body = self.genexp_level(g, level + 1, arg, pos)?;
        for cond in gen.ifs.iter().rev() {
            let c = self.expr(cond)?;
            let mut block = std::mem::take(&mut self.pre);
            let kind = StmtKind::If(c, body, Vec::new());
            let suspends = stmt_suspends(&kind);
            block.push(Stmt {
                kind,
                pos,
                end: Pos::default(),
                suspends,
            });
            body = block;
        }
        let kind = StmtKind::For {
            target,
            iter,
            body,
            orelse: Vec::new(),
            is_async: gen.is_async,
        };
        let suspends = stmt_suspends(&kind);
        out.push(Stmt {
            kind,
            pos,
            end: Pos::default(),
            suspends,
        });
        Ok(out)
    }
}

#[derive(Clone, Copy)]
enum CompShape<'a> {
    List(&'a AExpr),
    Set(&'a AExpr),
    Dict(&'a AExpr, &'a AExpr),
}

fn params_in_cells(
    params: &Params,
    own_cells: &IndexSet<Rc<str>>,
    locals: &IndexMap<Rc<str>, u32>,
) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let all = params
        .positional
        .iter()
        .chain(params.varargs.iter())
        .chain(params.kwonly.iter())
        .chain(params.varkw.iter());
    for p in all {
        if let (Some(ci), Some(&slot)) = (own_cells.get_index_of(p), locals.get(p)) {
            out.push((slot, ci as u32));
        }
    }
    out
}

fn assign(var: Var, value: Expr, pos: Pos) -> Stmt {
    Stmt {
        kind: StmtKind::Assign(vec![Target::Var(var, pos)], value),
        pos,
        end: Pos::default(),
        suspends: false,
    }
}

fn is_simple(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Const(_) | ExprKind::Function(..))
}

fn block_suspends(b: &[Stmt]) -> bool {
    b.iter().any(|s| s.suspends)
}

fn stmt_suspends(k: &StmtKind) -> bool {
    match k {
        StmtKind::Suspend(..) => true,
        StmtKind::If(_, a, b) => block_suspends(a) || block_suspends(b),
        StmtKind::While(pre, _, a, b) => {
            block_suspends(pre) || block_suspends(a) || block_suspends(b)
        }
        StmtKind::For {
            body,
            orelse,
            is_async,
            ..
        } => *is_async || block_suspends(body) || block_suspends(orelse),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
            ..
        } => {
            block_suspends(body)
                || handlers.iter().any(|h| block_suspends(&h.body))
                || block_suspends(orelse)
                || block_suspends(finally)
        }
        StmtKind::With(_, body, is_async) => *is_async || block_suspends(body),
        StmtKind::Match { cases, .. } => cases.iter().any(|c| {
            block_suspends(&c.body) || c.guard.as_ref().is_some_and(|(pre, _)| block_suspends(pre))
        }),
        _ => false,
    }
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

impl FnCompiler<'_> {
    /// The parts of `assert TEST` a test report explains, taken from the
    /// compiled test (so an `await` inside, already lifted out into a
    /// temporary, is not evaluated twice): `a OP b`, `not x`, `x`.
    fn assert_parts(&mut self, test: &AExpr, compiled: &Expr) -> Option<Rc<AssertParts>> {
        let text = |c: &Self, e: &dyn Ranged| -> Rc<str> {
            let r = e.range();
            Rc::from(
                c.src
                    .text
                    .get(usize::from(r.start())..usize::from(r.end()))
                    .unwrap_or(""),
            )
        };
        let call_text = |c: &mut Self, e: &AExpr| -> Option<Rc<CallShow>> {
            let AExpr::Call(call) = e else { return None };
            let lifted = c.pre.len();
            let mut args = Vec::new();
            let shown = |c: &mut Self, v: &AExpr| -> Result<Expr, Rc<str>> {
                match v {
                    AExpr::Name(_) | AExpr::Attribute(_) => c.expr(v).map_err(|_| text(c, v)),
                    other => Err(text(c, other)),
                }
            };
            for a in call.arguments.args.iter() {
                let shown = if matches!(a, AExpr::Starred(_)) {
                    Err(text(c, a))
                } else {
                    shown(c, a)
                };
                args.push((None, shown));
            }
            for k in call.arguments.keywords.iter() {
                let kw = k.arg.as_ref().map(|n| Rc::from(n.as_str()));
                let shown = if kw.is_some() {
                    shown(c, &k.value)
                } else {
                    Err(text(c, k))
                };
                args.push((kw, shown));
            }
            if c.pre.len() != lifted {
                c.pre.truncate(lifted);
                return None;
            }
            Some(Rc::new(CallShow {
                func: text(c, &*call.func),
                args,
            }))
        };
        let parts = match (&compiled.kind, test) {
            (ExprKind::Compare(left, ops), AExpr::Compare(c)) if ops.len() == 1 => {
                let (op, right) = ops.first()?;
                let left_call = call_text(self, &c.left);
                let right_call = match c.comparators.first() {
                    Some(r) => call_text(self, r),
                    None => None,
                };
                AssertParts::Compare {
                    left: (**left).clone(),
                    op: *op,
                    right: right.clone(),
                    left_call,
                    right_call,
                }
            }
            (ExprKind::Unary(UnaryOp::Not, operand), AExpr::UnaryOp(u)) => AssertParts::Truth {
                operand: (**operand).clone(),
                negated: true,
                call: call_text(self, &u.operand),
            },
            (_, AExpr::Name(_) | AExpr::Call(_) | AExpr::Attribute(_)) => AssertParts::Truth {
                operand: compiled.clone(),
                negated: false,
                call: call_text(self, test),
            },
            _ => return None,
        };
        Some(Rc::new(parts))
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    match op {
        ast::CmpOp::Eq => CmpOp::Eq,
        ast::CmpOp::NotEq => CmpOp::NotEq,
        ast::CmpOp::Lt => CmpOp::Lt,
        ast::CmpOp::LtE => CmpOp::LtE,
        ast::CmpOp::Gt => CmpOp::Gt,
        ast::CmpOp::GtE => CmpOp::GtE,
        ast::CmpOp::Is => CmpOp::Is,
        ast::CmpOp::IsNot => CmpOp::IsNot,
        ast::CmpOp::In => CmpOp::In,
        ast::CmpOp::NotIn => CmpOp::NotIn,
    }
}

/// The value of an integer literal beyond 64 bits (ruff keeps its text).
fn wide_literal(i: &ast::Int) -> Option<Const> {
    let text: String = i.to_string().chars().filter(|c| *c != '_').collect();
    let lower = text.to_ascii_lowercase();
    let (radix, digits) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, &lower[..]),
    };
    // A literal's digits are not subject to the digit limit of int(str).
    let b = num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix)?;
    (b.bits() <= crate::ir::MAX_INT_BITS).then(|| Const::Big(Rc::new(b)))
}
