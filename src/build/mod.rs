//! The build pipeline: load → check → render → export → write.

mod crosswalk;
mod export;
mod index;
mod readiness;

/// The document whose rows are computed from the others' headings.
const CROSSWALK: &str = "annex-crosswalk";

use crate::diag::Diagnostics;
use crate::docs::{self, Kind, Registry, control};
pub use crate::export::ExportOptions;
pub use crate::export::pdf::FontConfig;
use crate::load::{self, Loaded};
use crate::output::{self, OutFile};
use crate::render::{self, Edition, Renderer, context};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub data_dir: PathBuf,
    pub out_dir: PathBuf,
    /// Names of the formats to write (see [`crate::export::REGISTRY`]).
    pub formats: Vec<String>,
    pub only: Option<Vec<String>>,
    pub templates: Option<PathBuf>,
    pub as_of: NaiveDate,
    pub edition: Edition,
    pub export: ExportOptions,
    /// Language of check messages (default: the organization's locale).
    pub lang: Option<crate::model::Locale>,
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
    /// Holds personal data (masked in the public edition).
    pub personal: bool,
    pub markdown: String,
}

/// Everything a build produced, before it is written.
pub struct Built {
    pub loaded: Loaded,
    pub docs: Vec<Rendered>,
    /// The ids of every document of the set, built or not (`--only`).
    pub set_ids: Vec<String>,
    /// The files in order; after [`build_staged`], their bytes are in
    /// `stage` and only the names are here.
    pub files: Vec<OutFile>,
    /// Where [`build_staged`] put the files, waiting for [`write`].
    pub stage: Option<output::Stage>,
    pub warnings: Diagnostics,
    /// Set when a format was asked for but could not be made (PDF without a
    /// font): the other formats are still written, then the run exits 3.
    pub export_error: Option<String>,
}

/// Loads the data and runs the check rules; errors stop here, warnings go on.
pub fn load_checked(
    data_dir: &Path,
    as_of: NaiveDate,
    lang: Option<crate::model::Locale>,
) -> Result<Loaded, BuildError> {
    let mut loaded = load::load_dir(data_dir);
    if loaded.diags.has_errors() {
        return Err(BuildError::Data(loaded.diags));
    }
    let lang = lang.unwrap_or(loaded.data.organization.locale);
    let findings = crate::check::run_in(&loaded, as_of, lang);
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
                Kind::Report => "incident-report.md".to_string(),
                Kind::Drill => "drill.md".to_string(),
                _ => format!("{}.md", d.id),
            })
        })
        .map(|d| d.id.clone())
        .collect()
}

