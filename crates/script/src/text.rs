//! Text forms that need nothing from the runtime: the repr of a float, a
//! string and a bytes object, whether a character is printable, and the
//! address a default repr shows; where a str's characters start, for
//! indexing it. `format` builds every value's repr on these; the IR uses
//! them to show a literal in a compile-time error.

use std::rc::Rc;

/// Python's `repr` of a float.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Shortest round-trip digits, then Python's layout rules.
    let sci = format!("{:e}", f);
    let (mant, exp) = match sci.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().unwrap_or(0)),
        None => (sci.clone(), 0),
    };
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let point = exp + 1;
        let s = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point >= n {
            format!("{}{}.0", digits, "0".repeat((point - n) as usize))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{s}")
    } else {
        let (first, rest) = digits.split_at(1);
        let m = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        format!(
            "{sign}{m}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

/// Whether `str.isprintable()` and `repr()` count `c` as printable: not in
/// the general categories Cc, Cf, Cs, Co, Cn, Zl, Zp, nor a space separator
/// other than `' '` (Unicode 14, CPython 3.11's; `printable_table.rs`).
pub fn is_printable(c: char) -> bool {
    static ENDS: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    let cp = c as u32;
    if cp < 0x7f {
        return cp >= 0x20;
    }
    // Where each run of the table ends (exclusive), decoded once.
    let ends = ENDS.get_or_init(|| {
        let table = &crate::printable_table::RUNS;
        let mut ends = Vec::with_capacity(table.len());
        let (mut at, mut n, mut shift) = (0u32, 0u32, 0);
        for &b in table {
            n |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                at += n;
                ends.push(at);
                (n, shift) = (0, 0);
            } else {
                shift += 7;
            }
        }
        ends
    });
    ends.partition_point(|&e| e <= cp) % 2 == 0
}

/// Python's quoting of a string for `repr`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !is_printable(c) => match c as u32 {
                n @ ..=0xff => out.push_str(&format!("\\x{n:02x}")),
                n @ ..=0xffff => out.push_str(&format!("\\u{n:04x}")),
                n => out.push_str(&format!("\\U{n:08x}")),
            },
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's quoting of a bytes object for `repr` (`b'…'`).
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

/// The address a default repr shows (`<Foo object at 0x7f…>`): made from
/// where the value lives, so it is the same for one object all run long and
/// differs between live objects; shaped like CPython's 64-bit addresses
/// (`0x7f` and ten hex digits) whatever the host's pointer width.
pub fn address<T: ?Sized>(p: *const T) -> String {
    address_at(p as *const u8 as usize)
}

/// [`address`] for a value's identity (`Value::identity`).
pub fn address_at(id: usize) -> String {
    format!("0x7f{:010x}", id as u64 & 0xff_ffff_ffff)
}

/// Where the characters of a str start, for indexing it by character
/// (`ops`: the interpreter keeps a few in [`TextIndexes`]). The str is
/// held, so its address cannot come back as another str's.
pub(crate) struct TextIndex {
    text: Rc<str>,
    /// How many characters it has.
    chars: usize,
    /// The byte offset of each character, made when the text is first
    /// indexed by character ([`TextIndex::index_chars`]); never made for
    /// ASCII text, where character and byte offsets are the same.
    starts: Vec<u32>,
}

impl TextIndex {
    /// The text's length in characters, known; where they start, not yet
    /// (a short text is walked instead: see [`TextIndex::byte_at`]).
    pub(crate) fn counted(text: &Rc<str>) -> TextIndex {
        TextIndex {
            text: text.clone(),
            chars: text.chars().count(),
            starts: Vec::new(),
        }
    }

    fn is_ascii(&self) -> bool {
        self.chars == self.text.len()
    }

    /// Makes the character starts, if the text needs them and they are
    /// not made yet.
    fn index_chars(&mut self) {
        if self.is_ascii() || !self.starts.is_empty() {
            return;
        }
        self.starts = self
            .text
            .char_indices()
            .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
    }

    /// The str indexed.
    pub(crate) fn text(&self) -> &Rc<str> {
        &self.text
    }

    /// How many characters it has.
    pub(crate) fn chars(&self) -> usize {
        self.chars
    }

    /// The byte offset of character `i` (the text's length for `i` at or
    /// past the end). A non-ASCII text without its starts (a short one,
    /// or one only counted) is walked.
    pub(crate) fn byte_at(&self, i: usize) -> usize {
        if self.is_ascii() {
            i.min(self.text.len())
        } else if self.starts.is_empty() {
            self.text
                .char_indices()
                .nth(i)
                .map_or(self.text.len(), |(b, _)| b)
        } else {
            self.starts.get(i).map_or(self.text.len(), |&b| b as usize)
        }
    }

    /// The index of the character that starts at byte offset `b` (the
    /// character count for `b` at or past the end).
    pub(crate) fn char_at(&self, b: usize) -> usize {
        if self.is_ascii() {
            b.min(self.chars)
        } else if self.starts.is_empty() {
            self.text.get(..b).map_or(self.chars, |t| t.chars().count())
        } else {
            self.starts.partition_point(|&x| (x as usize) < b)
        }
    }

    /// Characters `a..b`.
    pub(crate) fn chars_between(&self, a: usize, b: usize) -> &str {
        self.text
            .get(self.byte_at(a)..self.byte_at(b))
            .unwrap_or_default()
    }
}

/// The indexes of the long strs indexed most recently, the latest first.
/// A loop that goes through a few texts in turns (`a[i] != b[i]`, a text
/// and its reverse) finds each one's index here, so it stays linear; a
/// single kept index would be built again at every turn, each time a walk
/// over the whole text (an `is_ascii` check at least).
#[derive(Default)]
pub(crate) struct TextIndexes {
    kept: Vec<TextIndex>,
}

impl TextIndexes {
    /// At most this many are kept (each holds its str).
    const KEEP: usize = 4;

    /// `text`'s entry, counted if it is not kept, and now the latest.
    fn entry(&mut self, text: &Rc<str>) -> &mut TextIndex {
        let at = match self.kept.iter().position(|k| Rc::ptr_eq(&k.text, text)) {
            Some(at) => at,
            None => {
                if self.kept.len() >= Self::KEEP {
                    self.kept.pop();
                }
                self.kept.push(TextIndex::counted(text));
                self.kept.len() - 1
            }
        };
        self.kept[..=at].rotate_right(1);
        &mut self.kept[0]
    }

    /// `text`'s index, made if it is not kept, and now the latest.
    pub(crate) fn get(&mut self, text: &Rc<str>) -> &TextIndex {
        let index = self.entry(text);
        index.index_chars();
        index
    }

    /// How many characters `text` has: `len(text)`, counted once while
    /// the text is kept (a `while i < len(s)` loop stays linear), without
    /// the character starts indexing would make.
    pub(crate) fn chars(&mut self, text: &Rc<str>) -> usize {
        self.entry(text).chars
    }
}
