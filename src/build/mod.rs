//! The build pipeline: load → check → render → export → write.

mod index;
mod pdf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::docs::{self, Kind, Registry, control};
use crate::export::html;
pub use crate::export::pdf::FontConfig;
use crate::load::{self, Loaded};
use crate::output::{self, OutFile};
use crate::render::{self, Edition, Renderer, context};
use chrono::NaiveDate;
pub use pdf::{header_labels, stamp};
use std::path::{Path, PathBuf};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Pdf,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub data_dir: PathBuf,
    pub out_dir: PathBuf,
    pub formats: Vec<Format>,
    pub only: Option<Vec<String>>,
    pub templates: Option<PathBuf>,
    pub as_of: NaiveDate,
    pub edition: Edition,
    pub fonts: crate::export::pdf::FontConfig,
}

/// Why a build did not complete.
#[derive(Debug)]
pub enum BuildError {
    /// The data or a template has errors (exit 1).
    Data(Diagnostics),
    /// A bad command-line value (exit 2).
    Usage(String),
    /// The environment: I/O, fonts (exit 3).
    Env(String),
}

/// One rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub number: Option<String>,
    pub version: Option<String>,
    pub issued: Option<crate::model::Date>,
    pub classification: Option<String>,
    /// A draft: the PDF and HTML say so on every page.
    pub draft: bool,
    pub markdown: String,
}

/// Everything a build produced, before it is written.
pub struct Built {
    pub loaded: Loaded,
    pub docs: Vec<Rendered>,
    pub files: Vec<OutFile>,
    pub warnings: Diagnostics,
    /// Set when PDF was asked for but could not be made (no font): the other
    /// formats are still written, then the run exits 3.
    pub pdf_error: Option<String>,
}

/// Loads the data and runs the check rules; errors stop here, warnings go on.
pub fn load_checked(data_dir: &Path, as_of: NaiveDate) -> Result<Loaded, BuildError> {
    let mut loaded = load::load_dir(data_dir);
    if loaded.diags.has_errors() {
        return Err(BuildError::Data(loaded.diags));
    }
    let findings = crate::check::run(&loaded, as_of);
    loaded.diags.extend(findings);
    if loaded.diags.has_errors() {
        return Err(BuildError::Data(loaded.diags));
    }
    Ok(loaded)
}

/// The ids of the documents the data and templates give, in set order.
pub fn document_ids(registry: &Registry, renderer: &Renderer) -> Vec<String> {
    registry
        .iter()
        .filter(|d| {
            renderer.has_template(&match d.kind {
                Kind::Incident => "incident.md".to_string(),
                Kind::Drill => "drill.md".to_string(),
                _ => format!("{}.md", d.id),
            })
        })
        .map(|d| d.id.clone())
        .collect()
}

/// Renders the Markdown of the selected documents (no files written).
pub fn render_docs(
    loaded: &Loaded,
    opts: &BuildOptions,
) -> Result<(Renderer, Vec<Rendered>), BuildError> {
    let data = &loaded.data;
    let renderer = Renderer::new(
        data.organization.locale,
        render::calendar_of(data),
        opts.templates.as_deref(),
    )
    .map_err(|ds| {
        let mut d = Diagnostics::default();
        ds.into_iter().for_each(|x| d.push(x));
        BuildError::Data(d)
    })?;
    let registry = Registry::new(data);
    let all = document_ids(&registry, &renderer);
    let selected: Vec<String> = match &opts.only {
        None => all.clone(),
        Some(only) => {
            for id in only {
                if !all.contains(id) {
                    return Err(BuildError::Usage(format!(
                        "--only: no document `{id}` in this set; the ids are: {}",
                        all.join(", ")
                    )));
                }
            }
            all.iter().filter(|id| only.contains(id)).cloned().collect()
        }
    };
    // Every document of the set, built or not, so templates can refer to any of them.
    let rules = context::rules(data, &renderer.locale);
    let controls = control::resolve(&control::Inputs {
        data,
        loc: &renderer.locale,
        registry: &registry,
        edition: opts.edition,
        regulation: rules["name"].as_str().map(str::to_string),
    });
    let base = context::base(data, &renderer.locale, opts.edition, opts.as_of, &controls);
    // One context for the whole set; only `doc` (and the record) change per document.
    let mut ctx = tera::Context::from_value(serde_json::Value::Object(base))
        .map_err(|e| BuildError::Env(format!("template context: {e}")))?;
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    for id in &selected {
        let Some(doc) = registry.get(id) else {
            continue;
        };
        let (template, extra) = template_for(loaded, doc, opts.as_of);
        let control = &controls[id];
        ctx.insert("doc", control);
        // Kept for templates written before `doc.notice`: the same text.
        ctx.insert("edition_label", control.notice.as_deref().unwrap_or(""));
        ctx.remove("incident");
        ctx.remove("drill");
        if let Some((k, v)) = extra {
            ctx.insert(k, &v);
        }
        match renderer.render(&template, &ctx) {
            Ok(markdown) => out.push(Rendered {
                id: id.clone(),
                kind: doc.kind,
                title: control.title.clone(),
                number: control.number.clone(),
                version: control.version.clone(),
                issued: control.issued,
                classification: control.classification.clone(),
                draft: control.draft,
                markdown,
            }),
            Err(d) => diags.push(*d),
        }
    }
    if diags.has_errors() {
        return Err(BuildError::Data(diags));
    }
    Ok((renderer, out))
}

