//! The template context (`docs/template-context.md`), built once per run from
//! the model; `doc` is set per document.

use super::filters::mask_phone;
use crate::docs::control::Control;
use crate::locale::Locale;
use crate::model::Locale as LocaleId;
use crate::model::*;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};

/// Which edition is produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// Everything, personal phone numbers included.
    #[default]
    Full,
    /// Home and mobile numbers masked but for their last 3 digits.
    Public,
}

impl Edition {
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Full => "full",
            Edition::Public => "public",
        }
    }
}

fn phones(p: &Phones, edition: Edition) -> Value {
    let personal = |n: &Option<Text>| match (n, edition) {
        (Some(t), Edition::Public) => json!(mask_phone(&t.0)),
        (Some(t), Edition::Full) => json!(t.0),
        (None, _) => Value::Null,
    };
    json!({
        "office": p.office.as_ref().map(|t| t.0.clone()),
        "home": personal(&p.home),
        "mobile": personal(&p.mobile),
    })
}

fn person_value(p: &Person, edition: Edition) -> Value {
    json!({
        "id": p.id, "name": p.name, "title": p.title, "unit": p.unit,
        "phones": phones(&p.phones, edition), "email": p.email, "verified": p.verified,
    })
}

/// Criticality rank for sorting (high first).
fn crit_rank(c: Criticality) -> u8 {
    match c {
        Criticality::High => 0,
        Criticality::Medium => 1,
        Criticality::Low => 2,
    }
}

/// The recovery order: criticality, then RTO (unknown last), then id.
pub fn processes_by_priority(data: &Data) -> Vec<&Process> {
    let mut v: Vec<&Process> = data.processes.iter().collect();
    v.sort_by(|a, b| {
        (
            crit_rank(a.criticality),
            a.rto.map_or(u64::MAX, |d| d.minutes()),
            &a.id,
        )
            .cmp(&(
                crit_rank(b.criticality),
                b.rto.map_or(u64::MAX, |d| d.minutes()),
                &b.id,
            ))
    });
    v
}

