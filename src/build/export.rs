//! From rendered documents to the exporters' input: the set information
//! (organization, labels, edition, the set file's cover) and each document's
//! control data and embedded date, with the engine's helpers
//! (`export::pdf`: header labels, draft mark, embedded date, producer); and
//! the exporters named by `--format`, from the registry.

use super::{BuildOptions, Rendered};
use crate::export::pdf::{HeaderLabels, draft_mark, org_offset, producer, stamp};
use crate::export::{self, Context, Doc, SetCover, SetInfo};
use crate::load::Loaded;
use crate::render::{Edition, Renderer};
use chrono::NaiveDate;

/// The exporters' shared context for a build.
pub(super) fn context(loaded: &Loaded, r: &Renderer, opts: &BuildOptions, docs: usize) -> Context {
    let data = &loaded.data;
    let loc = &r.locale;
    let cover = (docs > 1).then(|| {
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
            let sep = match data.organization.locale {
                crate::model::Locale::En => ": ",
                crate::model::Locale::ZhTw => "：",
            };
            lines.push(format!("{}{sep}{revised}", loc.text(&loc.index, "revised")));
        }
        SetCover {
            title: loc.text(&loc.index, "heading").to_string(),
            lines,
            toc_title: loc.text(&loc.index, "toc").to_string(),
            date: stamp(
                latest_revision(loaded),
                org_offset(data.organization.locale),
            ),
        }
    });
    let set = SetInfo {
        locale: data.organization.locale,
        organization: data.organization.name.clone(),
        subject: loc.text(&loc.index, "heading").to_string(),
        edition: opts.edition,
        labels: HeaderLabels::from_locale(loc),
        producer: producer(),
        cover,
        links: Vec::new(),
    };
    Context::new(set, opts.export.clone())
}

/// The exporters' view of the rendered documents.
pub(super) fn docs(loaded: &Loaded, r: &Renderer, edition: Edition, docs: &[Rendered]) -> Vec<Doc> {
    let data = &loaded.data;
    let offset = org_offset(data.organization.locale);
    let mark = draft_mark(&r.locale);
    // Only the public edition's notice goes in the page header; the full
    // edition's stands under the control table of the documents concerned.
    let public_notice = (edition == Edition::Public).then(|| {
        r.locale
            .text(&r.locale.edition_notice, "public")
            .to_string()
    });
    let short = |d: NaiveDate| {
        crate::render::calendar::format_date(
            d,
            r.calendar,
            crate::render::calendar::DateStyle::Short,
        )
    };
    docs.iter()
        .map(|d| {
            let issued = d.issued;
            Doc {
                id: d.id.clone(),
                markdown: d.markdown.clone(),
                title: d.title.clone(),
                number: d.number.clone().unwrap_or_default(),
                version: d.version.clone().unwrap_or_default(),
                classification: d.classification.clone().unwrap_or_default(),
                issued: issued.map(|i| short(i.0)).unwrap_or_default(),
                edition_notice: public_notice.clone().filter(|_| d.personal),
                draft: d.draft.then(|| mark.to_string()),
                date: stamp(
                    issued.map(|i| i.0).or_else(|| latest_revision(loaded)),
                    offset,
                ),
            }
        })
        .collect()
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

/// The exporters named in `names`, in registry order; an unknown name is a usage error.
pub fn exporters(names: &[String]) -> Result<Vec<&'static dyn export::Exporter>, String> {
    for n in names {
        if export::find(n).is_none() {
            return Err(format!(
                "unknown format `{n}`; the formats are: {}",
                export::names().join(", ")
            ));
        }
    }
    Ok(export::REGISTRY
        .iter()
        .copied()
        .filter(|e| names.iter().any(|n| n == e.name()))
        .collect())
}
