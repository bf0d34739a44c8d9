//! The Unicode character names that `\N{...}` escapes in Looplab programs
//! can use. The full table (every Unicode name) costs ~840 KB of wasm, more
//! than the rest of the interpreter; async teaching code uses a handful of
//! names at most. An unknown name is a syntax error that names the escape.

/// The character called `name` (case-insensitive), if it is in our table.
pub fn character(name: &str) -> Option<char> {
    const TABLE: &[(&str, char)] = &[
        ("BLACK CIRCLE", '\u{25cf}'),
        ("BLACK RIGHT-POINTING TRIANGLE", '\u{25b6}'),
        ("BULLET", '\u{2022}'),
        ("CHECK MARK", '\u{2713}'),
        ("COPYRIGHT SIGN", '\u{a9}'),
        ("CROSS MARK", '\u{274c}'),
        ("DEGREE SIGN", '\u{b0}'),
        ("EM DASH", '\u{2014}'),
        ("EN DASH", '\u{2013}'),
        ("EURO SIGN", '\u{20ac}'),
        ("FULL BLOCK", '\u{2588}'),
        ("GREEK SMALL LETTER ALPHA", '\u{3b1}'),
        ("GREEK SMALL LETTER BETA", '\u{3b2}'),
        ("GREEK SMALL LETTER MU", '\u{3bc}'),
        ("GREEK SMALL LETTER PI", '\u{3c0}'),
        ("HEAVY CHECK MARK", '\u{2714}'),
        ("HORIZONTAL ELLIPSIS", '\u{2026}'),
        ("HOURGLASS", '\u{231b}'),
        ("INFINITY", '\u{221e}'),
        ("LATIN SMALL LETTER E WITH ACUTE", '\u{e9}'),
        ("LEFTWARDS ARROW", '\u{2190}'),
        ("LIGHT SHADE", '\u{2591}'),
        ("MICRO SIGN", '\u{b5}'),
        ("MULTIPLICATION SIGN", '\u{d7}'),
        ("NO-BREAK SPACE", '\u{a0}'),
        ("PLUS-MINUS SIGN", '\u{b1}'),
        ("RIGHTWARDS ARROW", '\u{2192}'),
        ("SNOWMAN", '\u{2603}'),
        ("SPACE", ' '),
        ("WARNING SIGN", '\u{26a0}'),
        ("WHITE CIRCLE", '\u{25cb}'),
    ];
    TABLE
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_resolve_case_insensitively() {
        assert_eq!(super::character("em dash"), Some('\u{2014}'));
        assert_eq!(super::character("BULLET"), Some('\u{2022}'));
        assert_eq!(super::character("NOT A NAME"), None);
    }
}
