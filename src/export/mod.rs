//! Exporters: each turns the rendered Markdown of a document into one format.
//!
//! A format is one module implementing [`Exporter`] (its name, file
//! extension, and how a rendered document becomes bytes), listed once in
//! [`REGISTRY`]. `build`, the index page, `typeset --to` and the CLI's
//! `--format` values all come from the registry, so a new format is one
//! module and one line here.
//!
//! Exporters share what is costly to make through [`Context`]: the fonts are
//! loaded once per run, on first use, by whichever exporter asks first (PDF
//! typesets with them, ODT and DOCX measure table columns with them). A
//! format may also make files from the whole set ([`Exporter::set_files`]),
//! as PDF does with `bcp-set.pdf`.

pub mod docx;
pub mod html;
pub mod md;
pub mod nesting;
pub mod odt;
mod office;
pub mod pdf;

use crate::diag::Diagnostic;
use crate::model::Locale;
use crate::output::{OutFile, Stage, WriteError};
use chrono::{DateTime, FixedOffset};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Every format, in the order the index page lists them.
pub static REGISTRY: &[&dyn Exporter] = &[
    &html::Html,
    &pdf::Pdf,
    &odt::Odt,
    &docx::Docx,
    &md::Markdown,
];

/// One output format.
pub trait Exporter: Sync {
    /// The name used on the command line (`--format odt`).
    fn name(&self) -> &'static str;
    /// File extension without the dot.
    fn extension(&self) -> &'static str;
    /// Whether `build` writes it when no `--format` is given.
    fn default_format(&self) -> bool {
        true
    }
    /// One document as a file's bytes.
    fn document(&self, doc: &Doc, cx: &Context) -> Result<Exported, ExportError>;
    /// Files made from the whole set once every document is done (the PDF
    /// exporter's `bcp-set.pdf`); none by default.
    fn set_files(&self, _docs: &[Doc], _cx: &Context) -> Result<Vec<OutFile>, ExportError> {
        Ok(Vec::new())
    }
    /// Whether [`Exporter::set_files`] makes any: its documents are then
    /// exported first, so that the set files start early.
    fn makes_set_files(&self) -> bool {
        false
    }
    /// A rough measure of the work per byte of Markdown, relative to the
    /// other formats, for handing out the largest jobs first.
    fn cost_per_byte(&self) -> usize {
        1
    }
}

/// The exporter called `name`.
pub fn find(name: &str) -> Option<&'static dyn Exporter> {
    REGISTRY.iter().copied().find(|e| e.name() == name)
}

/// Names of every format, for `--format` and `--to`.
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|e| e.name()).collect()
}

/// Names of the formats `build` writes by default.
pub fn default_names() -> Vec<&'static str> {
    REGISTRY
        .iter()
        .filter(|e| e.default_format())
        .map(|e| e.name())
        .collect()
}

/// One rendered document with its document-control data.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub markdown: String,
    pub title: String,
    pub number: String,
    pub version: String,
    pub classification: String,
    /// The issue date as the page header prints it (short style of the
    /// organization's calendar), empty when the document has none.
    pub issued: String,
    /// Shown under the page header's table: the public edition's notice, on
    /// documents that hold personal data (masked in that edition); else None.
    pub edition_notice: Option<String>,
    /// A draft's mark (草案, DRAFT), shown on every page; None once approved.
    pub draft: Option<String>,
    /// The date embedded in the file (issue date, latest revision or
    /// `SOURCE_DATE_EPOCH`): never the clock.
    pub date: DateTime<FixedOffset>,
}

/// Labels of the document-control header ("文件編號", "文件名稱", "機密等級",
/// "版次", "頁次" or their English equivalents).
pub use pdf::HeaderLabels;

/// The cover of a whole-set file.
#[derive(Debug, Clone)]
pub struct SetCover {
    pub title: String,
    /// Edition, latest revision... one line each.
    pub lines: Vec<String>,
    pub toc_title: String,
    pub date: DateTime<FixedOffset>,
}

