//! Checks that belong to loading: ids are slugs and unique, references
//! resolve, numbers are in range, intervals are not reversed.

use super::{Loaded, Origin};
use crate::diag::Diagnostic;
use crate::model::is_slug;
use std::collections::{HashMap, HashSet};

pub fn validate(l: &mut Loaded) {
    let mut out: Vec<Diagnostic> = Vec::new();
    let d = &l.data;
    let ids = |v: Vec<&String>| -> HashSet<String> { v.into_iter().cloned().collect() };
    let people = ids(d.people.iter().map(|p| &p.id).collect());
    let external = ids(d.external.iter().map(|p| &p.id).collect());
    let roles = ids(d.roles.iter().map(|p| &p.id).collect());
    let processes = ids(d.processes.iter().map(|p| &p.id).collect());
    let systems = ids(d.systems.iter().map(|p| &p.id).collect());
    let sites = ids(d.sites.iter().map(|p| &p.id).collect());

    // Ids: slugs, unique per list.
    let lists: [(&'static str, Vec<&str>); 8] = [
        ("people", d.people.iter().map(|x| x.id.as_str()).collect()),
        (
            "external",
            d.external.iter().map(|x| x.id.as_str()).collect(),
        ),
        ("roles", d.roles.iter().map(|x| x.id.as_str()).collect()),
        (
            "processes",
            d.processes.iter().map(|x| x.id.as_str()).collect(),
        ),
        ("systems", d.systems.iter().map(|x| x.id.as_str()).collect()),
        ("sites", d.sites.iter().map(|x| x.id.as_str()).collect()),
        (
            "incidents",
            d.incidents.iter().map(|x| x.id.as_str()).collect(),
        ),
        ("drills", d.drills.iter().map(|x| x.id.as_str()).collect()),
    ];
    for (list, list_ids) in &lists {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut folded: HashMap<String, usize> = HashMap::new();
        for (i, id) in list_ids.iter().enumerate() {
            // Ids become file names (incident-<id>.pdf); on Windows and macOS two that
            // differ only in letter case are one file.
            if let Some(&first) = folded.get(&id.to_ascii_lowercase()) {
                if list_ids[first] != *id {
                    let first_at = l
                        .origin(list, first)
                        .map(|o| describe(l, o))
                        .unwrap_or_default();
                    out.push(l.diag_at(
                        Diagnostic::error(format!(
                            "id `{id}` differs from `{}` only in letter case",
                            list_ids[first]
                        ))
                        .hint(format!(
                            "ids name output files, and on Windows and macOS these would be one file; \
                             rename one (the other is at {first_at})"
                        )),
                        list,
                        i,
                        &["id"],
                    ));
                }
            } else {
                folded.insert(id.to_ascii_lowercase(), i);
            }
            if !is_slug(id) {
                out.push(l.diag_at(
                    Diagnostic::error(format!("id `{id}` is not a slug")).hint(
                        "ids use ASCII letters, digits, `-` and `_` only (e.g. `wang-xm`, `P01`)",
                    ),
                    list,
                    i,
                    &["id"],
                ));
            }
            if let Some(first) = seen.insert(id, i) {
                let first_at = l
                    .origin(list, first)
                    .map(|o| describe(l, o))
                    .unwrap_or_default();
                out.push(
                    l.diag_at(
                        Diagnostic::error(format!("duplicate id `{id}`"))
                            .hint(format!("first defined at {first_at}")),
                        list,
                        i,
                        &["id"],
                    ),
                );
            }
        }
    }

    // A record's document id (`incident-<id>`, `drill-<id>`) must not name a
    // fixed document of the set: its report would replace that document.
    for (list, prefix) in [("incidents", "incident-"), ("drills", "drill-")] {
        let list_ids = &lists.iter().find(|(n, _)| *n == list).expect("listed").1;
        for (i, id) in list_ids.iter().enumerate() {
            let doc_id = format!("{prefix}{id}");
            if let Some(fixed) = crate::docs::DOCUMENTS
                .iter()
                .find(|d| d.id.eq_ignore_ascii_case(&doc_id))
            {
                out.push(
                    l.diag_at(
                        Diagnostic::error(format!(
                            "id `{id}` would make the document `{doc_id}`, which is the set's `{}`",
                            fixed.id
                        ))
                        .hint("choose another id, e.g. the year and a number (`2026-003`)"),
                        list,
                        i,
                        &["id"],
                    ),
                );
            }
        }
    }

    // References. A list whose file failed to parse is missing as a whole: the
    // references into it are not reported one by one, only counted.
    let mut lost: HashMap<&'static str, String> = HashMap::new();
    for (name, keys) in super::FILES {
        let file = l.dir.join(name).display().to_string();
        if l.failed.contains(&file) {
            for k in *keys {
                lost.insert(k, file.clone());
            }
        }
    }
    let mut r = Refs {
        l,
        out: &mut out,
        lost,
        suppressed: HashMap::new(),
    };
    for (i, p) in d.processes.iter().enumerate() {
        r.one(
            "processes",
            i,
            &["owner"],
            p.owner.as_deref(),
            &people,
            "person",
        );
        r.one(
            "processes",
            i,
            &["deputy"],
            p.deputy.as_deref(),
            &people,
            "person",
        );
        for (j, s) in p.systems.iter().enumerate() {
            r.one(
                "processes",
                i,
                &["systems", &j.to_string()],
                Some(s),
                &systems,
                "system",
            );
        }
        for (k, v) in [
            ("operational", p.impacts.operational),
            ("financial", p.impacts.financial),
            ("legal", p.impacts.legal),
            ("reputation", p.impacts.reputation),
        ] {
            if let Some(n) = v.filter(|n| !(1..=5).contains(n)) {
                r.out.push(
                    r.l.diag_at(
                        Diagnostic::error(format!("impact score {n} is out of range"))
                            .hint("scores run from 1 (low) to 5 (severe)"),
                        "processes",
                        i,
                        &["impacts", k],
                    ),
                );
            }
        }
    }
    for (i, s) in d.systems.iter().enumerate() {
        r.one("systems", i, &["site"], s.site.as_deref(), &sites, "site");
        r.one(
            "systems",
            i,
            &["admin"],
            s.admin.as_deref(),
            &people,
            "person",
        );
        r.one(
            "systems",
            i,
            &["vendor"],
            s.vendor.as_deref(),
            &external,
            "external contact",
        );
    }
    for (i, role) in d.roles.iter().enumerate() {
        r.one(
            "roles",
            i,
            &["primary"],
            role.primary.as_deref(),
            &people,
            "person",
        );
        for (j, a) in role.alternates.iter().enumerate() {
            r.one(
                "roles",
                i,
                &["alternates", &j.to_string()],
                Some(a),
                &people,
                "person",
            );
        }
        r.one(
            "roles",
            i,
            &["reports_to"],
            role.reports_to.as_deref(),
            &roles,
            "role",
        );
    }
    let steps = d
        .processes
        .iter()
        .enumerate()
        .map(|(i, p)| ("processes", i, &p.recovery_steps))
        .chain(
            d.systems
                .iter()
                .enumerate()
                .map(|(i, s)| ("systems", i, &s.recovery_steps)),
        );
    for (list, i, steps) in steps {
        for (j, st) in steps.iter().enumerate() {
            r.one(
                list,
                i,
                &["recovery_steps", &j.to_string(), "role"],
                Some(&st.role),
                &roles,
                "role",
            );
        }
    }
    for (i, c) in d.communications.iter().enumerate() {
        r.one(
            "communications",
            i,
            &["by"],
            c.by.as_deref(),
            &roles,
            "role",
        );
        r.one(
            "communications",
            i,
            &["external"],
            c.external.as_deref(),
            &external,
            "external contact",
        );
        if c.party.is_none() && c.external.is_none() {
            r.out.push(
                r.l.diag_at(
                    Diagnostic::error("an interested party needs `party` or `external`")
                        .hint("name who is informed, e.g. `party: 上級機關` or `external: twcert`"),
                    "communications",
                    i,
                    &["kind"],
                ),
            );
        }
    }
    r.activation(&roles);
    for (i, inc) in d.incidents.iter().enumerate() {
        r.one(
            "incidents",
            i,
            &["handler"],
            inc.handler.as_deref(),
            &people,
            "person",
        );
        for (j, s) in inc.affected_systems.iter().enumerate() {
            r.one(
                "incidents",
                i,
                &["affected_systems", &j.to_string()],
                Some(s),
                &systems,
                "system",
            );
        }
        if let Some(crate::model::PersonRef::Id(p)) = &inc.reporter {
            r.one("incidents", i, &["reporter"], Some(p), &people, "person");
        }
        for (j, a) in inc.actions.iter().enumerate() {
            r.soft(
                "incidents",
                i,
                &["actions", &j.to_string(), "by"],
                a.by.as_deref(),
                &people,
            );
        }
        if let Some(level) = inc.level.filter(|n| !(1..=4).contains(n)) {
            r.out.push(
                r.l.diag_at(
                    Diagnostic::error(format!("level {level} does not exist"))
                        .hint("levels run from 1 to 4"),
                    "incidents",
                    i,
                    &["level"],
                ),
            );
        }
        let t0 = inc.discovered_at.0;
        for (key, t) in [
            ("reported_internal_at", inc.reported_internal_at),
            ("notified_at", inc.notified_at),
            ("recovered_at", inc.recovered_at),
        ] {
            if let Some(t) = t.filter(|t| t.0 < t0) {
                r.out.push(r.l.diag_at(
                    Diagnostic::error(format!("`{key}` ({}) is before `discovered_at` ({})", t.0.to_rfc3339(), t0.to_rfc3339()))
                        .hint("every deadline counts from discovered_at; check the date and the offset"),
                    "incidents",
                    i,
                    &[key],
                ));
            }
        }
        if let (Some(rec), Some(rep)) = (inc.recovered_at, inc.report_submitted_at) {
            let before = match rep {
                crate::model::DateOrTime::Time(t) => t < rec.0,
                crate::model::DateOrTime::Date(d) => d < rec.0.date_naive(),
            };
            if before {
                r.out.push(r.l.diag_at(
                    Diagnostic::error("`report_submitted_at` is before `recovered_at`")
                        .hint("the investigation report follows recovery or damage control; check the date"),
                    "incidents",
                    i,
                    &["report_submitted_at"],
                ));
            }
        }
        if let Some(o) = inc.occurred_at.filter(|o| o.0 > t0) {
            r.out.push(r.l.diag_at(
                Diagnostic::error(format!(
                    "`occurred_at` ({}) is after `discovered_at`",
                    o.0.to_rfc3339()
                )),
                "incidents",
                i,
                &["occurred_at"],
            ));
        }
    }
    for (i, dr) in d.drills.iter().enumerate() {
        for (j, p) in dr.processes.iter().enumerate() {
            r.one(
                "drills",
                i,
                &["processes", &j.to_string()],
                Some(p),
                &processes,
                "process",
            );
        }
        for (j, s) in dr.systems.iter().enumerate() {
            r.one(
                "drills",
                i,
                &["systems", &j.to_string()],
                Some(s),
                &systems,
                "system",
            );
        }
        for (j, p) in dr.participants.iter().enumerate() {
            let js = j.to_string();
            r.one(
                "drills",
                i,
                &["participants", &js, "person"],
                p.person.as_deref(),
                &people,
                "person",
            );
            r.one(
                "drills",
                i,
                &["participants", &js, "role"],
                p.role.as_deref(),
                &roles,
                "role",
            );
            if p.person.is_none() && p.name.is_none() {
                r.out.push(r.l.diag_at(
                    Diagnostic::error("a participant needs `person` (an id) or `name`"),
                    "drills",
                    i,
                    &["participants", &js],
                ));
            }
        }
        for (j, s) in dr.steps.iter().enumerate() {
            r.soft(
                "drills",
                i,
                &["steps", &j.to_string(), "actor"],
                s.actor.as_deref(),
                &people,
            );
        }
        for (j, res) in dr.results.iter().enumerate() {
            r.one(
                "drills",
                i,
                &["results", &j.to_string(), "process"],
                Some(&res.process),
                &processes,
                "process",
            );
        }
        for (j, imp) in dr.improvements.iter().enumerate() {
            r.one(
                "drills",
                i,
                &["improvements", &j.to_string(), "owner"],
                imp.owner.as_deref(),
                &people,
                "person",
            );
        }
        r.one(
            "drills",
            i,
            &["reviewed_by"],
            dr.reviewed_by.as_deref(),
            &people,
            "person",
        );
        if let (Some(s), Some(e)) = (dr.start, dr.end) {
            if e < s {
                r.out.push(r.l.diag_at(
                    Diagnostic::error(format!(
                        "`end` ({}) is before `start` ({})",
                        e.0.format("%H:%M"),
                        s.0.format("%H:%M")
                    )),
                    "drills",
                    i,
                    &["end"],
                ));
            }
        }
        if let Some(c) = &dr.contact_check {
            if c.reached > c.total {
                r.out.push(r.l.diag_at(
                    Diagnostic::error(format!(
                        "{} reached of {} is impossible",
                        c.reached, c.total
                    )),
                    "drills",
                    i,
                    &["contact_check", "reached"],
                ));
            }
        }
    }
    let suppressed = std::mem::take(&mut r.suppressed);
    drop(r);
    units(l, &mut out);
    policy_ranges(l, &mut out);

    // Document-control entries name documents of the set.
    let known: Vec<&str> = crate::docs::DOCUMENTS.iter().map(|d| d.id).collect();
    let org_file = l.dir.join("organization.yaml").display().to_string();
    for (i, doc) in d.document_set.documents.iter().enumerate() {
        if !crate::docs::is_known_id(&doc.id) {
            let path = super::FieldPath::root()
                .key("document_set")
                .key("documents")
                .index(i)
                .key("id");
            out.push(
                Diagnostic::error(format!("unknown document id `{}`", doc.id))
                    .in_file(org_file.clone())
                    .at(l.locate(&org_file, &path))
                    .field(path.to_string())
                    .hint_opt(super::did_you_mean(&doc.id, known.iter().copied())),
            );
        }
    }
    // Filled reports that collide with fixed documents; revisions' document ids.
    out.extend(crate::docs::validate(l));
    for diag in out {
        l.diags.push(diag);
    }
    for (file, n) in suppressed {
        l.diags.suppressed += n;
        if let Some(d) = l
            .diags
            .items
            .iter_mut()
            .find(|d| d.cause && d.file.as_deref() == Some(file.as_str()))
        {
            let note = format!(
                "and {n} error(s) that follow from it (references to ids this file defines) are not shown"
            );
            d.hint = Some(match d.hint.take() {
                Some(h) => format!("{h}\n  {note}"),
                None => note,
            });
        }
    }
}

/// Units named by people, processes and documents are among `organization.units`
/// (when the organization lists its units).
fn units(l: &Loaded, out: &mut Vec<Diagnostic>) {
    let d = &l.data;
    let known = &d.organization.units;
    if known.is_empty() {
        return;
    }
    let bad = |u: &str| !known.iter().any(|k| k == u);
    let hint = |u: &str| {
        super::did_you_mean(u, known.iter().map(String::as_str))
            .unwrap_or_else(|| format!("the units are: {}", known.join(", ")))
    };
    let msg = |u: &str| format!("unit `{u}` is not one of `organization.units`");
    for (list, units) in [
        (
            "people",
            d.people
                .iter()
                .map(|p| p.unit.as_deref())
                .collect::<Vec<_>>(),
        ),
        (
            "processes",
            d.processes.iter().map(|p| p.unit.as_deref()).collect(),
        ),
    ] {
        for (i, u) in units.into_iter().enumerate() {
            if let Some(u) = u.filter(|u| bad(u)) {
                out.push(l.diag_at(Diagnostic::error(msg(u)).hint(hint(u)), list, i, &["unit"]));
            }
        }
    }
    let org_file = l.dir.join("organization.yaml").display().to_string();
    for (i, doc) in d.document_set.documents.iter().enumerate() {
        if let Some(u) = doc.owner_unit.as_deref().filter(|u| bad(u)) {
            let path = super::FieldPath::root()
                .key("document_set")
                .key("documents")
                .index(i)
                .key("owner_unit");
            out.push(
                Diagnostic::error(msg(u))
                    .in_file(org_file.clone())
                    .at(l.locate(&org_file, &path))
                    .field(path.to_string())
                    .hint(hint(u)),
            );
        }
    }
}

/// Month counts of the policy stay within ten years (date arithmetic and sense).
fn policy_ranges(l: &Loaded, out: &mut Vec<Diagnostic>) {
    let p = &l.data.policy;
    let org_file = l.dir.join("organization.yaml").display().to_string();
    let policy = super::FieldPath::root().key("policy");
    for (path, n) in [
        (policy.key("plan_review_months"), Some(p.plan_review_months)),
        (
            policy.key("core_system_drill_months"),
            Some(p.core_system_drill_months),
        ),
        (
            policy.key("contact_verify_months"),
            Some(p.contact_verify_months),
        ),
        (
            policy.key("overrides").key("report_within_months"),
            p.overrides.report_within_months,
        ),
    ] {
        if let Some(n) = n.filter(|n| *n > 120) {
            out.push(
                Diagnostic::error(format!(
                    "{n} months is longer than the limit of 120 (ten years)"
                ))
                .in_file(org_file.clone())
                .at(l.locate(&org_file, &path))
                .field(path.to_string())
                .hint("give the number of months, e.g. 12"),
            );
        }
    }
}

fn describe(l: &Loaded, o: &Origin) -> String {
    match l.locate(&o.file, &o.path) {
        Some(loc) => format!("{}:{} ({})", o.file, loc.line, o.path),
        None => o.path.to_string(),
    }
}

struct Refs<'a> {
    l: &'a Loaded,
    out: &'a mut Vec<Diagnostic>,
    /// Lists lost with their file (a syntax error), by list name.
    lost: HashMap<&'static str, String>,
    /// References into lost lists, counted per file.
    suppressed: HashMap<String, usize>,
}

