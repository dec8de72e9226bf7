//! Pages → PDF: the per-page document-control header, content streams
//! written straight from the laid-out items (one hex string per run of
//! glyphs, numbers to two decimals, consecutive text in one text object with
//! relative line moves), the fonts' subsets and dictionaries (ToUnicode maps
//! in ranges), nested outline, metadata and a deterministic /ID, saved with
//! object streams and a cross-reference stream.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::fonts::Shaper;
use super::frame::{Item, LaidDoc, LaidPage, Mark, PGlyph};
use super::style::{
    ALL_FACES, EDITION_H, FaceId, HEADER_ROW_H, HEADER_TOP, MARGIN_X, MUTED, PAGE_H, PAGE_W, Role,
    TEXT, TEXT_W, TStyle,
};
use super::subset::{Fnv, Program, subset_face};
use super::text::shape_str;
use super::{PageHeader, PdfError, PdfMeta};

pub(crate) struct OutPage<'a> {
    /// The laid-out items, borrowed from the document's layout (a document
    /// written alone and in the set is laid out once and never copied).
    pub items: Cow<'a, [Item]>,
    /// Header, page k (1-based) of n within its document.
    pub header: Option<(Rc<PageHeader>, usize, usize)>,
    pub marks: Vec<Mark>,
}

#[derive(Default)]
pub(crate) struct PageSet<'a> {
    pub pages: Vec<OutPage<'a>>,
}

impl<'a> PageSet<'a> {
    /// Append a document's pages; `doc_mark` adds a bookmark for the document
    /// itself (in a set), under which its headings nest.
    pub fn push_document(
        &mut self,
        doc: &'a LaidDoc,
        header: PageHeader,
        doc_mark: Option<String>,
    ) {
        let header = Rc::new(header);
        let n = doc.pages.len();
        for (k, p) in doc.pages.iter().enumerate() {
            let mut marks = p.marks.clone();
            if let (0, Some(t)) = (k, &doc_mark) {
                marks.insert(
                    0,
                    Mark {
                        level: 0,
                        title: t.clone(),
                        y: 0.0,
                    },
                );
            }
            self.pages.push(OutPage {
                items: Cow::Borrowed(&p.items),
                header: Some((header.clone(), k + 1, n)),
                marks,
            });
        }
    }

    pub fn push_plain(&mut self, p: LaidPage) {
        self.pages.push(OutPage {
            items: Cow::Owned(p.items),
            header: None,
            marks: p.marks,
        });
    }
}

/// The document-control header: a ruled two-row table, plus the edition line.
fn header_items(sh: &mut Shaper, h: &PageHeader, k: usize, n: usize) -> Vec<Item> {
    let size = 9.0;
    let l = &h.labels;
    // Label columns: the first two are shared by both rows (a grid), the
    // issue date's and the page's fit their own label.
    let lw = |sh: &mut Shaper, labels: &[&String], lo: f32| {
        labels
            .iter()
            .map(|s| sh.width(s, Role::Body, size))
            .fold(0f32, f32::max)
            .max(lo - 12.0)
            + 12.0
    };
    let label_w = lw(sh, &[&l.number, &l.classification], 50.0);
    let label2_w = lw(sh, &[&l.title, &l.version], 50.0);
    let issued_w = lw(sh, &[&l.issued], 40.0);
    let page_w = lw(sh, &[&l.page], 40.0);
    let vw = |sh: &mut Shaper, s: &str, lo: f32, hi: f32| {
        (sh.width(s, Role::Body, size) + 12.0).clamp(lo, hi)
    };
    let num_w = vw(sh, &h.number, 90.0, 150.0).max(vw(sh, &h.classification, 90.0, 150.0));
    let ver_w = vw(sh, &h.version, 40.0, 80.0);
    let date_w = vw(sh, &h.issued, 60.0, 100.0);
    let page = format!("{k} / {n}");
    let row1 = [
        (l.number.as_str(), label_w, true),
        (h.number.as_str(), num_w, false),
        (l.title.as_str(), label2_w, true),
        (h.title.as_str(), TEXT_W - label_w - label2_w - num_w, false),
    ];
    let row2 = [
        (l.classification.as_str(), label_w, true),
        (h.classification.as_str(), num_w, false),
        (l.version.as_str(), label2_w, true),
        (h.version.as_str(), ver_w, false),
        (l.issued.as_str(), issued_w, true),
        (h.issued.as_str(), date_w, false),
        (l.page.as_str(), page_w, true),
        (
            page.as_str(),
            TEXT_W - label_w - label2_w - issued_w - page_w - num_w - ver_w - date_w,
            false,
        ),
    ];
    let mut items = Vec::new();
    let border = [0.35, 0.35, 0.35];
    for (r, row) in [&row1[..], &row2[..]].into_iter().enumerate() {
        let y = HEADER_TOP + r as f32 * HEADER_ROW_H;
        let mut x = MARGIN_X;
        for &(text, w, label) in row {
            if label {
                items.push(Item::Rect {
                    x,
                    y,
                    w,
                    h: HEADER_ROW_H,
                    fill: [0.93, 0.93, 0.93],
                });
            }
            items.push(cell_text(sh, text, x, y, w, size, label));
            items.push(Item::line(x, y, x, y + HEADER_ROW_H, border, 0.6));
            x += w;
        }
        items.push(Item::line(x, y, x, y + HEADER_ROW_H, border, 0.6));
    }
    for r in 0..3 {
        let y = HEADER_TOP + r as f32 * HEADER_ROW_H;
        items.push(Item::line(MARGIN_X, y, MARGIN_X + TEXT_W, y, border, 0.6));
    }
    if let Some(mark) = &h.draft {
        let st = TStyle {
            color: [0.75, 0.1, 0.1],
            ..TStyle::new(Role::Bold, 10.0)
        };
        let (glyphs, _) = shape_str(sh, mark, st);
        items.push(Item::Text {
            x: MARGIN_X,
            y: HEADER_TOP + 2.0 * HEADER_ROW_H + EDITION_H - 3.0,
            glyphs,
        });
    }
    if let Some(ed) = &h.edition {
        let st = TStyle {
            color: MUTED,
            ..TStyle::new(Role::Body, 8.5)
        };
        let (glyphs, w) = shape_str(sh, ed, st);
        items.push(Item::Text {
            x: MARGIN_X + TEXT_W - w,
            y: HEADER_TOP + 2.0 * HEADER_ROW_H + EDITION_H - 3.0,
            glyphs,
        });
    }
    items
}

