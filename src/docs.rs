//! The document set: ids, templates and kinds (the README lists the documents).

/// What sort of document an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Procedure,
    Annex,
    Form,
    Incident,
    Drill,
}

/// A fixed document of the set.
#[derive(Debug, Clone, Copy)]
pub struct DocDef {
    pub id: &'static str,
    pub kind: Kind,
}

/// Every fixed document, in the order of the set.
pub const DOCUMENTS: &[DocDef] = &[
    DocDef {
        id: "bcm-procedure",
        kind: Kind::Procedure,
    },
    DocDef {
        id: "bcp",
        kind: Kind::Procedure,
    },
    DocDef {
        id: "incident-procedure",
        kind: Kind::Procedure,
    },
    DocDef {
        id: "annex-hazards",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-roles",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-contacts",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-bia",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-systems",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-resources",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-records",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-test-schedule",
        kind: Kind::Annex,
    },
    DocDef {
        id: "annex-crosswalk",
        kind: Kind::Annex,
    },
    DocDef {
        id: "form-incident-report",
        kind: Kind::Form,
    },
    DocDef {
        id: "form-internal-report",
        kind: Kind::Form,
    },
    DocDef {
        id: "form-drill-report",
        kind: Kind::Form,
    },
    DocDef {
        id: "form-test-plan",
        kind: Kind::Form,
    },
    DocDef {
        id: "form-damaged-assets",
        kind: Kind::Form,
    },
    DocDef {
        id: "form-attendance",
        kind: Kind::Form,
    },
    DocDef {
        id: "form-event-log",
        kind: Kind::Form,
    },
];

pub fn find(id: &str) -> Option<&'static DocDef> {
    DOCUMENTS.iter().find(|d| d.id == id)
}

/// True for ids a `document_set.documents` entry may name.
pub fn is_known_id(id: &str) -> bool {
    find(id).is_some() || id.starts_with("incident-") || id.starts_with("drill-")
}
