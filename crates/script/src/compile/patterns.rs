//! `match` statements: each case's pattern becomes a [`Pattern`] tree whose
//! nodes read their value from hidden slots, as CPython 3.11 compiles them.
//!
//! A pattern that takes its value apart (a sequence's items, a mapping's
//! values, a class's attributes) stores each part in a slot of its own for
//! the sub-pattern to check; captures and `as` names only record which slot
//! holds their value, and the case binds them all once the whole pattern
//! has matched. The compile-time errors are CPython's: an irrefutable
//! pattern before the last case, a name bound twice, alternatives binding
//! different names, a mapping key or class attribute given twice.

use super::{name, CResult, CompileError, FnCompiler};
use crate::ir::{Const, MatchCase, Pattern, PatternKind, Pos, Stmt, StmtKind};
use ruff_python_ast::{self as ast, Expr as AExpr};
use ruff_text_size::{Ranged, TextRange};
use std::rc::Rc;

/// What the pattern being compiled binds so far, and whether it may be
/// irrefutable (in the last case, or one with a guard).
struct Captures {
    /// Each name and the slot holding its value.
    names: Vec<(Rc<str>, u32)>,
    allow_irrefutable: bool,
    /// The pattern compiled last: where CPython reports a name bound
    /// twice or alternatives binding different names.
    loc: TextRange,
}

