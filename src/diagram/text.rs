//! Character classes and label wrapping.

use super::Measure;

pub(super) use crate::cjk::is_wide;
use crate::cjk::{no_line_end, no_line_start};

/// At most this many lines of a label are drawn; the last one shown ends with
/// an ellipsis when the label is longer.
pub(super) const MAX_LABEL_LINES: usize = 4;
/// Characters of a label considered at all (more can never fit in
/// [`MAX_LABEL_LINES`] lines), so that a pathological label costs no more
/// than a long one.
const MAX_LABEL_CHARS: usize = 400;
const ELLIPSIS: &str = "…";

/// An unbreakable unit and its width; spaces are their own units.
struct Unit {
    text: String,
    w: f32,
}

impl Unit {
    fn is_space(&self) -> bool {
        self.text == " "
    }
}

/// Splits one line into unbreakable units, each measured once.
fn units(line: &str, m: &dyn Measure, size: f32) -> Vec<Unit> {
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
    out.into_iter()
        .map(|text| Unit {
            w: m.text_width(&text, size),
            text,
        })
        .collect()
}

/// Width of one character.
fn char_width(c: char, m: &dyn Measure, size: f32) -> f32 {
    let mut buf = [0u8; 4];
    m.text_width(c.encode_utf8(&mut buf), size)
}

