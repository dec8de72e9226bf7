//! Rules on document control (organization.yaml, `document_set`): every
//! procedure is identified, and each document's version and issue date agree
//! with its own revision record. Judged on the resolved control (entries,
//! revisions, inheritance from the parent, defaults), as the documents print it.

use super::Ctx;
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
            lacks.push(cx.phrase("document-control-missing.number", &[]));
        }
        if c.version.is_none() {
            lacks.push(cx.phrase("document-control-missing.version", &[]));
        }
        if c.issued.is_none() {
            lacks.push(cx.phrase("document-control-missing.issued", &[]));
        }
        if lacks.is_empty() {
            continue;
        }
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
            yaml.push_str("            number: ORG-P-001\n");
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
        let missing = lacks.join(&cx.phrase("document-control-missing.join", &[]));
        let yaml = format!("      document_set:\n        documents:\n{yaml}");
        cx.in_file(
            cx.warning(
                "document-control-missing",
                &[
                    ("document", &d.id),
                    ("title", &c.title),
                    ("missing", &missing),
                    ("yaml", &yaml),
                ],
            ),
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
            let date = c.issued.map_or_else(
                || cx.as_of.format("%Y-%m-%d").to_string(),
                |d| d.0.format("%Y-%m-%d").to_string(),
            );
            let args: super::Args = &[
                ("document", &d.id),
                ("version", version),
                ("known", &known.join(", ")),
                ("date", &date),
            ];
            let d = if known.is_empty() {
                cx.warning("revision-version-missing.none", args)
            } else {
                cx.warning("revision-version-missing", args)
            };
            cx.in_file(d, "organization.yaml", &path);
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
        let issued = issued.map(|d| d.to_string()).unwrap_or_default();
        cx.in_file(
            cx.warning(
                "revision-after-issue",
                &[
                    ("version", &r.version.0),
                    ("date", &r.date.0),
                    ("issued", &issued),
                    ("documents", &ids.join(", ")),
                ],
            ),
            "organization.yaml",
            &root().key("revisions").index(i).key("date"),
        );
    }
}
