//! Inline text: shaping through the font fallback chain and line breaking by
//! UAX #14 with CJK rules (kinsoku) on top, character-level breaking for
//! overlong unbreakable strings, and inter-character justification.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{GlyphInfo, Shaper};
use super::frame::PGlyph;
use super::markdown::{Align, Flags, Inlines};
use super::style::Role;
use super::style::{LINK, TStyle};

/// Input: a run of text in one style. `'\n'` forces a line break.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub text: String,
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
    /// Hanging indent: wrapped lines of a forced line that starts with a list
    /// marker ("• ", "1. ", "(1) ") are indented to the text after it.
    pub hang: bool,
}

/// Runs of `inl` in a base style (bold/italic/code/link flags applied).
pub(crate) fn runs(inl: &Inlines, base: TStyle) -> Vec<Run> {
    inl.iter()
        .map(|s| Run {
            text: s.text.clone(),
            style: styled(base, s.flags),
        })
        .collect()
}

fn styled(base: TStyle, f: Flags) -> TStyle {
    let mut st = base;
    if f.bold && st.role == Role::Body {
        st.role = Role::Bold;
    }
    st.italic |= f.italic;
    st.strike |= f.strike;
    if f.code {
        st.role = Role::Mono;
        st.size = base.size * 0.9;
        st.code_bg = true;
    }
    if f.link {
        st.color = LINK;
        st.underline = true;
    }
    st
}

pub(crate) use crate::cjk::is_ideographic as is_cjk;
use crate::cjk::{NO_END, NO_START};

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
    url_breaks(&chars, &mut brk);
    glue_labels(&chars, &mut brk);
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

/// Characters after which a URL or an e-mail address may break.
const URL_BREAK_AFTER: &str = "@./-_";

/// Break opportunities inside URL and e-mail tokens (UAX #14 gives almost
/// none): after `@ . / - _`, never inside the scheme ("https://") and never
/// between two such characters.
fn url_breaks(chars: &[char], brk: &mut [Brk]) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if chars[i].is_whitespace() || is_cjk(chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && !chars[i].is_whitespace() && !is_cjk(chars[i]) {
            i += 1;
        }
        let tok = &chars[s..i];
        let scheme = tok.windows(3).position(|w| w == [':', '/', '/']);
        let at = tok.iter().position(|&c| c == '@');
        let mail = at.is_some_and(|a| a > 0 && tok[a + 1..].contains(&'.'));
        let www = tok.len() > 4 && tok[..4].iter().collect::<String>() == "www.";
        if scheme.is_none() && !mail && !www {
            continue;
        }
        let body = s + scheme.map_or(0, |k| k + 3);
        for b in brk.iter_mut().take(body).skip(s + 1) {
            *b = Brk::No;
        }
        for k in body..i.saturating_sub(1) {
            if URL_BREAK_AFTER.contains(chars[k])
                && !URL_BREAK_AFTER.contains(chars[k + 1])
                && brk[k + 1] == Brk::No
            {
                brk[k + 1] = Brk::Allowed;
            }
        }
    }
}

/// Keep a short label in parentheses with the number after it: "(O) 05-…".
fn glue_labels(chars: &[char], brk: &mut [Brk]) {
    for i in 4..chars.len() {
        if brk[i] != Brk::Allowed
            || chars[i - 1] != ' '
            || chars[i - 2] != ')'
            || !(chars[i].is_ascii_digit() || chars[i] == '+')
        {
            continue;
        }
        let open = (i.saturating_sub(7)..i - 2)
            .rev()
            .find(|&k| chars[k] == '(');
        if let Some(o) = open
            && o + 1 < i - 2
            && chars[o + 1..i - 2].iter().all(char::is_ascii_alphabetic)
        {
            brk[i] = Brk::No;
        }
    }
}

/// Length in chars of a list marker at `s` ("• ", "1. ", "(1) ", "（一）"), or 0.
fn marker_len(chars: &[char], s: usize) -> usize {
    let rest = &chars[s..];
    let at = |k: usize| rest.get(k).copied();
    if matches!(at(0), Some('•' | '◦' | '▪' | '‧' | '-' | '*' | '・')) {
        return if at(1) == Some(' ') {
            2
        } else {
            usize::from(at(0) == Some('・'))
        };
    }
    let open = matches!(at(0), Some('(' | '（'));
    let mut k = usize::from(open);
    let d = k;
    while at(k).is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    {
        k += 1;
    }
    if k == d || k - d > 3 {
        return 0;
    }
    match (open, at(k)) {
        (true, Some('）')) | (false, Some('、')) => k + 1 + usize::from(at(k + 1) == Some(' ')),
        (true, Some(')')) | (false, Some('.' | ')')) if at(k + 1) == Some(' ') => k + 2,
        _ => 0,
    }
}