impl Refs<'_> {
    /// A reference that must resolve.
    fn one(
        &mut self,
        list: &str,
        i: usize,
        sub: &[&str],
        id: Option<&str>,
        ids: &HashSet<String>,
        what: &str,
    ) {
        let Some(id) = id else { return };
        if ids.contains(id) {
            return;
        }
        let list_of = match what {
            "person" => "people",
            "system" => "systems",
            "external contact" => "external",
            "role" => "roles",
            "process" => "processes",
            "site" => "sites",
            _ => "",
        };
        if let Some(file) = self.lost.get(list_of) {
            *self.suppressed.entry(file.clone()).or_default() += 1;
            return;
        }
        let hint = super::did_you_mean(id, ids.iter().map(String::as_str))
            .unwrap_or_else(|| format!("no {what} has the id `{id}`"));
        self.out.push(self.l.diag_at(
            Diagnostic::error(format!("unknown {what} `{id}`")).hint(hint),
            list,
            i,
            sub,
        ));
    }

    /// `plan.activation.authority`: role ids in organization.yaml.
    fn activation(&mut self, roles: &HashSet<String>) {
        if self.lost.contains_key("roles") {
            return;
        }
        let org_file = self.l.dir.join("organization.yaml").display().to_string();
        for (j, id) in self.l.data.plan.activation.authority.iter().enumerate() {
            if roles.contains(id) {
                continue;
            }
            let path = super::FieldPath::root()
                .key("plan")
                .key("activation")
                .key("authority")
                .index(j);
            let hint = super::did_you_mean(id, roles.iter().map(String::as_str))
                .unwrap_or_else(|| format!("no role has the id `{id}`"));
            self.out.push(
                Diagnostic::error(format!("unknown role `{id}`"))
                    .in_file(org_file.clone())
                    .at(self.l.locate(&org_file, &path))
                    .field(path.to_string())
                    .hint(hint),
            );
        }
    }

    /// A field that is a person id or free text: only a near miss of an id is suspicious.
    fn soft(
        &mut self,
        list: &str,
        i: usize,
        sub: &[&str],
        id: Option<&str>,
        ids: &HashSet<String>,
    ) {
        let Some(id) = id else { return };
        if ids.contains(id) || !is_slug(id) || self.lost.contains_key("people") {
            return;
        }
        if let Some(h) = super::did_you_mean(id, ids.iter().map(String::as_str)) {
            self.out.push(
                self.l.diag_at(
                    Diagnostic::warning(format!(
                        "`{id}` is not a person id; it is printed as written"
                    ))
                    .hint(h),
                    list,
                    i,
                    sub,
                ),
            );
        }
    }
}
