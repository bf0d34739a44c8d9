//! The crate's modules form layers: a module may refer only to modules in its
//! own layer or in layers below it. This test reads every `.rs` file under
//! `src/`, finds the crate modules each one refers to, and fails on
//!
//! - a module that no entry of [`LAYERS`] places (a new file must be placed),
//! - an entry of [`LAYERS`] that matches no module,
//! - a reference from a lower layer to a higher one that [`ALLOWED_UPWARD`]
//!   does not list (it prints the file and line of each reference),
//! - a line of [`ALLOWED_UPWARD`] whose edge no longer exists, so the list
//!   only shrinks.
//!
//! What counts as a reference: every path that starts with `crate::`
//! (`$crate::` too), `super::`, `self::` or the name of a child module,
//! including each leaf of a `use crate::{a, b::{c, d}}` group over several
//! lines. Comments, string and character literals are blanked first, and the
//! item after a `#[cfg(test)]` attribute (a `mod tests { … }`, a helper `fn`)
//! is skipped: tests may reach anywhere. Inline `mod x { … }` blocks are
//! tracked, so `super::` inside one resolves to the file's own module.
//!
//! `cargo test -p looplab-script --test layers -- --nocapture` prints a
//! summary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A line `L<n> <name>: <what>` opens a layer; the
/// indented lines below it name its modules. An entry covers the module and
/// every module under it (`vm` covers `vm::exec`), unless a longer entry
/// places that one; `crate` is `lib.rs` alone.
const LAYERS: &str = "
L0 leaf: pure algorithms that need nothing from the crate
    random knobs printable_table text
L1 syntax: source text to the IR, and the IR itself
    syntax ir compile
L2 host: the outside world a program talks to (network, mock API, files)
    http mockapi fs
L3 object: runtime values, the built-in classes and exceptions as data; big-int arithmetic on Values; repr without user code
    value dict classes exc bigint plain
L4 state: the interpreter's state and its narrow call-back API
    interp
L5 protocols: operations on any value (operators, slicing, attributes, repr/format, tracebacks)
    ops attr format traceback slices
L6 types: the built-in types, their methods and the builtin functions
    methods builtins bytearray frozenset collections_abc
L7 evaluator: the bytecode VM and the generator/coroutine driver
    vm gen
L8 library: the modules a program can import
    modules modules::aiohttp modules::asyncio modules::asyncpg modules::checking
    modules::files modules::stdlib modules::testing modules::threads
L9 root: the public API that builds an interpreter and runs a program
    crate
";

/// References from a lower layer to a higher one that still exist, as
/// `from -> to: why`. Remove a line when its edge is cut (the test says so).
const ALLOWED_UPWARD: &str = "
value -> interp: BuiltinFn, the type of a built-in function value, takes &Interp (values and the interpreter are mutually recursive types); user __eq__/__hash__ of keys go through value::KeyHooks
";

/// One reference to a crate module.
struct Ref {
    file: PathBuf,
    line: usize,
    path: String,
}