/// Hanging indent (pt) of the forced line starting at char `s`.
fn hang_indent(p: &Prepared, s: usize) -> f32 {
    let m = marker_len(&p.chars, s);
    p.adv[s..s + m].iter().sum()
}

/// A forced line of a cell, for estimating its height at any width: its
/// unbreakable segments (width without / with trailing spaces) and the
/// hanging indent of its wrapped lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct MPara {
    pub indent: f32,
    pub segs: Vec<(f32, f32)>,
}

/// What the table layout needs to know of a cell's text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Metrics {
    /// Widest unbreakable piece (with its hanging indent).
    pub min: f32,
    /// Widest forced line.
    pub max: f32,
    pub paras: Vec<MPara>,
    /// Mostly Latin words, URLs, e-mail addresses: a break costs more than
    /// in CJK prose, where any character boundary is a natural break.
    pub words: bool,
}

/// Segments of `runs` for [`count_lines`].
pub(crate) fn metrics(sh: &mut Shaper, runs: &[Run], hang: bool) -> Metrics {
    let p = prepare(sh, runs);
    let n = p.chars.len();
    let cjk = p.chars.iter().filter(|c| is_cjk(**c)).count();
    let mut m = Metrics {
        words: 2 * cjk < p.chars.iter().filter(|c| !is_space(**c)).count(),
        ..Metrics::default()
    };
    let (mut seg_start, mut para_start) = (0, 0);
    let mut segs = Vec::new();
    for i in 1..=n {
        if p.brk[i] != Brk::No || i == n {
            let full: f32 = p.adv[seg_start..i].iter().sum();
            segs.push((trimmed_width(&p, seg_start, i), full));
            seg_start = i;
        }
        if p.brk[i] == Brk::Mandatory || i == n {
            let indent = if hang {
                hang_indent(&p, para_start)
            } else {
                0.0
            };
            for (k, s) in segs.iter().enumerate() {
                m.min = m.min.max(s.0 + if k > 0 { indent } else { 0.0 });
            }
            // The natural width keeps trailing padding: room it asks for.
            let end = if p.brk[i] == Brk::Mandatory && i < n {
                i - 1
            } else {
                i
            };
            let padded: f32 = p.adv[para_start..end.max(para_start)].iter().sum();
            m.max = m.max.max(padded);
            m.paras.push(MPara {
                indent,
                segs: std::mem::take(&mut segs),
            });
            para_start = i;
        }
    }
    m
}

/// How `paras` wrap at `width`, breaking as [`break_lines`] does (an
/// overlong segment is estimated by its width): the number of lines and of
/// runts, wrapped forced lines whose last line is at most `runt` wide.
pub(crate) fn count_lines(paras: &[MPara], width: f32, runt: f32) -> (u32, u32) {
    let width = width.max(1.0) + 0.01;
    let (mut n, mut runts) = (0, 0);
    for p in paras {
        let rest = width
            - if p.indent < 0.5 * width {
                p.indent
            } else {
                0.0
            };
        let (mut lines, mut full, mut last, mut empty, mut lim) = (1u32, 0f32, 0f32, true, width);
        let mut k = 0;
        while k < p.segs.len() {
            let (trim, fw) = p.segs[k];
            if empty {
                if trim > lim {
                    let extra = ((trim - lim) / rest.max(1.0)).ceil();
                    lines += extra as u32;
                    full = fw - lim - (extra - 1.0) * rest;
                    last = trim - lim - (extra - 1.0) * rest;
                    lim = rest;
                } else {
                    full = fw;
                    last = trim;
                }
                empty = false;
            } else if trim == 0.0 {
                full += fw; // white space hangs
            } else if full + trim <= lim {
                last = full + trim;
                full += fw;
            } else {
                lines += 1;
                lim = rest;
                full = 0.0;
                empty = true;
                continue;
            }
            k += 1;
        }
        n += lines;
        runts += u32::from(lines > 1 && last <= runt);
    }
    (n.max(1), runts)
}

/// White space that hangs at the end of a line (a trailing no-break space
/// too: it only pads, as in a form's "損壞情形　　&nbsp;" heading).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\u{3000}' | '\u{a0}')
}

