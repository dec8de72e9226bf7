//! PDF outputs: one file per document plus `bcp-set.pdf`, the whole set with a
//! cover and a table of contents. The fonts are loaded once per run.

use super::{BuildOptions, Rendered};
use crate::diag::{Diagnostic, Diagnostics};
use crate::export::pdf::{self, Cover, Fonts, HeaderLabels, PageHeader, PdfDoc, PdfMeta};
use crate::load::Loaded;
use crate::output::OutFile;
use crate::render::{Edition, Renderer};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

/// File name of the combined set.
pub const SET_FILE: &str = "bcp-set.pdf";

pub fn pdf_files(
    loaded: &Loaded,
    r: &Renderer,
    docs: &[Rendered],
    opts: &BuildOptions,
) -> Result<(Vec<OutFile>, Diagnostics), String> {
    let fonts = Fonts::load(&opts.fonts).map_err(|e| e.to_string())?;
    let data = &loaded.data;
    let loc = &r.locale;
    let labels = header_labels(loc);
    let offset = org_offset(data);
    let edition = (opts.edition == Edition::Public)
        .then(|| loc.text(&loc.edition_notice, "public").to_string());
    let language = data.organization.locale.as_str().to_string();
    let producer = format!("bcpgen {}", env!("CARGO_PKG_VERSION"));
    let pdf_docs: Vec<PdfDoc> = docs
        .iter()
        .map(|d| {
            let issued = d.issued;
            PdfDoc {
                id: d.id.clone(),
                markdown: &d.markdown,
                header: PageHeader {
                    labels: labels.clone(),
                    number: d.number.clone().unwrap_or_default(),
                    title: d.title.clone(),
                    classification: d.classification.clone().unwrap_or_default(),
                    version: d.version.clone().unwrap_or_default(),
                    edition: edition.clone(),
                    draft: d.draft.then(|| loc.text(&loc.control, "draft").to_string()),
                },
                meta: PdfMeta {
                    title: d.title.clone(),
                    author: data.organization.name.clone(),
                    subject: loc.text(&loc.index, "heading").to_string(),
                    language: language.clone(),
                    producer: producer.clone(),
                    date: stamp(
                        issued.map(|i| i.0).or_else(|| latest_revision(loaded)),
                        offset,
                    ),
                },
            }
        })
        .collect();
    let mut files = Vec::with_capacity(pdf_docs.len() + 1);
    let mut warnings = Diagnostics::default();
    let mut note = |ws: Vec<pdf::Warning>| {
        // Missing glyphs come one per character: a wrong --font would flood the
        // terminal, so they are summed up per document.
        let (missing, other): (Vec<_>, Vec<_>) = ws
            .into_iter()
            .partition(|w| w.message.starts_with("no font has a glyph"));
        for w in other {
            warnings.push(Diagnostic::warning(w.message).in_file(format!("{}.pdf", w.document)));
        }
        if let Some(first) = missing.first() {
            let chars: Vec<String> = missing
                .iter()
                .filter_map(|w| {
                    w.message
                        .rsplit_once(' ')
                        .map(|(_, c)| c.trim_matches('\'').to_string())
                })
                .collect();
            let shown: Vec<&str> = chars.iter().take(12).map(String::as_str).collect();
            let more = if chars.len() > shown.len() {
                format!(" and {} more", chars.len() - shown.len())
            } else {
                String::new()
            };
            let message = if missing.len() == 1 {
                first.message.clone()
            } else {
                format!(
                    "no font has glyphs for {} characters: {}{more}; they are drawn as blanks",
                    missing.len(),
                    shown.join(" ")
                )
            };
            warnings.push(
                Diagnostic::warning(message)
                    .in_file(format!("{}.pdf", first.document))
                    .hint("install fonts-noto-cjk and fonts-dejavu-core, or pass a --font that covers these characters"),
            );
        }
    };
    // Documents are independent: typeset them on every core.
    let results = render_parallel(&pdf_docs, &fonts);
    for (d, res) in pdf_docs.iter().zip(results) {
        let (bytes, ws) = res.map_err(|e| format!("{}: {e}", d.id))?;
        note(ws);
        files.push(OutFile {
            name: format!("{}.pdf", d.id),
            bytes,
        });
    }
    if pdf_docs.len() > 1 {
        // Which edition this is must be visible: the full notice, not just the label.
        let mut lines = vec![
            loc.text(&loc.edition_notice, opts.edition.as_str())
                .to_string(),
        ];
        if let Some(d) = latest_revision(loaded) {
            let revised = crate::render::calendar::format_date(
                d,
                r.calendar,
                crate::render::calendar::DateStyle::Long,
            );
            let sep = if language == "en" { ": " } else { "：" };
            lines.push(format!("{}{sep}{revised}", loc.text(&loc.index, "revised")));
        }
        let cover = Cover {
            title: loc.text(&loc.index, "heading").to_string(),
            organization: data.organization.name.clone(),
            lines,
            toc_title: loc.text(&loc.index, "toc").to_string(),
        };
        let meta = PdfMeta {
            title: format!("{} {}", data.organization.name, cover.title),
            author: data.organization.name.clone(),
            subject: cover.title.clone(),
            language,
            producer,
            date: stamp(latest_revision(loaded), offset),
        };
        // Deterministic whatever the thread timing: the set is one render.
        // Its warnings repeat those of the single documents, already reported.
        let (bytes, _) = pdf::render_set(&cover, &meta, &pdf_docs, &fonts)
            .map_err(|e| format!("{SET_FILE}: {e}"))?;
        files.push(OutFile {
            name: SET_FILE.into(),
            bytes,
        });
    }
    Ok((files, warnings))
}