/// What every document of a run shares.
#[derive(Debug, Clone)]
pub struct SetInfo {
    pub locale: Locale,
    /// Organization: the author in metadata.
    pub organization: String,
    /// Subject in metadata (the set's name).
    pub subject: String,
    pub edition: crate::render::Edition,
    pub labels: HeaderLabels,
    pub producer: String,
    /// Set when whole-set files are wanted (a build of more than one document).
    pub cover: Option<SetCover>,
    /// The documents of the set, (title, id): HTML links mentions of them and
    /// links back to the index when there is a set (empty for `typeset`).
    pub links: Vec<(String, String)>,
}

impl SetInfo {
    /// BCP 47 tag of the documents' language: `zh-TW` or `en`.
    pub fn language(&self) -> &'static str {
        self.locale.as_str()
    }
}

/// Options of the exporters that are not part of the data.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub fonts: pdf::FontConfig,
    /// Font family named in ODT and DOCX files (they do not embed fonts).
    pub office_font: String,
}

/// Default of `--office-font`: the family the PDF is set in.
pub const DEFAULT_OFFICE_FONT: &str = "Noto Sans CJK TC";

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            fonts: pdf::FontConfig::default(),
            office_font: DEFAULT_OFFICE_FONT.to_string(),
        }
    }
}

/// The run's shared state: set information, options and the fonts, loaded
/// on first use.
pub struct Context {
    pub set: SetInfo,
    pub options: ExportOptions,
    fonts: OnceLock<Result<pdf::Fonts, String>>,
    svg_fonts: OnceLock<std::sync::Arc<fontdb::Database>>,
    /// Diagrams drawn for the office formats, by source and width.
    diagrams: std::sync::Mutex<std::collections::HashMap<(String, u32), SharedDiagram>>,
}

type SharedDiagram = std::sync::Arc<OnceLock<Result<office::Diagram, String>>>;

impl Context {
    pub fn new(set: SetInfo, options: ExportOptions) -> Self {
        Context {
            set,
            options,
            fonts: OnceLock::new(),
            svg_fonts: OnceLock::new(),
            diagrams: Default::default(),
        }
    }

    /// The diagram of `src` at `width`, made by `draw` on first use; a second
    /// caller waits for the first rather than drawing it again.
    pub(crate) fn shared_diagram(
        &self,
        src: &str,
        width: f32,
        draw: impl FnOnce() -> Result<office::Diagram, String>,
    ) -> Result<office::Diagram, String> {
        let slot = {
            let Ok(mut m) = self.diagrams.lock() else {
                return draw();
            };
            m.entry((src.to_string(), width.to_bits()))
                .or_default()
                .clone()
        };
        slot.get_or_init(draw).clone()
    }

    /// The system fonts, for drawing diagrams' PNG fallbacks (loaded once per run).
    pub(crate) fn svg_fonts(&self) -> std::sync::Arc<fontdb::Database> {
        self.svg_fonts
            .get_or_init(|| {
                let mut db = fontdb::Database::new();
                db.load_system_fonts();
                std::sync::Arc::new(db)
            })
            .clone()
    }

    /// The fonts (loaded once per run).
    pub fn fonts(&self) -> Result<&pdf::Fonts, ExportError> {
        self.fonts
            .get_or_init(|| pdf::Fonts::load(&self.options.fonts).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ExportError::Environment(e.clone()))
    }
}

/// A document in one format.
#[derive(Debug, Default)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum ExportError {
    /// The machine lacks something (a font): the other formats are still written.
    #[error("{0}")]
    Environment(String),
    #[error("{document}: {message}")]
    Document { document: String, message: String },
}

/// What [`run`] made.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The files in order; with a stage, only their names (the bytes went to
    /// the stage as each file was made).
    pub files: Vec<OutFile>,
    /// Why a file could not be staged (the set cannot be written).
    pub stage_error: Option<WriteError>,
    pub warnings: Vec<Diagnostic>,
    /// Formats that could not be made, with the reason; their files are left out.
    pub failed: Vec<(&'static str, ExportError)>,
}

