//! The document set: one registry of document ids, resolved once per run.
//!
//! Fixed documents are listed in [`DOCUMENTS`] with their kind and, for annexes
//! and forms, the procedure they belong to (their parent) and their place among
//! its children (which gives derived numbers `<parent number>-01`, `-02`, ...).
//! Filled reports (`incident-<id>`, `drill-<id>`) are added from the records by
//! [`Registry::new`]; an id that would collide with a fixed document is an error
//! found at load time ([`validate`]).

pub mod control;

use crate::diag::Diagnostic;
use crate::model::Data;

/// What sort of document an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Procedure,
    Annex,
    Form,
    Incident,
    /// The investigation, handling and improvement report of a recovered
    /// incident (`incident-<id>-report`).
    Report,
    Drill,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Procedure => "procedure",
            Kind::Annex => "annex",
            Kind::Form => "form",
            Kind::Incident => "incident",
            Kind::Report => "report",
            Kind::Drill => "drill",
        }
    }
}

/// Whether a document holds personal data (home and mobile numbers, or
/// details of the people involved in a record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    /// Never.
    No,
    /// When the data gives home or mobile numbers of people or external contacts.
    Phones,
    /// When the data gives home or mobile numbers of external contacts (the
    /// incident procedure lists theirs, not the staff's).
    ExternalPhones,
    /// A blank form that holds personal data once filled in.
    WhenFilled,
    /// A filled record: always.
    Always,
}

/// A fixed document of the set.
#[derive(Debug, Clone, Copy)]
pub struct DocDef {
    pub id: &'static str,
    pub kind: Kind,
    /// The procedure an annex or form belongs to.
    pub parent: Option<&'static str>,
    /// Place among the parent's children: the derived number's suffix. Fixed
    /// per document, so adding a document never renumbers the others.
    pub seq: u8,
    pub personal: Personal,
}

const fn procedure(id: &'static str) -> DocDef {
    DocDef {
        id,
        kind: Kind::Procedure,
        parent: None,
        seq: 0,
        personal: Personal::No,
    }
}

const fn child(
    id: &'static str,
    kind: Kind,
    parent: &'static str,
    seq: u8,
    personal: Personal,
) -> DocDef {
    DocDef {
        id,
        kind,
        parent: Some(parent),
        seq,
        personal,
    }
}

/// Every fixed document, in the order of the set.
pub const DOCUMENTS: &[DocDef] = &[
    procedure("bcm-procedure"),
    procedure("bcp"),
    // Lists external contacts' numbers, a vendor engineer's mobile among them.
    DocDef {
        personal: Personal::ExternalPhones,
        ..procedure("incident-procedure")
    },
    child(
        "annex-hazards",
        Kind::Annex,
        "bcm-procedure",
        1,
        Personal::No,
    ),
    child(
        "annex-roles",
        Kind::Annex,
        "bcm-procedure",
        2,
        Personal::Phones,
    ),
    child(
        "annex-contacts",
        Kind::Annex,
        "bcm-procedure",
        4,
        Personal::Phones,
    ),
    child("annex-bia", Kind::Annex, "bcp", 1, Personal::No),
    child("annex-systems", Kind::Annex, "bcp", 2, Personal::No),
    child(
        "annex-resources",
        Kind::Annex,
        "bcm-procedure",
        3,
        Personal::No,
    ),
    child("annex-records", Kind::Annex, "bcp", 3, Personal::No),
    child("annex-test-schedule", Kind::Annex, "bcp", 4, Personal::No),
    child("annex-crosswalk", Kind::Annex, "bcp", 5, Personal::No),
    child(
        "form-incident-report",
        Kind::Form,
        "incident-procedure",
        1,
        Personal::WhenFilled,
    ),
    child(
        "form-internal-report",
        Kind::Form,
        "incident-procedure",
        2,
        Personal::WhenFilled,
    ),
    child(
        "form-drill-report",
        Kind::Form,
        "bcm-procedure",
        5,
        Personal::No,
    ),
    child(
        "form-test-plan",
        Kind::Form,
        "bcm-procedure",
        6,
        Personal::No,
    ),
    child(
        "form-damaged-assets",
        Kind::Form,
        "bcm-procedure",
        7,
        Personal::No,
    ),
    child(
        "form-attendance",
        Kind::Form,
        "bcm-procedure",
        8,
        Personal::WhenFilled,
    ),
    child("form-event-log", Kind::Form, "bcp", 6, Personal::No),
];

pub fn find(id: &str) -> Option<&'static DocDef> {
    DOCUMENTS.iter().find(|d| d.id == id)
}

/// True for ids a `document_set.documents` entry may name.
pub fn is_known_id(id: &str) -> bool {
    find(id).is_some() || id.starts_with("incident-") || id.starts_with("drill-")
}

/// The form a filled record is an instance of.
pub fn form_of(kind: Kind) -> Option<&'static str> {
    match kind {
        // The investigation report is made on the incident procedure's form.
        Kind::Incident | Kind::Report => Some("form-incident-report"),
        Kind::Drill => Some("form-drill-report"),
        _ => None,
    }
}

