//! Mermaid flowcharts (```` ```mermaid ```` blocks) drawn as vector graphics
//! with the crate's diagram layout, measured with the real font advances.

use std::cell::RefCell;

use crate::diagram::{self, EdgeStyle, LINE_HEIGHT, Measure, Shape};

use super::fonts::Shaper;
use super::frame::{Item, VBox};
use super::style::Role;
use super::style::{BODY_BOTTOM, TEXT, TStyle, body_top};
use super::text::shape_str;

const FONT_SIZE: f32 = 9.5;
const NODE_FILL: [f32; 3] = [0.93, 0.95, 0.98];
const STROKE: [f32; 3] = [0.25, 0.32, 0.42];
const EDGE: [f32; 3] = [0.3, 0.3, 0.3];
/// Cubic Bézier approximation of a quarter circle.
const KAPPA: f32 = 0.552_284_8;

struct FontMeasure<'s, 'f> {
    sh: RefCell<&'s mut Shaper<'f>>,
}

impl Measure for FontMeasure<'_, '_> {
    fn text_width(&self, text: &str, font_size: f32) -> f32 {
        self.sh.borrow_mut().width(text, Role::Body, font_size)
    }
}

/// Compact variants, tried when the diagram does not fit the rest of a page:
/// gap between ranks and scale (the text stays at least 8.5 pt).
const COMPACT: [(f32, f32); 3] = [(21.0, 1.0), (15.0, 1.0), (15.0, 0.9)];

/// A box holding the diagram, scaled down to `width` (and to a page height),
/// with more compact variants (smaller gaps between ranks) for the paginator
/// to use at the foot of a page. Item x values are relative to the left edge
/// of the text column.
pub(crate) fn diagram_box(sh: &mut Shaper, src: &str, width: f32) -> Result<VBox, String> {
    if crate::figures::is_figure(src) {
        return super::figure::figure_box(sh, src, width);
    }
    let graph = diagram::parse(src).map_err(|e| e.to_string())?;
    if graph.nodes.is_empty() {
        return Err("the diagram has no nodes".into());
    }
    let style = diagram::Style {
        font_size: FONT_SIZE,
        max_width: width,
        ..Default::default()
    };
    let mut b = draw(sh, &graph, &style, width, 1.0);
    for (v_gap, scale) in COMPACT {
        let alt = draw(
            sh,
            &graph,
            &diagram::Style {
                v_gap,
                ..style.clone()
            },
            width,
            scale,
        );
        if alt.h < b.alts.last().map_or(b.h, |a| a.h) - 1.0 {
            b.alts.push(VBox {
                scaled: scale < 1.0,
                ..alt
            });
        }
    }
    Ok(b)
}

fn draw(
    sh: &mut Shaper,
    graph: &diagram::Graph,
    style: &diagram::Style,
    width: f32,
    scale: f32,
) -> VBox {
    let lay = {
        let m = FontMeasure {
            sh: RefCell::new(&mut *sh),
        };
        diagram::layout(graph, &m, style)
    };
    let max_h = BODY_BOTTOM - body_top(true) - 24.0;
    let s = (width / lay.width.max(1.0))
        .min(max_h / lay.height.max(1.0))
        .min(1.0)
        * scale;
    let ox = ((width - lay.width * s) / 2.0).max(0.0);
    let oy = 4.0;
    let p = |x: f32, y: f32| (ox + x * s, oy + y * s);
    let mut items = Vec::new();

    let mut lines: Vec<(Vec<(f32, f32)>, bool)> = Vec::new();
    let mut heads = Vec::new();
    for e in &lay.edges {
        if e.points.len() < 2 {
            continue;
        }
        let mut line: Vec<(f32, f32)> = e.points.iter().map(|&(x, y)| p(x, y)).collect();
        let (x2, y2) = e.points[e.points.len() - 1];
        let (x1, y1) = e.points[e.points.len() - 2];
        let head = !matches!(e.style, EdgeStyle::Line);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(0.01);
        let (ux, uy) = (dx / len, dy / len);
        let hl = 6.5 * s.max(0.6);
        if head {
            // Stop the line at the arrow's base so it does not poke through.
            if let Some(last) = line.last_mut() {
                last.0 -= ux * hl * 0.8;
                last.1 -= uy * hl * 0.8;
            }
            let (tx, ty) = p(x2, y2);
            let (bx, by) = (tx - ux * hl, ty - uy * hl);
            let (nx, ny) = (-uy * hl * 0.4, ux * hl * 0.4);
            heads.push(Item::Path {
                pts: vec![
                    (tx, ty, false),
                    (bx + nx, by + ny, false),
                    (bx - nx, by - ny, false),
                ],
                stroke: None,
                fill: Some(EDGE),
                closed: true,
                dash: false,
            });
        }
        lines.push((line, matches!(e.style, EdgeStyle::Dotted)));
    }
    let polylines: Vec<Vec<(f32, f32)>> = lines.iter().map(|(l, _)| l.clone()).collect();
    for (k, (line, dash)) in lines.into_iter().enumerate() {
        items.push(Item::Path {
            pts: with_hops(&line, k, &polylines),
            stroke: Some((EDGE, 0.8)),
            fill: None,
            closed: false,
            dash,
        });
    }
    items.extend(heads);

    for n in &lay.nodes {
        let (x, y) = p(n.x, n.y);
        let (w, h) = (n.w * s, n.h * s);
        items.push(Item::Path {
            pts: outline(n.shape, x, y, w, h),
            stroke: Some((STROKE, 0.9)),
            fill: Some(NODE_FILL),
            closed: true,
            dash: false,
        });
        let lines: Vec<&str> = n.lines.iter().map(String::as_str).collect();
        centred_text(
            sh,
            &lines,
            x + w / 2.0,
            y + h / 2.0,
            lay.font_size * s,
            &mut items,
        );
    }

    for e in &lay.edges {
        let Some(l) = &e.label else { continue };
        let (cx, cy) = p(l.x, l.y);
        let (w, h) = (l.w * s, l.h * s);
        items.push(Item::Rect {
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
            fill: [1.0, 1.0, 1.0],
        });
        let lines: Vec<&str> = l.text.split('\n').collect();
        centred_text(sh, &lines, cx, cy, lay.font_size * s, &mut items);
    }

    VBox {
        h: lay.height * s + 2.0 * oy,
        items,
        ..Default::default()
    }
}

