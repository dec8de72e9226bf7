//! Inline text: shaping through the font fallback chain and line breaking by
//! UAX #14 with CJK rules (kinsoku) on top, character-level breaking for
//! overlong unbreakable strings, and inter-character justification.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{FaceId, GlyphInfo, Role, Shaper};
use super::markdown::Align;

/// Visual style of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TStyle {
    pub role: Role,
    pub size: f32,
    pub color: [f32; 3],
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub code_bg: bool,
}

impl TStyle {
    pub fn new(role: Role, size: f32) -> Self {
        TStyle {
            role,
            size,
            color: super::layout::TEXT,
            italic: false,
            underline: false,
            strike: false,
            code_bg: false,
        }
    }
}

/// Input: a run of text in one style. `'\n'` forces a line break.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub text: String,
    pub style: TStyle,
}

/// A positioned glyph; `x` is relative to the start of its line.
#[derive(Debug, Clone)]
pub(crate) struct PGlyph {
    pub ch: char,
    pub face: FaceId,
    pub gid: u16,
    pub x: f32,
    pub adv: f32,
    pub style: TStyle,
}

/// One laid-out line: glyphs, the line box height and the baseline offset
/// from the top of the box.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub glyphs: Vec<PGlyph>,
    pub width: f32,
    pub height: f32,
    pub baseline: f32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ParaOpts {
    pub width: f32,
    pub justify: bool,
    pub align: Align,
    /// Line height as a multiple of the largest font size on the line.
    pub leading: f32,
    /// Style of an empty line.
    pub base: TStyle,
}

/// Characters that must not start a line.
const NO_START: &str = "）)]｝}〕〉》」』】〙〗〟’”｠»、。，．,.：:；;？?！!‼⁇⁈⁉ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ々〻‐゠–〜～…‥・·%％‰℃°";
/// Characters that must not end a line.
const NO_END: &str = "（([｛{〔〈《「『【〘〖〝‘“｟«$＄￥£";

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF
        | 0x3200..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Brk {
    No,
    Allowed,
    Mandatory,
}

struct Prepared {
    chars: Vec<char>,
    style: Vec<usize>,
    glyph: Vec<GlyphInfo>,
    /// Advance in pt.
    adv: Vec<f32>,
    /// `brk[i]`: may the line break before char `i` (0..=n)?
    brk: Vec<Brk>,
}

