//! NFKC for Python identifiers, cut down to what programs meet in practice.
//!
//! Python puts every identifier in NFKC form, so `ﬁle`, `ｆｉｌｅ` and
//! `𝐟𝐢𝐥𝐞` all name `file`. The parser (ruff) asks for that form only for
//! identifiers with a non-ASCII character. This stand-in maps, exactly as
//! CPython 3.11 does (`tests/cpython_nfkc.rs` checks every one):
//!
//! - Latin-1's `ª`, `º` and the micro sign `µ` (to Greek `μ`);
//! - the Latin ligatures U+FB00–FB06 (`ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`);
//! - fullwidth ASCII, U+FF01–FF5E;
//! - the mathematical Latin letters and digits, U+1D400–1D6A3 and
//!   U+1D7CE–1D7FF.
//!
//! Every other character is left as it is: compatibility forms of other
//! scripts (Arabic presentation forms, CJK compatibility ideographs,
//! mathematical Greek, …) and decomposed sequences (`e` + U+0301) are not
//! unified with their canonical spelling, so two spellings of such a name
//! are two names here. Nothing else in the engine normalises text.

use std::str::Chars;

/// What the real crate's trait offers the parser: `text.nfkc()`.
pub trait UnicodeNormalization<I: Iterator<Item = char>> {
    /// The characters of `self` in (cut-down) NFKC form.
    fn nfkc(self) -> Nfkc<I>;
}

impl<'a> UnicodeNormalization<Chars<'a>> for &'a str {
    fn nfkc(self) -> Nfkc<Chars<'a>> {
        Nfkc {
            chars: self.chars(),
            pending: "".chars(),
        }
    }
}

/// The iterator [`UnicodeNormalization::nfkc`] returns.
#[derive(Debug, Clone)]
pub struct Nfkc<I> {
    chars: I,
    /// The rest of a one-to-many mapping (a ligature).
    pending: Chars<'static>,
}

impl<I: Iterator<Item = char>> Iterator for Nfkc<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.pending.next() {
            return Some(c);
        }
        let c = self.chars.next()?;
        match normalize(c) {
            Mapped::One(m) => Some(m),
            Mapped::Many(s) => {
                self.pending = s.chars();
                self.pending.next()
            }
        }
    }
}

enum Mapped {
    One(char),
    Many(&'static str),
}

/// The Latin ligatures U+FB00–FB06, in order.
const LIGATURES: [&str; 7] = ["ff", "fi", "fl", "ffi", "ffl", "st", "st"];

fn normalize(c: char) -> Mapped {
    let cp = u32::from(c);
    let shifted = |base: u32, period: u32, first: u8| {
        // `period` letters or digits repeat from `base`; each run maps onto
        // the ASCII run starting at `first`.
        let offset = (cp - base) % period;
        let ascii = if period == 52 && offset >= 26 {
            b'a' + (offset - 26) as u8
        } else {
            first + offset as u8
        };
        Mapped::One(char::from(ascii))
    };
    match cp {
        0xAA => Mapped::One('a'),
        0xBA => Mapped::One('o'),
        0xB5 => Mapped::One('\u{3bc}'),
        0xFB00..=0xFB06 => Mapped::Many(LIGATURES[(cp - 0xFB00) as usize]),
        // Fullwidth forms sit 0xFEE0 above their ASCII characters.
        0xFF01..=0xFF5E => Mapped::One(char::from((cp - 0xFEE0) as u8)),
        // Thirteen styles of A–Z then a–z (bold, italic, script, …).
        0x1D400..=0x1D6A3 => shifted(0x1D400, 52, b'A'),
        // Five styles of 0–9.
        0x1D7CE..=0x1D7FF => shifted(0x1D7CE, 10, b'0'),
        _ => Mapped::One(c),
    }
}
