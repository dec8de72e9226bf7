//! What the ODT and DOCX exporters share: the document's blocks (the same
//! pulldown-cmark events the PDF reads, through its block tree), the PDF's
//! page geometry and type sizes, table column widths from the PDF's
//! allocation, form write-in cells, diagrams as SVG with a PNG fallback, XML
//! escaping, and a deterministic zip.

use super::Context;
use super::pdf::markdown::{self, Block, Inlines};
use super::pdf::page;
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use std::io::Write;

pub(crate) use markdown::{Align, Span};

/// Body text size and leading (pt), as in the PDF.
pub(crate) const BODY_PT: f32 = 10.5;
pub(crate) const BODY_LEADING: f32 = 1.65;
/// Table text size and leading, cell padding (pt).
pub(crate) const TABLE_PT: f32 = 9.5;
pub(crate) const TABLE_LEADING: f32 = 1.45;
pub(crate) const PAD_X: f32 = 5.0;
pub(crate) const PAD_Y: f32 = 3.5;
/// Header table text size.
pub(crate) const HEADER_PT: f32 = 9.0;
/// Colours (hex RGB) of the PDF.
pub(crate) const HEAD_BG: &str = "E3E8F0";
pub(crate) const LABEL_BG: &str = "EDEDED";
pub(crate) const BORDER: &str = "737373";
pub(crate) const CODE_BG: &str = "F2F2F2";
pub(crate) const LINK: &str = "144D94";
pub(crate) const MUTED: &str = "616161";
/// A draft's mark.
pub(crate) const DRAFT: &str = "BF1A1A";
pub(crate) const TEXT: &str = "1A1A1A";

/// Heading size and space before (pt) by level, as in the PDF.
pub(crate) fn heading_style(level: u8) -> (f32, f32) {
    match level {
        1 => (17.0, 18.0),
        2 => (14.5, 16.0),
        3 => (12.5, 12.0),
        4 => (11.5, 10.0),
        _ => (BODY_PT, 8.0),
    }
}

/// A4 and the PDF's margins (pt).
pub(crate) struct Geometry {
    pub page_w: f32,
    pub page_h: f32,
    pub margin_x: f32,
    pub header_top: f32,
    pub body_top: f32,
    pub bottom: f32,
    pub text_w: f32,
}

pub(crate) fn geometry(edition: bool) -> Geometry {
    Geometry {
        page_w: page::PAGE_W,
        page_h: page::PAGE_H,
        margin_x: page::MARGIN_X,
        header_top: page::HEADER_TOP,
        body_top: page::body_top(edition),
        bottom: page::BOTTOM_MARGIN,
        text_w: page::TEXT_W,
    }
}

/// The document's blocks.
pub(crate) fn blocks(md: &str) -> Vec<Block> {
    markdown::parse_limited(md).0
}

/// Block `k` introduces the table after it and is short (at most
/// [`markdown::INTRO_LINES`] lines of body text, estimated at `text_w`), so it
/// keeps with that table, as in the PDF.
pub(crate) fn keeps_with_table(blocks: &[Block], k: usize, text_w: f32) -> bool {
    if !matches!(blocks.get(k + 1), Some(Block::Table { .. })) {
        return false;
    }
    let Some(text) = blocks.get(k).and_then(markdown::introduction) else {
        return false;
    };
    let lines = estimate_width(&markdown::plain(text), BODY_PT) / text_w.max(1.0);
    lines.ceil() as usize <= markdown::INTRO_LINES
}

pub(crate) fn trim(inl: &Inlines) -> Inlines {
    markdown::trim(inl.clone())
}

/// Text safe in XML: markup characters escaped, characters XML 1.0 forbids dropped.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Points as a string with at most two decimals.
pub(crate) fn pt(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" { "0".into() } else { s }
}

/// Twentieths of a point (DOCX).
pub(crate) fn twips(v: f32) -> i64 {
    (v * 20.0).round() as i64
}

/// English Metric Units (DOCX drawings).
pub(crate) fn emu(v: f32) -> i64 {
    (v * 12700.0).round() as i64
}

/// A form's write-in cell: only spaces and line breaks. Its number of lines.
pub(crate) fn write_in_lines(cell: &Inlines) -> Option<usize> {
    let text: String = cell.iter().map(|s| s.text.as_str()).collect();
    let blank = text
        .chars()
        .all(|c| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    (blank && text.contains('\n')).then(|| text.matches('\n').count() + 1)
}

/// Minimum row height (pt) for `lines` lines of table text.
pub(crate) fn row_height(lines: usize) -> f32 {
    lines as f32 * TABLE_PT * TABLE_LEADING + 2.0 * PAD_Y
}

/// Column widths (pt) of a table `avail` wide: the PDF's allocation when
/// the fonts are there, else in proportion to the text's estimated width.
pub(crate) fn column_widths(
    cx: &Context,
    head: &[Inlines],
    rows: &[Vec<Inlines>],
    avail: f32,
) -> Vec<f32> {
    if let Ok(fonts) = cx.fonts() {
        let w = super::pdf::table_widths(fonts, head, rows, avail);
        if !w.is_empty() {
            return w;
        }
    }
    let n = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    let mut natural = vec![4.0 * TABLE_PT; n];
    for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
        for (c, cell) in row.iter().enumerate() {
            let text: String = cell.iter().map(|s| s.text.as_str()).collect();
            let w = text
                .split('\n')
                .map(|l| estimate_width(l, TABLE_PT))
                .fold(0f32, f32::max);
            natural[c] = natural[c].max(w.min(avail * 0.6) + 2.0 * PAD_X);
        }
    }
    let total: f32 = natural.iter().sum::<f32>().max(1.0);
    natural.iter().map(|w| w * avail / total).collect()
}

