//! Rules on document control (organization.yaml, `document_set`): every
//! procedure is identified, and each document's version and issue date agree
//! with its own revision record. Judged on the resolved control (entries,
//! revisions, inheritance from the parent, defaults), as the documents print it.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::docs::control::{self, Control};
use crate::docs::{Kind, Registry};
use crate::load::FieldPath;
use crate::locale::Locale;
use crate::render::Edition;
use std::collections::BTreeMap;

pub(super) fn check(cx: &mut Ctx) {
    let data = &cx.l.data;
    let loc = Locale::get(data.organization.locale);
    let registry = Registry::new(data);
    let controls = control::resolve(&control::Inputs {
        data,
        loc: &loc,
        registry: &registry,
        edition: Edition::Full,
        regulation: None,
    });
    missing(cx, &registry, &controls);
    versions(cx, &registry, &controls);
}

fn root() -> FieldPath {
    FieldPath::root().key("document_set")
}

/// Index of the `document_set.documents` entry of `id`.
fn entry_index(cx: &Ctx, id: &str) -> Option<usize> {
    cx.l.data
        .document_set
        .documents
        .iter()
        .position(|d| d.id == id)
}

/// document-control-missing: a procedure (or the plan) without a number, version or issue date.
fn missing(cx: &mut Ctx, registry: &Registry, controls: &BTreeMap<String, Control>) {
    for d in registry.iter().filter(|d| d.kind == Kind::Procedure) {
        let c = &controls[&d.id];
        let mut lacks = Vec::new();
        if c.number.is_none() {
            lacks.push("number");
        }
        if c.version.is_none() {
            lacks.push("version");
        }
        if c.issued.is_none() {
            lacks.push("issue date");
        }
        if lacks.is_empty() {
            continue;
        }
        let list = match lacks.as_slice() {
            [one] => one.to_string(),
            [a, b] => format!("{a} or {b}"),
            _ => format!("{}, {} or {}", lacks[0], lacks[1], lacks[2]),
        };
        let mut yaml = String::new();
        if entry_index(cx, &d.id).is_none() {
            yaml.push_str(&format!("          - id: {}\n", d.id));
        } else {
            yaml.push_str(&format!(
                "          - id: {}   # the existing entry; add:\n",
                d.id
            ));
        }
        if c.number.is_none() {
            yaml.push_str("            number: ORG-P-001     # your document number\n");
        }
        if c.version.is_none() {
            yaml.push_str("            version: \"1.0\"\n");
        }
        if c.issued.is_none() {
            yaml.push_str(&format!(
                "            issued: {}\n",
                cx.as_of.format("%Y-%m-%d")
            ));
        }
        let path = match entry_index(cx, &d.id) {
            Some(i) => root().key("documents").index(i),
            None if cx.l.data.document_set.documents.is_empty() => root(),
            None => root().key("documents"),
        };
        cx.in_file(
            Diagnostic::warning(format!(
                "the {} ({}) has no {list}: its header and control table print \"—\" and a reviewer cannot tell which edition they sign",
                d.id, c.title
            ))
            .rule("document-control-missing")
            .hint(format!(
                "add to organization.yaml:\n      document_set:\n        documents:\n{yaml}(annexes and forms inherit from their procedure; a version and date also come from the document's latest revision)"
            )),
            "organization.yaml",
            &path,
        );
    }
}

/// revision-version-missing, revision-after-issue: a document's version is
/// not in its revision record, or the revision of that version is dated after
/// the document's issue date.
fn versions(cx: &mut Ctx, registry: &Registry, controls: &BTreeMap<String, Control>) {
    let data = &cx.l.data;
    // revision index → documents it post-dates
    let mut late: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for d in registry.iter().filter(|d| d.record.is_none()) {
        let c = &controls[&d.id];
        let Some(version) = &c.version else { continue };
        let own = control::revisions_of(data, &d.id);
        let entry = entry_index(cx, &d.id);
        let explicit = entry.is_some_and(|i| data.document_set.documents[i].version.is_some());
        // An annex or form that takes its version from its parent is covered by the parent's record.
        let judged = d.kind == Kind::Procedure || (explicit && !own.is_empty());
        if judged && !own.iter().any(|(_, r)| &r.version.0 == version) {
            let known: Vec<&str> = own.iter().map(|(_, r)| r.version.0.as_str()).collect();
            let path = match entry {
                Some(i) if explicit => root().key("documents").index(i).key("version"),
                _ => root().key("revisions"),
            };
            cx.in_file(
                Diagnostic::warning(format!(
                    "{} is at version {version}, but its revision record has {}",
                    d.id,
                    if known.is_empty() {
                        "no entries".to_string()
                    } else {
                        format!("only {}", known.join(", "))
                    }
                ))
                .rule("revision-version-missing")
                .hint(format!(
                    "add the revision to `document_set.revisions`:\n  - version: \"{version}\"\n    date: {}\n    summary: ...\n    documents: [{}]\n(or correct the version; `bcpgen diff OLD NEW --revision` drafts the entry)",
                    c.issued.map_or_else(|| cx.as_of.format("%Y-%m-%d").to_string(), |d| d.0.format("%Y-%m-%d").to_string()),
                    d.id
                )),
                "organization.yaml",
                &path,
            );
        }
        if let Some(issued) = c.issued {
            for (i, r) in &own {
                if &r.version.0 == version && r.date.0 > issued.0 {
                    late.entry(*i).or_default().push(d.id.clone());
                }
            }
        }
    }
    for (i, ids) in late {
        let r = &data.document_set.revisions[i];
        let issued = controls[&ids[0]].issued.map(|d| d.0);
        cx.in_file(
            Diagnostic::warning(format!(
                "revision {} is dated {}, after the issue date{} of {} at that version",
                r.version,
                r.date.0,
                issued.map(|d| format!(" ({d})")).unwrap_or_default(),
                ids.join(", ")
            ))
            .rule("revision-after-issue")
            .hint("a version is issued on or after its revision: correct the revision's date or the document's `issued` date"),
            "organization.yaml",
            &root().key("revisions").index(i).key("date"),
        );
    }
}
