//! The PDF exporter: one typeset file per document, and `bcp-set.pdf`, the
//! whole set with a cover, a table of contents and bookmarks. The fonts come
//! from the run's [`Context`], loaded once; a document's layout is kept in
//! them, so the set file reuses the layouts of the single documents.

use super::docinfo::summarize;
use super::{Cover, PageHeader, PdfDoc, PdfMeta};
use crate::export::{Context, Doc, ExportError, Exported, Exporter};
use crate::output::OutFile;

/// File name of the combined set.
pub const SET_FILE: &str = "bcp-set.pdf";

pub struct Pdf;

impl Exporter for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn makes_set_files(&self) -> bool {
        true
    }
    fn cost_per_byte(&self) -> usize {
        // Typesetting: shaping, line breaking, tables, fonts, compression.
        8
    }
    fn document(&self, doc: &Doc, cx: &Context) -> Result<Exported, ExportError> {
        let fonts = cx.fonts()?;
        let (bytes, ws) = super::render_document(&pdf_doc(doc, cx), fonts).map_err(|e| {
            ExportError::Document {
                document: doc.id.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(Exported {
            bytes,
            warnings: summarize(ws),
        })
    }

    fn set_files(&self, docs: &[Doc], cx: &Context) -> Result<Vec<OutFile>, ExportError> {
        let Some(cover) = cx.set.cover.as_ref().filter(|_| docs.len() > 1) else {
            return Ok(Vec::new());
        };
        let fonts = cx.fonts()?;
        let pdf_docs: Vec<PdfDoc> = docs.iter().map(|d| pdf_doc(d, cx)).collect();
        let set = &cx.set;
        let meta = PdfMeta {
            title: format!("{} {}", set.organization, cover.title),
            author: set.organization.clone(),
            subject: cover.title.clone(),
            language: set.language().to_string(),
            producer: set.producer.clone(),
            date: cover.date,
        };
        let cover = Cover {
            title: cover.title.clone(),
            organization: set.organization.clone(),
            lines: cover.lines.clone(),
            toc_title: cover.toc_title.clone(),
        };
        // Its warnings repeat those of the single documents, already reported.
        let (bytes, _) = super::render_set(&cover, &meta, &pdf_docs, fonts).map_err(|e| {
            ExportError::Document {
                document: SET_FILE.into(),
                message: e.to_string(),
            }
        })?;
        Ok(vec![OutFile {
            name: SET_FILE.into(),
            bytes,
        }])
    }
}

fn pdf_doc<'a>(d: &'a Doc, cx: &Context) -> PdfDoc<'a> {
    let set = &cx.set;
    PdfDoc {
        id: d.id.clone(),
        markdown: &d.markdown,
        header: PageHeader {
            labels: set.labels.clone(),
            number: d.number.clone(),
            title: d.title.clone(),
            classification: d.classification.clone(),
            version: d.version.clone(),
            issued: d.issued.clone(),
            edition: d.edition_notice.clone(),
            draft: d.draft.clone(),
        },
        meta: PdfMeta {
            title: d.title.clone(),
            author: set.organization.clone(),
            subject: set.subject.clone(),
            language: set.language().to_string(),
            producer: set.producer.clone(),
            date: d.date,
        },
    }
}