/// Text fitted into a header cell: shrunk down to 6.5 pt, then cut with "…".
fn cell_text(sh: &mut Shaper, text: &str, x: f32, y: f32, w: f32, size: f32, center: bool) -> Item {
    let room = w - 8.0;
    let mut size = size;
    let mut s = text.to_string();
    while sh.width(&s, Role::Body, size) > room && size > 6.5 {
        size -= 0.25;
    }
    while sh.width(&s, Role::Body, size) > room && s.chars().count() > 1 {
        s.pop();
        s.pop();
        s.push('…');
    }
    let st = TStyle {
        color: TEXT,
        ..TStyle::new(Role::Body, size)
    };
    let (glyphs, tw) = shape_str(sh, &s, st);
    let x = if center { x + (w - tw) / 2.0 } else { x + 4.0 };
    Item::Text {
        x,
        y: y + (HEADER_ROW_H - size) / 2.0 + 0.88 * size,
        glyphs,
    }
}

/// A number as a content stream writes it: rounded to `1/scale`, without
/// float noise, trailing zeros or a negative zero.
fn num_scaled(out: &mut Vec<u8>, v: f32, scale: i64) {
    let r = (f64::from(v) * scale as f64).round() as i64;
    if r < 0 {
        out.push(b'-');
    }
    let r = r.unsigned_abs();
    let scale = scale.unsigned_abs();
    let (int, mut frac) = (r / scale, r % scale);
    let _ = write!(out, "{int}");
    if frac != 0 {
        out.push(b'.');
        let mut s = scale / 10;
        while frac != 0 {
            out.push(b'0' + (frac / s) as u8);
            frac %= s;
            s /= 10;
        }
    }
}

/// `v` in 1/100, rounded as [`num`] rounds it.
fn hundredths(v: f32) -> i64 {
    (f64::from(v) * 100.0).round() as i64
}

/// A number given in 1/100, written as [`num`] writes it.
fn num_hundredths(out: &mut Vec<u8>, r: i64) {
    if r < 0 {
        out.push(b'-');
    }
    let r = r.unsigned_abs();
    let (int, frac) = (r / 100, r % 100);
    let _ = write!(out, "{int}");
    match frac {
        0 => {}
        f if f % 10 == 0 => {
            let _ = write!(out, ".{}", f / 10);
        }
        f => {
            let _ = write!(out, ".{f:02}");
        }
    }
}

/// Coordinates and sizes: two decimals (1/7200 in, finer than any printer).
fn num(out: &mut Vec<u8>, v: f32) {
    num_scaled(out, v, 100);
}

/// A page's content stream, with the graphics state it has set so far so
/// that nothing is set twice. Consecutive text items share one text object
/// (BT … ET), and each run after the first is placed relative to the one
/// before (`Td`) instead of by a whole matrix.
#[derive(Default)]
struct Content {
    out: Vec<u8>,
    fill: Option<[f32; 3]>,
    stroke: Option<([f32; 3], f32)>,
    font: Option<(FaceId, f32)>,
    /// Inside a text object.
    in_text: bool,
    /// The text line matrix's origin in 1/100 pt, as written, while it is a
    /// plain translation (`None` after a skewed one).
    line: Option<(i64, i64)>,
}

impl Content {
    fn nums(&mut self, vs: &[f32]) {
        for &v in vs {
            num(&mut self.out, v);
            self.out.push(b' ');
        }
    }

