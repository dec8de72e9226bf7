//! Document control, resolved once per run for every document of the set:
//! number, version, issue date, owning unit, classification, approvals,
//! status, revision record, references and the personal-data notice.
//!
//! Precedence, field by field: the document's own `document_set.documents`
//! entry; then (version and issue date) its own latest revision; then, for an
//! annex or form, its parent procedure (for a filled report, its form); then
//! `document_set.defaults`. An annex or form without a number of its own gets
//! `<parent number>-NN`, NN its fixed place among the parent's children.

use super::{Kind, Personal, Registry};
use crate::locale::Locale;
use crate::model::{Data, Date, DocControl, DocStatus, Revision};
use crate::render::Edition;
use serde::Serialize;
use std::collections::BTreeMap;

/// A person (or a body given as text) who prepares, reviews or approves.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Signer {
    /// True for a person of people.yaml; false for a unit or body named as text.
    pub person: bool,
    pub name: String,
    pub title: Option<String>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    pub version: String,
    pub date: Date,
    pub summary: String,
    pub author: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// regulation | document (the set's own procedures) | own (the organization's additions)
    pub kind: &'static str,
    pub number: Option<String>,
    pub title: String,
    /// Where a regulation is published, if its rule set says.
    pub detail: Option<String>,
    /// The set's own document this names, if any.
    pub id: Option<String>,
}

/// The resolved document control of one document (`doc` in templates).
#[derive(Debug, Clone, Serialize)]
pub struct Control {
    pub id: String,
    pub kind: &'static str,
    pub parent: Option<String>,
    /// The parent's title and number, for an annex or form.
    pub parent_title: Option<String>,
    pub parent_number: Option<String>,
    /// An annex's place among its parent's annexes (附件一 is 1), from the
    /// registry's order, so citations never hard-code it.
    pub annex: Option<usize>,
    pub title: String,
    pub number: Option<String>,
    /// True when the number was derived from the parent's.
    pub number_derived: bool,
    pub version: Option<String>,
    pub issued: Option<Date>,
    pub owner_unit: Option<String>,
    /// The approver as printed (name and title, or the text given).
    pub approved_by: Option<String>,
    pub classification: Option<String>,
    pub level: Option<String>,
    pub scope: Option<String>,
    /// The issuing organization (發行單位).
    pub issuer: String,
    pub prepared: Option<Signer>,
    pub reviewed: Option<Signer>,
    pub approved: Option<Signer>,
    /// approved | draft
    pub status: &'static str,
    pub draft: bool,
    /// This document's own revision record, oldest first.
    pub revisions: Vec<RevisionView>,
    pub references: Vec<ReferenceView>,
    /// True when the document holds personal data in this edition.
    pub personal: bool,
    /// The notice printed under the control table or at the foot of a form:
    /// the edition notice on documents with personal data, the fill-in notice
    /// on blank forms that will hold it, else nothing.
    pub notice: Option<String>,
}

/// Everything resolution needs besides the data.
pub struct Inputs<'a> {
    pub data: &'a Data,
    pub loc: &'a Locale,
    pub registry: &'a Registry,
    pub edition: Edition,
    /// The incident regulation of the rule set in force.
    pub regulation: Option<Regulation>,
}

/// The regulation a rule set names, in the documents' language.
pub struct Regulation {
    pub name: String,
    /// Where it is published (e.g. the gazette), if the rule set says.
    pub reference: Option<String>,
}

/// The revisions that apply to `id` (no `documents` list: every document), by date.
pub fn revisions_of<'a>(data: &'a Data, id: &str) -> Vec<(usize, &'a Revision)> {
    let mut v: Vec<(usize, &Revision)> = data
        .document_set
        .revisions
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.documents
                .as_ref()
                .is_none_or(|ds| ds.iter().any(|d| d == id))
        })
        .collect();
    v.sort_by_key(|(i, r)| (r.date, *i));
    v
}

/// Resolves the control of every document of the registry, by id.
pub fn resolve(inp: &Inputs) -> BTreeMap<String, Control> {
    let mut out: BTreeMap<String, Control> = BTreeMap::new();
    // Procedures first, then their children, then filled reports (after their forms).
    let mut order: Vec<&super::Doc> = inp.registry.iter().collect();
    order.sort_by_key(|d| match d.kind {
        Kind::Procedure => 0,
        Kind::Annex | Kind::Form => 1,
        Kind::Incident | Kind::Report | Kind::Drill => 2,
    });
    for d in order {
        let src_id = d.parent.or_else(|| super::form_of(d.kind));
        let src = src_id.and_then(|p| out.get(p)).cloned();
        let c = resolve_one(inp, d, src.as_ref());
        out.insert(d.id.clone(), c);
    }
    // References need every procedure's number and title.
    let procedures: Vec<(String, Option<String>, String)> = inp
        .registry
        .iter()
        .filter(|d| d.kind == Kind::Procedure)
        .filter_map(|d| out.get(&d.id))
        .map(|c| (c.id.clone(), c.number.clone(), c.title.clone()))
        .collect();
    for c in out.values_mut() {
        c.references = references(inp, c, &procedures);
    }
    out
}

