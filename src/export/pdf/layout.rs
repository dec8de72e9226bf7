//! Block layout: Markdown blocks become vertical boxes (one per line, table
//! row, rule, diagram), which the paginator stacks onto A4 pages, keeping
//! headings with what follows and avoiding orphan/widow lines.

use super::fonts::Shaper;
use super::frame::{Item, LaidDoc, VBox, shift_x};
use super::markdown::{self, Align, Block, Inlines, ListItem};
use super::style::Role;
use super::style::{
    BODY_BOTTOM, BODY_SIZE, CODE_BG, MARGIN_X, MUTED, RULE, TEXT_W, TStyle, body_top,
};
use super::text::{Line, ParaOpts, Run, break_lines, runs};
use super::{PdfDoc, PdfError, Warning};

const PARA_GAP: f32 = 6.0;
/// Typeset one document's body into pages.
pub(crate) fn layout_document(
    doc: &PdfDoc,
    sh: &mut Shaper,
    warnings: &mut Vec<Warning>,
) -> Result<LaidDoc, PdfError> {
    let (blocks, flattened) = markdown::parse_limited(doc.markdown);
    if flattened > 0 {
        warnings.push(Warning {
            document: doc.id.clone(),
            message: crate::export::nesting::warning(flattened),
        });
    }
    let mut l = Layouter {
        sh,
        out: Vec::new(),
        notes: Vec::new(),
    };
    let ctx = Ctx {
        x: MARGIN_X,
        w: TEXT_W,
        bars: Vec::new(),
        depth: 0,
    };
    l.blocks(&blocks, &ctx, 0.0);
    let Layouter { sh, out, notes } = l;
    let pages = super::paginate::paginate(
        out,
        body_top(doc.header.edition.is_some() || doc.header.draft.is_some()),
        BODY_BOTTOM,
    );
    for n in notes {
        warnings.push(Warning {
            document: doc.id.clone(),
            message: n,
        });
    }
    for c in sh.take_missing() {
        warnings.push(Warning {
            document: doc.id.clone(),
            message: format!("no font has a glyph for U+{:04X} '{c}'", c as u32),
        });
    }
    Ok(LaidDoc { pages })
}

#[derive(Clone)]
struct Ctx {
    pub x: f32,
    pub w: f32,
    pub bars: Vec<f32>,
    pub depth: usize,
}

struct Layouter<'s, 'f> {
    pub sh: &'s mut Shaper<'f>,
    pub out: Vec<VBox>,
    pub notes: Vec<String>,
}

fn heading_style(level: u8) -> (f32, f32) {
    // (size, gap before)
    match level {
        1 => (17.0, 18.0),
        2 => (14.5, 16.0),
        3 => (12.5, 12.0),
        4 => (11.5, 10.0),
        _ => (BODY_SIZE, 8.0),
    }
}

impl Layouter<'_, '_> {
    pub fn push(&mut self, mut b: VBox, ctx: &Ctx) {
        b.bars = ctx.bars.clone();
        self.out.push(b);
    }

