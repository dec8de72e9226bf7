//! `index.html`: links the set, shows the organization, edition and last revision.

use super::{BuildOptions, Rendered};
use crate::docs::Kind;
use crate::export::html;
use crate::load::Loaded;
use crate::render::{self, Renderer};

pub(super) fn index_page(
    loaded: &Loaded,
    r: &Renderer,
    docs: &[Rendered],
    opts: &BuildOptions,
    lang: &str,
) -> String {
    use html::escape_html as e;
    let loc = &r.locale;
    let t = |k: &str| e(loc.text(&loc.index, k));
    let data = &loaded.data;
    let revised = data
        .document_set
        .revisions
        .iter()
        .map(|r| r.date)
        .max()
        .map(|d| render::calendar::format_date(d.0, r.calendar, render::calendar::DateStyle::Long))
        .unwrap_or_else(|| loc.none.clone());
    let mut body = format!(
        "<h1>{org}</h1>\n<p>{heading}</p>\n<table>\n<tr><th>{ed}</th><td>{edv}</td></tr>\n<tr><th>{rev}</th><td>{revised}</td></tr>\n</table>\n<h2>{docs_h}</h2>\n<nav class=\"set\"><ul>\n",
        org = e(&data.organization.name),
        heading = t("heading"),
        ed = t("edition"),
        edv = e(&loc.label("edition", opts.edition.as_str())),
        rev = t("revised"),
        revised = e(&revised),
        docs_h = t("documents"),
    );
    body = body.replacen(
        &format!("<h2>{}</h2>", t("documents")),
        &format!(
            "{}<h2>{}</h2>",
            readiness_html(loaded, r, docs, opts),
            t("documents")
        ),
        1,
    );
    let kinds = [
        Kind::Procedure,
        Kind::Annex,
        Kind::Form,
        Kind::Incident,
        Kind::Drill,
    ];
    for kind in kinds {
        for d in docs.iter().filter(|d| d.kind == kind) {
            let mut links = String::new();
            for f in crate::export::REGISTRY {
                let ext = f.extension();
                if opts.formats.iter().any(|n| n == f.name()) {
                    links.push_str(&format!(
                        "<a href=\"{}.{ext}\">{}</a>",
                        e(&d.id),
                        ext.to_uppercase()
                    ));
                }
            }
            let number = d
                .number
                .as_deref()
                .map(|n| format!("{} ", e(n)))
                .unwrap_or_default();
            let version = d
                .version
                .as_deref()
                .map(|v| format!(" v{}", e(v)))
                .unwrap_or_default();
            body.push_str(&format!(
                "<li><a href=\"{id}.html\">{number}{title}</a>{version}<span class=\"formats\">{links}</span></li>\n",
                id = e(&d.id),
                title = e(&d.title),
            ));
        }
    }
    body.push_str("</ul></nav>\n");
    if opts.formats.iter().any(|f| f == "pdf") && opts.only.is_none() {
        body.push_str(&format!(
            "<p class=\"set-pdf\"><a href=\"{set}\">{}</a> ({set})</p>\n",
            t("whole_set"),
            set = crate::export::pdf::SET_FILE
        ));
    }
    let notice = loc.text(&loc.edition_notice, opts.edition.as_str());
    let title = format!(
        "{} — {}",
        data.organization.name,
        loc.text(&loc.index, "heading")
    );
    html::page(
        &html::Page {
            lang,
            title: &title,
            edition_notice: Some(notice),
            edition: opts.edition.as_str(),
            draft: None,
            home: None,
        },
        &body,
    )
}

/// What needs attention as of the build date: every warning of the check
/// rules, each linked to the document and heading where its subject is, and
/// the date of the next plan review.
fn readiness_html(loaded: &Loaded, r: &Renderer, docs: &[Rendered], opts: &BuildOptions) -> String {
    use html::escape_html as e;
    let loc = &r.locale;
    let date = |d: chrono::NaiveDate| {
        render::calendar::format_date(d, r.calendar, render::calendar::DateStyle::Long)
    };
    let mut out = format!(
        "<section class=\"readiness\">\n<h2>{}</h2>\n",
        e(&loc
            .text(&loc.index, "attention")
            .replace("{date}", &date(opts.as_of)))
    );
    let found = super::readiness::findings(loaded);
    if found.is_empty() {
        out.push_str(&format!(
            "<p>{}</p>\n",
            e(loc.text(&loc.index, "all_clear"))
        ));
    } else {
        out.push_str("<ul class=\"findings\">\n");
        for d in found {
            let link = super::readiness::target(d, loaded, docs).map(|(id, heading)| {
                let title = docs
                    .iter()
                    .find(|x| x.id == id)
                    .map_or(id.as_str(), |x| x.title.as_str());
                let (anchor, place) = match &heading {
                    Some((n, h)) => (
                        format!("#{}", html::heading_anchor(*n)),
                        format!("{title} › {h}"),
                    ),
                    None => (String::new(), title.to_string()),
                };
                format!(
                    " <a class=\"where\" href=\"{}.html{anchor}\">{}</a>",
                    e(&id),
                    e(&place)
                )
            });
            out.push_str(&format!(
                "<li data-rule=\"{}\">{}{}</li>\n",
                e(d.rule.as_deref().unwrap_or("")),
                e(&d.message),
                link.unwrap_or_default()
            ));
        }
        out.push_str("</ul>\n");
    }
    let data = &loaded.data;
    let next = data
        .document_set
        .revisions
        .iter()
        .map(|x| x.date.0)
        .max()
        .and_then(|d| d.checked_add_months(chrono::Months::new(data.policy.plan_review_months)));
    if let Some(next) = next {
        out.push_str(&format!(
            "<p class=\"next-review\">{}</p>\n",
            e(&loc
                .text(&loc.index, "next_review")
                .replace("{date}", &date(next)))
        ));
    }
    out.push_str("</section>\n");
    out
}