#[test]
fn modules_import_only_from_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (layer_names, placement) = parse_layers(LAYERS);
    let mut files = Vec::new();
    collect_rs(&src, &mut files);
    files.sort();

    // Every module the crate has, from its files.
    let modules: Vec<(Vec<String>, PathBuf)> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .collect();
    let known: BTreeSet<Vec<String>> = modules.iter().map(|(m, _)| m.clone()).collect();
    // `#[macro_export]` macros are named `crate::name!` but belong to the
    // module that defines them.
    let mut macros = BTreeMap::new();
    for (m, f) in &modules {
        let toks = tokens(&blank(&std::fs::read_to_string(f).unwrap_or_default()));
        for w in toks.windows(7) {
            let w: Vec<&str> = w.iter().map(|(s, _)| s.as_str()).collect();
            if w[..4] == ["#", "[", "macro_export", "]"] && w[4..6] == ["macro_rules", "!"] {
                macros.insert(w[6].to_string(), m.clone());
            }
        }
    }

    let mut problems = Vec::new();
    let mut used_entries = BTreeSet::new();
    let unit_of = |m: &[String]| -> Option<String> {
        if m.is_empty() {
            return placement.contains_key("crate").then(|| "crate".to_string());
        }
        (1..=m.len())
            .rev()
            .map(|n| m[..n].join("::"))
            .find(|e| placement.contains_key(e))
    };
    for (m, f) in &modules {
        match unit_of(m) {
            Some(u) => {
                used_entries.insert(u);
            }
            None => problems.push(format!(
                "src/{}: module `{}` is in no layer; add it to LAYERS in tests/layers.rs",
                f.strip_prefix(&src).unwrap_or(f).display(),
                m.join("::")
            )),
        }
    }
    for e in placement.keys() {
        if !used_entries.contains(e) {
            problems.push(format!(
                "LAYERS names `{e}`, which matches no module under src/"
            ));
        }
    }

    // Edges between placed units, with every reference behind each one.
    let mut edges: BTreeMap<(String, String), Vec<Ref>> = BTreeMap::new();
    for (m, f) in &modules {
        let Some(from) = unit_of(m) else { continue };
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (line, path, target) in references(&text, m, &known, &macros) {
            let Some(to) = unit_of(&target) else { continue };
            if to != from {
                edges.entry((from.clone(), to)).or_default().push(Ref {
                    file: f.strip_prefix(&src).unwrap_or(f).to_path_buf(),
                    line,
                    path,
                });
            }
        }
    }

    let allowed = parse_allowed(ALLOWED_UPWARD, &placement, &mut problems);
    let mut upward = 0;
    for ((from, to), refs) in &edges {
        if placement[to] <= placement[from] {
            continue;
        }
        upward += 1;
        if !allowed.contains(&(from.clone(), to.clone())) {
            let mut msg = format!(
                "upward reference {from} (L{} {}) -> {to} (L{} {}):",
                placement[from],
                layer_names[placement[from]],
                placement[to],
                layer_names[placement[to]]
            );
            for r in refs {
                msg.push_str(&format!(
                    "\n    src/{}:{} refers to `{}`",
                    r.file.display(),
                    r.line,
                    r.path
                ));
            }
            problems.push(msg);
        }
    }
    for (from, to) in &allowed {
        if !edges.contains_key(&(from.clone(), to.clone())) {
            problems.push(format!(
                "ALLOWED_UPWARD lists `{from} -> {to}`, but no such reference remains: delete that line"
            ));
        }
    }

    println!("layers (lowest first):");
    for (n, name) in layer_names.iter().enumerate() {
        let members: Vec<&str> = placement
            .iter()
            .filter(|(_, &l)| l == n)
            .map(|(e, _)| e.as_str())
            .collect();
        println!("  L{n} {name}: {}", members.join(" "));
    }
    println!(
        "{} layers, {} modules in {} table entries, {} edges between entries, {} upward ({} allowed)",
        layer_names.len(),
        modules.len(),
        placement.len(),
        edges.len(),
        upward,
        allowed.len()
    );
    assert!(
        problems.is_empty(),
        "layer check failed:\n{}",
        problems.join("\n")
    );
}

/// Parses [`LAYERS`] into the layer names and entry → layer number.
fn parse_layers(text: &str) -> (Vec<String>, BTreeMap<String, usize>) {
    let mut names = Vec::new();
    let mut placement = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if line.starts_with('L') {
            let Some((num, name)) = line.split_once(':').and_then(|(h, _)| h.split_once(' '))
            else {
                panic!("a layer line reads `Ln name: what`: {line}");
            };
            assert_eq!(
                num,
                format!("L{}", names.len()),
                "layers are numbered from 0 in order"
            );
            names.push(name.to_string());
        } else {
            for entry in line.split_whitespace() {
                let old = placement.insert(entry.to_string(), names.len() - 1);
                assert!(old.is_none(), "`{entry}` is placed twice in LAYERS");
            }
        }
    }
    (names, placement)
}

