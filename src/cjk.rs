//! CJK character classes and the line-breaking (kinsoku) sets: one table
//! for the diagnostics (caret columns), the diagrams (label width and
//! wrapping) and the PDF engine (line breaking).

/// Code-point ranges of characters two columns wide on a terminal and one
/// em wide in a CJK font: ideographs, kana, hangul, fullwidth forms and CJK
/// punctuation.
const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115F),
    (0x2E80, 0x303E),
    (0x3041, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA000, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x20000, 0x3FFFD),
];

/// Code-point ranges of the scripts set without spaces between words: a
/// line may break before or after any of them (halfwidth kana included).
const IDEOGRAPHIC: &[(u32, u32)] = &[
    (0x1100, 0x11FF),
    (0x2E80, 0x303F),
    (0x3040, 0x30FF),
    (0x3100, 0x31FF),
    (0x3200, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
];

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let c = c as u32;
    ranges.iter().any(|&(a, b)| (a..=b).contains(&c))
}

/// Two terminal columns wide, one em in a CJK font.
pub fn is_wide(c: char) -> bool {
    in_ranges(c, WIDE)
}

/// A character of a script written without spaces: a line may break on
/// either side of it.
pub fn is_ideographic(c: char) -> bool {
    in_ranges(c, IDEOGRAPHIC)
}

/// Characters that must not start a line (closing brackets, punctuation,
/// small kana, prolonged sound marks, units).
pub const NO_START: &str = "）)]｝}〕〉》」』】〙〗〟’”｠»、。，．,.：:；;？?！!‼⁇⁈⁉ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ々〻‐゠–〜～…‥・·%％‰℃°";

/// Characters that must not end a line (opening brackets, currency signs).
pub const NO_END: &str = "（([｛{〔〈《「『【〘〖〝‘“｟«$＄￥£";

/// Must not start a line.
pub fn no_line_start(c: char) -> bool {
    NO_START.contains(c)
}

/// Must not end a line.
pub fn no_line_end(c: char) -> bool {
    NO_END.contains(c)
}

/// Width of `s` in terminal columns.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_wide('中') && is_ideographic('中'));
        assert!(is_wide('，') && no_line_start('，') && !no_line_end('，'));
        assert!(!is_wide('a') && !is_ideographic('a'));
        // Halfwidth katakana: narrow, but a line may break beside it.
        assert!(!is_wide('ｱ') && is_ideographic('ｱ'));
        assert!(no_line_end('「') && no_line_start('」'));
        assert_eq!(display_width("a中b"), 4);
    }
}
