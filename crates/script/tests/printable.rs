//! `str.isprintable()` and `repr()` agree with CPython 3.11 on every code
//! point: `printable.cpython.json` holds the ranges CPython's
//! `str.isprintable()` rejects (`printable_reference.py` writes it), and
//! the ranges Looplab's table gives must be the same. Surrogates cannot be
//! Rust `char`s: they count as not printable, as in CPython.

use looplab_script::format::{is_printable, str_repr};
use looplab_script::{run, Options};

#[test]
fn every_code_point_matches_cpython() {
    let want: Vec<(u32, u32)> =
        serde_json::from_str(include_str!("printable.cpython.json")).unwrap_or_default();
    assert!(want.len() > 600, "reference not loaded");
    let mut got: Vec<(u32, u32)> = Vec::new();
    for cp in 0..=0x10FFFFu32 {
        let hidden = char::from_u32(cp).is_none_or(|c| !is_printable(c));
        if !hidden {
            continue;
        }
        match got.last_mut() {
            Some((_, last)) if *last + 1 == cp => *last = cp,
            _ => got.push((cp, cp)),
        }
    }
    let first_diff = want.iter().zip(&got).find(|(a, b)| a != b);
    assert_eq!(got.len(), want.len(), "first difference: {first_diff:?}");
    assert_eq!(first_diff, None);
}

#[test]
fn repr_escapes_what_is_not_printable() {
    assert_eq!(str_repr("a\u{85}b\u{a0}"), "'a\\x85b\\xa0'");
    assert_eq!(
        str_repr("\u{2028}\u{200b}\u{e0001}é"),
        "'\\u2028\\u200b\\U000e0001é'"
    );
    let out = run(
        "s = '\\u00a0x\\u3000'\nprint(repr(s), s.isprintable(), 'é€'.isprintable())\n",
        &Options::default(),
    );
    assert_eq!(out.stdout, "'\\xa0x\\u3000' False True\n");
}
