//! A figure's drawing as inline SVG.

use std::fmt::Write;

use super::{Anchor, Drawing, Prim, Shape};

const FONT: &str = "'Noto Sans CJK TC', 'Noto Sans TC', sans-serif";

fn n(v: f32) -> String {
    let s = format!("{v:.1}");
    let s = if s == "-0.0" { "0.0".to_string() } else { s };
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn grey(g: f32) -> String {
    let v = (g.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{v:02x}{v:02x}{v:02x}")
}

fn esc(s: &str) -> String {
    crate::export::html::escape_html(s)
}

/// The outline of a mark shape as an SVG element (without style).
fn shape(out: &mut String, s: Shape, x: f32, y: f32, r: f32, style: &str, attrs: &str) {
    let _ = match s {
        Shape::Circle => writeln!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}"{attrs} {style}/>"#,
            n(x),
            n(y),
            n(r)
        ),
        Shape::Square => writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}"{attrs} {style}/>"#,
            n(x - r * 0.85),
            n(y - r * 0.85),
            n(r * 1.7),
            n(r * 1.7)
        ),
        Shape::Diamond => writeln!(
            out,
            r#"<polygon points="{},{} {},{} {},{} {},{}"{attrs} {style}/>"#,
            n(x),
            n(y - r * 1.15),
            n(x + r * 1.15),
            n(y),
            n(x),
            n(y + r * 1.15),
            n(x - r * 1.15),
            n(y)
        ),
        Shape::Triangle => writeln!(
            out,
            r#"<polygon points="{},{} {},{} {},{}"{attrs} {style}/>"#,
            n(x),
            n(y - r),
            n(x + r),
            n(y + r * 0.8),
            n(x - r),
            n(y + r * 0.8)
        ),
        Shape::Cross => writeln!(
            out,
            r#"<path d="M{} {}L{} {}M{} {}L{} {}"{attrs} {style} stroke-width="2.2"/>"#,
            n(x - r),
            n(y - r),
            n(x + r),
            n(y + r),
            n(x - r),
            n(y + r),
            n(x + r),
            n(y - r)
        ),
    };
}

/// Renders a drawing as a self-contained `<svg>` with `title` as its
/// accessible name. Marks and bars carry `class` and `data-*` attributes
/// (kind, state, value) so that what they stand for can be read back.
pub fn to_svg(d: &Drawing, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="figure" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="{FONT}">"#,
        w = n(d.width),
        h = n(d.height),
        t = esc(title),
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    for p in &d.prims {
        match p {
            Prim::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                grey: g,
                dash,
            } => {
                let dash = if *dash {
                    r#" stroke-dasharray="3 2""#
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{dash}/>"#,
                    n(*x1),
                    n(*y1),
                    n(*x2),
                    n(*y2),
                    grey(*g),
                    n(*width)
                );
            }
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                tag,
            } => {
                let stroke = stroke
                    .map(|s| format!(r#" stroke="{}" stroke-width="0.8""#, grey(s)))
                    .unwrap_or_default();
                let attrs = tag
                    .as_ref()
                    .map(|(k, v)| format!(r#" class="{k}" data-value="{v}""#))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{stroke}{attrs}/>"#,
                    n(*x),
                    n(*y),
                    n(w.max(0.0)),
                    n(*h),
                    grey(*fill)
                );
            }
            Prim::Mark {
                shape: s,
                filled,
                x,
                y,
                r,
                tag,
                segment,
            } => {
                let ink = grey(0.1);
                let style = if *s == Shape::Cross {
                    format!(r#"fill="none" stroke="{ink}""#)
                } else if *filled {
                    format!(r#"fill="{ink}" stroke="{ink}" stroke-width="1""#)
                } else {
                    format!(r##"fill="#fff" stroke="{ink}" stroke-width="1.3""##)
                };
                let attrs = tag
                    .as_ref()
                    .map(|(k, st, v)| {
                        format!(
                            r#" class="mark {k}" data-state="{}" data-value="{v}" data-x="{}" data-segment="{segment}""#,
                            esc(st),
                            n(*x)
                        )
                    })
                    .unwrap_or_default();
                shape(&mut out, *s, *x, *y, *r, &style, &attrs);
            }
            Prim::Text {
                x,
                y,
                text,
                anchor,
                size,
                bold,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "",
                    Anchor::Middle => r#" text-anchor="middle""#,
                    Anchor::End => r#" text-anchor="end""#,
                };
                let weight = if *bold { r#" font-weight="bold""# } else { "" };
                let _ = writeln!(
                    out,
                    r##"<text x="{}" y="{}" font-size="{}" fill="#111"{anchor}{weight}>{}</text>"##,
                    n(*x),
                    n(*y),
                    n(*size),
                    esc(text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}
