//! Pages → PDF: the per-page document-control header, content streams
//! written straight from the laid-out items (one hex string per run of
//! glyphs, numbers to two decimals), the fonts' subsets and dictionaries,
//! nested outline, metadata and a deterministic /ID, saved with object
//! streams and a cross-reference stream.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::fonts::{ALL_FACES, FaceId, Role, Shaper};
use super::frame::{Item, LaidDoc, LaidPage, Mark, PGlyph};
use super::style::{
    EDITION_H, HEADER_ROW_H, HEADER_TOP, MARGIN_X, MUTED, PAGE_H, PAGE_W, TEXT, TEXT_W, TStyle,
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

/// Coordinates and sizes: two decimals (1/7200 in, finer than any printer).
fn num(out: &mut Vec<u8>, v: f32) {
    num_scaled(out, v, 100);
}

/// A page's content stream, with the graphics state it has set so far so
/// that nothing is set twice.
#[derive(Default)]
struct Content {
    out: Vec<u8>,
    fill: Option<[f32; 3]>,
    stroke: Option<([f32; 3], f32)>,
    font: Option<(FaceId, f32)>,
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
        self.nums(&[x, PAGE_H - y - h, w, h]);
        self.op("re f");
    }

    /// A path through `pts` (y from the top of the page); a point marked
    /// `true` is the first of two Bézier control points before an end point.
    fn path(&mut self, pts: &[(f32, f32, bool)]) {
        let Some(&(x, y, _)) = pts.first() else {
            return;
        };
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

fn page_content(items: &[&Item], codes: &Codes) -> Vec<u8> {
    let mut c = Content::default();
    for it in items {
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
        c.fill([0.93, 0.93, 0.93]);
        c.nums(&[
            x0 + a.x - 1.5,
            PAGE_H - base - 0.28 * size,
            b.x + b.adv - a.x + 3.0,
            1.2 * size,
        ]);
        c.op("re f");
    }
    c.op("BT");
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
        let (x, y) = (x0 + g0.x, PAGE_H - base);
        if st.italic {
            c.out.extend_from_slice(b"1 0 0.2 1 ");
        } else {
            c.out.extend_from_slice(b"1 0 0 1 ");
        }
        c.nums(&[x, y]);
        c.op("Tm");
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
    c.op("ET");
    // Underline and strike-through.
    for g in glyphs
        .iter()
        .filter(|g| g.style.underline || g.style.strike)
    {
        let s = g.style.size;
        let (xa, xb) = (x0 + g.x, x0 + g.x + g.adv);
        let mut line = |dy: f32| {
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
fn to_unicode(chars: &[(u16, char)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * chars.len() / 4 + 400);
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries a block.
    for block in chars.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for &(code, ch) in block {
            out.push(b'<');
            hex4(&mut out, code);
            out.extend_from_slice(b"> <");
            let mut units = [0u16; 2];
            for u in ch.encode_utf16(&mut units) {
                hex4(&mut out, *u);
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
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
        let content = doc.add_object(Stream::new(Dictionary::new(), page_content(items, &codes)));
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
    super::outline::finish(&mut doc, set, meta, key)?;
    super::streams::compress_streams(&mut doc);
    let mut out = Vec::new();
    doc.save_with_options(&mut out, super::streams::save_options())
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// A page-independent /ID from the content key.
pub(crate) fn doc_id(key: &str) -> Vec<u8> {
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
    use super::num;

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
}
