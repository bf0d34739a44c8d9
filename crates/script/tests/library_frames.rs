//! A traceback through a library module written in Python (`statistics`,
//! `fractions`, `csv`, `pprint`) shows that module's frames as CPython shows
//! a stdlib frame, under a stand-in path: `File "<looplab>/statistics.py",
//! line N, in mean` and the module's own line N; the program's frames stay
//! as CPython prints them. The program's frames below were printed by
//! CPython 3.11 (`python3 main.py`, its directory cut from the path); the
//! library's own code differs from CPython's, so its frames are checked
//! against the module's source instead.

use looplab_script::{run, Options};

/// The module's source, as the engine holds it.
fn module_source(name: &str) -> &'static str {
    match name {
        "statistics" => include_str!("../src/modules/stdlib/statistics.py"),
        "fractions" => include_str!("../src/modules/stdlib/fractions.py"),
        "pprint" => include_str!("../src/modules/stdlib/pprint.py"),
        "csv" => include_str!("../src/modules/csv.py"),
        _ => "",
    }
}

/// A traceback's frames: each `File` line with the lines under it (source
/// line, markers), in order.
fn frames(stderr: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for l in stderr.lines() {
        if l.starts_with("  File ") {
            out.push(vec![l.to_string()]);
        } else if l.starts_with("    ") {
            if let Some(f) = out.last_mut() {
                f.push(l.to_string());
            }
        }
    }
    out
}

/// Runs `source` and checks its traceback: the program's frames (`main.py`)
/// exactly those of `cpython`, the library frames `(module, function)` as
/// listed, each with the module's own line under it, and the last line.
fn check(source: &str, cpython: &str, library: &[(&str, &str)]) {
    let out = run(source, &Options::default());
    assert!(out.error.is_some(), "{source} must fail");
    let ours = frames(&out.stderr);
    let program = |fs: &[Vec<String>]| -> Vec<Vec<String>> {
        fs.iter()
            .filter(|f| f[0].starts_with("  File \"main.py\""))
            .cloned()
            .collect()
    };
    assert_eq!(
        program(&ours),
        program(&frames(cpython)),
        "program frames of\n{source}\nwe printed:\n{}",
        out.stderr
    );
    let lib: Vec<&Vec<String>> = ours
        .iter()
        .filter(|f| !f[0].starts_with("  File \"main.py\""))
        .collect();
    assert_eq!(
        lib.len(),
        library.len(),
        "library frames in\n{}",
        out.stderr
    );
    for (f, (module, func)) in lib.iter().zip(library) {
        let head = &f[0];
        let prefix = format!("  File \"<looplab>/{module}.py\", line ");
        let rest = head
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{head} names {module}"));
        let (n, name) = rest.split_once(", in ").unwrap_or_else(|| panic!("{head}"));
        assert_eq!(name, *func, "{head}");
        let n: usize = n.parse().unwrap_or_else(|_| panic!("{head}"));
        let line = module_source(module)
            .lines()
            .nth(n - 1)
            .unwrap_or_else(|| panic!("{module}.py has no line {n}"));
        assert_eq!(f.get(1).map(|s| s.trim()), Some(line.trim()), "{head}");
        // A marker line, if any, is only marks.
        for m in &f[2..] {
            assert!(m.trim().chars().all(|c| c == '^' || c == '~'), "{m}");
        }
    }
    assert_eq!(
        out.stderr.lines().last(),
        cpython.lines().last(),
        "{}",
        out.stderr
    );
}

#[test]
fn statistics_frame_shows_the_module_line() {
    check(
        "import statistics\nstatistics.mean([])\n",
        r#"Traceback (most recent call last):
  File "main.py", line 2, in <module>
    statistics.mean([])
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/statistics.py", line 432, in mean
    raise StatisticsError('mean requires at least one data point')
statistics.StatisticsError: mean requires at least one data point
"#,
        &[("statistics", "mean")],
    );
}

#[test]
fn program_function_calling_statistics_keeps_its_frames() {
    check(
        "import statistics\ndef avg(xs):\n    return statistics.mean(xs)\nprint(avg([1, 2]))\navg([])\n",
        r#"Traceback (most recent call last):
  File "main.py", line 5, in <module>
    avg([])
  File "main.py", line 3, in avg
    return statistics.mean(xs)
           ^^^^^^^^^^^^^^^^^^^
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/statistics.py", line 432, in mean
    raise StatisticsError('mean requires at least one data point')
statistics.StatisticsError: mean requires at least one data point
"#,
        &[("statistics", "mean")],
    );
}

#[test]
fn fraction_by_zero() {
    // CPython's frame is `__new__`; Looplab's Fraction raises in `__init__`.
    check(
        "import fractions\nfractions.Fraction(1, 0)\n",
        r#"Traceback (most recent call last):
  File "main.py", line 2, in <module>
    fractions.Fraction(1, 0)
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/fractions.py", line 157, in __new__
    raise ZeroDivisionError('Fraction(%s, 0)' % numerator)
ZeroDivisionError: Fraction(1, 0)
"#,
        &[("fractions", "__init__")],
    );
}

#[test]
fn csv_error() {
    // CPython's reader is C code and shows no frame; Looplab's is Python.
    // The class prints as `csv.Error` here, `_csv.Error` in CPython.
    let source = "import csv, io\nr = csv.reader(io.StringIO('a,\"b\\n'), strict=True)\nfor row in r:\n    print(row)\n";
    let out = run(source, &Options::default());
    let cpython = r#"Traceback (most recent call last):
  File "main.py", line 3, in <module>
    for row in r:
_csv.Error: unexpected end of data
"#;
    assert_eq!(
        out.stderr.lines().last(),
        Some("csv.Error: unexpected end of data")
    );
    check(
        source,
        &cpython.replace("_csv.Error", "csv.Error"),
        &[("csv", "__next__"), ("csv", "_csv_split")],
    );
}

#[test]
fn program_frame_called_back_from_a_library_keeps_its_markers() {
    check(
        "import pprint\n\nclass Box:\n    def __repr__(self):\n        return \"Box(\" + 1 + \")\"\n\npprint.pprint([Box()])\n",
        r#"Traceback (most recent call last):
  File "main.py", line 7, in <module>
    pprint.pprint([Box()])
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/pprint.py", line 629, in _safe_repr
    rep = repr(object)
          ^^^^^^^^^^^^
  File "main.py", line 5, in __repr__
    return "Box(" + 1 + ")"
           ~~~~~~~^~~
TypeError: can only concatenate str (not "int") to str
"#,
        &[
            ("pprint", "pprint"),
            ("pprint", "pprint"),
            ("pprint", "pformat"),
            ("pprint", "_format"),
            ("pprint", "_repr"),
            ("pprint", "format"),
            ("pprint", "_safe_repr"),
            ("pprint", "_safe_repr"),
        ],
    );
}
