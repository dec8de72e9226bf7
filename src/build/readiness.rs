//! The readiness part of `index.html`: every warning of the check rules as of
//! the build date, each linked to the document and the heading where the
//! thing it is about appears, and the date of the next plan review.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Rendered;
use crate::diag::{Diagnostic, Severity};
use crate::load::Loaded;

/// One heading of a document's Markdown and the text of its section.
struct Section {
    /// 1-based position among the document's headings (the HTML anchor).
    ordinal: usize,
    title: String,
    text: String,
    /// The first cell of every table row of the section.
    row_heads: Vec<String>,
}

fn sections(markdown: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut in_heading = false;
    let mut cell = 0usize;
    let mut in_cell_text = false;
    for ev in Parser::new_ext(markdown, crate::export::html::markdown_options()) {
        match ev {
            Event::Start(Tag::Heading { .. }) => {
                let ordinal = out.len() + 1;
                out.push(Section {
                    ordinal,
                    title: String::new(),
                    text: String::new(),
                    row_heads: Vec::new(),
                });
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::TableRow | Tag::TableHead) => cell = 0,
            Event::Start(Tag::TableCell) => {
                cell += 1;
                in_cell_text = cell == 1;
                if in_cell_text && let Some(s) = out.last_mut() {
                    s.row_heads.push(String::new());
                }
            }
            Event::End(TagEnd::TableCell) => in_cell_text = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some(s) = out.last_mut() {
                    if in_heading {
                        s.title.push_str(&t);
                    } else {
                        s.text.push_str(&t);
                        s.text.push(' ');
                        if in_cell_text && let Some(h) = s.row_heads.last_mut() {
                            h.push_str(&t);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The document a finding is about, by its rule and the file it points into.
fn document_of(d: &Diagnostic, docs: &[Rendered]) -> Option<String> {
    let rule = d.rule.as_deref()?;
    let stem = d
        .file
        .as_deref()
        .and_then(|f| std::path::Path::new(f).file_stem())
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let record = |kind: &str| format!("{kind}-{stem}");
    // When a system's drill or restore test is due: the test schedule, where
    // its dates are, else the system list.
    if rule.starts_with("core-system-not-drilled")
        || rule.starts_with("core-system-restore-untested")
    {
        return ["annex-test-schedule", "annex-systems"]
            .into_iter()
            .find(|id| docs.iter().any(|x| x.id == *id))
            .map(str::to_string);
    }
    let id = if rule.starts_with("incident") {
        record("incident")
    } else if rule.starts_with("drill") || rule.starts_with("improvement") {
        record("drill")
    } else if rule.starts_with("core-system") {
        "annex-systems".into()
    } else if rule.starts_with("rto") || rule.starts_with("rpo") || rule.contains("process") {
        "annex-bia".into()
    } else if rule.starts_with("contact") || rule.starts_with("call-tree") {
        "annex-contacts".into()
    } else if rule.starts_with("role") {
        "annex-roles".into()
    } else if rule.starts_with("hazard") {
        "annex-hazards".into()
    } else {
        "bcp".into()
    };
    docs.iter().any(|x| x.id == id).then_some(id)
}

/// The name of the data item a finding's field path points at
/// (`systems[2].backup` → the system's name).
fn subject(d: &Diagnostic, loaded: &Loaded) -> Option<String> {
    let field = d.field.as_deref()?;
    let (list, rest) = field.split_once('[')?;
    let i: usize = rest.split(']').next()?.parse().ok()?;
    let data = &loaded.data;
    Some(match list {
        "systems" => data.systems.get(i)?.name.clone(),
        "processes" => data.processes.get(i)?.name.clone(),
        "people" => data.people.get(i)?.name.clone(),
        "roles" => data.roles.get(i)?.title.clone(),
        "hazards" => data.hazards.get(i)?.name.clone(),
        "drill.improvements" => {
            let stem = std::path::Path::new(d.file.as_deref()?)
                .file_stem()?
                .to_str()?;
            let drill = data.drills.iter().find(|x| x.id == stem)?;
            drill.improvements.get(i)?.issue.clone()
        }
        _ => return None,
    })
}

/// Where a finding links to: the document id and the heading (ordinal and
/// title) whose section names its subject, or whose table has a row the
/// message names; the document alone when neither is found.
pub(super) fn target(
    d: &Diagnostic,
    loaded: &Loaded,
    docs: &[Rendered],
) -> Option<(String, Option<(usize, String)>)> {
    let id = document_of(d, docs)?;
    let doc = docs.iter().find(|x| x.id == id)?;
    let secs = sections(&doc.markdown);
    // The first heading is the title; its section is the control header.
    let body = secs.iter().skip(1);
    // A table row named after the subject first (a list's own entry), then
    // any mention of it.
    let found = match subject(d, loaded) {
        Some(name) => body
            .clone()
            .find(|s| s.row_heads.iter().any(|h| h.contains(&name)))
            .or_else(|| body.clone().find(|s| s.text.contains(&name))),
        None => None,
    }
    .or_else(|| {
        body.clone().find(|s| {
            s.row_heads
                .iter()
                .any(|h| h.trim().chars().count() >= 2 && d.message.contains(h.trim()))
        })
    });
    Some((id, found.map(|s| (s.ordinal, s.title.clone()))))
}

/// The warnings of the check rules, in their order.
pub(super) fn findings(loaded: &Loaded) -> Vec<&Diagnostic> {
    loaded
        .diags
        .items
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.rule.is_some())
        .collect()
}