/// Exports `docs` in each of `formats` on every core; files come out in a
/// fixed order (format by format, documents in set order, then set files).
///
/// The jobs are handed out one at a time, largest first (see [`cost`]), so
/// that no core idles while another works through a long list; the formats
/// with whole-set files come first, and the worker that finishes a format's
/// last document makes its set files at once, while the others go on with
/// the remaining formats.
///
/// With a `stage`, each file is written there as soon as it is made and its
/// bytes are dropped, so the run never holds the whole set in memory.
pub fn run(
    formats: &[&'static dyn Exporter],
    docs: &[Doc],
    cx: &Context,
    stage: Option<&Stage>,
) -> Outcome {
    let mut jobs: Vec<(usize, usize)> = (0..formats.len())
        .flat_map(|f| (0..docs.len()).map(move |d| (f, d)))
        .collect();
    jobs.sort_by_key(|&(f, d)| {
        let e = formats[f];
        (
            !(e.makes_set_files() && cx.set.cover.is_some()),
            std::cmp::Reverse(docs[d].markdown.len() * e.cost_per_byte()),
            f,
            d,
        )
    });
    let remaining: Vec<AtomicUsize> = formats
        .iter()
        .map(|_| AtomicUsize::new(docs.len()))
        .collect();
    let mut set_files: Vec<OnceLock<Result<Vec<OutFile>, ExportError>>> =
        formats.iter().map(|_| OnceLock::new()).collect();
    let failed: Vec<AtomicBool> = formats.iter().map(|_| AtomicBool::new(false)).collect();
    let stage_error: OnceLock<WriteError> = OnceLock::new();
    // Stages `bytes` under `name` (when there is a stage) and gives back
    // what the run keeps of them.
    let spill = |name: &str, bytes: Vec<u8>| -> Vec<u8> {
        let Some(stage) = stage else { return bytes };
        if stage_error.get().is_none() {
            if let Err(e) = stage.put(name, &bytes) {
                let _ = stage_error.set(e);
            }
        }
        Vec::new()
    };
    let spill_all = |files: Vec<OutFile>| -> Vec<OutFile> {
        files
            .into_iter()
            .map(|o| OutFile {
                bytes: spill(&o.name, o.bytes),
                name: o.name,
            })
            .collect()
    };
    let done = parallel(&jobs, |&(f, d)| {
        let r = formats[f].document(&docs[d], cx).map(|x| Exported {
            bytes: spill(
                &format!("{}.{}", docs[d].id, formats[f].extension()),
                x.bytes,
            ),
            warnings: x.warnings,
        });
        if r.is_err() {
            failed[f].store(true, Ordering::SeqCst);
        }
        if remaining[f].fetch_sub(1, Ordering::SeqCst) == 1 && !failed[f].load(Ordering::SeqCst) {
            let _ = set_files[f].set(formats[f].set_files(docs, cx).map(&spill_all));
        }
        r
    });
    // Back in set order, format by format.
    let mut results: Vec<Option<Result<Exported, ExportError>>> =
        (0..jobs.len()).map(|_| None).collect();
    for (&(f, d), r) in jobs.iter().zip(done) {
        results[f * docs.len() + d] = Some(r);
    }
    let mut out = Outcome::default();
    let mut results = results.into_iter().map(|r| r.expect("every job ran"));
    for (f, e) in formats.iter().enumerate() {
        let mine: Vec<_> = results.by_ref().take(docs.len()).collect();
        let mut files = Vec::with_capacity(docs.len() + 1);
        let mut warnings = Vec::new();
        let mut failed = None;
        for (d, r) in docs.iter().zip(mine) {
            match r {
                Ok(x) => {
                    files.push(OutFile {
                        name: format!("{}.{}", d.id, e.extension()),
                        bytes: x.bytes,
                    });
                    warnings.extend(x.warnings);
                }
                Err(err) => {
                    failed = Some(err);
                    break;
                }
            }
        }
        if failed.is_none() {
            // With no documents, no job made the set files.
            let set = match set_files[f].take() {
                Some(r) => r,
                None => e.set_files(docs, cx).map(&spill_all),
            };
            match set {
                Ok(fs) => files.extend(fs),
                Err(err) => failed = Some(err),
            }
        }
        match failed {
            Some(err) => out.failed.push((e.name(), err)),
            None => {
                out.files.extend(files);
                out.warnings.extend(warnings);
            }
        }
    }
    out.stage_error = stage_error.into_inner();
    out
}

/// `f` over `items` on every core, results in the items' order. Each free
/// worker takes the next item, so a long item does not hold up the others.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let f = &f;
    let next = &AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().expect("export worker panicked") {
                slots[i] = Some(r);
            }
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}