/// Parses [`ALLOWED_UPWARD`]; a line that is not an upward edge between
/// placed entries is a problem.
fn parse_allowed(
    text: &str,
    placement: &BTreeMap<String, usize>,
    problems: &mut Vec<String>,
) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let edge = line.split_once(": ").map_or(line, |(e, _)| e);
        let Some((from, to)) = edge.split_once("->").map(|(a, b)| (a.trim(), b.trim())) else {
            problems.push(format!("ALLOWED_UPWARD line without `from -> to`: {line}"));
            continue;
        };
        match (placement.get(from), placement.get(to)) {
            (Some(a), Some(b)) if a < b => {
                if !out.insert((from.to_string(), to.to_string())) {
                    problems.push(format!("ALLOWED_UPWARD lists `{from} -> {to}` twice"));
                }
            }
            (Some(_), Some(_)) => problems.push(format!(
                "ALLOWED_UPWARD lists `{from} -> {to}`, which does not point upward: delete it"
            )),
            _ => problems.push(format!(
                "ALLOWED_UPWARD names a module LAYERS does not place: {line}"
            )),
        }
    }
    out
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file: `src/vm/exec.rs` is `vm::exec`,
/// `src/vm/mod.rs` is `vm`, `src/lib.rs` is the root (empty).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Replaces comments and the contents of string and character literals with
/// spaces, keeping newlines so line numbers stay right.
fn blank(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep_lines = |s: &[char], out: &mut String| {
        for &ch in s {
            out.push(if ch == '\n' { '\n' } else { ' ' });
        }
    };
    while i < c.len() {
        let rest = &c[i..];
        if rest.starts_with(&['/', '/']) {
            let end = rest.iter().position(|&ch| ch == '\n').unwrap_or(rest.len());
            keep_lines(&rest[..end], &mut out);
            i += end;
        } else if rest.starts_with(&['/', '*']) {
            // Block comments nest in Rust.
            let (mut depth, mut j) = (0, 0);
            while j < rest.len() {
                if rest[j..].starts_with(&['/', '*']) {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(&['*', '/']) {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            keep_lines(&rest[..j], &mut out);
            i += j;
        } else if rest[0] == 'r'
            && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_'))
            && rest[1..].iter().take_while(|&&ch| ch == '#').count() + 1 < rest.len()
            && rest[1 + rest[1..].iter().take_while(|&&ch| ch == '#').count()] == '"'
        {
            // A raw string r#"…"#: ends at a quote followed by as many #.
            let hashes = rest[1..].iter().take_while(|&&ch| ch == '#').count();
            let mut j = 2 + hashes;
            while j < rest.len() {
                if rest[j] == '"'
                    && rest[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&ch| ch == '#')
                        .count()
                        == hashes
                {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            keep_lines(&rest[..j.min(rest.len())], &mut out);
            i += j.min(rest.len());
        } else if rest[0] == '"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != '"' {
                j += if rest[j] == '\\' { 2 } else { 1 };
            }
            let j = (j + 1).min(rest.len());
            keep_lines(&rest[..j], &mut out);
            i += j;
        } else if rest[0] == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let len = if rest.get(1) == Some(&'\\') {
                rest.iter()
                    .skip(2)
                    .position(|&ch| ch == '\'')
                    .map_or(1, |p| p + 3)
            } else if rest.get(2) == Some(&'\'') {
                3
            } else {
                1
            };
            if len == 1 {
                out.push('\'');
            } else {
                keep_lines(&rest[..len], &mut out);
            }
            i += len;
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    out
}

/// The tokens of blanked text: identifiers, `::`, and single punctuation
/// characters, each with its line.
fn tokens(text: &str) -> Vec<(String, usize)> {
    let c: Vec<char> = text.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((c[start..i].iter().collect(), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(("::".to_string(), line));
            i += 2;
        } else {
            out.push((ch.to_string(), line));
            i += 1;
        }
    }
    out
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Every crate module `text` (the file of module `this`) refers to, with
/// the line, resolved to the longest known module prefix of each path.
fn references(
    text: &str,
    this: &[String],
    known: &BTreeSet<Vec<String>>,
    macros: &BTreeMap<String, Vec<String>>,
) -> Vec<(usize, String, Vec<String>)> {
    let toks = tokens(&blank(text));
    let t = |i: usize| toks.get(i).map_or("", |(s, _)| s.as_str());
    let mut out = Vec::new();
    // Inline modules: (name, brace depth of their body).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        // `#[cfg(test)]`: skip the item it is on.
        if t(i) == "#"
            && (i + 1..i + 7)
                .map(t)
                .eq(["[", "cfg", "(", "test", ")", "]"])
        {
            i += 7;
            while i < toks.len() && t(i) != ";" && t(i) != "{" {
                i += 1;
            }
            if t(i) == "{" {
                let mut d = 0;
                while i < toks.len() {
                    match t(i) {
                        "{" => d += 1,
                        "}" => {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            i += 1;
            continue;
        }
        match t(i) {
            "{" => {
                depth += 1;
                if i >= 2 && t(i - 2) == "mod" && is_ident(t(i - 1)) {
                    inline.push((t(i - 1).to_string(), depth));
                }
            }
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        let here: Vec<String> = this
            .iter()
            .cloned()
            .chain(inline.iter().map(|(n, _)| n.clone()))
            .collect();
        let starts_path =
            is_ident(t(i)) && t(i + 1) == "::" && (i == 0 || (t(i - 1) != "::" && t(i - 1) != "."));
        if starts_path {
            let root: Option<Vec<String>> = match t(i) {
                "crate" => Some(Vec::new()),
                "self" => Some(here.clone()),
                "super" => Some(here[..here.len().saturating_sub(1)].to_vec()),
                name => {
                    let mut child = here.clone();
                    child.push(name.to_string());
                    known.contains(&child).then_some(child)
                }
            };
            if let Some(root) = root {
                let line = toks[i].1;
                let mut paths = Vec::new();
                i = use_tree(&toks, i + 1, root, &mut paths);
                for p in paths {
                    let m = match macros.get(p.join("::").as_str()) {
                        Some(m) => Some(m.clone()),
                        None => (0..=p.len())
                            .rev()
                            .map(|n| p[..n].to_vec())
                            .find(|m| known.contains(m)),
                    };
                    if let Some(m) = m {
                        out.push((line, format!("crate::{}", p.join("::")), m));
                    }
                }
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Reads the rest of a path from `i` (at a `::` or not): `::a::b`,
/// `::{a, b::{c, d}}`, `::super::x`, into full paths under `prefix`. Returns
/// the index after it.
fn use_tree(
    toks: &[(String, usize)],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let t = |i: usize| toks.get(i).map_or("", |(s, _)| s.as_str());
    while t(i) == "::" {
        i += 1;
        match t(i) {
            "{" => {
                i += 1;
                while i < toks.len() && t(i) != "}" {
                    if is_ident(t(i)) && t(i) != "self" {
                        let mut p = prefix.clone();
                        if t(i) == "super" {
                            p.pop();
                        } else {
                            p.push(t(i).to_string());
                        }
                        i = use_tree(toks, i + 1, p, out);
                    } else {
                        if t(i) == "self" {
                            out.push(prefix.clone());
                        }
                        i += 1;
                    }
                }
                return i + 1;
            }
            "super" => {
                prefix.pop();
                i += 1;
            }
            s if is_ident(s) => {
                prefix.push(s.to_string());
                i += 1;
            }
            _ => break,
        }
    }
    out.push(prefix);
    i
}
