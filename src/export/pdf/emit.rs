//! Pages → printpdf ops → lopdf document: per-page document-control header,
//! font subsets, nested outline, metadata, deterministic /ID.

use std::collections::BTreeMap;
use std::rc::Rc;

use printpdf::{
    Color, FontId, Line as PLine, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix,
    WindingOrder,
};

use super::fonts::{ALL_FACES, FaceId, Role, Shaper};
use super::layout::{
    EDITION_H, HEADER_ROW_H, HEADER_TOP, Item, LaidDoc, LaidPage, MARGIN_X, MUTED, Mark, PAGE_H,
    TEXT, TEXT_W,
};
use super::subset::{Fnv, subset_face};
use super::text::{PGlyph, TStyle, shape_str};
use super::{PageHeader, PdfError, PdfMeta};

pub(crate) struct OutPage {
    pub items: Vec<Item>,
    /// Header, page k (1-based) of n within its document.
    pub header: Option<(Rc<PageHeader>, usize, usize)>,
    pub marks: Vec<Mark>,
}

#[derive(Default)]
pub(crate) struct PageSet {
    pub pages: Vec<OutPage>,
}

impl PageSet {
    /// Append a document's pages; `doc_mark` adds a bookmark for the document
    /// itself (in a set), under which its headings nest.
    pub fn push_document(&mut self, doc: &LaidDoc, header: PageHeader, doc_mark: Option<String>) {
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
                items: p.items.clone(),
                header: Some((header.clone(), k + 1, n)),
                marks,
            });
        }
    }

    pub fn push_plain(&mut self, p: LaidPage) {
        self.pages.push(OutPage {
            items: p.items,
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

fn rgb(c: [f32; 3]) -> Color {
    Color::Rgb(Rgb::new(c[0], c[1], c[2], None))
}

fn font_id(f: FaceId) -> FontId {
    FontId(format!("F{}", f as usize))
}

fn pt(x: f32, y: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - y),
    }
}

/// The graphics state a page's ops have set, so that nothing is set twice.
#[derive(Default)]
struct Ops {
    ops: Vec<Op>,
    fill: Option<[f32; 3]>,
    stroke: Option<([f32; 3], f32)>,
    font: Option<(FaceId, f32)>,
}

impl Ops {
    fn fill(&mut self, c: [f32; 3]) {
        if self.fill != Some(c) {
            self.fill = Some(c);
            self.ops.push(Op::SetFillColor { col: rgb(c) });
        }
    }

    fn stroke(&mut self, c: [f32; 3], w: f32) {
        let old = self.stroke.replace((c, w));
        if old.is_none_or(|o| o.0 != c) {
            self.ops.push(Op::SetOutlineColor { col: rgb(c) });
        }
        if old.is_none_or(|o| o.1 != w) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(w) });
        }
    }

    fn font(&mut self, face: FaceId, size: f32) {
        if self.font != Some((face, size)) {
            self.font = Some((face, size));
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size: Pt(size),
            });
        }
    }

    fn push(&mut self, op: Op) {
        self.ops.push(op);
    }
}

/// Ops for one page; glyph ids are already the subset's.
fn page_ops(items: &[Item], remap: &BTreeMap<FaceId, BTreeMap<u16, u16>>) -> Vec<Op> {
    let mut ops = Ops::default();
    for it in items {
        match it {
            Item::Rect { x, y, w, h, fill } => {
                ops.fill(*fill);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Path {
                pts,
                stroke,
                fill,
                closed,
                dash,
            } => {
                let points: Vec<LinePoint> = pts
                    .iter()
                    .map(|&(x, y, bezier)| LinePoint {
                        p: pt(x, y),
                        bezier,
                    })
                    .collect();
                if let Some((c, w)) = stroke {
                    ops.stroke(*c, *w);
                }
                if *dash {
                    ops.push(Op::SetLineDashPattern {
                        dash: printpdf::LineDashPattern::new(0.0, &[3.0, 2.0]),
                    });
                }
                if let Some(f) = fill {
                    ops.fill(*f);
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing { points }],
                            mode: if stroke.is_some() {
                                PaintMode::FillStroke
                            } else {
                                PaintMode::Fill
                            },
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                } else {
                    ops.push(Op::DrawLine {
                        line: PLine {
                            points,
                            is_closed: *closed,
                        },
                    });
                }
                if *dash {
                    ops.push(Op::SetLineDashPattern {
                        dash: printpdf::LineDashPattern::solid(),
                    });
                }
            }
            Item::Text { x, y, glyphs } => text_ops(&mut ops, *x, *y, glyphs, remap),
        }
    }
    ops.ops
}

