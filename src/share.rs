//! Share links: the program and its knob values, deflated and base64url
//! encoded into the page's `#` fragment, so a link carries everything and
//! the site needs no server. A link never runs by itself: the page loads it
//! into the editor and waits for a click.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;

/// The largest program a link may carry (bytes of source).
pub const MAX_SOURCE: usize = 64 * 1024;
/// The longest fragment we create or accept (characters).
pub const MAX_FRAGMENT: usize = 32 * 1024;

/// The fragment prefix of a share link: `#code=...`.
const PREFIX: &str = "code=";
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a link could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The program is too large to put in a link.
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// The fragment is not a Looplab link or is damaged.
    Damaged(&'static str),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::TooLarge { bytes } => write!(
                f,
                "the program is too large to share as a link ({} KB; the limit is {} KB)",
                bytes.div_ceil(1024),
                MAX_SOURCE / 1024
            ),
            ShareError::Damaged(why) => write!(f, "this shared link is damaged ({why})"),
        }
    }
}

fn encode64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn decode64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The fragment (without `#`) for `source` with `knobs` set.
///
/// # Errors
///
/// [`ShareError::TooLarge`] for a program over [`MAX_SOURCE`] bytes or a
/// link over [`MAX_FRAGMENT`] characters.
pub fn encode(
    source: &str,
    knobs: &[(String, f64)],
    exercise: Option<&str>,
) -> Result<String, ShareError> {
    if source.len() > MAX_SOURCE {
        return Err(ShareError::TooLarge {
            bytes: source.len(),
        });
    }
    let mut doc = serde_json::json!({ "v": 1, "source": source, "knobs": knobs });
    if let (Some(id), Some(o)) = (exercise, doc.as_object_mut()) {
        o.insert("exercise".into(), serde_json::json!(id));
    }
    let packed = compress_to_vec(doc.to_string().as_bytes(), 9);
    let fragment = format!("{PREFIX}{}", encode64(&packed));
    if fragment.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLarge {
            bytes: source.len(),
        });
    }
    Ok(fragment)
}

/// A shared program: its source (knobs already applied) and the knob
/// values the link carried.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    /// The program, with the link's knob values written in.
    pub source: String,
    /// The knob values the link carried.
    pub knobs: Vec<(String, f64)>,
    /// The exercise the program is an attempt at, if any.
    pub exercise: Option<String>,
}

/// Reads a fragment (with or without `#`). `Ok(None)`: not a share link.
///
/// # Errors
///
/// [`ShareError::Damaged`] when it looks like a link but cannot be read.
pub fn decode(fragment: &str) -> Result<Option<Shared>, ShareError> {
    let fragment = fragment.trim_start_matches('#');
    let Some(data) = fragment.strip_prefix(PREFIX) else {
        return Ok(None);
    };
    if data.len() > MAX_FRAGMENT {
        return Err(ShareError::Damaged("longer than any link Looplab makes"));
    }
    let packed = decode64(data).ok_or(ShareError::Damaged("not base64url"))?;
    let json = decompress_to_vec_with_limit(&packed, MAX_SOURCE * 2 + 4096)
        .map_err(|_| ShareError::Damaged("not deflate data, or too large"))?;
    let doc: serde_json::Value =
        serde_json::from_slice(&json).map_err(|_| ShareError::Damaged("not JSON"))?;
    let source = doc
        .get("source")
        .and_then(|s| s.as_str())
        .ok_or(ShareError::Damaged("no program in it"))?;
    if source.len() > MAX_SOURCE {
        return Err(ShareError::TooLarge {
            bytes: source.len(),
        });
    }
    let knobs: Vec<(String, f64)> = doc
        .get("knobs")
        .and_then(|k| k.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|pair| {
                    let name = pair.get(0)?.as_str()?.to_string();
                    let value = pair.get(1)?.as_f64()?;
                    Some((name, value))
                })
                .collect()
        })
        .unwrap_or_default();
    let exercise = doc
        .get("exercise")
        .and_then(|e| e.as_str())
        .filter(|id| id.len() <= 64)
        .map(str::to_string);
    Ok(Some(Shared {
        source: looplab_script::knobs::with_knobs(source, &knobs),
        knobs,
        exercise,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_the_program_and_its_knobs() {
        let src = "WORKERS = 3\nprint('héllo \\u2603', WORKERS)\n";
        let frag = encode(src, &[("WORKERS".into(), 5.0)], None).unwrap_or_default();
        assert!(frag.starts_with("code="));
        assert!(frag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)));
        let shared = decode(&format!("#{frag}")).ok().flatten();
        assert_eq!(
            shared,
            Some(Shared {
                source: "WORKERS = 5\nprint('héllo \\u2603', WORKERS)\n".into(),
                knobs: vec![("WORKERS".into(), 5.0)],
                exercise: None,
            })
        );
    }

    #[test]
    fn a_link_carries_an_exercise_attempt() {
        let frag = encode(
            "async def scrape(): ...\n",
            &[],
            Some("rate-limited-scraper"),
        )
        .unwrap_or_default();
        let shared = decode(&frag).ok().flatten();
        assert_eq!(
            shared.and_then(|s| s.exercise),
            Some("rate-limited-scraper".to_string())
        );
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(decode64(&encode64(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn damaged_or_foreign_fragments_are_refused_with_a_reason() {
        assert_eq!(decode("#section-2"), Ok(None));
        assert_eq!(decode(""), Ok(None));
        assert_eq!(
            decode("#code=***"),
            Err(ShareError::Damaged("not base64url"))
        );
        assert_eq!(
            decode("#code=AAAA"),
            Err(ShareError::Damaged("not deflate data, or too large"))
        );
        let not_json = encode64(&compress_to_vec(b"hello", 6));
        assert_eq!(
            decode(&format!("code={not_json}")),
            Err(ShareError::Damaged("not JSON"))
        );
    }

    #[test]
    fn an_oversized_program_is_refused() {
        let big = "x = 1\n".repeat(20_000);
        assert!(matches!(
            encode(&big, &[], None),
            Err(ShareError::TooLarge { .. })
        ));
        let msg = ShareError::TooLarge { bytes: 120_000 }.to_string();
        assert!(msg.contains("118 KB"), "{msg}");
    }
}
