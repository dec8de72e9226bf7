//! PDF export: own layout and own writer.
//!
//! Markdown (GitHub-flavoured) is parsed into blocks ([`markdown`]), broken into
//! lines by UAX #14 plus CJK line-breaking rules and break opportunities in
//! URLs and e-mail addresses ([`text`]), stacked into boxes ([`layout`];
//! tables in [`table`], their column widths chosen to make the table shortest
//! in [`colwidth`]; diagrams in [`diagram`]) and paginated ([`paginate`]), and
//! finally written as content streams straight from the page items, with
//! our own font subsets, outline and metadata ([`emit`], [`subset`],
//! [`outline`]); the CJK subsets are cut from the font's CFF in one pass,
//! without subroutines and hints ([`cff`]), and the file is compressed and
//! saved with object streams ([`streams`]).
//!
//! The font files are mapped once per run in [`Fonts::load`]; every document
//! rendered with the same [`Fonts`] reuses them, and its layout: [`layout`]
//! lays a document out once, and [`render_document`] and [`render_set`] (or
//! [`render_laid`] and [`render_set_laid`], given layouts) write it.

mod cff;
mod colwidth;
mod diagram;
mod docinfo;
mod emit;
mod exporter;
mod figure;
mod fonts;
mod frame;
mod front;
mod layout;
pub(crate) mod markdown;
mod outline;
mod paginate;
mod streams;
mod style;
mod subset;
mod table;
mod text;

use std::path::PathBuf;
use std::sync::Arc;

/// Font files chosen on the command line (`--font`, `--font-bold`).
#[derive(Debug, Clone, Default)]
pub struct FontConfig {
    pub regular: Option<PathBuf>,
    pub bold: Option<PathBuf>,
}

pub use docinfo::{HeaderLabels, draft_mark, org_offset, producer, stamp};
pub use exporter::{Pdf, SET_FILE};
pub use fonts::Fonts;

/// The document-control header drawn on every page of a document.
#[derive(Debug, Clone)]
pub struct PageHeader {
    pub labels: HeaderLabels,
    pub number: String,
    pub title: String,
    pub classification: String,
    pub version: String,
    /// The issue date as printed (e.g. "115/06/15").
    pub issued: String,
    /// E.g. "公開版（已遮蔽個人資料）"; drawn under the header table when set.
    pub edition: Option<String>,
    /// E.g. "草案": drawn in red under the header table, at the left, on every page.
    pub draft: Option<String>,
}

/// Document metadata. `date` is the creation and modification date; the clock
/// is never read, so the same input always gives the same bytes.
#[derive(Debug, Clone)]
pub struct PdfMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// BCP 47 tag written to the catalog's /Lang, e.g. "zh-TW".
    pub language: String,
    pub producer: String,
    pub date: chrono::DateTime<chrono::FixedOffset>,
}

/// One document to typeset.
#[derive(Debug, Clone)]
pub struct PdfDoc<'a> {
    pub id: String,
    pub markdown: &'a str,
    pub header: PageHeader,
    pub meta: PdfMeta,
}

/// A non-fatal problem found while typesetting (e.g. a character no font has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub document: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.document, self.message)
    }
}

/// Cover page of a document set.
#[derive(Debug, Clone)]
pub struct Cover {
    pub title: String,
    pub organization: String,
    /// Edition, version, date... one centred line each.
    pub lines: Vec<String>,
    /// Heading of the table-of-contents page, e.g. "目錄".
    pub toc_title: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("no CJK font found: {hint}")]
    NoCjkFont { hint: String },
    #[error("cannot use font file {}: {message}", path.display())]
    FontFile { path: PathBuf, message: String },
    #[error("PDF layout failed: {0}")]
    Layout(String),
    #[error("PDF serialization failed: {0}")]
    Write(String),
}

/// A document laid out into pages: what [`render_laid`] writes as a file of
/// its own and [`render_set_laid`] as part of a set, so a document that goes
/// into both is typeset once.
#[derive(Debug, Clone)]
pub struct Laid {
    pages: Arc<frame::LaidDoc>,
    warnings: Vec<Warning>,
}

impl Laid {
    /// Number of pages.
    pub fn pages(&self) -> usize {
        self.pages.pages.len()
    }
}