/// One typeset document: its bytes and warnings, or why it failed.
type Typeset = Result<(Vec<u8>, Vec<pdf::Warning>), pdf::PdfError>;

fn render_parallel(docs: &[PdfDoc], fonts: &Fonts) -> Vec<Typeset> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(docs.len().max(1));
    if threads <= 1 {
        return docs
            .iter()
            .map(|d| pdf::render_document(d, fonts))
            .collect();
    }
    let mut slots: Vec<Option<_>> = (0..docs.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let chunks: Vec<Vec<usize>> = (0..threads)
            .map(|t| (t..docs.len()).step_by(threads).collect())
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|idx| {
                s.spawn(move || {
                    idx.into_iter()
                        .map(|i| (i, pdf::render_document(&docs[i], fonts)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().expect("PDF worker panicked") {
                slots[i] = Some(r);
            }
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every document rendered"))
        .collect()
}

pub fn header_labels(loc: &crate::locale::Locale) -> HeaderLabels {
    let t = |k: &str| loc.text(&loc.header, k).to_string();
    HeaderLabels {
        number: t("number"),
        title: t("title"),
        classification: t("classification"),
        version: t("version"),
        page: t("page"),
    }
}

fn latest_revision(loaded: &Loaded) -> Option<NaiveDate> {
    loaded
        .data
        .document_set
        .revisions
        .iter()
        .map(|r| r.date.0)
        .max()
}

/// The organization's UTC offset for embedded dates (Taiwan +08:00, else UTC).
fn org_offset(data: &crate::model::Data) -> FixedOffset {
    match data.organization.locale {
        crate::model::Locale::ZhTw => FixedOffset::east_opt(8 * 3600).expect("valid offset"),
        crate::model::Locale::En => FixedOffset::east_opt(0).expect("valid offset"),
    }
}

/// The date embedded in a PDF: `SOURCE_DATE_EPOCH` when set, else the given data
/// date (midnight), never the clock.
pub fn stamp(date: Option<NaiveDate>, offset: FixedOffset) -> DateTime<FixedOffset> {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        if let Some(t) = DateTime::from_timestamp(epoch, 0) {
            return t.with_timezone(&offset);
        }
    }
    let d = date.unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"));
    offset
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("valid time"))
        .single()
        .expect("fixed offsets are unambiguous")
}
