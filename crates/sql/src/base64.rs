//! Base64 text for the bytes the protocol carries (a database image).
//!
//! RFC 4648's standard alphabet with `=` padding, so the text is what
//! JavaScript's `btoa` writes and `atob` reads. Encoding always pads;
//! decoding also takes text without padding, and ignores the unused low
//! bits of a final partial group, but refuses any other character
//! (whitespace included) and a group of one character, which cannot
//! hold a whole byte.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` as padded base64 text: four characters for every three bytes
/// or part of three.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in group.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        // A group of k bytes fills k + 1 characters; `=` pads the rest.
        for i in 0..4 {
            if i <= group.len() {
                let sextet = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(ALPHABET[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes that base64 `text` spells.
///
/// # Errors
///
/// A description of the first problem: a character outside the
/// alphabet (with its offset), misplaced padding, or a lone final
/// character.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, String> {
    let body = text.trim_end_matches('=');
    if let Some(offset) = body.bytes().position(|c| sextet(c).is_none()) {
        let shown = text
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        return Err(format!(
            "base64 text has {shown:?} at offset {offset}, which is not a base64 character"
        ));
    }
    let padding = text.len() - body.len();
    if padding > 2 || (padding > 0 && !text.len().is_multiple_of(4)) {
        return Err(format!(
            "base64 text of {} characters ends with {padding} '=' (padding fills a group of four, and is at most two)",
            text.len()
        ));
    }
    if body.len() % 4 == 1 {
        return Err(format!(
            "base64 text of {} characters has one character too many (a final group needs two to four)",
            body.len()
        ));
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    for group in body.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in group.iter().enumerate() {
            // Every character was checked above.
            n |= u32::from(sextet(c).unwrap_or(0)) << (18 - 6 * i);
        }
        // Four characters carry three bytes, three carry two, two carry one.
        let bytes = n.to_be_bytes();
        out.extend_from_slice(bytes.get(1..group.len()).unwrap_or_default());
    }
    Ok(out)
}

/// The six bits that base64 character `c` stands for.
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    /// RFC 4648, section 10.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc_4648_test_vectors() {
        for (plain, coded) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Ok(plain.as_bytes()));
            assert_eq!(
                decode(coded.trim_end_matches('=')).as_deref(),
                Ok(plain.as_bytes()),
                "unpadded {coded}"
            );
        }
    }

    #[test]
    fn every_byte_value_round_trips() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            let slice = bytes.get(..len).unwrap_or_default();
            assert_eq!(decode(&encode(slice)).as_deref(), Ok(slice));
        }
        // The last characters of the alphabet.
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn malformed_text_is_refused() {
        let problem = |text: &str| decode(text).err().unwrap_or_default();
        assert_eq!(
            problem("Zm9v Yg=="),
            "base64 text has ' ' at offset 4, which is not a base64 character"
        );
        assert_eq!(
            problem("Zm9vé"),
            "base64 text has 'é' at offset 4, which is not a base64 character"
        );
        assert_eq!(
            problem("Zm9vY"),
            "base64 text of 5 characters has one character too many (a final group needs two to four)"
        );
        assert_eq!(
            problem("Zg="),
            "base64 text of 3 characters ends with 1 '=' (padding fills a group of four, and is at most two)"
        );
        assert_eq!(
            problem("Z==="),
            "base64 text of 4 characters ends with 3 '=' (padding fills a group of four, and is at most two)"
        );
        assert!(decode("Zm=v").is_err(), "padding inside the text");
    }
}
