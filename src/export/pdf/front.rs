//! Front matter of a document set: cover page and table of contents.

use super::emit::PageSet;
use super::fonts::Shaper;
use super::frame::{Item, LaidPage, VBox};
use super::markdown::Align;
use super::paginate::paginate;
use super::style::Role;
use super::style::{BODY_BOTTOM, MARGIN_X, MUTED, RULE, TEXT_W, TStyle};
use super::text::{ParaOpts, Run, break_lines, shape_str};
use super::{Cover, PageHeader};

const TOC_TOP: f32 = 64.0;

fn centered(sh: &mut Shaper, text: &str, st: TStyle, y: f32, items: &mut Vec<Item>) -> f32 {
    let o = ParaOpts {
        width: TEXT_W,
        justify: false,
        align: Align::Center,
        leading: 1.35,
        base: st,
        hang: false,
    };
    let runs = [Run {
        text: text.to_string(),
        style: st,
    }];
    let mut y = y;
    for line in break_lines(sh, &runs, &o) {
        items.push(Item::Text {
            x: MARGIN_X,
            y: y + line.baseline,
            glyphs: line.glyphs,
        });
        y += line.height;
    }
    y
}

fn cover_page(sh: &mut Shaper, cover: &Cover) -> LaidPage {
    let mut items = Vec::new();
    let org = TStyle {
        color: MUTED,
        ..TStyle::new(Role::Body, 14.0)
    };
    let mut y = centered(sh, &cover.organization, org, 230.0, &mut items);
    y = centered(
        sh,
        &cover.title,
        TStyle::new(Role::Bold, 24.0),
        y + 18.0,
        &mut items,
    );
    y += 14.0;
    items.push(Item::line(
        MARGIN_X + 60.0,
        y,
        MARGIN_X + TEXT_W - 60.0,
        y,
        RULE,
        0.8,
    ));
    y += 40.0;
    for l in &cover.lines {
        y = centered(sh, l, TStyle::new(Role::Body, 12.0), y, &mut items) + 6.0;
    }
    LaidPage {
        items,
        marks: Vec::new(),
    }
}

/// TOC pages; `starts[i]` is the page number document `i` starts on.
fn toc_pages(
    sh: &mut Shaper,
    cover: &Cover,
    docs: &[&PageHeader],
    starts: &[usize],
) -> Vec<LaidPage> {
    let mut boxes = Vec::new();
    let title = TStyle::new(Role::Bold, 17.0);
    let (glyphs, _) = shape_str(sh, &cover.toc_title, title);
    boxes.push(VBox {
        h: 38.0,
        items: vec![
            Item::Text {
                x: MARGIN_X,
                y: 22.0,
                glyphs,
            },
            Item::line(
                MARGIN_X,
                31.0,
                MARGIN_X + TEXT_W,
                31.0,
                [0.3, 0.3, 0.3],
                1.0,
            ),
        ],
        mark: Some((0, cover.toc_title.clone())),
        ..Default::default()
    });
    // The documents' pages carry the edition in their header; the contents page
    // says it too, so that every page of the set shows which edition it is.
    if let Some(edition) = docs.first().and_then(|h| h.edition.as_ref()) {
        let (glyphs, _) = shape_str(
            sh,
            edition,
            TStyle {
                color: MUTED,
                ..TStyle::new(Role::Body, 9.0)
            },
        );
        boxes.push(VBox {
            h: 18.0,
            items: vec![Item::Text {
                x: MARGIN_X,
                y: 9.0,
                glyphs,
            }],
            ..Default::default()
        });
    }
    let st = TStyle::new(Role::Body, 11.0);
    // Numbers in a column of their own, so the titles line up; a long number
    // wraps within its column (at most 30% of the width) rather than pushing the
    // titles off the page.
    let num_w = docs
        .iter()
        .map(|d| shape_str(sh, &d.number, st).1)
        .fold(0f32, f32::max)
        .min(0.3 * TEXT_W);
    let title_x = if num_w > 0.0 {
        num_w + 1.2 * st.size
    } else {
        0.0
    };
    let opts = |width: f32| ParaOpts {
        width,
        justify: false,
        align: Align::Left,
        leading: 1.5,
        base: st,
        hang: false,
    };
    for (doc, start) in docs.iter().zip(starts) {
        let num = start.to_string();
        let (ng, nw) = shape_str(sh, &num, st);
        let run = |text: &str| Run {
            text: text.to_string(),
            style: st,
        };
        let lines = break_lines(sh, &[run(&doc.title)], &opts(TEXT_W - title_x - 48.0));
        let mut items = Vec::new();
        let mut ny = 0.0f32;
        if !doc.number.is_empty() {
            for line in break_lines(sh, &[run(&doc.number)], &opts(num_w.max(st.size))) {
                items.push(Item::Text {
                    x: MARGIN_X,
                    y: ny + line.baseline,
                    glyphs: line.glyphs,
                });
                ny += line.height;
            }
        }
        let mut y = 0.0;
        let mut last = (0.0, 0.0);
        for line in lines {
            last = (y + line.baseline, title_x + line.width);
            items.push(Item::Text {
                x: MARGIN_X + title_x,
                y: y + line.baseline,
                glyphs: line.glyphs,
            });
            y += line.height;
        }
        let y = y.max(ny);
        let (base, w) = last;
        items.push(Item::Text {
            x: MARGIN_X + TEXT_W - nw,
            y: base,
            glyphs: ng,
        });
        // Dot leaders on a fixed grid so the columns of dots line up.
        let dot = TStyle { color: MUTED, ..st };
        let (dg, _) = shape_str(sh, ".", dot);
        let mut dots = Vec::new();
        let step = 5.0;
        let mut dx = ((w + 8.0) / step).ceil() * step;
        while dx < TEXT_W - nw - 8.0 {
            if let Some(g) = dg.first() {
                let mut g = g.clone();
                g.x = dx;
                dots.push(g);
            }
            dx += step;
        }
        items.push(Item::Text {
            x: MARGIN_X,
            y: base,
            glyphs: dots,
        });
        boxes.push(VBox {
            h: y,
            gap: 5.0,
            items,
            ..Default::default()
        });
    }
    paginate(boxes, TOC_TOP, BODY_BOTTOM)
}

/// Cover page and table of contents (page numbers are absolute PDF pages);
/// `pages[i]` is the length of document `i`.
pub(crate) fn push_cover_and_toc(
    set: &mut PageSet,
    cover: &Cover,
    docs: &[&PageHeader],
    pages: &[usize],
    sh: &mut Shaper,
) {
    let placeholder = vec![9999; docs.len()];
    let toc_len = toc_pages(sh, cover, docs, &placeholder).len();
    let mut starts = Vec::with_capacity(docs.len());
    let mut next = 1 + toc_len + 1;
    for n in pages {
        starts.push(next);
        next += n;
    }
    set.push_plain(cover_page(sh, cover));
    for p in toc_pages(sh, cover, docs, &starts) {
        set.push_plain(p);
    }
}
