//! The bottom layer of the engine, with the style: what a laid-out page is
//! made of. Boxes (the unit the paginator places) hold items (text, rules,
//! fills, paths) in points, y measured downwards; the layout layer above
//! makes them and the writer beside it draws them.

use std::rc::Rc;

use super::style::{FaceId, TStyle};

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

/// Something drawn; coordinates in pt, y measured downwards from the top of
/// the box (later: of the page).
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// Glyphs on one baseline; glyph x values are relative to `x`.
    Text { x: f32, y: f32, glyphs: Vec<PGlyph> },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: [f32; 3],
    },
    /// Polyline (or polygon if `fill`/`closed`); bool = Bézier control point.
    Path {
        pts: Vec<(f32, f32, bool)>,
        stroke: Option<([f32; 3], f32)>,
        fill: Option<[f32; 3]>,
        closed: bool,
        dash: bool,
    },
}

impl Item {
    pub fn line(x1: f32, y1: f32, x2: f32, y2: f32, color: [f32; 3], width: f32) -> Item {
        Item::Path {
            pts: vec![(x1, y1, false), (x2, y2, false)],
            stroke: Some((color, width)),
            fill: None,
            closed: false,
            dash: false,
        }
    }

    pub fn shift(&mut self, dy: f32) {
        match self {
            Item::Text { y, .. } | Item::Rect { y, .. } => *y += dy,
            Item::Path { pts, .. } => pts.iter_mut().for_each(|p| p.1 += dy),
        }
    }
}

/// A vertical box: the unit the paginator places.
#[derive(Debug, Clone, Default)]
pub(crate) struct VBox {
    pub h: f32,
    /// Space above the box, dropped at the top of a page.
    pub gap: f32,
    pub items: Vec<Item>,
    /// Must stay on the same page as the next box.
    pub keep_next: bool,
    /// Repeated at the top of a page this box starts (a table's header row).
    pub header: Option<Rc<VBox>>,
    /// Bookmark: heading level and title.
    pub mark: Option<(u8, String)>,
    /// Block-quote bars (x positions) drawn along the box.
    pub bars: Vec<f32>,
    /// The bars also cover the gap above (inside one quote).
    pub bar_up: bool,
    /// Shorter variants (a diagram with tighter spacing), tallest first, for
    /// the foot of a page the box does not fit.
    pub alts: Vec<VBox>,
    /// A variant drawn smaller than the original, not only tighter: not used
    /// to bring two diagrams onto one page.
    pub scaled: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub level: u8,
    pub title: String,
    pub y: f32,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LaidPage {
    pub items: Vec<Item>,
    pub marks: Vec<Mark>,
}

#[derive(Debug)]
pub(crate) struct LaidDoc {
    pub pages: Vec<LaidPage>,
}

pub(crate) fn shift_x(it: &mut Item, dx: f32) {
    match it {
        Item::Text { x, .. } | Item::Rect { x, .. } => *x += dx,
        Item::Path { pts, .. } => pts.iter_mut().for_each(|p| p.0 += dx),
    }
}