    fn op(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    fn color(&mut self, c: [f32; 3], op: &str) {
        for v in c {
            num_scaled(&mut self.out, v, 1000);
            self.out.push(b' ');
        }
        self.op(op);
    }

    fn fill(&mut self, c: [f32; 3]) {
        if self.fill != Some(c) {
            self.fill = Some(c);
            self.color(c, "rg");
        }
    }

    fn stroke(&mut self, c: [f32; 3], w: f32) {
        let old = self.stroke.replace((c, w));
        if old.is_none_or(|o| o.0 != c) {
            self.color(c, "RG");
        }
        if old.is_none_or(|o| o.1 != w) {
            self.nums(&[w]);
            self.op("w");
        }
    }

    /// Open a text object unless one is open.
    fn begin_text(&mut self) {
        if !self.in_text {
            self.op("BT");
            self.in_text = true;
            // BT starts from the identity matrix.
            self.line = Some((0, 0));
        }
    }

    /// Close the text object, if one is open, before any path.
    fn end_text(&mut self) {
        if self.in_text {
            self.op("ET");
            self.in_text = false;
        }
    }

    /// Start a line of text at (`x`, `y`) (PDF coordinates), upright or
    /// slanted: relative to the line before when both are upright.
    fn place(&mut self, x: f32, y: f32, italic: bool) {
        let at = (hundredths(x), hundredths(y));
        match self.line {
            Some((lx, ly)) if !italic => {
                num_hundredths(&mut self.out, at.0 - lx);
                self.out.push(b' ');
                num_hundredths(&mut self.out, at.1 - ly);
                self.op(" Td");
            }
            _ => {
                self.out
                    .extend_from_slice(if italic { b"1 0 0.2 1 " } else { b"1 0 0 1 " });
                num_hundredths(&mut self.out, at.0);
                self.out.push(b' ');
                num_hundredths(&mut self.out, at.1);
                self.op(" Tm");
            }
        }
        self.line = (!italic).then_some(at);
    }

    fn font(&mut self, face: FaceId, size: f32) {
        if self.font != Some((face, size)) {
            self.font = Some((face, size));
            let _ = write!(self.out, "/F{} ", face as usize);
            self.nums(&[size]);
            self.op("Tf");
        }
    }

    /// A filled rectangle, `y` from the top of the page to its top edge.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.end_text();
        self.nums(&[x, PAGE_H - y - h, w, h]);
        self.op("re f");
    }

    /// A path through `pts` (y from the top of the page); a point marked
    /// `true` is the first of two Bézier control points before an end point.
    fn path(&mut self, pts: &[(f32, f32, bool)]) {
        let Some(&(x, y, _)) = pts.first() else {
            return;
        };
        self.end_text();
        self.nums(&[x, PAGE_H - y]);
        self.op("m");
        let mut i = 1;
        while i < pts.len() {
            let (x, y, bezier) = pts[i];
            if bezier && i + 2 < pts.len() && pts[i + 1].2 {
                let (c, e) = (pts[i + 1], pts[i + 2]);
                self.nums(&[x, PAGE_H - y, c.0, PAGE_H - c.1, e.0, PAGE_H - e.1]);
                self.op("c");
                i += 3;
            } else {
                self.nums(&[x, PAGE_H - y]);
                self.op("l");
                i += 1;
            }
        }
    }
}

/// Content-stream codes of the glyphs of each face: original glyph id →
/// code (the subset's CID), dense, 0 for glyphs not in the subset.
type Codes = [Vec<u16>; 5];

/// A straight stroked rule, in 1/100 pt of PDF coordinates (as written),
/// from (`x1`, `y1`) to (`x2`, `y2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Rule {
    x1: i64,
    y1: i64,
    x2: i64,
    y2: i64,
}

impl Rule {
    /// A two-point line item that is only stroked, solid.
    fn of(item: &Item) -> Option<(Rule, ([f32; 3], f32))> {
        let Item::Path {
            pts,
            stroke: Some(stroke),
            fill: None,
            closed: false,
            dash: false,
        } = item
        else {
            return None;
        };
        let [(x1, y1, false), (x2, y2, false)] = pts[..] else {
            return None;
        };
        let (x1, y1) = (hundredths(x1), hundredths(PAGE_H - y1));
        let (x2, y2) = (hundredths(x2), hundredths(PAGE_H - y2));
        // Each rule from its lower left end, so collinear ones line up.
        let rule = if (x1, y1) <= (x2, y2) {
            Rule { x1, y1, x2, y2 }
        } else {
            Rule {
                x1: x2,
                y1: y2,
                x2: x1,
                y2: y1,
            }
        };
        Some((rule, *stroke))
    }

    /// x0, y0, x1, y1 of what the rule spans.
    fn bounds(&self) -> [i64; 4] {
        [
            self.x1.min(self.x2),
            self.y1.min(self.y2),
            self.x1.max(self.x2),
            self.y1.max(self.y2),
        ]
    }
}

/// Margin (pt) around what a rule and another item cover within which the
/// two are taken to overlap: more than a pixel at any screen resolution, so
/// a rule drawn later than before never changes a pixel the item paints.
const NEAR: f32 = 2.0;

/// Rules of one stroke whose drawing is put off: a table draws the rules of
/// each row after the row's text, the border between two rows once for
/// each, and a column rule again in every row. Kept back past whatever they
/// do not touch, they are drawn as one path, once each, collinear pieces
/// joined: the page looks the same and says it in fewer bytes.
#[derive(Default)]
struct Rules {
    stroke: Option<([f32; 3], f32)>,
    list: Vec<Rule>,
    /// What the pending rules span, in 1/100 pt: x0, y0, x1, y1.
    span: [i64; 4],
}