/// The template of a document and the record it is filled from.
fn template_for(
    loaded: &Loaded,
    doc: &docs::Doc,
    as_of: NaiveDate,
) -> (String, Option<(&'static str, serde_json::Value)>) {
    match (doc.kind, doc.record) {
        (Kind::Incident, Some(i)) => (
            "incident.md".into(),
            loaded.data.incidents.get(i).map(|r| {
                (
                    "incident",
                    crate::records::incident_context(r, loaded, as_of),
                )
            }),
        ),
        (Kind::Drill, Some(i)) => (
            "drill.md".into(),
            loaded
                .data
                .drills
                .get(i)
                .map(|r| ("drill", crate::records::drill_context(r, loaded, as_of))),
        ),
        _ => (format!("{}.md", doc.id), None),
    }
}

/// Runs the whole pipeline in memory.
pub fn build(opts: &BuildOptions) -> Result<Built, BuildError> {
    let loaded = load_checked(&opts.data_dir, opts.as_of)?;
    let mut warnings = loaded.diags.clone();
    let (renderer, docs) = render_docs(&loaded, opts)?;
    let lang = match loaded.data.organization.locale {
        crate::model::Locale::ZhTw => "zh-Hant-TW",
        crate::model::Locale::En => "en",
    };
    let mut files = Vec::new();
    let draft_mark = renderer
        .locale
        .text(&renderer.locale.control, "draft")
        .to_string();
    for d in &docs {
        if opts.formats.contains(&Format::Md) {
            files.push(OutFile {
                name: format!("{}.md", d.id),
                bytes: d.markdown.clone().into_bytes(),
            });
        }
        if opts.formats.contains(&Format::Html) {
            let (body, diagram_warnings) = html::body(&d.markdown);
            for w in diagram_warnings {
                warnings.push(Diagnostic::warning(w).in_file(format!("{}.md", d.id)));
            }
            let page = html::page(
                &html::Page {
                    lang,
                    title: &d.title,
                    edition_notice: None,
                    edition: opts.edition.as_str(),
                    draft: d.draft.then_some(draft_mark.as_str()),
                },
                &body,
            );
            files.push(OutFile {
                name: format!("{}.html", d.id),
                bytes: page.into_bytes(),
            });
        }
    }
    if opts.formats.contains(&Format::Html) {
        files.push(OutFile {
            name: "index.html".into(),
            bytes: index::index_page(&loaded, &renderer, &docs, opts, lang).into_bytes(),
        });
    }
    let mut pdf_error = None;
    if opts.formats.contains(&Format::Pdf) {
        match pdf::pdf_files(&loaded, &renderer, &docs, opts) {
            Ok((pdfs, pdf_warnings)) => {
                files.extend(pdfs);
                warnings.extend(pdf_warnings);
            }
            Err(e) => pdf_error = Some(e),
        }
    }
    Ok(Built {
        loaded,
        docs,
        files,
        warnings,
        pdf_error,
    })
}

/// Writes what `build` produced.
pub fn write(built: &Built, out_dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    output::write_all(out_dir, &built.files)
        .map_err(|e| BuildError::Env(format!("cannot write to `{}`: {e}", out_dir.display())))
}