/// Greedy fill of `units` into lines no wider than `max` (a unit wider than
/// `max` is broken between characters). Widths are summed, not re-measured:
/// linear in the length of the label.
fn greedy(units: &[Unit], space_w: f32, m: &dyn Measure, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut lw = 0.0f32;
    let mut space = false;
    for u in units {
        if u.is_space() {
            space = !line.is_empty();
            continue;
        }
        let add = if space { space_w + u.w } else { u.w };
        if line.is_empty() || lw + add <= max {
            if space {
                line.push(' ');
            }
            line.push_str(&u.text);
            lw += add;
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(&u.text);
            lw = u.w;
        }
        space = false;
        // Hard-break a single over-long unit.
        if lw > max && line.chars().count() > 1 {
            let mut head = String::new();
            let mut hw = 0.0f32;
            for c in std::mem::take(&mut line).chars() {
                let cw = char_width(c, m, size);
                if !head.is_empty() && hw + cw > max {
                    lines.push(std::mem::take(&mut head));
                    hw = 0.0;
                }
                head.push(c);
                hw += cw;
            }
            line = head;
            lw = hw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The first [`MAX_LABEL_CHARS`] characters of `label`, and whether it was longer.
fn capped(label: &str) -> (&str, bool) {
    match label.char_indices().nth(MAX_LABEL_CHARS) {
        Some((i, _)) => (&label[..i], true),
        None => (label, false),
    }
}

/// `line` shortened so that it and an ellipsis fit in `max` points.
fn ellipsize(line: &str, m: &dyn Measure, size: f32, max: f32) -> String {
    let room = max - m.text_width(ELLIPSIS, size);
    let mut out = String::new();
    let mut w = 0.0f32;
    for c in line.chars() {
        let cw = char_width(c, m, size);
        if w + cw > room {
            break;
        }
        out.push(c);
        w += cw;
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push_str(ELLIPSIS);
    out
}

/// Wraps a label (explicit lines separated by `'\n'`) to `max` points,
/// balancing the lengths of the wrapped lines; at most [`MAX_LABEL_LINES`]
/// lines, the last one ending with an ellipsis when text was left out.
pub(super) fn wrap(label: &str, m: &dyn Measure, size: f32, max: f32) -> Vec<String> {
    let (label, cut) = capped(label);
    let space_w = m.text_width(" ", size);
    let mut out = Vec::new();
    let mut widest_max = max;
    for line in label.split('\n') {
        if out.len() > MAX_LABEL_LINES {
            break;
        }
        let us = units(line.trim(), m, size);
        // Never split a word to fit: the box grows to the widest word instead
        // (up to twice the usual width; longer tokens still break).
        let widest = us
            .iter()
            .filter(|u| !u.is_space())
            .map(|u| u.w)
            .fold(0.0f32, f32::max);
        let max = max.max(widest.min(max * 2.0));
        widest_max = widest_max.max(max);
        let first = greedy(&us, space_w, m, size, max);
        if first.len() <= 1 || first.len() > MAX_LABEL_LINES {
            out.extend(first);
            continue;
        }
        // Narrowest width that still needs no more lines.
        let n = first.len();
        let (mut lo, mut hi) = (widest.min(max), max);
        for _ in 0..14 {
            let mid = (lo + hi) / 2.0;
            if greedy(&us, space_w, m, size, mid).len() <= n {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        out.extend(greedy(&us, space_w, m, size, hi));
    }
    if cut || out.len() > MAX_LABEL_LINES {
        out.truncate(MAX_LABEL_LINES);
        if let Some(last) = out.last_mut() {
            // Room for the ellipsis on the last line shown.
            let text = format!("{last}{ELLIPSIS}");
            *last = if m.text_width(&text, size) <= widest_max {
                text
            } else {
                ellipsize(last, m, size, widest_max)
            };
        }
    }
    out
}

/// An edge label fitted to `max` points a line and at most
/// [`MAX_LABEL_LINES`] lines; what is left out is marked with an ellipsis.
pub(super) fn fit_lines(label: &str, m: &dyn Measure, size: f32, max: f32) -> String {
    let (label, cut) = capped(label);
    let mut lines: Vec<String> = label.lines().map(str::to_string).collect();
    let cut = cut || lines.len() > MAX_LABEL_LINES;
    lines.truncate(MAX_LABEL_LINES);
    let last = lines.len().saturating_sub(1);
    for (i, l) in lines.iter_mut().enumerate() {
        if m.text_width(l, size) > max {
            *l = ellipsize(l, m, size, max);
        } else if cut && i == last {
            let with = format!("{l}{ELLIPSIS}");
            *l = if m.text_width(&with, size) <= max {
                with
            } else {
                ellipsize(l, m, size, max)
            };
        }
    }
    lines.join("\n")
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

    #[test]
    fn long_labels_stop_after_four_lines_with_an_ellipsis() {
        let long = format!("{}{}", "王".repeat(25_000), "Ab".repeat(12_500));
        let lines = wrap(&long, &EstimateMeasure, 10.0, 80.0);
        assert_eq!(lines.len(), MAX_LABEL_LINES);
        assert!(lines[3].ends_with('…'), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| EstimateMeasure.text_width(l, 10.0) <= 160.0),
            "{lines:?}"
        );
        // One unbreakable Latin word, and many explicit lines.
        let word = "x".repeat(50_000);
        let lines = wrap(&word, &EstimateMeasure, 10.0, 80.0);
        assert_eq!(lines.len(), MAX_LABEL_LINES);
        assert!(lines[3].ends_with('…'));
        let many = vec!["a"; 20].join("\n");
        assert_eq!(
            wrap(&many, &EstimateMeasure, 10.0, 80.0),
            ["a", "a", "a", "a…"]
        );
        // Short labels are untouched.
        assert_eq!(wrap("短", &EstimateMeasure, 10.0, 80.0), ["短"]);
    }

    #[test]
    fn long_edge_labels_are_cut_per_line() {
        let t = fit_lines(&"y".repeat(1000), &EstimateMeasure, 10.0, 100.0);
        assert!(t.ends_with('…') && !t.contains('\n'), "{t}");
        assert!(EstimateMeasure.text_width(&t, 10.0) <= 100.0);
        assert_eq!(fit_lines("是", &EstimateMeasure, 10.0, 100.0), "是");
        let t = fit_lines("a\nb\nc\nd\ne", &EstimateMeasure, 10.0, 100.0);
        assert_eq!(t, "a\nb\nc\nd…");
    }
}