/// Radius of the hop drawn where an edge crosses another.
const HOP: f32 = 3.0;

/// The points of polyline `k` with a small arc (a hop) on each of its
/// horizontal segments where another edge's vertical segment crosses it, so
/// a crossing does not read as a junction.
fn with_hops(line: &[(f32, f32)], k: usize, all: &[Vec<(f32, f32)>]) -> Vec<(f32, f32, bool)> {
    let mut out = vec![(line[0].0, line[0].1, false)];
    for w in line.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if (y0 - y1).abs() < 0.01 && (x1 - x0).abs() > 4.0 * HOP {
            let (lo, hi) = (x0.min(x1), x0.max(x1));
            let mut xs: Vec<f32> = all
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .flat_map(|(_, other)| other.windows(2))
                .filter_map(|v| {
                    let ((a, b), (c, d)) = (v[0], v[1]);
                    let vertical = (a - c).abs() < 0.01;
                    let (top, bottom) = (b.min(d), b.max(d));
                    (vertical
                        && a > lo + 2.0 * HOP
                        && a < hi - 2.0 * HOP
                        && y0 > top + HOP
                        && y0 < bottom - HOP)
                        .then_some(a)
                })
                .collect();
            xs.sort_by(f32::total_cmp);
            if x1 < x0 {
                xs.reverse();
            }
            let dir = if x1 > x0 { 1.0 } else { -1.0 };
            let rise = HOP * 4.0 / 3.0;
            for x in xs {
                out.push((x - dir * HOP, y0, false));
                out.push((x - dir * HOP, y0 - rise, true));
                out.push((x + dir * HOP, y0 - rise, true));
                out.push((x + dir * HOP, y0, false));
            }
        }
        out.push((x1, y1, false));
    }
    out
}

fn centred_text(
    sh: &mut Shaper,
    lines: &[&str],
    cx: f32,
    cy: f32,
    size: f32,
    items: &mut Vec<Item>,
) {
    let lh = size * LINE_HEIGHT;
    let top = cy - lh * lines.len() as f32 / 2.0;
    let st = TStyle {
        color: TEXT,
        ..TStyle::new(Role::Body, size)
    };
    for (k, line) in lines.iter().enumerate() {
        let (glyphs, w) = shape_str(sh, line, st);
        items.push(Item::Text {
            x: cx - w / 2.0,
            y: top + k as f32 * lh + (lh - size) / 2.0 + 0.88 * size,
            glyphs,
        });
    }
}

/// Closed outline of a node shape; `true` marks Bézier control points.
fn outline(shape: Shape, x: f32, y: f32, w: f32, h: f32) -> Vec<(f32, f32, bool)> {
    match shape {
        Shape::Rect => vec![
            (x, y, false),
            (x + w, y, false),
            (x + w, y + h, false),
            (x, y + h, false),
        ],
        Shape::Rounded => rounded(x, y, w, h, 5.0_f32.min(h / 2.0)),
        Shape::Stadium => rounded(x, y, w, h, h / 2.0),
        Shape::Diamond => vec![
            (x + w / 2.0, y, false),
            (x + w, y + h / 2.0, false),
            (x + w / 2.0, y + h, false),
            (x, y + h / 2.0, false),
        ],
        Shape::Circle => {
            let (rx, ry) = (w / 2.0, h / 2.0);
            let (cx, cy) = (x + rx, y + ry);
            let (kx, ky) = (rx * KAPPA, ry * KAPPA);
            vec![
                (cx + rx, cy, false),
                (cx + rx, cy + ky, true),
                (cx + kx, cy + ry, true),
                (cx, cy + ry, false),
                (cx - kx, cy + ry, true),
                (cx - rx, cy + ky, true),
                (cx - rx, cy, false),
                (cx - rx, cy - ky, true),
                (cx - kx, cy - ry, true),
                (cx, cy - ry, false),
                (cx + kx, cy - ry, true),
                (cx + rx, cy - ky, true),
                (cx + rx, cy, false),
            ]
        }
    }
}

fn rounded(x: f32, y: f32, w: f32, h: f32, r: f32) -> Vec<(f32, f32, bool)> {
    let k = r * (1.0 - KAPPA);
    vec![
        (x + r, y, false),
        (x + w - r, y, false),
        (x + w - k, y, true),
        (x + w, y + k, true),
        (x + w, y + r, false),
        (x + w, y + h - r, false),
        (x + w, y + h - k, true),
        (x + w - k, y + h, true),
        (x + w - r, y + h, false),
        (x + r, y + h, false),
        (x + k, y + h, true),
        (x, y + h - k, true),
        (x, y + h - r, false),
        (x, y + r, false),
        (x, y + k, true),
        (x + k, y, true),
        (x + r, y, false),
    ]
}