impl Rules {
    /// Does a pending rule come near the box `b` (x0, y0, x1, y1 in pt of
    /// PDF coordinates)?
    fn near(&self, b: [f32; 4]) -> bool {
        let Some((_, w)) = self.stroke else {
            return false;
        };
        let m = w / 2.0 + NEAR;
        let hits = |[x0, y0, x1, y1]: [i64; 4]| {
            x0 as f32 / 100.0 - m <= b[2]
                && b[0] <= x1 as f32 / 100.0 + m
                && y0 as f32 / 100.0 - m <= b[3]
                && b[1] <= y1 as f32 / 100.0 + m
        };
        hits(self.span) && self.list.iter().any(|r| hits(r.bounds()))
    }

    /// Draw the pending rules: sorted, collinear pieces that touch or
    /// overlap joined, each once.
    fn flush(&mut self, c: &mut Content) {
        let Some((color, w)) = self.stroke.take() else {
            return;
        };
        let mut list = std::mem::take(&mut self.list);
        // Horizontal rules by height, then vertical ones by x, then others.
        let key = |r: &Rule| match (r.y1 == r.y2, r.x1 == r.x2) {
            (true, _) => (0, r.y1, r.x1, r.x2),
            (_, true) => (1, r.x1, r.y1, r.y2),
            _ => (2, 0, 0, 0),
        };
        list.sort_by_key(|r| (key(r), *r));
        let mut joined: Vec<Rule> = Vec::with_capacity(list.len());
        for r in list {
            if let Some(last) = joined.last_mut() {
                let (k, l) = (key(&r), key(last));
                if k.0 < 2 && k.0 == l.0 && k.1 == l.1 && k.2 <= l.3 {
                    if k.3 > l.3 {
                        (last.x2, last.y2) = (r.x2, r.y2);
                    }
                    continue;
                }
                if *last == r {
                    continue;
                }
            }
            joined.push(r);
        }
        c.end_text();
        c.stroke(color, w);
        for r in joined {
            for (v, sep) in [
                (r.x1, &b" "[..]),
                (r.y1, b" m "),
                (r.x2, b" "),
                (r.y2, b" l\n"),
            ] {
                num_hundredths(&mut c.out, v);
                c.out.extend_from_slice(sep);
            }
        }
        c.op("S");
    }

    /// Put `rule` off, drawing what is pending first if its stroke differs.
    fn push(&mut self, c: &mut Content, rule: Rule, stroke: ([f32; 3], f32)) {
        if self.stroke.is_some_and(|s| s != stroke) {
            self.flush(c);
        }
        let r = rule;
        let [x0, y0, x1, y1] = r.bounds();
        if self.stroke.replace(stroke).is_none() {
            self.span = [x0, y0, x1, y1];
        } else {
            let s = &mut self.span;
            *s = [s[0].min(x0), s[1].min(y0), s[2].max(x1), s[3].max(y1)];
        }
        // Join it to a pending rule of the same line that it touches (ends
        // ordered: rules start at their lower left end), so that the list
        // stays short; `flush` joins what is left.
        let joins = |p: &Rule| {
            if r.y1 == r.y2 && p.y1 == p.y2 && r.y1 == p.y1 {
                r.x1 <= p.x2 && p.x1 <= r.x2
            } else if r.x1 == r.x2 && p.x1 == p.x2 && r.x1 == p.x1 {
                r.y1 <= p.y2 && p.y1 <= r.y2
            } else {
                *p == r
            }
        };
        match self.list.iter_mut().find(|p| joins(p)) {
            Some(p) => {
                (p.x1, p.y1) = (p.x1.min(r.x1), p.y1.min(r.y1));
                (p.x2, p.y2) = (p.x2.max(r.x2), p.y2.max(r.y2));
            }
            None => self.list.push(r),
        }
    }
}

/// The box (x0, y0, x1, y1, pt of PDF coordinates) an item paints, `None`
/// for text that draws more than its glyphs (code backgrounds, underlines).
fn item_box(item: &Item) -> Option<[f32; 4]> {
    match item {
        Item::Rect { x, y, w, h, .. } => Some([*x, PAGE_H - y - h, x + w, PAGE_H - y]),
        Item::Path { pts, stroke, .. } => {
            let m = stroke.map_or(0.0, |s| s.1 / 2.0);
            let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for &(x, y, _) in pts {
                let y = PAGE_H - y;
                b = [
                    b[0].min(x - m),
                    b[1].min(y - m),
                    b[2].max(x + m),
                    b[3].max(y + m),
                ];
            }
            Some(b)
        }
        Item::Text { x, y, glyphs } => {
            let (first, last) = (glyphs.first()?, glyphs.last()?);
            let mut size = 0f32;
            for g in glyphs {
                let st = &g.style;
                if st.code_bg || st.underline || st.strike {
                    return None;
                }
                size = size.max(st.size);
            }
            // Glyphs reach at most an em above the baseline and under a
            // third of one below it; slanted ones lean a fifth of an em.
            let base = PAGE_H - y;
            Some([
                x + first.x - 0.2 * size,
                base - 0.4 * size,
                x + last.x + last.adv + 0.2 * size,
                base + 1.2 * size,
            ])
        }
    }
}