/// Width of chars `a..b` without trailing spaces.
fn trimmed_width(p: &Prepared, a: usize, b: usize) -> f32 {
    let mut e = b;
    while e > a && is_space(p.chars[e - 1]) {
        e -= 1;
    }
    p.adv[a..e].iter().sum()
}

/// Break `runs` into lines of at most `o.width` pt.
pub(crate) fn break_lines(sh: &mut Shaper, runs: &[Run], o: &ParaOpts) -> Vec<Line> {
    let p = prepare(sh, runs);
    let mut ranges = line_ranges(&p, o.width, o.hang);
    // A justified paragraph ending in a runt (one or two characters alone on
    // the last line): set it a little narrower so the runt gets company, if
    // that costs no extra line. Justification still fills the full measure.
    if o.justify && ranges.len() >= 2 && ranges[..ranges.len() - 1].iter().all(|r| !r.2) {
        let (a, b, _, _) = ranges[ranges.len() - 1];
        if p.chars[a..b].iter().filter(|c| !is_space(**c)).count() <= 2 {
            let narrower = line_ranges(&p, o.width - 2.5 * o.base.size, o.hang);
            if narrower.len() == ranges.len() {
                ranges = narrower;
            }
        }
    }
    ranges
        .into_iter()
        .map(|(a, b, forced, indent)| build_line(&p, runs, (a, b, indent), o, !forced))
        .collect()
}

/// (start, end, forced, indent) character ranges of the lines.
fn line_ranges(p: &Prepared, width: f32, hang: bool) -> Vec<(usize, usize, bool, f32)> {
    let width = width.max(1.0) + 0.01;
    let n = p.chars.len();
    let mut ranges: Vec<(usize, usize, bool, f32)> = Vec::new();
    // Indent of the wrapped lines of the current forced line.
    let para_indent = |s: usize| {
        let i = if hang { hang_indent(p, s) } else { 0.0 };
        if i < 0.5 * width { i } else { 0.0 }
    };
    let mut hang_by = para_indent(0);
    let mut indent = 0.0; // of the line being filled
    let mut start = 0;
    let mut pos = 0;
    let mut full = 0f32; // width of start..pos including trailing spaces
    let mut i = 1;
    while i <= n {
        if p.brk[i] == Brk::No && i < n {
            i += 1;
            continue;
        }
        let lim = width - indent;
        let seg_full: f32 = p.adv[pos..i].iter().sum();
        let seg_trim = trimmed_width(p, pos, i);
        if pos == start {
            if seg_trim <= lim {
                pos = i;
                full = seg_full;
            } else {
                // Overlong unbreakable piece: break between characters.
                let mut a = pos;
                loop {
                    let lim = width - indent;
                    if trimmed_width(p, a, i) <= lim {
                        break;
                    }
                    let mut e = a;
                    let mut w = 0.0;
                    while e < i && (e == a || w + p.adv[e] <= lim) {
                        w += p.adv[e];
                        e += 1;
                    }
                    if e - a > 1 && e < i && NO_START.contains(p.chars[e]) {
                        e -= 1;
                    }
                    ranges.push((a, e, false, indent));
                    indent = hang_by;
                    a = e;
                }
                start = a;
                pos = i;
                full = p.adv[a..i].iter().sum();
            }
        } else if full + seg_trim <= lim || seg_trim == 0.0 {
            // (white space alone hangs at the end of the line)
            pos = i;
            full += seg_full;
        } else {
            ranges.push((start, pos, false, indent));
            indent = hang_by;
            start = pos;
            full = 0.0;
            continue; // place the same segment on the new line
        }
        if p.brk[i] == Brk::Mandatory && i < n {
            ranges.push((start, i, true, indent));
            start = i;
            pos = i;
            full = 0.0;
            indent = 0.0;
            hang_by = para_indent(i);
        }
        i += 1;
    }
    if start < n || ranges.is_empty() {
        ranges.push((start, n, true, indent));
    }
    ranges
}

fn build_line(
    p: &Prepared,
    runs: &[Run],
    (a, b, indent): (usize, usize, f32),
    o: &ParaOpts,
    justify: bool,
) -> Line {
    let mut e = b;
    while e > a && is_space(p.chars[e - 1]) {
        e -= 1;
    }
    let mut glyphs = Vec::with_capacity(e - a);
    let mut x = indent;
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

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
