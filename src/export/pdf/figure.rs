//! Figures drawn from data (`gantt`, `xychart-beta` blocks): the layout of
//! [`crate::figures`], measured with the real font advances, as vectors.

use std::cell::RefCell;

use crate::diagram::Measure;
use crate::figures::{self, Anchor, Prim, Shape};

use super::fonts::Shaper;
use super::frame::{Item, VBox};
use super::style::Role;
use super::style::{BODY_BOTTOM, TStyle, body_top};
use super::text::shape_str;

struct FontMeasure<'s, 'f> {
    sh: RefCell<&'s mut Shaper<'f>>,
}

impl Measure for FontMeasure<'_, '_> {
    fn text_width(&self, text: &str, font_size: f32) -> f32 {
        self.sh.borrow_mut().width(text, Role::Body, font_size)
    }
}

fn grey(g: f32) -> [f32; 3] {
    [g, g, g]
}

/// A box holding the figure at the text width (scaled down to fit a page).
pub(crate) fn figure_box(sh: &mut Shaper, src: &str, width: f32) -> Result<VBox, String> {
    let fig = figures::parse(src).map_err(|e| e.to_string())?;
    let d = {
        let m = FontMeasure {
            sh: RefCell::new(&mut *sh),
        };
        figures::layout(&fig, &m, width)
    };
    let max_h = BODY_BOTTOM - body_top(true) - 24.0;
    let s = (max_h / d.height.max(1.0)).min(1.0);
    let ox = ((width - d.width * s) / 2.0).max(0.0);
    let oy = 4.0;
    let p = |x: f32, y: f32| (ox + x * s, oy + y * s);
    let mut items = Vec::new();
    for prim in &d.prims {
        match prim {
            Prim::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                grey: g,
                dash,
            } => {
                let (a, b) = (p(*x1, *y1), p(*x2, *y2));
                items.push(Item::Path {
                    pts: vec![(a.0, a.1, false), (b.0, b.1, false)],
                    stroke: Some((grey(*g), width * s)),
                    fill: None,
                    closed: false,
                    dash: *dash,
                });
            }
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                ..
            } => {
                let (a, b) = (p(*x, *y), p(x + w.max(0.0), y + h));
                items.push(Item::Path {
                    pts: vec![
                        (a.0, a.1, false),
                        (b.0, a.1, false),
                        (b.0, b.1, false),
                        (a.0, b.1, false),
                    ],
                    stroke: stroke.map(|g| (grey(g), 0.8 * s)),
                    fill: Some(grey(*fill)),
                    closed: true,
                    dash: false,
                });
            }
            Prim::Mark {
                shape,
                filled,
                x,
                y,
                r,
                ..
            } => {
                let (cx, cy) = p(*x, *y);
                let r = r * s;
                let ink = grey(0.1);
                let pts: Vec<(f32, f32, bool)> = match shape {
                    Shape::Circle => {
                        const K: f32 = 0.552_284_8;
                        let k = r * K;
                        vec![
                            (cx + r, cy, false),
                            (cx + r, cy + k, true),
                            (cx + k, cy + r, true),
                            (cx, cy + r, false),
                            (cx - k, cy + r, true),
                            (cx - r, cy + k, true),
                            (cx - r, cy, false),
                            (cx - r, cy - k, true),
                            (cx - k, cy - r, true),
                            (cx, cy - r, false),
                            (cx + k, cy - r, true),
                            (cx + r, cy - k, true),
                            (cx + r, cy, false),
                        ]
                    }
                    Shape::Square => {
                        let a = r * 0.85;
                        vec![
                            (cx - a, cy - a, false),
                            (cx + a, cy - a, false),
                            (cx + a, cy + a, false),
                            (cx - a, cy + a, false),
                        ]
                    }
                    Shape::Diamond => {
                        let a = r * 1.15;
                        vec![
                            (cx, cy - a, false),
                            (cx + a, cy, false),
                            (cx, cy + a, false),
                            (cx - a, cy, false),
                        ]
                    }
                    Shape::Triangle => vec![
                        (cx, cy - r, false),
                        (cx + r, cy + r * 0.8, false),
                        (cx - r, cy + r * 0.8, false),
                    ],
                    Shape::Cross => {
                        for (a, b) in [((-r, -r), (r, r)), ((-r, r), (r, -r))] {
                            items.push(Item::Path {
                                pts: vec![(cx + a.0, cy + a.1, false), (cx + b.0, cy + b.1, false)],
                                stroke: Some((ink, 2.0 * s)),
                                fill: None,
                                closed: false,
                                dash: false,
                            });
                        }
                        continue;
                    }
                };
                items.push(Item::Path {
                    pts,
                    stroke: Some((ink, if *filled { 1.0 } else { 1.3 })),
                    fill: Some(if *filled { ink } else { grey(1.0) }),
                    closed: true,
                    dash: false,
                });
            }
            Prim::Text {
                x,
                y,
                text,
                anchor,
                size,
                bold,
            } => {
                let role = if *bold { Role::Bold } else { Role::Body };
                let st = TStyle {
                    color: grey(0.07),
                    ..TStyle::new(role, size * s)
                };
                let (glyphs, w) = shape_str(sh, text, st);
                let (tx, ty) = p(*x, *y);
                let x0 = match anchor {
                    Anchor::Start => tx,
                    Anchor::Middle => tx - w / 2.0,
                    Anchor::End => tx - w,
                };
                items.push(Item::Text {
                    x: x0,
                    y: ty,
                    glyphs,
                });
            }
        }
    }
    Ok(VBox {
        h: d.height * s + 2.0 * oy,
        items,
        ..Default::default()
    })
}