fn page_content(items: &[&Item], codes: &Codes) -> Vec<u8> {
    let mut c = Content::default();
    let mut rules = Rules::default();
    for it in items {
        if let Some((rule, stroke)) = Rule::of(it) {
            rules.push(&mut c, rule, stroke);
            continue;
        }
        match item_box(it) {
            Some(b) if !rules.near(b) => {}
            _ => rules.flush(&mut c),
        }
        match it {
            Item::Rect { x, y, w, h, fill } => {
                c.fill(*fill);
                c.rect(*x, *y, *w, *h);
            }
            Item::Path {
                pts,
                stroke,
                fill,
                closed,
                dash,
            } => {
                if let Some((col, w)) = stroke {
                    c.stroke(*col, *w);
                }
                if *dash {
                    c.op("[3 2] 0 d");
                }
                if let Some(f) = fill {
                    c.fill(*f);
                    c.path(pts);
                    c.op(if stroke.is_some() { "h B" } else { "h f" });
                } else {
                    c.path(pts);
                    c.op(if *closed { "h S" } else { "S" });
                }
                if *dash {
                    c.op("[] 0 d");
                }
            }
            Item::Text { x, y, glyphs } => text_ops(&mut c, *x, *y, glyphs, codes),
        }
    }
    rules.flush(&mut c);
    c.end_text();
    c.out
}

fn hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
}

fn text_ops(c: &mut Content, x0: f32, base: f32, glyphs: &[PGlyph], codes: &Codes) {
    if glyphs.is_empty() {
        return;
    }
    // Backgrounds of inline code first.
    let mut k = 0;
    while k < glyphs.len() {
        if !glyphs[k].style.code_bg {
            k += 1;
            continue;
        }
        let s = k;
        while k < glyphs.len() && glyphs[k].style.code_bg {
            k += 1;
        }
        let (a, b) = (&glyphs[s], &glyphs[k - 1]);
        let size = a.style.size / 0.9;
        c.end_text();
        c.fill([0.93, 0.93, 0.93]);
        c.nums(&[
            x0 + a.x - 1.5,
            PAGE_H - base - 0.28 * size,
            b.x + b.adv - a.x + 3.0,
            1.2 * size,
        ]);
        c.op("re f");
    }
    c.begin_text();
    let mut k = 0;
    while k < glyphs.len() {
        let g0 = &glyphs[k];
        let st = g0.style;
        let mut e = k + 1;
        while e < glyphs.len() && glyphs[e].face == g0.face && same_look(&glyphs[e].style, &st) {
            e += 1;
        }
        c.font(g0.face, st.size);
        c.fill(st.color);
        c.place(x0 + g0.x, PAGE_H - base, st.italic);
        // One hex string per stretch of glyphs that follow each other at
        // their advance; a shift between them (justification) in 1/1000 em,
        // rounded with the error carried, so it never adds up.
        let map = &codes[g0.face as usize];
        let mut body = Vec::with_capacity((e - k) * 4 + 8);
        let mut shifted = false;
        let mut carry = 0f32;
        body.push(b'<');
        for i in k..e {
            let g = &glyphs[i];
            hex4(&mut body, map.get(usize::from(g.gid)).copied().unwrap_or(0));
            if i + 1 < e {
                let delta = glyphs[i + 1].x - (g.x + g.adv);
                let want = -delta * 1000.0 / st.size + carry;
                let shift = want.round();
                carry = want - shift;
                if shift != 0.0 {
                    shifted = true;
                    let _ = write!(body, ">{}<", shift as i64);
                }
            }
        }
        body.push(b'>');
        if shifted {
            c.out.push(b'[');
            c.out.extend_from_slice(&body);
            c.op("] TJ");
        } else {
            c.out.extend_from_slice(&body);
            c.op(" Tj");
        }
        k = e;
    }
    // Underline and strike-through.
    for g in glyphs
        .iter()
        .filter(|g| g.style.underline || g.style.strike)
    {
        let s = g.style.size;
        let (xa, xb) = (x0 + g.x, x0 + g.x + g.adv);
        let mut line = |dy: f32| {
            c.end_text();
            c.stroke(g.style.color, s * 0.05);
            c.nums(&[xa, PAGE_H - base - dy]);
            c.op("m");
            c.nums(&[xb, PAGE_H - base - dy]);
            c.op("l S");
        };
        if g.style.underline {
            line(s * 0.14);
        }
        if g.style.strike {
            line(-s * 0.3);
        }
    }
}