/// Lay `doc` out. The result is also kept in `fonts` (keyed by everything
/// the layout depends on), so rendering the same document again, alone or
/// in a set, reuses it.
pub fn layout(doc: &PdfDoc, fonts: &Fonts) -> Result<Laid, PdfError> {
    let key = content_key(doc);
    if let Some(laid) = fonts.laid.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return Ok(laid);
    }
    let mut shaper = fonts.shaper();
    let mut warnings = Vec::new();
    let pages = Arc::new(layout::layout_document(doc, &mut shaper, &mut warnings)?);
    let laid = Laid { pages, warnings };
    if let Ok(mut m) = fonts.laid.lock() {
        m.insert(key, laid.clone());
    }
    Ok(laid)
}

/// Typeset one document: its pages carry its own document-control header and
/// "頁次 k / N" counts within it.
pub fn render_document(doc: &PdfDoc, fonts: &Fonts) -> Result<(Vec<u8>, Vec<Warning>), PdfError> {
    render_laid(doc, &layout(doc, fonts)?, fonts)
}

/// [`render_document`] from a layout made by [`layout`] for `doc`.
pub fn render_laid(
    doc: &PdfDoc,
    laid: &Laid,
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<Warning>), PdfError> {
    let mut shaper = fonts.shaper();
    let mut set = emit::PageSet::default();
    set.push_document(&laid.pages, doc.header.clone(), None);
    let bytes = emit::write_pdf(&set, &doc.meta, &mut shaper, &content_key(doc))?;
    Ok((bytes, laid.warnings.clone()))
}

/// Typeset a document set: cover page, table of contents with page numbers,
/// then each document (its own header, 頁次 counted within the document), with
/// bookmarks per document and its headings.
pub fn render_set(
    cover: &Cover,
    meta: &PdfMeta,
    docs: &[PdfDoc],
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<Warning>), PdfError> {
    let laid = docs
        .iter()
        .map(|d| layout(d, fonts))
        .collect::<Result<Vec<_>, _>>()?;
    let pairs: Vec<(&PdfDoc, &Laid)> = docs.iter().zip(&laid).collect();
    render_set_laid(cover, meta, &pairs, fonts)
}

/// [`render_set`] from layouts made by [`layout`].
pub fn render_set_laid(
    cover: &Cover,
    meta: &PdfMeta,
    docs: &[(&PdfDoc, &Laid)],
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<Warning>), PdfError> {
    let mut shaper = fonts.shaper();
    let warnings: Vec<Warning> = docs.iter().flat_map(|(_, l)| l.warnings.clone()).collect();
    let mut set = emit::PageSet::default();
    let counts: Vec<usize> = docs.iter().map(|(_, l)| l.pages()).collect();
    let heads: Vec<&PageHeader> = docs.iter().map(|(d, _)| &d.header).collect();
    front::push_cover_and_toc(&mut set, cover, &heads, &counts, &mut shaper);
    for (doc, laid) in docs {
        let title = if doc.header.number.is_empty() {
            doc.header.title.clone()
        } else {
            format!("{} {}", doc.header.number, doc.header.title)
        };
        set.push_document(&laid.pages, doc.header.clone(), Some(title));
    }
    let mut key = String::new();
    key.push_str(&cover.title);
    key.push_str(&cover.organization);
    for (doc, _) in docs {
        key.push_str(&content_key(doc));
    }
    let bytes = emit::write_pdf(&set, meta, &mut shaper, &key)?;
    Ok((bytes, warnings))
}

/// Column widths (pt) of a table `avail` pt wide, as the PDF sets them: the
/// office exporters give their tables the same widths.
pub(crate) fn table_widths(
    fonts: &Fonts,
    head: &[markdown::Inlines],
    rows: &[Vec<markdown::Inlines>],
    avail: f32,
) -> Vec<f32> {
    let ncols = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    table::column_widths(&mut fonts.shaper(), head, rows, ncols, avail)
}

/// Page geometry (pt) the office exporters share with the PDF: A4, side
/// margins, where the header starts, where the body starts below a header
/// without and with the edition line, and the bottom margin.
pub(crate) mod page {
    pub(crate) use super::style::{HEADER_TOP, MARGIN_X, PAGE_H, PAGE_W, TEXT_W};
    pub(crate) const BOTTOM_MARGIN: f32 = super::style::PAGE_H - super::style::BODY_BOTTOM;
    pub(crate) fn body_top(edition: bool) -> f32 {
        super::style::body_top(edition)
    }
}

/// The input a document's bytes depend on; hashed into the PDF's /ID.
fn content_key(doc: &PdfDoc) -> String {
    let h = &doc.header;
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{}\u{0}{}",
        doc.id,
        doc.markdown,
        h.number,
        h.title,
        h.classification,
        h.version,
        h.edition,
        h.draft,
        doc.meta.title,
        doc.meta.date.to_rfc3339()
    )
}
