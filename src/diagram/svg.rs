//! Inline SVG output.

use std::fmt::Write;

use super::{EdgeStyle, LINE_HEIGHT, Layout, Shape};

const INK: &str = "#333";
const FONT: &str = "'Noto Sans CJK TC', 'Noto Sans TC', sans-serif";
const ARROW_LEN: f32 = 6.0;
const ARROW_HALF: f32 = 3.0;

/// Deterministic number formatting (one decimal, no `-0.0`).
fn n(v: f32) -> String {
    let s = format!("{v:.1}");
    let s = if s == "-0.0" { "0.0".to_string() } else { s };
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// Centred multi-line text around `(cx, cy)`.
fn text(out: &mut String, lines: &[&str], cx: f32, cy: f32, fs: f32) {
    let lh = fs * LINE_HEIGHT;
    let count = lines.len() as f32;
    for (i, line) in lines.iter().enumerate() {
        let y = cy + (i as f32 - (count - 1.0) / 2.0) * lh + 0.35 * fs;
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            n(cx),
            n(y),
            esc(line)
        );
    }
}

pub(super) fn to_svg(layout: &Layout, title: &str) -> String {
    let (w, h) = (layout.width, layout.height);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="{FONT}" font-size="{fs}">"#,
        w = n(w),
        h = n(h),
        t = esc(title),
        fs = n(layout.font_size),
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));

    // Edges first, so node outlines sit on top of line ends.
    let _ = writeln!(out, r#"<g fill="none" stroke="{INK}" stroke-width="1">"#);
    let mut heads = String::new();
    for e in &layout.edges {
        if e.points.len() < 2 {
            continue;
        }
        let mut pts = e.points.clone();
        if e.style != EdgeStyle::Line {
            let tip = pts[pts.len() - 1];
            let prev = pts[pts.len() - 2];
            let (dx, dy) = (tip.0 - prev.0, tip.1 - prev.1);
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let (ux, uy) = (dx / len, dy / len);
                let base = (tip.0 - ux * ARROW_LEN, tip.1 - uy * ARROW_LEN);
                let _ = writeln!(
                    heads,
                    r#"<polygon points="{},{} {},{} {},{}" fill="{INK}"/>"#,
                    n(tip.0),
                    n(tip.1),
                    n(base.0 - uy * ARROW_HALF),
                    n(base.1 + ux * ARROW_HALF),
                    n(base.0 + uy * ARROW_HALF),
                    n(base.1 - ux * ARROW_HALF),
                );
                if len > ARROW_LEN {
                    let last = pts.len() - 1;
                    pts[last] = base;
                }
            }
        }
        let list: Vec<String> = pts
            .iter()
            .map(|p| format!("{},{}", n(p.0), n(p.1)))
            .collect();
        let dash = if e.style == EdgeStyle::Dotted {
            r#" stroke-dasharray="3 3""#
        } else {
            ""
        };
        let _ = writeln!(out, r#"<polyline points="{}"{dash}/>"#, list.join(" "));
    }
    let _ = writeln!(out, "</g>");
    out.push_str(&heads);

    let fs = layout.font_size;
    for nd in &layout.nodes {
        let (x, y, w, h) = (nd.x, nd.y, nd.w, nd.h);
        let style = format!(r##"fill="#fff" stroke="{INK}" stroke-width="1""##);
        let _ = match nd.shape {
            Shape::Rect | Shape::Rounded | Shape::Stadium => {
                let r = match nd.shape {
                    Shape::Rect => 0.0,
                    Shape::Rounded => (h / 4.0).min(6.0),
                    _ => h.min(w) / 2.0,
                };
                let rx = if r > 0.0 {
                    format!(r#" rx="{}""#, n(r))
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}"{rx} {style}/>"#,
                    n(x),
                    n(y),
                    n(w),
                    n(h)
                )
            }
            Shape::Diamond => writeln!(
                out,
                r#"<polygon points="{},{} {},{} {},{} {},{}" {style}/>"#,
                n(x + w / 2.0),
                n(y),
                n(x + w),
                n(y + h / 2.0),
                n(x + w / 2.0),
                n(y + h),
                n(x),
                n(y + h / 2.0)
            ),
            Shape::Circle => writeln!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}" {style}/>"#,
                n(x + w / 2.0),
                n(y + h / 2.0),
                n(w.min(h) / 2.0)
            ),
        };
        let lines: Vec<&str> = nd.lines.iter().map(String::as_str).collect();
        text(&mut out, &lines, x + w / 2.0, y + h / 2.0, fs);
    }

    for l in layout.edges.iter().filter_map(|e| e.label.as_ref()) {
        let _ = writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#fff"/>"##,
            n(l.x - l.w / 2.0),
            n(l.y - l.h / 2.0),
            n(l.w),
            n(l.h)
        );
        let lines: Vec<&str> = l.text.lines().collect();
        text(&mut out, &lines, l.x, l.y, fs);
    }
    out.push_str("</svg>\n");
    out
}
