//! Knobs: every top-level `UPPER_CASE = number` constant of a program, which
//! the playground shows as a slider beside the code. Changing a knob
//! rewrites just that number in the source, so what runs is always what the
//! editor shows.

/// One tunable constant.
#[derive(Clone, Debug, PartialEq)]
pub struct Knob {
    /// The constant's name.
    pub name: String,
    /// Its value in the source.
    pub value: f64,
    /// Whether it is written as a float (`0.5`) rather than an int.
    pub is_float: bool,
    /// The line it is on (1-based).
    pub line: u32,
    /// Byte range of the number in the source.
    pub span: (usize, usize),
}

impl Knob {
    /// A sensible slider range and step for the value: from 0 (1 for a
    /// positive int count) to a few times the value.
    pub fn range(&self) -> (f64, f64, f64) {
        let v = self.value;
        if self.is_float {
            let max = if v > 0.0 { (v * 4.0).max(1.0) } else { 1.0 };
            let step = if max <= 2.0 { 0.05 } else { 0.1 };
            (0.0_f64.min(v), max, step)
        } else {
            let min = if v >= 1.0 { 1.0 } else { v.min(0.0) };
            let max = (v * 4.0).max(10.0);
            (min, max, 1.0)
        }
    }

    /// The value as it would be written in the source.
    pub fn format(&self, value: f64) -> String {
        format_value(value, self.is_float)
    }
}

fn format_value(value: f64, is_float: bool) -> String {
    if is_float {
        let s = format!("{:.3}", value);
        let s = s.trim_end_matches('0');
        if s.ends_with('.') {
            format!("{s}0")
        } else {
            s.to_string()
        }
    } else {
        format!("{}", value.round() as i64)
    }
}

fn is_const_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The knobs of `source`, in source order. Only unindented lines of the
/// form `NAME = 12`, `NAME = 0.5` or `NAME: int = 3` (a trailing comment
/// allowed) count; the first assignment of a name wins.
pub fn knobs(source: &str) -> Vec<Knob> {
    let mut out: Vec<Knob> = Vec::new();
    let mut offset = 0;
    let mut in_string: Option<&str> = None;
    for (i, raw) in source.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        // Skip the inside of triple-quoted strings (docstrings).
        for quote in ["\"\"\"", "'''"] {
            let n = line.matches(quote).count();
            if in_string == Some(quote) {
                if n % 2 == 1 {
                    in_string = None;
                }
            } else if in_string.is_none() && n % 2 == 1 {
                in_string = Some(quote);
            }
        }
        if in_string.is_some() || line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((lhs, rhs)) = line.split_once('=') else {
            continue;
        };
        if rhs.starts_with('=') {
            continue;
        }
        let name = lhs.split(':').next().unwrap_or("").trim();
        if !is_const_name(name) || out.iter().any(|k| k.name == name) {
            continue;
        }
        let code = rhs.split('#').next().unwrap_or("");
        let number = code.trim();
        let Ok(value) = number.parse::<f64>() else {
            continue;
        };
        if !value.is_finite() || number.contains(['e', 'E', '_']) || number.starts_with('+') {
            continue;
        }
        let lead = rhs.len() - rhs.trim_start().len();
        let rhs_at = start + lhs.len() + 1 + lead;
        out.push(Knob {
            name: name.to_string(),
            value,
            is_float: number.contains('.'),
            line: i as u32 + 1,
            span: (rhs_at, rhs_at + number.len()),
        });
    }
    out
}

/// `source` with the named knobs set to new values (unknown names are
/// ignored). Only the numbers change; everything else stays byte for byte.
pub fn with_knobs(source: &str, values: &[(String, f64)]) -> String {
    let mut found = knobs(source);
    found.sort_by_key(|k| std::cmp::Reverse(k.span.0));
    let mut out = source.to_string();
    for k in found {
        if let Some((_, v)) = values.iter().find(|(n, _)| *n == k.name) {
            if v.is_finite() {
                out.replace_range(k.span.0..k.span.1, &format_value(*v, k.is_float));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\"\"\"Doc.\nNOT_A_KNOB = 3\n\"\"\"\nimport asyncio\n\nWORKERS = 3  # how many\nDELAY: float = 0.25\nlower = 4\nNAME = 'x'\n    INDENTED = 1\nWORKERS = 9\nNEG = -2\nBIG = 1e3\n";

    #[test]
    fn top_level_numeric_constants_are_knobs_and_nothing_else() {
        let k = knobs(SRC);
        let names: Vec<&str> = k.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["WORKERS", "DELAY", "NEG"]);
        assert_eq!(k[0].value, 3.0);
        assert!(!k[0].is_float);
        assert_eq!(k[0].line, 6);
        assert_eq!(&SRC[k[0].span.0..k[0].span.1], "3");
        assert_eq!(k[1].value, 0.25);
        assert!(k[1].is_float);
        assert_eq!(k[2].value, -2.0);
    }

    #[test]
    fn setting_a_knob_changes_only_its_number() {
        let out = with_knobs(
            SRC,
            &[
                ("DELAY".into(), 1.5),
                ("WORKERS".into(), 7.0),
                ("NOPE".into(), 1.0),
            ],
        );
        assert!(out.contains("WORKERS = 7  # how many\n"));
        assert!(out.contains("DELAY: float = 1.5\n"));
        assert!(
            out.contains("WORKERS = 9\n"),
            "a later assignment is left alone"
        );
        assert_eq!(out.len(), SRC.len() - 1 + 1 - 4 + 3);
    }

    #[test]
    fn ranges_suit_counts_and_durations() {
        let k = knobs("N = 3\nD = 0.2\n");
        assert_eq!(k[0].range(), (1.0, 12.0, 1.0));
        assert_eq!(k[1].range(), (0.0, 1.0, 0.05));
        assert_eq!(k[1].format(0.30000000000000004), "0.3");
    }
}
