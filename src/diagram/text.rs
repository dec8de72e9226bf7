//! Character classes and label wrapping.

use super::Measure;

/// CJK ideographs, kana, hangul, fullwidth forms and CJK punctuation.
pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Characters that must not start a line.
fn no_line_start(c: char) -> bool {
    "、，。：；）」』】》〉！？．,.;:!?)]}%".contains(c)
}

/// Characters that must not end a line.
fn no_line_end(c: char) -> bool {
    "（「『【《〈([{".contains(c)
}

/// Splits one line into unbreakable units; spaces are their own units.
fn units(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in line.chars() {
        if c.is_whitespace() {
            out.push(" ".into());
            continue;
        }
        let attach = match out.last() {
            None => false,
            Some(prev) => {
                let last = prev.chars().last().unwrap_or(' ');
                if last == ' ' {
                    false
                } else {
                    no_line_start(c) || no_line_end(last) || (!is_wide(c) && !is_wide(last))
                }
            }
        };
        match out.last_mut() {
            Some(prev) if attach => prev.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// Greedy fill of `units` into lines no wider than `max` (a unit wider than
/// `max` is broken between characters).
fn greedy(units: &[String], m: &dyn Measure, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut space = false;
    for u in units {
        if u == " " {
            space = !line.is_empty();
            continue;
        }
        let candidate = if space {
            format!("{line} {u}")
        } else {
            format!("{line}{u}")
        };
        space = false;
        if line.is_empty() || m.text_width(&candidate, size) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = u.clone();
        }
        // Hard-break a single over-long unit.
        while m.text_width(&line, size) > max && line.chars().count() > 1 {
            let mut head = String::new();
            for c in line.chars() {
                let next = format!("{head}{c}");
                if !head.is_empty() && m.text_width(&next, size) > max {
                    break;
                }
                head = next;
            }
            line = line[head.len()..].to_string();
            lines.push(head);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps a label (explicit lines separated by `'\n'`) to `max` points,
/// balancing the lengths of the wrapped lines.
pub(super) fn wrap(label: &str, m: &dyn Measure, size: f32, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    for line in label.split('\n') {
        let us = units(line.trim());
        // Never split a word to fit: the box grows to the widest word instead
        // (up to twice the usual width; longer tokens still break).
        let widest = us
            .iter()
            .filter(|u| u.as_str() != " ")
            .map(|u| m.text_width(u, size))
            .fold(0.0f32, f32::max);
        let max = max.max(widest.min(max * 2.0));
        let first = greedy(&us, m, size, max);
        if first.len() <= 1 {
            out.extend(first);
            continue;
        }
        // Narrowest width that still needs no more lines.
        let n = first.len();
        let (mut lo, mut hi) = (widest.min(max), max);
        for _ in 0..14 {
            let mid = (lo + hi) / 2.0;
            if greedy(&us, m, size, mid).len() <= n {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        out.extend(greedy(&us, m, size, hi));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::EstimateMeasure;
    use super::*;

    #[test]
    fn cjk_wrap_is_balanced_and_respects_punctuation() {
        let lines = wrap("資通安全處理小組組長", &EstimateMeasure, 10.0, 80.0);
        assert_eq!(lines, vec!["資通安全處", "理小組組長"]);
        let lines = wrap("一二三四五六七，八九", &EstimateMeasure, 10.0, 70.0);
        assert!(lines.iter().all(|l| !l.starts_with('，')), "{lines:?}");
    }

    #[test]
    fn latin_wraps_at_spaces_and_explicit_breaks_are_kept() {
        let lines = wrap(
            "Activate the alternate site now",
            &EstimateMeasure,
            10.0,
            80.0,
        );
        assert!(lines.len() >= 2);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with(' ') && !l.ends_with(' '))
        );
        assert_eq!(lines.join(" "), "Activate the alternate site now");
        assert_eq!(wrap("a\nb", &EstimateMeasure, 10.0, 80.0), vec!["a", "b"]);
    }
}
