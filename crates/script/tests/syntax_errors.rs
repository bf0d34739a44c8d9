//! Syntax errors read as CPython words them: the class, the message and
//! the line, for the mistakes learners make. Expected values from CPython
//! 3.11 (`python3 FILE.py`: the last line of stderr and the line of its
//! `File` line).

use looplab_script::{compile_module, syntax_error_text};

const CASES: &[(&str, &str, u32)] = &[
    ("import asyncio\n\nasync def main():\n    x = (1,\n    print(\"never\")\n\nasyncio.run(main())\n", "SyntaxError: '(' was never closed", 4),
    ("async def main()\n    pass\n", "SyntaxError: expected ':'", 1),
    ("if True\n    pass\n", "SyntaxError: expected ':'", 1),
    ("print(\"a\" \"b\" c)\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1),
    ("x = [1, 2 3]\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1),
    ("def f(:\n    pass\n", "SyntaxError: invalid syntax", 1),
    ("x = 1 +\n", "SyntaxError: invalid syntax", 1),
    ("  x = 1\n", "IndentationError: unexpected indent", 1),
    ("def f():\nreturn 1\n", "IndentationError: expected an indented block after function definition on line 1", 2),
    ("for x in range(3):\n    print(x)\n  print(x)\n", "IndentationError: unindent does not match any outer indentation level", 3),
    ("print(\"hello)\n", "SyntaxError: unterminated string literal (detected at line 1)", 1),
    ("x = {1: 2, 3}\n", "SyntaxError: ':' expected after dictionary key", 1),
    ("while True:\n    pass\nelse\n    pass\n", "SyntaxError: expected ':'", 3),
    ("await = 3\n", "SyntaxError: invalid syntax", 1),
    ("class A\n    pass\n", "SyntaxError: expected ':'", 1),
    ("x = )\n", "SyntaxError: unmatched ')'", 1),
    ("f(a b)\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1),
    ("try:\n    pass\n", "SyntaxError: expected 'except' or 'finally' block", 2),
    ("x = 1 = 2\n", "SyntaxError: cannot assign to literal", 1),
    ("print 'hi'\n", "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?", 1),
    ("try:\n    pass\nx = 1\n", "SyntaxError: expected 'except' or 'finally' block", 3),
    ("x = \"\"\"abc\ny = 2\n", "SyntaxError: unterminated triple-quoted string literal (detected at line 2)", 1),
    ("x = (1,\n  2]\n", "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2),
    ("match 1:\n    case x:\n        pass\n    case 2:\n        pass\n", "SyntaxError: name capture 'x' makes remaining patterns unreachable", 2),
    ("match 1:\n    case _:\n        pass\n    case 2:\n        pass\n", "SyntaxError: wildcard makes remaining patterns unreachable", 2),
    ("match 1:\n    case [x, x]:\n        pass\n", "SyntaxError: multiple assignments to name 'x' in pattern", 2),
    ("match 1:\n    case [x] | [y]:\n        pass\n", "SyntaxError: alternative patterns bind different names", 2),
    ("match 1:\n    case {\"a\": 1, \"a\": 2}:\n        pass\n", "SyntaxError: mapping pattern checks duplicate key ('a')", 2),
    ("match 1:\n    case P(x=1, x=2):\n        pass\n", "SyntaxError: attribute name repeated in class pattern: x", 2),
    ("match 1:\n    case x | 1:\n        pass\n", "SyntaxError: name capture 'x' makes remaining patterns unreachable", 2),
    ("match 1:\n    case (_ as y) | 1:\n        pass\n", "SyntaxError: wildcard makes remaining patterns unreachable", 2),
    ("match 1:\n    case [*a, *b]:\n        pass\n", "SyntaxError: multiple starred names in sequence pattern", 2),
    ("match 1:\n    case {1: a, **a}:\n        pass\n", "SyntaxError: multiple assignments to name 'a' in pattern", 2),
    ("match 1:\n    case 1 | (2 as z):\n        pass\n", "SyntaxError: alternative patterns bind different names", 2),
    ("match 1:\n    case [x] as x:\n        pass\n", "SyntaxError: multiple assignments to name 'x' in pattern", 2),
    ("def f(v):\n    match v:\n        case [a, b] if a:\n            pass\n        case y:\n            pass\n        case z:\n            pass\n", "SyntaxError: name capture 'y' makes remaining patterns unreachable", 5),
    ("match 1:\n    case {1.0: a, 1: b}:\n        pass\n", "SyntaxError: mapping pattern checks duplicate key (1)", 2),
    ("match 1:\n    case [name, name]:\n        pass\n", "SyntaxError: multiple assignments to name 'name' in pattern", 2),
    ("match 1:\n    case other:\n        pass\n    case 2:\n        pass\n", "SyntaxError: name capture 'other' makes remaining patterns unreachable", 2),
    ("match 1:\n    case Point(x=1, x=\"far\"):\n        pass\n", "SyntaxError: attribute name repeated in class pattern: x", 2),
    ("match 1:\n    case {\"k\": 1, **rest} | {\"j\": 2, **other}:\n        pass\n", "SyntaxError: alternative patterns bind different names", 2),
    ("print(\"first\")\ndef f():\n    break\n", "SyntaxError: 'break' outside loop", 3),
    ("print(\"first\")\ncontinue\n", "SyntaxError: 'continue' not properly in loop", 2),
    ("for i in range(3):\n    pass\nelse:\n    break\n", "SyntaxError: 'break' outside loop", 4),
    ("for i in range(3):\n    def f():\n        continue\n", "SyntaxError: 'continue' not properly in loop", 3),
    ("class A:\n    return 3\n", "SyntaxError: 'return' outside function", 2),
    ("import asyncio\nawait asyncio.sleep(1)\n", "SyntaxError: 'await' outside function", 2),
    ("x = yield 1\n", "SyntaxError: 'yield' outside function", 1),
];

#[test]
fn syntax_errors_read_as_cpython_words_them() {
    let mut wrong = Vec::new();
    for (source, want, line) in CASES {
        match compile_module(source) {
            Ok(_) => wrong.push(format!("{source:?} compiled")),
            Err(e) => {
                let got = syntax_error_text(&e.message);
                if got != *want || e.pos.line != *line {
                    wrong.push(format!(
                        "{source:?}: CPython says {want:?} on line {line}, we say {got:?} on line {}",
                        e.pos.line
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The whole of stderr, as CPython 3.11 prints it: the `File` line, the
/// line of the error without its indentation, the caret line (one `^`, a
/// range for a forgotten comma or Python 2's print, none where CPython
/// prints none) and the message. `syntax_errors.cpython.json` holds each
/// case's source and CPython's stderr (`cd DIR && python3 main.py`, the
/// directory left out of the path).
#[test]
fn syntax_errors_show_the_line_and_caret_as_cpython_does() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("syntax_errors.cpython.json")).unwrap_or_default();
    assert_eq!(cases.len(), CASES.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let source = case["source"].as_str().unwrap_or_default();
        let want = case["stderr"].as_str().unwrap_or_default();
        let out = looplab_script::run(source, &looplab_script::Options::default());
        if out.stderr != want {
            wrong.push(format!("{source:?}\nCPython:\n{want}we:\n{}", out.stderr));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
