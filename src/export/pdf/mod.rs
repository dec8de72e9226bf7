//! PDF export (own layout on printpdf ops).
//!
//! Markdown (GitHub-flavoured) is parsed into blocks ([`markdown`]), broken into
//! lines by UAX #14 plus CJK line-breaking rules ([`text`]), stacked into boxes
//! and paginated ([`layout`], [`table`]), and finally emitted as printpdf ops with
//! our own font subsets, outline and metadata ([`emit`], [`subset`]).
//!
//! The font files are read once per run in [`Fonts::load`]; every document
//! rendered with the same [`Fonts`] reuses them.

mod colwidth;
mod diagram;
mod emit;
mod fonts;
mod front;
mod layout;
mod markdown;
mod outline;
mod subset;
mod table;
mod text;

use std::path::PathBuf;

/// Font files chosen on the command line (`--font`, `--font-bold`).
#[derive(Debug, Clone, Default)]
pub struct FontConfig {
    pub regular: Option<PathBuf>,
    pub bold: Option<PathBuf>,
}

pub use fonts::Fonts;

/// Labels of the document-control header ("文件編號", "文件名稱", "機密等級",
/// "版次", "頁次" or their English equivalents).
#[derive(Debug, Clone)]
pub struct HeaderLabels {
    pub number: String,
    pub title: String,
    pub classification: String,
    pub version: String,
    pub page: String,
}

/// The document-control header drawn on every page of a document.
#[derive(Debug, Clone)]
pub struct PageHeader {
    pub labels: HeaderLabels,
    pub number: String,
    pub title: String,
    pub classification: String,
    pub version: String,
    /// E.g. "公開版（已遮蔽個人資料）"; drawn under the header table when set.
    pub edition: Option<String>,
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

/// Typeset one document: its pages carry its own document-control header and
/// "頁次 k / N" counts within it.
pub fn render_document(doc: &PdfDoc, fonts: &Fonts) -> Result<(Vec<u8>, Vec<Warning>), PdfError> {
    let mut shaper = fonts.shaper();
    let mut warnings = Vec::new();
    let laid = layout::layout_document(doc, &mut shaper, &mut warnings)?;
    let mut set = emit::PageSet::default();
    set.push_document(laid, doc.header.clone(), None);
    let bytes = emit::write_pdf(&set, &doc.meta, &mut shaper, &content_key(doc))?;
    Ok((bytes, warnings))
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
    let mut shaper = fonts.shaper();
    let mut warnings = Vec::new();
    let mut laid = Vec::with_capacity(docs.len());
    for doc in docs {
        laid.push(layout::layout_document(doc, &mut shaper, &mut warnings)?);
    }
    let mut set = emit::PageSet::default();
    front::push_cover_and_toc(&mut set, cover, docs, &laid, &mut shaper, &mut warnings);
    for (doc, pages) in docs.iter().zip(laid) {
        let title = if doc.header.number.is_empty() {
            doc.header.title.clone()
        } else {
            format!("{} {}", doc.header.number, doc.header.title)
        };
        set.push_document(pages, doc.header.clone(), Some(title));
    }
    let mut key = String::new();
    key.push_str(&cover.title);
    key.push_str(&cover.organization);
    for doc in docs {
        key.push_str(&content_key(doc));
    }
    let bytes = emit::write_pdf(&set, meta, &mut shaper, &key)?;
    Ok((bytes, warnings))
}

/// The input a document's bytes depend on; hashed into the PDF's /ID.
fn content_key(doc: &PdfDoc) -> String {
    let h = &doc.header;
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{:?}\u{0}{}\u{0}{}",
        doc.id,
        doc.markdown,
        h.number,
        h.title,
        h.classification,
        h.version,
        h.edition,
        doc.meta.title,
        doc.meta.date.to_rfc3339()
    )
}
