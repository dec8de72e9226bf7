//! Markdown: the rendered document as it is.

use super::{Context, Doc, ExportError, Exported, Exporter};

pub struct Markdown;

impl Exporter for Markdown {
    fn name(&self) -> &'static str {
        "md"
    }
    fn extension(&self) -> &'static str {
        "md"
    }
    fn document(&self, doc: &Doc, _cx: &Context) -> Result<Exported, ExportError> {
        Ok(Exported {
            bytes: doc.markdown.clone().into_bytes(),
            warnings: Vec::new(),
        })
    }
}