fn prepare(sh: &mut Shaper, runs: &[Run]) -> Prepared {
    let mut text = String::new();
    let mut style = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        for c in r.text.chars() {
            let c = match c {
                '\t' => ' ',
                '\r' => continue,
                c => c,
            };
            text.push(c);
            style.push(i);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut brk = vec![Brk::No; n + 1];
    // Byte offset -> char index.
    let mut byte_to_char = vec![0usize; text.len() + 1];
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        byte_to_char[bi] = ci;
    }
    byte_to_char[text.len()] = n;
    for (bi, op) in linebreaks(&text) {
        let ci = byte_to_char[bi];
        brk[ci] = match op {
            BreakOpportunity::Mandatory => Brk::Mandatory,
            BreakOpportunity::Allowed => Brk::Allowed,
        };
    }
    for i in 1..n {
        if brk[i] == Brk::Allowed && (NO_START.contains(chars[i]) || NO_END.contains(chars[i - 1]))
        {
            brk[i] = Brk::No;
        }
    }
    let mut glyph = Vec::with_capacity(n);
    let mut adv = Vec::with_capacity(n);
    for (i, &c) in chars.iter().enumerate() {
        let st = &runs[style[i]].style;
        let g = sh.glyph(c, st.role);
        glyph.push(g);
        adv.push(g.adv * st.size);
    }
    Prepared {
        chars,
        style,
        glyph,
        adv,
        brk,
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\n' || c == '\u{3000}'
}

/// Width of chars `a..b` without trailing spaces.
fn trimmed_width(p: &Prepared, a: usize, b: usize) -> f32 {
    let mut e = b;
    while e > a && is_space(p.chars[e - 1]) {
        e -= 1;
    }
    p.adv[a..e].iter().sum()
}

/// (min, max, lines): the widest unbreakable piece, the widest forced line
/// and the width of every forced line.
pub(crate) fn measure(sh: &mut Shaper, runs: &[Run]) -> (f32, f32, Vec<f32>) {
    let p = prepare(sh, runs);
    let n = p.chars.len();
    let (mut min, mut max) = (0f32, 0f32);
    let mut lines = Vec::new();
    let mut seg_start = 0;
    let mut line_start = 0;
    for i in 1..=n {
        if p.brk[i] != Brk::No || i == n {
            min = min.max(trimmed_width(&p, seg_start, i));
            seg_start = i;
        }
        if p.brk[i] == Brk::Mandatory || i == n {
            let w = trimmed_width(&p, line_start, i);
            max = max.max(w);
            lines.push(w);
            line_start = i;
        }
    }
    (min, max, lines)
}

/// Break `runs` into lines of at most `o.width` pt.
pub(crate) fn break_lines(sh: &mut Shaper, runs: &[Run], o: &ParaOpts) -> Vec<Line> {
    let p = prepare(sh, runs);
    let mut ranges = line_ranges(&p, o.width);
    // A justified paragraph ending in a runt (one or two characters alone on
    // the last line): set it a little narrower so the runt gets company, if
    // that costs no extra line. Justification still fills the full measure.
    if o.justify && ranges.len() >= 2 && ranges[..ranges.len() - 1].iter().all(|r| !r.2) {
        let (a, b, _) = ranges[ranges.len() - 1];
        if p.chars[a..b].iter().filter(|c| !is_space(**c)).count() <= 2 {
            let narrower = line_ranges(&p, o.width - 2.5 * o.base.size);
            if narrower.len() == ranges.len() {
                ranges = narrower;
            }
        }
    }
    ranges
        .into_iter()
        .map(|(a, b, forced)| build_line(&p, runs, a, b, o, !forced))
        .collect()
}

/// (start, end, forced) character ranges of the lines.
fn line_ranges(p: &Prepared, width: f32) -> Vec<(usize, usize, bool)> {
    let width = width.max(1.0) + 0.01;
    let n = p.chars.len();
    // (start, end, forced) char ranges.
    let mut ranges: Vec<(usize, usize, bool)> = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    let mut full = 0f32; // width of start..pos including trailing spaces
    let mut i = 1;
    while i <= n {
        if p.brk[i] == Brk::No && i < n {
            i += 1;
            continue;
        }
        let seg_full: f32 = p.adv[pos..i].iter().sum();
        let seg_trim = trimmed_width(p, pos, i);
        if pos == start {
            if seg_trim <= width {
                pos = i;
                full = seg_full;
            } else {
                // Overlong unbreakable piece: break between characters.
                let mut a = pos;
                loop {
                    let rest = trimmed_width(p, a, i);
                    if rest <= width {
                        break;
                    }
                    let mut e = a;
                    let mut w = 0.0;
                    while e < i && (e == a || w + p.adv[e] <= width) {
                        w += p.adv[e];
                        e += 1;
                    }
                    if e - a > 1 && e < i && NO_START.contains(p.chars[e]) {
                        e -= 1;
                    }
                    ranges.push((a, e, false));
                    a = e;
                }
                start = a;
                pos = i;
                full = p.adv[a..i].iter().sum();
            }
        } else if full + seg_trim <= width {
            pos = i;
            full += seg_full;
        } else {
            ranges.push((start, pos, false));
            start = pos;
            full = 0.0;
            continue; // place the same segment on the new line
        }
        if p.brk[i] == Brk::Mandatory && i < n {
            ranges.push((start, i, true));
            start = i;
            pos = i;
            full = 0.0;
        }
        i += 1;
    }
    if start < n || ranges.is_empty() {
        ranges.push((start, n, true));
    }
    ranges
}

fn build_line(p: &Prepared, runs: &[Run], a: usize, b: usize, o: &ParaOpts, justify: bool) -> Line {
    let mut e = b;
    while e > a && is_space(p.chars[e - 1]) {
        e -= 1;
    }
    let mut glyphs = Vec::with_capacity(e - a);
    let mut x = 0.0;
    let mut max_size = 0f32;
    for k in a..e {
        let st = runs[p.style[k]].style;
        max_size = max_size.max(st.size);
        let g = &p.glyph[k];
        if g.visible {
            glyphs.push(PGlyph {
                ch: p.chars[k],
                face: g.face,
                gid: g.gid,
                x,
                adv: p.adv[k],
                style: st,
            });
        }
        x += p.adv[k];
    }
    if max_size == 0.0 {
        max_size = o.base.size;
    }
    let mut width = x;
    if justify && o.justify && glyphs.len() > 1 {
        let gaps: Vec<usize> = (0..glyphs.len() - 1)
            .filter(|&k| {
                let (c, d) = (glyphs[k].ch, glyphs[k + 1].ch);
                (is_cjk(c) || is_cjk(d) || c == ' ') && d != ' '
            })
            .collect();
        let slack = o.width - x;
        if !gaps.is_empty() && slack > 0.0 {
            let extra = slack / gaps.len() as f32;
            if extra <= 0.6 * max_size {
                let mut shift = 0.0;
                let mut gi = 0;
                for (k, g) in glyphs.iter_mut().enumerate() {
                    g.x += shift;
                    if gi < gaps.len() && gaps[gi] == k {
                        shift += extra;
                        gi += 1;
                    }
                }
                width = o.width;
            }
        }
    }
    let offset = match o.align {
        Align::Left => 0.0,
        Align::Center => ((o.width - width) / 2.0).max(0.0),
        Align::Right => (o.width - width).max(0.0),
    };
    if offset > 0.0 {
        for g in &mut glyphs {
            g.x += offset;
        }
    }
    let height = max_size * o.leading;
    Line {
        glyphs,
        width,
        height,
        baseline: (height - max_size) / 2.0 + 0.88 * max_size,
    }
}

/// Shape a single line of text without breaking; returns glyphs and width.
pub(crate) fn shape_str(sh: &mut Shaper, s: &str, st: TStyle) -> (Vec<PGlyph>, f32) {
    let mut x = 0.0;
    let mut out = Vec::with_capacity(s.len());
    for ch in s.chars() {
        let g = sh.glyph(ch, st.role);
        let adv = g.adv * st.size;
        if g.visible {
            out.push(PGlyph {
                ch,
                face: g.face,
                gid: g.gid,
                x,
                adv,
                style: st,
            });
        }
        x += adv;
    }
    (out, x)
}