/// Builds everything but `doc`.
pub fn base(
    data: &Data,
    loc: &Locale,
    edition: Edition,
    as_of: chrono::NaiveDate,
    controls: &BTreeMap<String, Control>,
) -> Map<String, Value> {
    let org = &data.organization;
    let people: HashMap<&str, &Person> = data.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let pv = |id: &Option<String>| -> Value {
        id.as_deref()
            .and_then(|i| people.get(i))
            .map_or(Value::Null, |p| person_value(p, edition))
    };
    let g = &org.governance;
    let gd = |v: &Option<String>, key: &str| {
        v.clone()
            .unwrap_or_else(|| loc.text(&loc.governance, key).to_string())
    };
    let calendar = org.calendar.unwrap_or(match org.locale {
        LocaleId::ZhTw => Calendar::Roc,
        LocaleId::En => Calendar::Gregorian,
    });
    let mut c = Map::new();
    c.insert(
        "org".into(),
        json!({
            "name": org.name,
            "short_name": org.short_name.clone().unwrap_or_else(|| org.name.clone()),
            "head_title": org.head_title, "address": org.address, "units": org.units,
            "locale": org.locale.as_str(), "calendar": calendar.as_str(),
            "gov": {
                "ciso": gd(&g.ciso, "ciso"), "team": gd(&g.team, "team"), "team_lead": gd(&g.team_lead, "team_lead"),
                "response_team": gd(&g.response_team, "response_team"), "officer": gd(&g.officer, "officer"),
                "liaison": gd(&g.liaison, "liaison"), "committee": gd(&g.committee, "committee"),
            },
        }),
    );
    let docs: Map<String, Value> = controls
        .iter()
        .map(|(id, d)| {
            (id.clone(), json!({"id": id, "kind": d.kind, "title": d.title, "number": d.number, "version": d.version}))
        })
        .collect();
    c.insert("docs".into(), Value::Object(docs));
    let mut revisions: Vec<&Revision> = data.document_set.revisions.iter().collect();
    revisions.sort_by_key(|r| r.date);
    c.insert(
        "revisions".into(),
        revisions
            .iter()
            .map(|r| {
                let author = r.author.as_deref().map(|a| people.get(a).map_or(a.to_string(), |p| p.name.clone()));
                json!({"version": r.version, "date": r.date, "summary": r.summary, "author": author})
            })
            .collect(),
    );
    let p = &data.policy;
    c.insert(
        "policy".into(),
        json!({
            "plan_review_months": p.plan_review_months,
            "core_system_drill_months": p.core_system_drill_months,
            "contact_verify_months": p.contact_verify_months,
            "incident_rules": p.incident_rules,
            "records": p.records.iter().map(|r| json!({
                "form": r.form,
                "form_title": controls.get(&r.form).map_or(json!(r.form), |d| json!(d.title)),
                "form_number": controls.get(&r.form).and_then(|d| d.number.clone()),
                "kept_at": r.kept_at, "retention": r.retention,
            })).collect::<Vec<_>>(),
        }),
    );
    c.insert("rules".into(), rules(data, loc));
    c.insert(
        "people".into(),
        data.people
            .iter()
            .map(|p| person_value(p, edition))
            .collect(),
    );
    c.insert(
        "person".into(),
        Value::Object(
            data.people
                .iter()
                .map(|p| (p.id.clone(), person_value(p, edition)))
                .collect(),
        ),
    );
    let ext: HashMap<&str, &External> = data.external.iter().map(|e| (e.id.as_str(), e)).collect();
    let ext_value = |e: &External| {
        json!({"id": e.id, "name": e.name, "kind": e.kind.as_str(), "phones": phones(&e.phones, Edition::Full),
               "email": e.email, "url": e.url, "services": e.services, "verified": e.verified})
    };
    c.insert(
        "external".into(),
        data.external.iter().map(ext_value).collect(),
    );

    let role_key: HashMap<&str, String> = data
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), format!("R{}", i + 1)))
        .collect();
    c.insert(
        "roles".into(),
        data.roles
            .iter()
            .map(|r| {
                let up = r.reports_to.as_deref().and_then(|id| {
                    data.roles.iter().find(|x| x.id == id).map(|x| json!({"id": x.id, "key": role_key[x.id.as_str()], "title": x.title}))
                });
                json!({
                    "id": r.id, "key": role_key[r.id.as_str()], "title": r.title, "duties": r.duties,
                    "primary": r.primary, "alternates": r.alternates, "reports_to": r.reports_to,
                    "primary_person": pv(&r.primary),
                    "alternate_people": r.alternates.iter().filter_map(|a| people.get(a.as_str()).map(|p| person_value(p, edition))).collect::<Vec<_>>(),
                    "reports_to_role": up,
                })
            })
            .collect(),
    );
    let sys_brief: HashMap<&str, Value> = data
        .systems
        .iter()
        .map(|s| {
            (s.id.as_str(), json!({"id": s.id, "name": s.name, "protection_level": s.protection_level.as_str(), "core": s.protection_level == ProtectionLevel::High}))
        })
        .collect();
    let proc_value = |(i, pr): (usize, &Process)| {
        json!({
            "id": pr.id, "key": format!("P{}", i + 1), "name": pr.name, "unit": pr.unit,
            "owner": pr.owner, "deputy": pr.deputy, "owner_person": pv(&pr.owner), "deputy_person": pv(&pr.deputy),
            "core": pr.core, "criticality": pr.criticality.as_str(),
            "mtpd": pr.mtpd, "rto": pr.rto, "rpo": pr.rpo,
            "systems": pr.systems,
            "system_list": pr.systems.iter().filter_map(|s| sys_brief.get(s.as_str()).cloned()).collect::<Vec<_>>(),
            "impacts": pr.impacts, "workaround": pr.workaround, "recovery_strategy": pr.recovery_strategy,
            "dependencies": pr.dependencies,
        })
    };
    c.insert(
        "processes".into(),
        data.processes.iter().enumerate().map(proc_value).collect(),
    );
    let index_of: HashMap<&str, usize> = data
        .processes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    c.insert(
        "processes_by_priority".into(),
        processes_by_priority(data)
            .into_iter()
            .map(|p| proc_value((index_of[p.id.as_str()], p)))
            .collect(),
    );
    let sites: HashMap<&str, &Site> = data.sites.iter().map(|s| (s.id.as_str(), s)).collect();
    c.insert(
        "systems".into(),
        data.systems
            .iter()
            .map(|s| {
                let used_by: Vec<Value> = data
                    .processes
                    .iter()
                    .filter(|p| p.systems.contains(&s.id))
                    .map(|p| json!({"id": p.id, "name": p.name}))
                    .collect();
                json!({
                    "id": s.id, "name": s.name, "protection_level": s.protection_level.as_str(),
                    "core": s.protection_level == ProtectionLevel::High,
                    "site": s.site, "site_obj": s.site.as_deref().and_then(|x| sites.get(x)).map(|x| json!(x)),
                    "admin": s.admin, "admin_person": pv(&s.admin),
                    "vendor": s.vendor, "vendor_obj": s.vendor.as_deref().and_then(|v| ext.get(v)).map(|e| ext_value(e)),
                    "backup": s.backup, "processes": used_by,
                })
            })
            .collect(),
    );
    c.insert("sites".into(), json!(data.sites));
    let mut by_kind = Map::new();
    for k in SiteKind::ALL {
        let key = k.as_str().replace('-', "_");
        by_kind.insert(
            key,
            data.sites
                .iter()
                .filter(|s| s.kind == *k)
                .map(|s| json!(s))
                .collect(),
        );
    }
    c.insert("site".into(), Value::Object(by_kind));
    c.insert("hazards".into(), json!(data.hazards));
    c.insert("resources".into(), json!(data.resources));
    c.insert("incidents".into(), json!(data.incidents));
    c.insert("drills".into(), json!(data.drills));
    c.insert("edition".into(), json!(edition.as_str()));
    c.insert(
        "edition_label".into(),
        json!(loc.text(&loc.edition_notice, edition.as_str())),
    );
    c.insert("as_of".into(), json!(as_of.format("%Y-%m-%d").to_string()));
    c
}

/// The incident rule set in force, with the policy's overrides applied.
pub fn rules(data: &Data, loc: &Locale) -> Value {
    let text = loc.rules.get("tw-national");
    let o = &data.policy.overrides;
    // Deadlines are stated in hours as the regulation does (72h, not 3d).
    let d = |v: Option<Duration>, default: u64| {
        let m = v.unwrap_or(Duration::from_hours(default)).minutes();
        if m % 60 == 0 {
            format!("{}h", m / 60)
        } else {
            Duration::from_minutes(m).to_string()
        }
    };
    json!({
        "id": data.policy.incident_rules,
        "name": text.map(|t| t.name.clone()),
        "levels": text.map(|t| json!(t.levels)).unwrap_or(json!([])),
        "deadlines": {
            "notify": d(o.notify_within, 1),
            "recovery_low": d(o.recovery_within_level_1_2, 72),
            "recovery_high": d(o.recovery_within_level_3_4, 36),
            "report_months": o.report_within_months.unwrap_or(1),
            "internal_report": o.internal_report_within.map(|x| d(Some(x), 0)),
        },
    })
}