fn entry<'a>(data: &'a Data, id: &str) -> Option<&'a DocControl> {
    data.document_set.documents.iter().find(|d| d.id == id)
}

fn resolve_one(inp: &Inputs, d: &super::Doc, src: Option<&Control>) -> Control {
    let data = inp.data;
    let e = entry(data, &d.id);
    let defaults = &data.document_set.defaults;
    let own = if d.record.is_some() {
        Vec::new()
    } else {
        revisions_of(data, &d.id)
    };
    let latest = own.last().map(|(_, r)| *r);
    let from_entry = e.and_then(|e| e.version.as_ref()).map(|t| t.0.clone());
    let from_rev = latest.map(|r| r.version.0.clone());
    let from_src = src.and_then(|s| s.version.clone());
    let version = from_entry
        .clone()
        .or(from_rev)
        .or_else(|| from_src.clone())
        .or_else(|| defaults.version.as_ref().map(|t| t.0.clone()));
    let issued = e
        .and_then(|e| e.issued)
        .or_else(|| {
            version.as_ref().and_then(|v| {
                own.iter()
                    .rev()
                    .find(|(_, r)| &r.version.0 == v)
                    .map(|(_, r)| r.date)
            })
        })
        .or_else(|| {
            src.filter(|s| s.version == version && version.is_some())
                .and_then(|s| s.issued)
        })
        .or(defaults.issued);
    let (number, number_derived) = match e.and_then(|e| e.number.as_ref()) {
        Some(n) => (Some(n.0.clone()), false),
        None => match (d.kind, src.and_then(|s| s.number.clone())) {
            (Kind::Annex | Kind::Form, Some(n)) => (Some(format!("{n}-{:02}", d.seq)), true),
            (Kind::Incident | Kind::Report | Kind::Drill, Some(n)) => (Some(n), false),
            _ => (None, false),
        },
    };
    let pick = |own: Option<&String>, inherited: Option<&String>, default: Option<&String>| {
        own.or(inherited).or(default).cloned()
    };
    let owner_unit = pick(
        e.and_then(|e| e.owner_unit.as_ref()),
        src.and_then(|s| s.owner_unit.as_ref()),
        defaults.owner_unit.as_ref(),
    );
    let signer_text = |own: Option<&String>,
                       inherited: Option<&Signer>,
                       default: Option<&String>|
     -> Option<Signer> {
        own.map(|t| signer(data, t))
            .or_else(|| inherited.cloned())
            .or_else(|| default.map(|t| signer(data, t)))
    };
    let approved = signer_text(
        e.and_then(|e| e.approved_by.as_ref()),
        src.and_then(|s| s.approved.as_ref()),
        defaults.approved_by.as_ref(),
    );
    let reviewed = signer_text(
        e.and_then(|e| e.reviewed_by.as_ref()),
        src.and_then(|s| s.reviewed.as_ref()),
        defaults.reviewed_by.as_ref(),
    );
    let prepared = signer_text(
        e.and_then(|e| e.prepared_by.as_ref()),
        src.and_then(|s| s.prepared.as_ref()),
        defaults.prepared_by.as_ref(),
    );
    let classification = pick(
        e.and_then(|e| e.classification.as_ref()),
        src.and_then(|s| s.classification.as_ref()),
        defaults
            .classification
            .as_ref()
            .or(data.document_set.classification.as_ref()),
    );
    let status = e
        .and_then(|e| e.status)
        .or_else(|| {
            src.map(|s| {
                if s.draft {
                    DocStatus::Draft
                } else {
                    DocStatus::Approved
                }
            })
        })
        .or(defaults.status)
        .unwrap_or_default();
    let personal = match d.personal {
        Personal::No | Personal::WhenFilled => false,
        Personal::Always => true,
        Personal::Phones => data
            .people
            .iter()
            .map(|p| &p.phones)
            .chain(data.external.iter().map(|e| &e.phones))
            .any(|p| p.home.is_some() || p.mobile.is_some()),
        Personal::ExternalPhones => data
            .external
            .iter()
            .any(|e| e.phones.home.is_some() || e.phones.mobile.is_some()),
    };
    let loc = inp.loc;
    let notice = if personal {
        Some(
            loc.text(&loc.edition_notice, inp.edition.as_str())
                .to_string(),
        )
    } else if d.personal == Personal::WhenFilled {
        Some(loc.text(&loc.control, "when_filled").to_string())
    } else {
        None
    };
    let people = |a: &str| {
        data.people
            .iter()
            .find(|p| p.id == a)
            .map_or(a.to_string(), |p| p.name.clone())
    };
    let annex = match (d.kind, d.parent) {
        (Kind::Annex, Some(p)) => inp
            .registry
            .children(p)
            .iter()
            .filter(|c| c.kind == Kind::Annex)
            .position(|c| c.id == d.id)
            .map(|i| i + 1),
        _ => None,
    };
    let parent_of = |f: fn(&Control) -> Option<String>| d.parent.and(src).and_then(f);
    Control {
        id: d.id.clone(),
        kind: d.kind.as_str(),
        parent: d.parent.map(str::to_string),
        parent_title: parent_of(|s| Some(s.title.clone())),
        parent_number: parent_of(|s| s.number.clone()),
        annex,
        title: e
            .and_then(|e| e.title.clone())
            .unwrap_or_else(|| record_title(data, loc, d)),
        number,
        number_derived,
        version,
        issued,
        owner_unit,
        approved_by: approved.as_ref().map(|s| signer_line(loc, s)),
        classification,
        level: e
            .and_then(|e| e.level.clone())
            .or_else(|| defaults.level.clone()),
        scope: e
            .and_then(|e| e.scope.clone())
            .or_else(|| defaults.scope.clone()),
        issuer: data.organization.name.clone(),
        prepared,
        reviewed,
        approved,
        status: status.as_str(),
        draft: status == DocStatus::Draft,
        revisions: own
            .iter()
            .map(|(_, r)| RevisionView {
                version: r.version.0.clone(),
                date: r.date,
                summary: r.summary.clone(),
                author: r.author.as_deref().map(people),
            })
            .collect(),
        references: Vec::new(),
        personal,
        notice,
    }
}