/// Whether a pattern is `_`, which needs no value.
fn is_wildcard(p: &ast::Pattern) -> bool {
    matches!(p, ast::Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

/// The value of a literal mapping key (`"k"`, `-1`, `None`), for finding
/// duplicates; `None` for a dotted name (and an int beyond 64 bits).
fn literal_key(e: &AExpr) -> Option<Const> {
    Some(match e {
        AExpr::StringLiteral(s) => Const::Str(s.value.to_str().into()),
        AExpr::BytesLiteral(b) => Const::Bytes(b.value.bytes().collect::<Vec<u8>>().into()),
        AExpr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => Const::Int(i.as_i64()?),
            ast::Number::Float(f) => Const::Float(*f),
            ast::Number::Complex { .. } => return None,
        },
        AExpr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => match literal_key(&u.operand)? {
            Const::Int(i) => Const::Int(i.checked_neg()?),
            Const::Float(f) => Const::Float(-f),
            _ => return None,
        },
        AExpr::BooleanLiteral(b) => Const::Bool(b.value),
        AExpr::NoneLiteral(_) => Const::None,
        _ => return None,
    })
}

/// Whether two literal keys are equal as dict keys: by Python's `==`, so
/// `1`, `1.0` and `True` are one key, `'a'` and `b'a'` two.
fn same_key(a: &Const, b: &Const) -> bool {
    /// A number's value: an integral float within 64 bits is that int.
    fn number(c: &Const) -> Option<Result<i64, f64>> {
        match *c {
            Const::Bool(b) => Some(Ok(i64::from(b))),
            Const::Int(i) => Some(Ok(i)),
            // 2^63 is the first float past i64::MAX.
            Const::Float(f)
                if f.fract() == 0.0 && (-(2f64.powi(63))..2f64.powi(63)).contains(&f) =>
            {
                Some(Ok(f as i64))
            }
            Const::Float(f) => Some(Err(f)),
            _ => None,
        }
    }
    match (a, b) {
        (Const::None, Const::None) => true,
        (Const::Str(x), Const::Str(y)) => x == y,
        (Const::Bytes(x), Const::Bytes(y)) => x == y,
        _ => matches!((number(a), number(b)), (Some(x), Some(y)) if x == y),
    }
}

impl FnCompiler<'_> {
    /// A `SyntaxError` at `node`, underlined to its end (or its line's).
    fn syntax_error<T>(&self, node: &impl Ranged, msg: impl Into<String>) -> CResult<T> {
        let pos = self.pos(node);
        let end = self.src.pos(node.end());
        let width = if end.line == pos.line {
            end.col.saturating_sub(pos.col)
        } else {
            let line = self
                .src
                .text
                .lines()
                .nth(pos.line as usize - 1)
                .unwrap_or("");
            (line.chars().count() as u32 + 1).saturating_sub(pos.col)
        };
        Err(CompileError {
            message: msg.into(),
            pos,
            syntax: true,
            width: width.max(1),
        })
    }

    /// `match subject: case ...`.
    pub(super) fn match_stmt(
        &mut self,
        m: &ast::StmtMatch,
        pos: Pos,
        out: &mut Vec<Stmt>,
    ) -> CResult<()> {
        let subject = self.expr(&m.subject)?;
        let lifted = std::mem::take(&mut self.pre);
        let slot = self.temp();
        let last = m.cases.len().saturating_sub(1);
        let mut cases = Vec::with_capacity(m.cases.len());
        for (i, c) in m.cases.iter().enumerate() {
            let mut cx = Captures {
                names: Vec::new(),
                allow_irrefutable: c.guard.is_some() || i == last,
                loc: c.pattern.range(),
            };
            let pattern = self.pattern(&c.pattern, Some(slot), &mut cx)?;
            let binds = cx.names.iter().map(|(n, s)| (self.var(n), *s)).collect();
            let guard = match c.guard.as_deref() {
                Some(g) => Some(self.isolated(g)?),
                None => None,
            };
            let body = self.block(&c.body)?;
            cases.push(MatchCase {
                pattern,
                binds,
                guard,
                body,
                pos: self.pos(&c.pattern),
            });
        }
        self.pre = lifted;
        self.emit(
            out,
            StmtKind::Match {
                subject,
                slot,
                cases,
            },
            pos,
        );
        Ok(())
    }

    /// Compiles `p`, matched against the value in `subject`.
    fn pattern(
        &mut self,
        p: &ast::Pattern,
        subject: Option<u32>,
        cx: &mut Captures,
    ) -> CResult<Pattern> {
        cx.loc = p.range();
        let kind = match p {
            ast::Pattern::MatchValue(v) => PatternKind::Value(self.expr(&v.value)?),
            ast::Pattern::MatchSingleton(s) => PatternKind::Singleton(match s.value {
                ast::Singleton::None => Const::None,
                ast::Singleton::True => Const::Bool(true),
                ast::Singleton::False => Const::Bool(false),
            }),
            ast::Pattern::MatchSequence(s) => self.sequence_pattern(s, cx)?,
            ast::Pattern::MatchMapping(m) => self.mapping_pattern(m, cx)?,
            ast::Pattern::MatchClass(c) => self.class_pattern(c, cx)?,
            ast::Pattern::MatchStar(_) => {
                return self.syntax_error(p, "can't use starred name here")
            }
            ast::Pattern::MatchAs(a) => {
                let kind = match a.pattern.as_deref() {
                    Some(inner) => self.pattern(inner, subject, cx)?.kind,
                    None => {
                        if !cx.allow_irrefutable {
                            return match &a.name {
                                Some(n) => self.syntax_error(
                                    p,
                                    format!(
                                        "name capture '{}' makes remaining patterns unreachable",
                                        n.as_str()
                                    ),
                                ),
                                None => self.syntax_error(
                                    p,
                                    "wildcard makes remaining patterns unreachable",
                                ),
                            };
                        }
                        PatternKind::Any
                    }
                };
                if let Some(n) = &a.name {
                    self.capture_name(name(n), subject, cx)?;
                }
                kind
            }
            ast::Pattern::MatchOr(o) => self.or_pattern(o, subject, cx)?,
        };
        Ok(Pattern { kind, subject })
    }

    /// Records that `n` is bound to the value in `slot`.
    fn capture_name(&mut self, n: Rc<str>, slot: Option<u32>, cx: &mut Captures) -> CResult<()> {
        if cx.names.iter().any(|(k, _)| *k == n) {
            return self.syntax_error(
                &cx.loc,
                format!("multiple assignments to name '{n}' in pattern"),
            );
        }
        let Some(slot) = slot else {
            return self.err(&cx.loc, "internal: a capture without a value");
        };
        cx.names.push((n, slot));
        Ok(())
    }

    /// A sub-pattern: a value of its own (a slot, unless it is `_`), and
    /// irrefutable ones allowed.
    fn subpattern(&mut self, p: &ast::Pattern, cx: &mut Captures) -> CResult<Pattern> {
        let subject = if is_wildcard(p) {
            None
        } else {
            Some(self.temp())
        };
        let allow = std::mem::replace(&mut cx.allow_irrefutable, true);
        let compiled = self.pattern(p, subject, cx);
        cx.allow_irrefutable = allow;
        compiled
    }

    fn sequence_pattern(
        &mut self,
        s: &ast::PatternMatchSequence,
        cx: &mut Captures,
    ) -> CResult<PatternKind> {
        let mut star = None;
        let mut items = Vec::with_capacity(s.patterns.len());
        for (i, item) in s.patterns.iter().enumerate() {
            if let ast::Pattern::MatchStar(st) = item {
                if star.is_some() {
                    return self.syntax_error(s, "multiple starred names in sequence pattern");
                }
                star = Some(i);
                cx.loc = item.range();
                let slot = st.name.as_ref().map(|_| self.temp());
                if let Some(n) = &st.name {
                    self.capture_name(name(n), slot, cx)?;
                }
                items.push(Pattern {
                    kind: PatternKind::Any,
                    subject: slot,
                });
            } else {
                items.push(self.subpattern(item, cx)?);
            }
        }
        Ok(PatternKind::Sequence { items, star })
    }

    fn mapping_pattern(
        &mut self,
        m: &ast::PatternMatchMapping,
        cx: &mut Captures,
    ) -> CResult<PatternKind> {
        let mut seen: Vec<Const> = Vec::new();
        let mut keys = Vec::with_capacity(m.keys.len());
        for k in &m.keys {
            if let Some(v) = literal_key(k) {
                if seen.iter().any(|s| same_key(s, &v)) {
                    return self.syntax_error(
                        m,
                        format!("mapping pattern checks duplicate key ({})", v.repr()),
                    );
                }
                seen.push(v);
            }
            keys.push(self.expr(k)?);
        }
        let mut values = Vec::with_capacity(m.patterns.len());
        for p in &m.patterns {
            values.push(self.subpattern(p, cx)?);
        }
        let rest = match &m.rest {
            Some(n) => {
                let slot = self.temp();
                self.capture_name(name(n), Some(slot), cx)?;
                Some(slot)
            }
            None => None,
        };
        Ok(PatternKind::Mapping { keys, values, rest })
    }

    fn class_pattern(
        &mut self,
        c: &ast::PatternMatchClass,
        cx: &mut Captures,
    ) -> CResult<PatternKind> {
        let kws = &c.arguments.keywords;
        for (i, kw) in kws.iter().enumerate() {
            if kws[..i].iter().any(|k| k.attr.as_str() == kw.attr.as_str()) {
                return self.syntax_error(
                    &kw.pattern,
                    format!(
                        "attribute name repeated in class pattern: {}",
                        kw.attr.as_str()
                    ),
                );
            }
        }
        let class = self.expr(&c.cls)?;
        let mut args = Vec::with_capacity(c.arguments.patterns.len());
        for p in &c.arguments.patterns {
            args.push(self.subpattern(p, cx)?);
        }
        let mut kwargs = Vec::with_capacity(kws.len());
        for kw in kws {
            kwargs.push((name(&kw.attr), self.subpattern(&kw.pattern, cx)?));
        }
        Ok(PatternKind::Class {
            class,
            args,
            kwargs,
        })
    }

    /// `p | q`: every alternative binds the same names, each copied into
    /// slots of the whole pattern's own.
    fn or_pattern(
        &mut self,
        o: &ast::PatternMatchOr,
        subject: Option<u32>,
        cx: &mut Captures,
    ) -> CResult<PatternKind> {
        let mut shared: Option<Vec<(Rc<str>, u32)>> = None;
        let mut alts = Vec::with_capacity(o.patterns.len());
        let last = o.patterns.len().saturating_sub(1);
        for (i, alt) in o.patterns.iter().enumerate() {
            let mut sub = Captures {
                names: Vec::new(),
                allow_irrefutable: i == last && cx.allow_irrefutable,
                loc: alt.range(),
            };
            let compiled = self.pattern(alt, subject, &mut sub)?;
            cx.loc = sub.loc;
            let targets = match &shared {
                Some(t) => t.clone(),
                None => {
                    let t: Vec<(Rc<str>, u32)> = sub
                        .names
                        .iter()
                        .map(|(n, _)| (n.clone(), self.temp()))
                        .collect();
                    shared = Some(t.clone());
                    t
                }
            };
            let same = targets.len() == sub.names.len()
                && sub
                    .names
                    .iter()
                    .all(|(n, _)| targets.iter().any(|(m, _)| m == n));
            if !same {
                return self.syntax_error(&cx.loc, "alternative patterns bind different names");
            }
            let copies = targets
                .iter()
                .filter_map(|(n, to)| {
                    sub.names
                        .iter()
                        .find(|(m, _)| m == n)
                        .map(|(_, from)| (*from, *to))
                })
                .collect();
            alts.push((compiled, copies));
        }
        for (n, slot) in shared.unwrap_or_default() {
            self.capture_name(n, Some(slot), cx)?;
        }
        Ok(PatternKind::Or(alts))
    }
}