fn text_ops(
    ops: &mut Ops,
    x0: f32,
    base: f32,
    glyphs: &[PGlyph],
    remap: &BTreeMap<FaceId, BTreeMap<u16, u16>>,
) {
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
        ops.fill([0.93, 0.93, 0.93]);
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x0 + a.x - 1.5),
                y: Pt(PAGE_H - base - 0.28 * size),
                width: Pt(b.x + b.adv - a.x + 3.0),
                height: Pt(1.2 * size),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }
    ops.push(Op::StartTextSection);
    let mut k = 0;
    while k < glyphs.len() {
        let g0 = &glyphs[k];
        let st = g0.style;
        let mut e = k + 1;
        while e < glyphs.len() && glyphs[e].face == g0.face && same_look(&glyphs[e].style, &st) {
            e += 1;
        }
        ops.font(g0.face, st.size);
        ops.fill(st.color);
        let (x, y) = (x0 + g0.x, PAGE_H - base);
        let matrix = if st.italic {
            TextMatrix::Raw([1.0, 0.0, 0.2, 1.0, x, y])
        } else {
            TextMatrix::Translate(Pt(x), Pt(y))
        };
        ops.push(Op::SetTextMatrix { matrix });
        let map = remap.get(&g0.face);
        let cps = (k..e)
            .map(|i| {
                let g = &glyphs[i];
                let next_x = if i + 1 < e {
                    glyphs[i + 1].x
                } else {
                    g.x + g.adv
                };
                let delta = next_x - (g.x + g.adv);
                let offset = if delta.abs() > 0.001 {
                    -delta * 1000.0 / st.size
                } else {
                    0.0
                };
                let gid = map.and_then(|m| m.get(&g.gid)).copied().unwrap_or(0);
                printpdf::text::Codepoint::with_cid(gid, offset, g.ch.to_string())
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(cps)],
        });
        k = e;
    }
    ops.push(Op::EndTextSection);
    // Underline and strike-through.
    for g in glyphs
        .iter()
        .filter(|g| g.style.underline || g.style.strike)
    {
        let s = g.style.size;
        let (xa, xb) = (x0 + g.x, x0 + g.x + g.adv);
        let mut line = |dy: f32| {
            ops.stroke(g.style.color, s * 0.05);
            ops.push(Op::DrawLine {
                line: PLine {
                    points: vec![
                        LinePoint {
                            p: pt(xa, base + dy),
                            bezier: false,
                        },
                        LinePoint {
                            p: pt(xb, base + dy),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
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

/// Serialize the page set.
pub(crate) fn write_pdf(
    set: &PageSet,
    meta: &PdfMeta,
    sh: &mut Shaper,
    key: &str,
) -> Result<Vec<u8>, PdfError> {
    // Page contents including headers.
    let pages: Vec<Vec<Item>> = set
        .pages
        .iter()
        .map(|p| {
            let mut items = Vec::new();
            if let Some((h, k, n)) = &p.header {
                items.extend(header_items(sh, h, *k, *n));
            }
            items.extend(p.items.iter().cloned());
            items
        })
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
    let mut doc = PdfDocument::new(&meta.title);
    let mut remap = BTreeMap::new();
    for face in ALL_FACES {
        let Some(gids) = used.get(&face) else {
            continue;
        };
        let fd = sh
            .face_data(face)
            .ok_or_else(|| PdfError::Layout(format!("face {face:?} used but not loaded")))?;
        let sub = subset_face(fd, gids)
            .map_err(|e| PdfError::Write(format!("subsetting {}: {e}", fd.ps_name)))?;
        let mut warns = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warns)
            .ok_or_else(|| PdfError::Write(format!("cannot parse the subset of {}", fd.ps_name)))?;
        parsed.font_name = Some(sub.name.clone());
        doc.resources
            .fonts
            .map
            .insert(font_id(face), printpdf::PdfFont::new(parsed));
        remap.insert(face, sub.remap);
    }
    doc.pages = pages
        .iter()
        .map(|items| {
            PdfPage::new(
                printpdf::Mm(210.0),
                printpdf::Mm(297.0),
                page_ops(items, &remap),
            )
        })
        .collect();
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warns = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warns);
    super::outline::finish(&mut lo, set, meta, key)?;
    super::streams::slim_fonts(&mut lo);
    super::streams::trim_widths(&mut lo);
    super::streams::compress_streams(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
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