/// Width (pt) of `s` at `size`, estimated: CJK full width, others about half.
pub(crate) fn estimate_width(s: &str, size: f32) -> f32 {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                size
            } else {
                size * 0.55
            }
        })
        .sum()
}

/// The widths (pt) of the eight grid columns of the document-control header:
/// label, number/classification, label, version, label, issue date, label,
/// page (row one's title spans the last five).
pub(crate) fn header_columns(cx: &Context, doc: &super::Doc, text_w: f32) -> [f32; 8] {
    let l = &cx.set.labels;
    // The first two label columns are shared by both rows; the issue date's
    // and the page's fit their own label.
    let lw = |labels: &[&String], lo: f32| {
        labels
            .iter()
            .map(|s| estimate_width(s, HEADER_PT))
            .fold(0f32, f32::max)
            .max(lo - 12.0)
            + 12.0
    };
    let label = lw(&[&l.number, &l.classification], 50.0);
    let label2 = lw(&[&l.title, &l.version], 50.0);
    let issued_label = lw(&[&l.issued], 40.0);
    let page_label = lw(&[&l.page], 40.0);
    let vw = |s: &str, lo: f32, hi: f32| (estimate_width(s, HEADER_PT) + 12.0).clamp(lo, hi);
    let num = vw(&doc.number, 90.0, 150.0).max(vw(&doc.classification, 90.0, 150.0));
    let ver = vw(&doc.version, 40.0, 80.0);
    let date = vw(&doc.issued, 60.0, 100.0);
    [
        label,
        num,
        label2,
        ver,
        issued_label,
        date,
        page_label,
        text_w - label - label2 - issued_label - page_label - num - ver - date,
    ]
}

/// A diagram for a word processor: the SVG the HTML page shows, a PNG of it
/// for readers without SVG, and its size on the page (pt).
#[derive(Clone)]
pub(crate) struct Diagram {
    pub svg: Vec<u8>,
    pub png: Vec<u8>,
    pub width: f32,
    pub height: f32,
    pub title: String,
}

/// Pixels per point of the PNG fallback (about 192 dpi).
const PNG_SCALE: f32 = 2.67;
/// Pixels of a PNG fallback at most (48 MB while it is drawn): a taller
/// diagram gets a coarser fallback; its SVG keeps every detail.
const PNG_MAX_PIXELS: f32 = 12.0e6;

/// The diagram of `src` at most `max_w` pt wide: drawn once per run and
/// shared by the formats that embed it (ODT and DOCX).
pub(crate) fn diagram(src: &str, cx: &Context, max_w: f32) -> Result<Diagram, String> {
    cx.shared_diagram(src, max_w, || draw_diagram(src, cx, max_w))
}

fn draw_diagram(src: &str, cx: &Context, max_w: f32) -> Result<Diagram, String> {
    use resvg::{tiny_skia, usvg};
    let title: String = src
        .lines()
        .nth(1)
        .unwrap_or("")
        .trim()
        .chars()
        .take(60)
        .collect();
    let svg = crate::diagram::render_svg(src, &title).map_err(|e| e.to_string())?;
    let opt = usvg::Options {
        fontdb: cx.svg_fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &opt).map_err(|e| e.to_string())?;
    let size = tree.size();
    // One SVG unit is a point, as in the PDF; wider diagrams are scaled to the text width.
    let k = (max_w / size.width()).min(1.0);
    let (width, height) = (size.width() * k, size.height() * k);
    let area = size.width() * size.height() * (PNG_SCALE * k).powi(2);
    let s = PNG_SCALE * k * (PNG_MAX_PIXELS / area.max(1.0)).sqrt().min(1.0);
    let (pw, ph) = (
        (size.width() * s).ceil() as u32,
        (size.height() * s).ceil() as u32,
    );
    let mut pixmap =
        tiny_skia::Pixmap::new(pw.max(1), ph.max(1)).ok_or("diagram too large for a PNG")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(s, s),
        &mut pixmap.as_mut(),
    );
    drop(tree);
    let png = encode_png(pixmap).map_err(|e| e.to_string())?;
    Ok(Diagram {
        svg: svg.into_bytes(),
        png,
        width,
        height,
        title,
    })
}

/// The PNG of a drawn pixmap: the same bytes as `Pixmap::encode_png`, but the
/// pixels are demultiplied in place instead of in a copy (a large diagram's
/// pixmap is tens of megabytes) and the SVG tree is gone by then.
fn encode_png(pixmap: resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let rgba = pixmap.take_demultiplied();
    let mut data = Vec::new();
    let mut encoder = png::Encoder::new(&mut data, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgba)?;
    writer.finish()?;
    Ok(data)
}

/// A zip file with entries in the given order, every entry dated `date`
/// (so the same input gives the same bytes); `stored` entries are not
/// compressed (ODF's `mimetype`).
pub(crate) fn zip(entries: &[(String, Vec<u8>, bool)], date: DateTime<FixedOffset>) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let time = zip::DateTime::from_date_and_time(
        date.year().clamp(1980, 2107) as u16,
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second() as u8,
    )
    .unwrap_or_default();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes, stored) in entries {
        let method = if *stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644);
        w.start_file(name.as_str(), opts)
            .expect("a zip in memory accepts entries");
        w.write_all(bytes).expect("writing to memory");
    }
    w.finish().expect("a zip in memory closes").into_inner()
}