/// A person id becomes the person's name, title and unit; anything else is a body named as text.
fn signer(data: &Data, text: &str) -> Signer {
    match data.people.iter().find(|p| p.id == text) {
        Some(p) => Signer {
            person: true,
            name: p.name.clone(),
            title: p.title.clone(),
            unit: p.unit.clone(),
        },
        None => Signer {
            person: false,
            name: text.to_string(),
            title: None,
            unit: None,
        },
    }
}

/// `王小明（資安長）` / `Wang Xiaoming (CISO)`, or the text alone.
fn signer_line(loc: &Locale, s: &Signer) -> String {
    match &s.title {
        Some(t) => loc
            .text(&loc.control, "person")
            .replace("{name}", &s.name)
            .replace("{title}", t),
        None => s.name.clone(),
    }
}

/// The regulation, the set's other procedures by number, then the
/// organization's own references (set-wide, then this document's).
fn references(
    inp: &Inputs,
    c: &Control,
    procedures: &[(String, Option<String>, String)],
) -> Vec<ReferenceView> {
    let data = inp.data;
    let mut v = Vec::new();
    if let Some(r) = &inp.regulation {
        v.push(ReferenceView {
            kind: "regulation",
            number: None,
            title: r.name.clone(),
            detail: r.reference.clone(),
            id: None,
        });
    }
    for (id, number, title) in procedures {
        if *id != c.id {
            v.push(ReferenceView {
                kind: "document",
                number: number.clone(),
                title: title.clone(),
                detail: None,
                id: Some(id.clone()),
            });
        }
    }
    let own = entry(data, &c.id)
        .map(|e| e.references.as_slice())
        .unwrap_or(&[]);
    for r in data.document_set.references.iter().chain(own) {
        v.push(ReferenceView {
            kind: "own",
            number: r.number().map(str::to_string),
            title: r.title().to_string(),
            detail: None,
            id: None,
        });
    }
    v
}

/// The title of a document without one of its own: an investigation report
/// and a drill that reports a real event have titles of their own kind.
fn record_title(data: &Data, loc: &Locale, d: &super::Doc) -> String {
    match (d.kind, d.record) {
        (Kind::Report, Some(i)) => data.incidents.get(i).map_or_else(
            || loc.title(&d.id),
            |inc| loc.title("incident_report").replace("{id}", &inc.id),
        ),
        (Kind::Drill, Some(i)) => match data.drills.get(i) {
            Some(dr) if dr.kind == crate::model::DrillKind::Event => {
                loc.title("drill_event").replace("{id}", &dr.id)
            }
            _ => loc.title(&d.id),
        },
        _ => loc.title(&d.id),
    }
}