fn same_look(a: &TStyle, b: &TStyle) -> bool {
    a.size == b.size && a.color == b.color && a.italic == b.italic
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The ToUnicode CMap of a subset: each code to the character it shows.
/// A subset's codes are consecutive, so they go in ranges, each code's
/// character listed in an array (`<first> <last> [<u1><u2>…]`): the codes
/// themselves are not written out. A range stays within one high byte, as
/// the CMap format requires, and a block holds at most 100 of them.
fn to_unicode(chars: &[(u16, char)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(6 * chars.len() + 400);
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let mut ranges: Vec<&[(u16, char)]> = Vec::new();
    let mut rest = chars;
    while let Some(&(first, _)) = rest.first() {
        let n = rest
            .iter()
            .enumerate()
            .take_while(|&(k, &(c, _))| {
                usize::from(c) == usize::from(first) + k && c >> 8 == first >> 8
            })
            .count();
        let (range, tail) = rest.split_at(n);
        ranges.push(range);
        rest = tail;
    }
    for block in ranges.chunks(100) {
        let _ = writeln!(out, "{} beginbfrange", block.len());
        for range in block {
            out.push(b'<');
            hex4(&mut out, range[0].0);
            out.extend_from_slice(b"> <");
            hex4(&mut out, range[range.len() - 1].0);
            out.extend_from_slice(b"> [");
            for &(_, ch) in *range {
                out.push(b'<');
                let mut units = [0u16; 2];
                for u in ch.encode_utf16(&mut units) {
                    hex4(&mut out, *u);
                }
                out.push(b'>');
            }
            out.extend_from_slice(b"]\n");
        }
        out.extend_from_slice(b"endbfrange\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// `/W` entries for the codes whose width is not the default 1000: runs of
/// consecutive codes as `c [w1 w2 ...]`.
fn widths(ws: &[(u16, i64)]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut next = None;
    for &(c, w) in ws {
        if w == 1000 {
            continue;
        }
        if next != Some(c) && !run.is_empty() {
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            out.push(Object::Integer(i64::from(c)));
        }
        run.push(Object::Integer(w));
        next = Some(c + 1);
    }
    if !run.is_empty() {
        out.push(Object::Array(run));
    }
    out
}

/// Embed the subset of `face` holding `gids` (original glyph id → the
/// character it shows): font program, descriptor, CID font with widths,
/// ToUnicode map, and the Type 0 font that references them. Returns the
/// font's object and the codes of its glyphs.
fn embed_font(
    doc: &mut lopdf::Document,
    sh: &Shaper,
    face: FaceId,
    gids: &BTreeMap<u16, char>,
) -> Result<(ObjectId, Vec<u16>), PdfError> {
    let fd = sh
        .face_data(face)
        .ok_or_else(|| PdfError::Layout(format!("face {face:?} used but not loaded")))?;
    let metrics = sh
        .face(face)
        .ok_or_else(|| PdfError::Layout(format!("face {face:?} used but not parsed")))?;
    let sub = subset_face(fd, gids, &sh.fonts.charstrings[face as usize])
        .map_err(|e| PdfError::Write(format!("subsetting {}: {e}", fd.ps_name)))?;
    let upem = f64::from(metrics.units_per_em());
    let scale = |v: i16| (f64::from(v) * 1000.0 / upem).round() as i64;
    let bbox = metrics.global_bounding_box();
    let (program, subtype, file_key) = match sub.program {
        Program::Cff(bytes) => {
            let mut d = Dictionary::new();
            d.set("Subtype", name("CIDFontType0C"));
            (Stream::new(d, bytes), "CIDFontType0", "FontFile3")
        }
        Program::TrueType(bytes) => {
            let mut d = Dictionary::new();
            d.set("Length1", Object::Integer(bytes.len() as i64));
            (Stream::new(d, bytes), "CIDFontType2", "FontFile2")
        }
    };
    let program = doc.add_object(program);
    let ascent = scale(metrics.ascender());
    let descriptor = doc.add_object(Dictionary::from_iter(vec![
        ("Type", name("FontDescriptor")),
        ("FontName", name(&sub.name)),
        ("Flags", Object::Integer(32)),
        (
            "FontBBox",
            Object::Array(
                [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max]
                    .map(|v| Object::Integer(scale(v)))
                    .to_vec(),
            ),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", Object::Integer(ascent)),
        ("Descent", Object::Integer(scale(metrics.descender()))),
        ("CapHeight", Object::Integer(ascent)),
        ("StemV", Object::Integer(80)),
        (file_key, Object::Reference(program)),
    ]));
    let max_gid = sub.codes.keys().next_back().copied().unwrap_or(0);
    let mut codes = vec![0u16; usize::from(max_gid) + 1];
    let mut ws: Vec<(u16, i64)> = Vec::with_capacity(sub.codes.len());
    let mut chars: Vec<(u16, char)> = Vec::with_capacity(gids.len());
    for (&gid, &code) in &sub.codes {
        codes[usize::from(gid)] = code;
        let adv = metrics
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        // Truncated to 1/1000 em, exactly as the layout measured it.
        ws.push((code, (f64::from(adv) * 1000.0 / upem) as i64));
        if let Some(&ch) = gids.get(&gid) {
            chars.push((code, ch));
        }
    }
    ws.sort_unstable();
    chars.sort_unstable();
    let mut cid_font = Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name(subtype)),
        ("BaseFont", name(&sub.name)),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("DW", Object::Integer(1000)),
    ]);
    let w = widths(&ws);
    if !w.is_empty() {
        cid_font.set("W", Object::Array(w));
    }
    if subtype == "CIDFontType2" {
        cid_font.set("CIDToGIDMap", name("Identity"));
    }
    let cmap = doc.add_object(Stream::new(Dictionary::new(), to_unicode(&chars)));
    let font = doc.add_object(Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&sub.name)),
        ("Encoding", name("Identity-H")),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
        ("ToUnicode", Object::Reference(cmap)),
    ]));
    Ok((font, codes))
}