    /// One box per line, with orphan/widow control.
    pub fn lines(&mut self, lines: Vec<Line>, x: f32, ctx: &Ctx, gap: f32) {
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            let b = VBox {
                h: line.height,
                gap: if k == 0 { gap } else { 0.0 },
                items: vec![Item::Text {
                    x,
                    y: line.baseline,
                    glyphs: line.glyphs,
                }],
                keep_next: n >= 2 && (k == 0 || k + 2 == n),
                ..Default::default()
            };
            self.push(b, ctx);
        }
    }

    pub fn blocks(&mut self, blocks: &[Block], ctx: &Ctx, first_gap: f32) {
        for (k, b) in blocks.iter().enumerate() {
            let gap = if k == 0 { first_gap } else { PARA_GAP };
            let first = self.out.len();
            self.block(b, ctx, gap);
            // A short paragraph (or a list of one short item, "2. 主機房狀況")
            // just before a table introduces it: it goes to the next page
            // with the table's head and first rows, as a heading does.
            if matches!(blocks.get(k + 1), Some(Block::Table { .. }))
                && markdown::introduction(b).is_some()
                && self.out.len() - first <= markdown::INTRO_LINES
                && let Some(last) = self.out.last_mut()
            {
                last.keep_next = true;
            }
            // A figure stays with its caption ("圖 1：…").
            if matches!(b, Block::Code { lang, .. } if lang.eq_ignore_ascii_case("mermaid"))
                && let Some(Block::Para(next)) = blocks.get(k + 1)
                && crate::diagram::is_caption(&markdown::plain(next))
                && let Some(last) = self.out.last_mut()
            {
                last.keep_next = true;
            }
        }
    }

    fn block(&mut self, b: &Block, ctx: &Ctx, gap: f32) {
        match b {
            Block::Heading { level, text } => self.heading(*level, text, ctx, gap),
            Block::Para(inl) => {
                let base = TStyle::new(Role::Body, BODY_SIZE);
                let r = runs(&markdown::trim(inl.clone()), base);
                let o = ParaOpts {
                    width: ctx.w,
                    justify: true,
                    align: Align::Left,
                    leading: 1.65,
                    base,
                    hang: false,
                };
                let lines = break_lines(self.sh, &r, &o);
                let first = self.out.len();
                self.lines(lines, ctx.x, ctx, gap);
                // A paragraph introducing what follows ("…如下：") stays with it.
                let text = markdown::plain(inl);
                if text.ends_with('：') || text.ends_with(':') {
                    if let Some(last) = self.out.get_mut(first..).and_then(<[VBox]>::last_mut) {
                        last.keep_next = true;
                    }
                }
            }
            Block::List {
                start,
                tight,
                items,
            } => self.list(*start, *tight, items, ctx, gap),
            Block::Code { lang, text } => {
                if lang.eq_ignore_ascii_case("mermaid") {
                    match super::diagram::diagram_box(self.sh, text, ctx.w) {
                        Ok(mut vb) => {
                            vb.gap = gap.max(PARA_GAP);
                            let alts = vb.alts.iter_mut().map(|a| &mut a.items);
                            for it in std::iter::once(&mut vb.items).chain(alts).flatten() {
                                shift_x(it, ctx.x);
                            }
                            self.push(vb, ctx);
                            return;
                        }
                        Err(e) => self.notes.push(format!(
                            "mermaid diagram could not be drawn ({e}); typeset as code"
                        )),
                    }
                }
                self.code(text, ctx, gap);
            }
            Block::Quote(inner) => {
                let mut sub = ctx.clone();
                sub.bars.push(ctx.x + 1.0);
                sub.x += 13.0;
                sub.w -= 13.0;
                let first = self.out.len();
                self.blocks(inner, &sub, gap);
                for b in self.out.iter_mut().skip(first + 1) {
                    b.bar_up = true;
                }
            }
            Block::Rule => {
                let b = VBox {
                    h: 16.0,
                    gap,
                    items: vec![Item::line(ctx.x, 8.0, ctx.x + ctx.w, 8.0, RULE, 0.6)],
                    ..Default::default()
                };
                self.push(b, ctx);
            }
            Block::Table { aligns, head, rows } => {
                let boxes = super::table::table(
                    self.sh,
                    aligns,
                    head,
                    rows,
                    (ctx.x, ctx.w),
                    gap.max(PARA_GAP),
                );
                self.out.reserve(boxes.len());
                for b in boxes {
                    self.push(b, ctx);
                }
            }
        }
    }

    fn heading(&mut self, level: u8, text: &Inlines, ctx: &Ctx, gap: f32) {
        let (size, before) = heading_style(level);
        let mut base = TStyle::new(Role::Bold, size);
        if level >= 6 {
            base.color = MUTED;
        }
        let r = runs(&markdown::trim(text.clone()), base);
        let o = ParaOpts {
            width: ctx.w,
            justify: false,
            align: Align::Left,
            leading: 1.4,
            base,
            hang: false,
        };
        let lines = break_lines(self.sh, &r, &o);
        let n = lines.len();
        let after = if level <= 2 { 7.0 } else { 3.0 };
        for (k, line) in lines.into_iter().enumerate() {
            let mut b = VBox {
                h: line.height,
                gap: if k == 0 { gap.max(before) } else { 0.0 },
                items: vec![Item::Text {
                    x: ctx.x,
                    y: line.baseline,
                    glyphs: line.glyphs,
                }],
                keep_next: true,
                ..Default::default()
            };
            if k == 0 {
                b.mark = Some((level, markdown::plain(text)));
            }
            if k + 1 == n {
                b.h += after;
                if level <= 2 {
                    let y = line.height + 2.5;
                    let (c, w) = if level == 1 {
                        ([0.3, 0.3, 0.3], 1.0)
                    } else {
                        (RULE, 0.5)
                    };
                    b.items.push(Item::line(ctx.x, y, ctx.x + ctx.w, y, c, w));
                }
            }
            self.push(b, ctx);
        }
    }

    fn list(&mut self, start: Option<u64>, tight: bool, items: &[ListItem], ctx: &Ctx, gap: f32) {
        let marker_size = BODY_SIZE;
        let markers: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(k, it)| match (it.task, start) {
                (Some(true), _) => "☑".to_string(),
                (Some(false), _) => "☐".to_string(),
                (None, Some(s)) => format!("{}.", s + k as u64),
                (None, None) => ["•", "◦", "▪"][ctx.depth % 3].to_string(),
            })
            .collect();
        let widest = markers
            .iter()
            .map(|m| self.sh.width(m, Role::Body, marker_size))
            .fold(0f32, f32::max);
        let indent = (widest + 6.0).max(16.0);
        let mut sub = ctx.clone();
        sub.x += indent;
        sub.w -= indent;
        sub.depth += 1;
        for (k, (item, marker)) in items.iter().zip(&markers).enumerate() {
            let item_gap = if k == 0 {
                gap
            } else if tight {
                2.0
            } else {
                PARA_GAP
            };
            let first = self.out.len();
            if item.blocks.is_empty() {
                self.lines(
                    vec![Line {
                        glyphs: Vec::new(),
                        width: 0.0,
                        height: marker_size * 1.65,
                        baseline: marker_size * 1.25,
                    }],
                    sub.x,
                    &sub,
                    item_gap,
                );
            } else {
                self.blocks(&item.blocks, &sub, item_gap);
            }
            let Some(fb) = self.out.get_mut(first) else {
                continue;
            };
            let baseline = fb
                .items
                .iter()
                .find_map(|it| match it {
                    Item::Text { y, .. } => Some(*y),
                    _ => None,
                })
                .unwrap_or(marker_size * 1.25);
            let mut st = TStyle::new(Role::Body, marker_size);
            if item.task.is_none() && start.is_none() {
                st.color = [0.3, 0.3, 0.3];
            }
            let r = [Run {
                text: marker.clone(),
                style: st,
            }];
            let o = ParaOpts {
                width: indent,
                justify: false,
                align: Align::Left,
                leading: 1.0,
                base: st,
                hang: false,
            };
            let mline = break_lines(self.sh, &r, &o).remove(0);
            let mx = sub.x - 5.0 - mline.width;
            if let Some(fb) = self.out.get_mut(first) {
                fb.items.push(Item::Text {
                    x: mx,
                    y: baseline,
                    glyphs: mline.glyphs,
                });
            }
        }
    }

    fn code(&mut self, text: &str, ctx: &Ctx, gap: f32) {
        let pad = 6.0;
        let st = TStyle {
            color: [0.15, 0.15, 0.15],
            ..TStyle::new(Role::Mono, 9.0)
        };
        let o = ParaOpts {
            width: ctx.w - 2.0 * pad,
            justify: false,
            align: Align::Left,
            leading: 1.45,
            base: st,
            hang: false,
        };
        let r = [Run {
            text: text.replace('\t', "    "),
            style: st,
        }];
        let lines = break_lines(self.sh, &r, &o);
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            let top = if k == 0 { pad } else { 0.0 };
            let bottom = if k + 1 == n { pad } else { 0.0 };
            let h = line.height + top + bottom;
            let b = VBox {
                h,
                gap: if k == 0 { gap.max(PARA_GAP) } else { 0.0 },
                items: vec![
                    Item::Rect {
                        x: ctx.x,
                        y: 0.0,
                        w: ctx.w,
                        h,
                        fill: CODE_BG,
                    },
                    Item::Text {
                        x: ctx.x + pad,
                        y: top + line.baseline,
                        glyphs: line.glyphs,
                    },
                ],
                keep_next: n >= 2 && (k == 0 || k + 2 == n),
                ..Default::default()
            };
            self.push(b, ctx);
        }
    }
}
