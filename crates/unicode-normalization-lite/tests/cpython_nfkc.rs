//! Every character the stand-in maps, against CPython 3.11's NFKC
//! (`cpython_nfkc.txt`, generated with `unicodedata.normalize`).

use unicode_normalization::UnicodeNormalization;

#[test]
fn every_covered_character_normalizes_as_cpython_does() {
    let table = include_str!("cpython_nfkc.txt");
    let mut checked = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let (from, to) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("bad line {line:?}"));
        let parse = |hex: &str| {
            u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or_else(|| panic!("bad code point {hex:?}"))
        };
        let from = parse(from).to_string();
        let expected: String = to.split(' ').map(parse).collect();
        let ours: String = from.as_str().nfkc().collect();
        assert_eq!(
            ours,
            expected,
            "NFKC of U+{:04X}",
            from.chars().next().map_or(0, u32::from)
        );
        checked += 1;
    }
    assert_eq!(checked, 775);
}

#[test]
fn other_text_passes_through() {
    for text in ["plain_ascii", "café", "naïve", "größe", "日本語", "Δt"] {
        assert_eq!(text.nfkc().collect::<String>(), text);
    }
    assert_eq!("ｆｉｌｅ_ﬁx_𝐱1".nfkc().collect::<String>(), "file_fix_x1");
}