/// Serialize the page set.
pub(crate) fn write_pdf(
    set: &PageSet,
    meta: &PdfMeta,
    sh: &mut Shaper,
    key: &str,
) -> Result<Vec<u8>, PdfError> {
    // Page contents: the header's items, then the page's own.
    let headers: Vec<Vec<Item>> = set
        .pages
        .iter()
        .map(|p| match &p.header {
            Some((h, k, n)) => header_items(sh, h, *k, *n),
            None => Vec::new(),
        })
        .collect();
    let pages: Vec<Vec<&Item>> = set
        .pages
        .iter()
        .zip(&headers)
        .map(|(p, h)| h.iter().chain(p.items.iter()).collect())
        .collect();

    // Glyphs used per face → subsets.
    let mut used: BTreeMap<FaceId, BTreeMap<u16, char>> = BTreeMap::new();
    for items in &pages {
        for it in items {
            if let Item::Text { glyphs, .. } = it {
                for g in glyphs {
                    used.entry(g.face).or_default().entry(g.gid).or_insert(g.ch);
                }
            }
        }
    }
    let mut doc = lopdf::Document::with_version("1.7");
    let mut fonts = Dictionary::new();
    let mut codes: Codes = Default::default();
    for face in ALL_FACES {
        let Some(gids) = used.get(&face) else {
            continue;
        };
        let (id, c) = embed_font(&mut doc, sh, face, gids)?;
        fonts.set(format!("F{}", face as usize), Object::Reference(id));
        codes[face as usize] = c;
    }
    let resources = doc.add_object(Dictionary::from_iter(vec![(
        "Font",
        Object::Dictionary(fonts),
    )]));
    let pages_id = doc.new_object_id();
    let media_box = Object::Array([0.0, 0.0, PAGE_W, PAGE_H].map(Object::Real).to_vec());
    let mut kids = Vec::with_capacity(pages.len());
    for items in &pages {
        let content = doc.add_object(super::streams::compressed(
            Dictionary::new(),
            page_content(items, &codes),
        ));
        let page = doc.add_object(Dictionary::from_iter(vec![
            ("Type", name("Page")),
            ("Parent", Object::Reference(pages_id)),
            ("MediaBox", media_box.clone()),
            ("Resources", Object::Reference(resources)),
            ("Contents", Object::Reference(content)),
        ]));
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
        ("PageLayout", name("OneColumn")),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    super::outline::finish(
        &mut doc,
        set.pages.iter().map(|p| p.marks.as_slice()),
        meta,
        doc_id(key),
    )?;
    super::streams::compress_streams(&mut doc);
    let mut out = Vec::new();
    doc.save_with_options(&mut out, super::streams::save_options())
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// A page-independent /ID from the content key.
fn doc_id(key: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(16);
    for seed in [1u64, 2] {
        let mut h = Fnv::with_seed(seed);
        h.write(key.as_bytes());
        v.extend_from_slice(&h.finish().to_be_bytes());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::{Codes, Content, Item, PAGE_H, num, page_content, to_unicode};
    use crate::export::pdf::frame::PGlyph;
    use crate::export::pdf::style::TStyle;
    use crate::export::pdf::style::{FaceId, Role};

    fn n(v: f32) -> String {
        let mut out = Vec::new();
        num(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_have_two_decimals_and_no_float_noise() {
        assert_eq!(n(793.47003), "793.47");
        assert_eq!(n(841.89 - 36.0), "805.89");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(0.5), "0.5");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(-3.456), "-3.46");
        assert_eq!(n(0.05), "0.05");
    }

    /// The code → text pairs of a ToUnicode CMap (bfchar and bfrange,
    /// with a start value or an array of values).
    fn cmap_pairs(cmap: &str) -> Vec<(u16, String)> {
        let hex = |h: &str| u32::from_str_radix(h, 16).unwrap();
        let text = |h: &str| {
            let units: Vec<u16> = (0..h.len() / 4)
                .map(|k| hex(&h[4 * k..4 * k + 4]) as u16)
                .collect();
            String::from_utf16(&units).unwrap()
        };
        let mut out = Vec::new();
        let mut mode = "";
        for line in cmap.lines() {
            if line.ends_with("beginbfrange") || line.ends_with("beginbfchar") {
                mode = if line.ends_with("range") {
                    "range"
                } else {
                    "char"
                };
                continue;
            }
            if line.starts_with("end") || !line.starts_with('<') || mode.is_empty() {
                continue;
            }
            let toks: Vec<&str> = line
                .split(['<', '>', '[', ']', ' '])
                .filter(|t| !t.is_empty())
                .collect();
            if mode == "char" {
                out.push((hex(toks[0]) as u16, text(toks[1])));
                continue;
            }
            let (lo, hi) = (hex(toks[0]), hex(toks[1]));
            assert_eq!(lo >> 8, hi >> 8, "range {line} crosses a high byte");
            for c in lo..=hi {
                let k = (c - lo) as usize;
                out.push((c as u16, text(toks[2 + k])));
            }
        }
        out
    }

    #[test]
    fn to_unicode_lists_every_code_in_ranges_within_a_high_byte() {
        // Consecutive codes across a high-byte boundary, a gap, a character
        // outside the BMP, and more than 100 ranges.
        let mut chars: Vec<(u16, char)> = (1u16..=300)
            .map(|c| (c, char::from_u32(0x4E00 + u32::from(c) * 3).unwrap()))
            .collect();
        chars.push((302, '😀'));
        chars.extend((0..120u16).map(|k| (400 + 2 * k, 'a')));
        let cmap = String::from_utf8(to_unicode(&chars)).unwrap();
        let want: Vec<(u16, String)> = chars.iter().map(|&(c, ch)| (c, ch.to_string())).collect();
        assert_eq!(cmap_pairs(&cmap), want);
        assert!(!cmap.contains("beginbfchar"));
        for block in cmap.split("beginbfrange").skip(1) {
            assert!(block.lines().filter(|l| l.starts_with('<')).count() <= 100);
        }
    }

    #[test]
    fn text_lines_after_the_first_are_placed_relative_unless_slanted() {
        let mut c = Content::default();
        c.begin_text();
        c.place(61.7, 642.77, false);
        c.place(261.58, 642.77, false);
        c.place(61.7, 621.99, false);
        c.place(70.0, 600.0, true);
        c.place(80.0, 600.0, false);
        c.place(80.05, 590.0, false);
        c.end_text();
        c.begin_text();
        c.place(10.0, 20.0, false);
        c.end_text();
        assert_eq!(
            String::from_utf8(c.out).unwrap(),
            "BT\n61.7 642.77 Td\n199.88 0 Td\n-199.88 -20.78 Td\n\
             1 0 0.2 1 70 600 Tm\n1 0 0 1 80 600 Tm\n0.05 -10 Td\nET\n\
             BT\n10 20 Td\nET\n"
        );
    }

    fn content(items: &[Item]) -> String {
        let refs: Vec<&Item> = items.iter().collect();
        String::from_utf8(page_content(&refs, &Codes::default())).unwrap()
    }

    fn text(x: f32, y: f32) -> Item {
        Item::Text {
            x,
            y,
            glyphs: vec![PGlyph {
                ch: '營',
                face: FaceId::Cjk,
                gid: 1,
                x: 0.0,
                adv: 10.0,
                style: TStyle::new(Role::Body, 10.0),
            }],
        }
    }

    #[test]
    fn rules_are_drawn_once_joined_and_after_what_they_do_not_touch() {
        let grey = [0.5, 0.5, 0.5];
        let y = |v: f32| PAGE_H - v;
        let items = [
            // Row one: text, then its top, bottom and column rules.
            text(60.0, 120.0),
            Item::line(50.0, 100.0, 150.0, 100.0, grey, 0.6),
            Item::line(50.0, 130.0, 150.0, 130.0, grey, 0.6),
            Item::line(50.0, 100.0, 50.0, 130.0, grey, 0.6),
            // Row two: its top rule is row one's bottom rule again, its
            // column rule continues row one's, drawn the other way up.
            text(60.0, 150.0),
            Item::line(50.0, 130.0, 150.0, 130.0, grey, 0.6),
            Item::line(50.0, 160.0, 150.0, 160.0, grey, 0.6),
            Item::line(50.0, 160.0, 50.0, 130.0, grey, 0.6),
            // A piece of the same line further on, after a gap.
            Item::line(50.0, 170.0, 50.0, 180.0, grey, 0.6),
        ];
        let c = content(&items);
        let paths: Vec<&str> = c.lines().filter(|l| l.ends_with(" l")).collect();
        let (t, b, m) = (y(100.0), y(160.0), y(130.0));
        assert_eq!(
            paths,
            [
                format!("50 {b} m 150 {b} l"),
                format!("50 {m} m 150 {m} l"),
                format!("50 {t} m 150 {t} l"),
                format!("50 {} m 50 {} l", y(180.0), y(170.0)),
                format!("50 {b} m 50 {t} l"),
            ],
            "{c}"
        );
        // One path, after both rows' text, in one text object.
        assert_eq!(c.matches(" Td").count(), 2, "{c}");
        assert_eq!(c.matches("BT").count(), 1, "{c}");
        assert!(c.ends_with("l\nS\n"), "{c}");
        assert_eq!(c.matches("\nS\n").count(), 1, "{c}");
    }

    #[test]
    fn rules_are_drawn_before_a_fill_or_text_near_them_and_a_new_stroke() {
        let (grey, red) = ([0.5, 0.5, 0.5], [1.0, 0.0, 0.0]);
        let c = content(&[
            Item::line(50.0, 100.0, 150.0, 100.0, grey, 0.6),
            // A fill over the rule: the rule must stay under it.
            Item::Rect {
                x: 40.0,
                y: 95.0,
                w: 20.0,
                h: 10.0,
                fill: [0.9, 0.9, 0.9],
            },
            Item::line(50.0, 200.0, 150.0, 200.0, grey, 0.6),
            // Text on the rule: the rule must stay under it too.
            text(60.0, 205.0),
            Item::line(50.0, 300.0, 150.0, 300.0, grey, 0.6),
            Item::line(50.0, 310.0, 150.0, 310.0, red, 0.6),
        ]);
        let order: Vec<&str> = c
            .lines()
            .filter(|l| l.ends_with(" l") || l.ends_with("re f") || l.ends_with("Tj"))
            .collect();
        let y = |v: f32| PAGE_H - v;
        assert_eq!(order.len(), 6, "{c}");
        assert_eq!(order[0], format!("50 {} m 150 {} l", y(100.0), y(100.0)));
        assert!(order[1].ends_with("re f"), "{c}");
        assert_eq!(order[2], format!("50 {} m 150 {} l", y(200.0), y(200.0)));
        assert!(order[3].ends_with("Tj"), "{c}");
        assert_eq!(order[4], format!("50 {} m 150 {} l", y(300.0), y(300.0)));
        assert_eq!(order[5], format!("50 {} m 150 {} l", y(310.0), y(310.0)));
        assert_eq!(c.matches("\nS\n").count(), 4, "{c}");
        assert_eq!(c.matches(" RG").count(), 2, "{c}");
    }
}