/// One document of this run's set.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub kind: Kind,
    /// The procedure an annex or form belongs to.
    pub parent: Option<&'static str>,
    pub seq: u8,
    pub personal: Personal,
    /// Index of the record in `data.incidents` / `data.drills` (filled reports).
    pub record: Option<usize>,
}

/// The documents of a data set: the fixed ones, then one per incident and
/// drill record. Built once per run from data that passed [`validate`].
#[derive(Debug, Clone, Default)]
pub struct Registry {
    docs: Vec<Doc>,
}

impl Registry {
    pub fn new(data: &Data) -> Registry {
        let mut docs: Vec<Doc> = DOCUMENTS
            .iter()
            .map(|d| Doc {
                id: d.id.to_string(),
                kind: d.kind,
                parent: d.parent,
                seq: d.seq,
                personal: d.personal,
                record: None,
            })
            .collect();
        for (kind, ids) in record_ids(data) {
            for (i, id) in ids.into_iter().enumerate() {
                if id.is_empty() || find(&id).is_some() || docs.iter().any(|d| d.id == id) {
                    continue; // reported by `validate`; never shadows a fixed document
                }
                docs.push(Doc {
                    id,
                    kind,
                    parent: None,
                    seq: 0,
                    personal: Personal::Always,
                    record: Some(i),
                });
            }
        }
        Registry { docs }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter()
    }

    pub fn get(&self, id: &str) -> Option<&Doc> {
        self.docs.iter().find(|d| d.id == id)
    }

    /// The kind of `id`; ids outside the set count as fixed procedures.
    pub fn kind(&self, id: &str) -> Kind {
        self.get(id).map_or(Kind::Procedure, |d| d.kind)
    }

    /// The children of `parent`, in the order of their derived numbers.
    pub fn children(&self, parent: &str) -> Vec<&Doc> {
        let mut v: Vec<&Doc> = self
            .docs
            .iter()
            .filter(|d| d.parent == Some(parent))
            .collect();
        v.sort_by_key(|d| d.seq);
        v
    }
}

/// The document ids the records produce, per kind, in record order: each
/// incident's form, the investigation report of each recovered incident
/// (unless an incident's own form has that id), each drill's report.
fn record_ids(data: &Data) -> [(Kind, Vec<String>); 3] {
    let forms: Vec<String> = data
        .incidents
        .iter()
        .map(|i| format!("incident-{}", i.id))
        .collect();
    let reports: Vec<String> = data
        .incidents
        .iter()
        .map(|i| {
            let id = format!("incident-{}-report", i.id);
            // An index must stay aligned with `data.incidents`: an incident
            // without a report gets an id the registry skips (empty).
            if i.recovered_at.is_some() && !forms.contains(&id) {
                id
            } else {
                String::new()
            }
        })
        .collect();
    [
        (Kind::Incident, forms),
        (Kind::Report, reports),
        (
            Kind::Drill,
            data.drills
                .iter()
                .map(|d| format!("drill-{}", d.id))
                .collect(),
        ),
    ]
}

/// Load-time check of revisions assigned to unknown documents: one located
/// error per offending id. (A record whose document id is that of a fixed
/// document is reported with the other id checks of the loader.)
pub fn validate(l: &crate::load::Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let org_file = l.dir.join("organization.yaml").display().to_string();
    let known: Vec<&str> = DOCUMENTS.iter().map(|d| d.id).collect();
    for (i, r) in l.data.document_set.revisions.iter().enumerate() {
        for (j, id) in r.documents.iter().flatten().enumerate() {
            if !is_known_id(id) {
                let path = crate::load::FieldPath::root()
                    .key("document_set")
                    .key("revisions")
                    .index(i)
                    .key("documents")
                    .index(j);
                out.push(
                    Diagnostic::error(format!(
                        "revision {} names an unknown document `{id}`",
                        r.version
                    ))
                    .in_file(org_file.clone())
                    .at(l.locate(&org_file, &path))
                    .field(path.to_string())
                    .hint_opt(crate::load::did_you_mean(id, known.iter().copied())),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_have_a_procedure_parent_and_distinct_places() {
        for d in DOCUMENTS {
            match d.kind {
                Kind::Procedure => assert!(d.parent.is_none(), "{}", d.id),
                _ => {
                    let p = find(d.parent.expect(d.id)).expect(d.id);
                    assert_eq!(p.kind, Kind::Procedure, "{}", d.id);
                    assert!(d.seq > 0, "{}", d.id);
                }
            }
        }
        for p in DOCUMENTS.iter().filter(|d| d.kind == Kind::Procedure) {
            let mut seqs: Vec<u8> = DOCUMENTS
                .iter()
                .filter(|d| d.parent == Some(p.id))
                .map(|d| d.seq)
                .collect();
            let n = seqs.len();
            seqs.sort();
            seqs.dedup();
            assert_eq!(seqs.len(), n, "two children of {} share a place", p.id);
        }
    }
}