/// One document rendered, or its template error; `None` for an id outside the set.
type RenderOne = Option<Result<Rendered, Box<crate::diag::Diagnostic>>>;

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
    let rule_set = crate::ruleset::for_day(data, opts.as_of);
    let locale = data.organization.locale.as_str();
    let controls = control::resolve(&control::Inputs {
        data,
        loc: &renderer.locale,
        registry: &registry,
        edition: opts.edition,
        regulation: crate::model::localized(&rule_set.name, locale).map(|name| {
            control::Regulation {
                name: name.to_string(),
                reference: crate::model::localized(&rule_set.reference, locale).map(str::to_string),
            }
        }),
    });
    let base = context::base(data, &renderer.locale, opts.edition, opts.as_of, &controls);
    // One context for the whole set; only `doc` (and the record) change per document.
    let mut ctx = tera::Context::from_value(serde_json::Value::Object(base))
        .map_err(|e| BuildError::Env(format!("template context: {e}")))?;
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    // The procedure whose annexes `docs` currently cites as local (附件一):
    // changed only when the family of the document to render changes.
    let family: std::cell::Cell<Option<&str>> = std::cell::Cell::new(None);
    let render_one = |ctx: &mut tera::Context, id: &str| -> RenderOne {
        let doc = registry.get(id)?;
        let fam = match doc.kind {
            Kind::Procedure => crate::docs::find(id).map(|d| d.id),
            Kind::Annex | Kind::Form => doc.parent,
            _ => None,
        };
        if fam != family.get() {
            ctx.insert("docs", &context::docs(&controls, fam));
            family.set(fam);
        }
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
        Some(renderer.render(&template, ctx).map(|markdown| Rendered {
            id: id.to_string(),
            kind: doc.kind,
            title: control.title.clone(),
            number: control.number.clone(),
            version: control.version.clone(),
            issued: control.issued,
            classification: control.classification.clone(),
            draft: control.draft,
            personal: control.personal,
            markdown,
        }))
    };
    for id in selected.iter().filter(|id| *id != CROSSWALK) {
        match render_one(&mut ctx, id) {
            Some(Ok(r)) => out.push(r),
            Some(Err(d)) => diags.push(*d),
            None => {}
        }
    }
    if selected.iter().any(|id| id == CROSSWALK) && !diags.has_errors() {
        // The crosswalk reads the headings of the documents it names, rendered
        // here when a partial build (`--only`) did not select them.
        let mut extra: Vec<Rendered> = Vec::new();
        for id in crosswalk::documents() {
            if all.contains(&id) && !out.iter().any(|r| r.id == id) {
                match render_one(&mut ctx, &id) {
                    Some(Ok(r)) => extra.push(r),
                    Some(Err(d)) => diags.push(*d),
                    None => {}
                }
            }
        }
        let find = |id: &str| out.iter().chain(extra.iter()).find(|r| r.id == id);
        let rules = crosswalk::Regulation::from_context(ctx.get("rules"));
        let rows = crosswalk::rows(data.organization.locale.as_str(), &find, &rules);
        ctx.insert("crosswalk", &rows);
        match render_one(&mut ctx, CROSSWALK) {
            Some(Ok(r)) => {
                // In set order: before the first selected document that follows it.
                let at = selected
                    .iter()
                    .skip_while(|id| *id != CROSSWALK)
                    .skip(1)
                    .find_map(|next| out.iter().position(|r| &r.id == next))
                    .unwrap_or(out.len());
                out.insert(at, r);
            }
            Some(Err(d)) => diags.push(*d),
            None => {}
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
        (Kind::Report, Some(i)) => (
            "incident-report.md".into(),
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
    build_in(opts, false)
}

/// Runs the whole pipeline, staging each file in `opts.out_dir` as soon as
/// it is made (see [`output::Stage`]), so that memory does not grow with the
/// set; nothing there changes until [`write`]. Data errors are found before
/// the output directory is touched.
pub fn build_staged(opts: &BuildOptions) -> Result<Built, BuildError> {
    build_in(opts, true)
}

fn nothing_changed(opts: &BuildOptions, e: output::WriteError) -> BuildError {
    BuildError::Env(format!(
        "nothing was changed in `{}`: {e}",
        opts.out_dir.display()
    ))
}

fn build_in(opts: &BuildOptions, staged: bool) -> Result<Built, BuildError> {
    let loaded = load_checked(&opts.data_dir, opts.as_of, opts.lang)?;
    let mut warnings = loaded.diags.clone();
    let formats = export::exporters(&opts.formats).map_err(BuildError::Usage)?;
    let (renderer, docs) = render_docs(&loaded, opts)?;
    let mut cx = export::context(&loaded, &renderer, opts, docs.len());
    cx.set.links = docs
        .iter()
        .map(|d| (d.title.clone(), d.id.clone()))
        .collect();
    let stage = if staged {
        Some(output::Stage::begin(&opts.out_dir).map_err(|e| nothing_changed(opts, e))?)
    } else {
        None
    };
    let outcome = crate::export::run(
        &formats,
        &export::docs(&loaded, &renderer, opts.edition, &docs),
        &cx,
        stage.as_ref(),
    );
    if let Some(e) = outcome.stage_error {
        return Err(nothing_changed(opts, e));
    }
    let mut files = outcome.files;
    for w in outcome.warnings {
        warnings.push(w);
    }
    if opts.formats.iter().any(|f| f == "html") {
        let lang = crate::export::html::html_lang(loaded.data.organization.locale);
        let mut index = OutFile {
            name: "index.html".into(),
            bytes: index::index_page(&loaded, &renderer, &docs, opts, lang).into_bytes(),
        };
        if let Some(stage) = &stage {
            stage
                .put(&index.name, &std::mem::take(&mut index.bytes))
                .map_err(|e| nothing_changed(opts, e))?;
        }
        files.push(index);
    }
    let export_error = (!outcome.failed.is_empty()).then(|| {
        outcome
            .failed
            .iter()
            .map(|(name, e)| format!("no {} was written: {e}", name.to_uppercase()))
            .collect::<Vec<_>>()
            .join("; ")
    });
    let set_ids = document_ids(&Registry::new(&loaded.data), &renderer);
    Ok(Built {
        loaded,
        docs,
        set_ids,
        files,
        stage,
        warnings,
        export_error,
    })
}

/// Writes what `build` produced into `opts.out_dir`, as a unit (see
/// [`output::write_set`]; after [`build_staged`], the staged files are swapped
/// in). Outputs an earlier build wrote that this one does not are removed,
/// except, in a partial build (`--only`), those of the documents not selected
/// that are of the same edition.
pub fn write(built: &mut Built, opts: &BuildOptions) -> Result<output::Written, BuildError> {
    let edition = opts.edition.as_str();
    let partial = opts.only.is_some();
    let selected: Vec<&str> = built.docs.iter().map(|d| d.id.as_str()).collect();
    let keep = |e: &output::Entry| {
        if !partial || e.edition != edition {
            return false;
        }
        let stem = e.name.rsplit_once('.').map_or(e.name.as_str(), |(s, _)| s);
        if built.set_ids.iter().any(|id| id == stem) {
            // Another document of the set, left as it was by this partial build.
            !selected.contains(&stem)
        } else {
            // The set-wide files (index page, combined PDF) of a full build.
            e.name == "index.html" || e.name == crate::export::pdf::SET_FILE
        }
    };
    let written = match built.stage.take() {
        Some(stage) => {
            let names: Vec<&str> = built.files.iter().map(|f| f.name.as_str()).collect();
            stage.commit(&names, edition, &keep)
        }
        None => output::write_set(
            &opts.out_dir,
            &output::Set {
                files: &built.files,
                edition,
                keep: &keep,
            },
        ),
    };
    written.map_err(|e| nothing_changed(opts, e))
}
