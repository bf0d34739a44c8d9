//! `string.Template`: `$name` / `${name}` / `$$` substitution with
//! `substitute`, `safe_substitute`, `get_identifiers` and `is_valid`, as
//! CPython's default pattern reads a template (identifiers are ASCII
//! letters, digits and underscores, case-insensitive).
//!
//! Left out: subclasses that change `delimiter`, `idpattern`, `braceidpattern`
//! or `pattern` (the class attributes exist but the default pattern is
//! always used).

use super::{method, new_class, recv, set_slot, slot};
use crate::exc::Exc;
use crate::interp::Interp;
use crate::value::*;
use std::rc::Rc;

/// `string.Template`, for the `string` module.
pub(super) fn template_class() -> Value {
    let methods: &[(&str, BuiltinFn)] = &[
        ("__init__", |_, a| {
            let this = recv(&a)?;
            let (_, rest) = super::split_first(a);
            let p = super::params("Template", &["template"], rest)?;
            let t = super::required(p.into_iter().next().flatten(), "Template", "template", 1)?;
            set_slot(&this, "template", t);
            Ok(Value::None)
        }),
        ("substitute", |i, a| substitute(i, a, false)),
        ("safe_substitute", |i, a| substitute(i, a, true)),
        ("get_identifiers", |_, a| {
            let text = template_text(&recv(&a)?)?;
            let mut ids: Vec<Value> = Vec::new();
            for piece in scan(&text) {
                if let Piece::Named(n, _) = piece {
                    let v = Value::str(n);
                    if !ids.iter().any(|x| x.py_eq_shallow(&v)) {
                        ids.push(v);
                    }
                }
            }
            Ok(Value::list(ids))
        }),
        ("is_valid", |_, a| {
            let text = template_text(&recv(&a)?)?;
            Ok(Value::Bool(
                !scan(&text).iter().any(|p| matches!(p, Piece::Invalid(_))),
            ))
        }),
    ];
    let mut items: Vec<(&str, Value)> = methods.iter().map(|(n, f)| (*n, method(n, *f))).collect();
    items.push(("delimiter", Value::str("$")));
    items.push(("idpattern", Value::str("(?a:[_a-z][_a-z0-9]*)")));
    items.push(("braceidpattern", Value::None));
    Value::Class(new_class("Template", "string", None, items))
}

fn template_text(this: &Value) -> Result<Rc<str>, Exc> {
    match slot(this, "template") {
        Some(Value::Str(ref s)) => Ok(s.clone()),
        Some(other) => Err(Exc::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            other.type_name()
        ))),
        None => Err(Exc::attribute_error(
            "'Template' object has no attribute 'template'",
        )),
    }
}

/// A part of a template.
enum Piece {
    Text(String),
    /// `$$`.
    Escaped,
    /// `$name` or `${name}`: the name and the text as written.
    Named(String, String),
    /// A `$` followed by neither: its character offset.
    Invalid(usize),
}

fn is_id_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_id(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn scan(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            lit.push(chars[i]);
            i += 1;
            continue;
        }
        if !lit.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut lit)));
        }
        let next = chars.get(i + 1).copied();
        match next {
            Some('$') => {
                out.push(Piece::Escaped);
                i += 2;
            }
            Some(c) if is_id_start(c) => {
                let mut j = i + 1;
                while j < chars.len() && is_id(chars[j]) {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                out.push(Piece::Named(name, chars[i..j].iter().collect()));
                i = j;
            }
            Some('{') if chars.get(i + 2).is_some_and(|c| is_id_start(*c)) => {
                let mut j = i + 2;
                while j < chars.len() && is_id(chars[j]) {
                    j += 1;
                }
                if chars.get(j) == Some(&'}') {
                    let name: String = chars[i + 2..j].iter().collect();
                    out.push(Piece::Named(name, chars[i..=j].iter().collect()));
                    i = j + 1;
                } else {
                    out.push(Piece::Invalid(i));
                    i += 1;
                }
            }
            _ => {
                out.push(Piece::Invalid(i));
                i += 1;
            }
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Text(lit));
    }
    out
}

fn substitute(interp: &Interp, a: Args, safe: bool) -> Result<Value, Exc> {
    let (this, rest) = super::split_first(a);
    let text = template_text(&this)?;
    let fname = if safe {
        "safe_substitute"
    } else {
        "substitute"
    };
    if rest.pos.len() > 1 {
        return Err(Exc::type_error(format!(
            "Template.{fname}() takes from 1 to 2 positional arguments but {} were given",
            rest.pos.len() + 1
        )));
    }
    let mapping = rest.pos.into_iter().next();
    let kws = rest.kw;
    let lookup = |name: &str| -> Result<Value, Exc> {
        if let Some((_, v)) = kws.iter().find(|(k, _)| &**k == name) {
            return Ok(v.clone());
        }
        match &mapping {
            Some(m) => interp.getitem(m, Value::str(name)),
            None => Err(Exc::new(
                crate::exc::class("KeyError"),
                vec![Value::str(name)],
            )),
        }
    };
    let mut out = String::new();
    for piece in scan(&text) {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Escaped => out.push('$'),
            Piece::Named(name, written) => match lookup(&name) {
                Ok(v) => out.push_str(&interp.str(&v)?),
                Err(e) if safe && (e.is("KeyError") || e.is("LookupError")) => {
                    out.push_str(&written)
                }
                Err(e) => return Err(e),
            },
            Piece::Invalid(at) => {
                if safe {
                    out.push('$');
                    continue;
                }
                let before: Vec<char> = text.chars().take(at).collect();
                let line = before.iter().filter(|c| **c == '\n').count() + 1;
                let col = match before.iter().rposition(|c| *c == '\n') {
                    Some(nl) => at - nl,
                    None => at + 1,
                };
                return Err(Exc::value_error(format!(
                    "Invalid placeholder in string: line {line}, col {col}"
                )));
            }
        }
    }
    Ok(Value::str(out))
}

#[cfg(test)]
mod tests {
    use super::super::run_py;

    #[test]
    fn template_substitutes() {
        // Expected output: CPython 3.11 on the same program.
        let src = "from string import Template\nt = Template('$who likes ${what}; $$5 $x')\nprint(t.safe_substitute(who='tim', what='kung pao'))\nprint(t.substitute({'who': 1, 'what': 2, 'x': 3}, x='kw'))\ntry:\n    Template('a\\nb $ c').substitute()\nexcept ValueError as e:\n    print(e)\nprint(t.get_identifiers(), t.is_valid(), Template('$').is_valid())\nprint(Template('${a b}').safe_substitute(a=1))\n";
        assert_eq!(
            run_py(src),
            "tim likes kung pao; $5 $x\n1 likes 2; $5 kw\nInvalid placeholder in string: line 2, col 3\n['who', 'what', 'x'] True False\n${a b}\n"
        );
    }
}
