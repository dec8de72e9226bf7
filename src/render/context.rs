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
/// `docs`: every document by id, as a document of `family` cites it. An
/// annex is `local` when it belongs to `family` (the citing procedure, or the
/// parent of the citing annex or form): there 附件一 alone names it; elsewhere
/// its parent's title goes first.
pub fn docs(controls: &BTreeMap<String, Control>, family: Option<&str>) -> Value {
    let docs: Map<String, Value> = controls
        .iter()
        .map(|(id, d)| {
            let local = d.parent.is_some() && d.parent.as_deref() == family;
            (
                id.clone(),
                json!({
                    "id": id, "kind": d.kind, "title": d.title, "number": d.number,
                    "version": d.version, "annex": d.annex, "parent": d.parent,
                    "parent_title": d.parent_title, "parent_number": d.parent_number,
                    "local": local,
                }),
            )
        })
        .collect();
    Value::Object(docs)
}

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
    let kind = org.kind.unwrap_or_default();
    let mut c = Map::new();
    c.insert(
        "org".into(),
        json!({
            "name": org.name,
            "short_name": org.short_name.clone().unwrap_or_else(|| org.name.clone()),
            "head_title": org.head_title.clone().unwrap_or_else(|| loc.label("org_head", kind.as_str())), "address": org.address, "units": org.units,
            "locale": org.locale.as_str(), "calendar": calendar.as_str(),
            "kind": kind.as_str(),
            "noun": loc.label("org_noun", kind.as_str()),
            "public": loc.label("org_public", kind.as_str()),
            "gov": {
                "ciso": gd(&g.ciso, "ciso"), "team": gd(&g.team, "team"), "team_lead": gd(&g.team_lead, "team_lead"),
                "response_team": gd(&g.response_team, "response_team"), "officer": gd(&g.officer, "officer"),
                "liaison": gd(&g.liaison, "liaison"), "committee": gd(&g.committee, "committee"),
                "vendor_supervisor": gd(&g.vendor_supervisor, "vendor_supervisor"),
            },
        }),
    );
    c.insert("docs".into(), docs(controls, None));
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
    c.insert(
        "rules".into(),
        rules_value(
            crate::ruleset::for_day(data, as_of),
            data,
            data.organization.locale.as_str(),
        ),
    );
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
        json!({"id": e.id, "name": e.name, "kind": e.kind.as_str(), "phones": phones(&e.phones, edition),
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
    let role_at: HashMap<&str, &crate::model::Role> =
        data.roles.iter().map(|r| (r.id.as_str(), r)).collect();
    c.insert(
        "roles".into(),
        data.roles
            .iter()
            .map(|r| {
                let up = r.reports_to.as_deref().and_then(|id| {
                    role_at.get(id).map(|x| json!({"id": x.id, "key": role_key[x.id.as_str()], "title": x.title}))
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
    // The call tree in parts that each fit a page (one part for a small tree).
    let node = |i: usize| {
        let r = &data.roles[i];
        json!({"key": role_key[r.id.as_str()], "title": r.title,
               "person": r.primary.as_deref().and_then(|p| people.get(p)).map(|p| p.name.clone())})
    };
    c.insert(
        "call_tree".into(),
        super::call_tree::parts(&data.roles)
            .into_iter()
            .map(|p| {
                let key = |i: usize| role_key[data.roles[i].id.as_str()].clone();
                json!({
                    "number": p.number,
                    "continued": p.continued,
                    "root": node(p.root),
                    "nodes": p.nodes.iter().map(|n| {
                        let mut v = node(n.role);
                        v["continued_in"] = json!(n.continued_in);
                        v
                    }).collect::<Vec<_>>(),
                    "edges": p.edges.iter().map(|&(a, b)| json!({"from": key(a), "to": key(b)})).collect::<Vec<_>>(),
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
    c.insert("plan".into(), json!(super::plan::view(data)));
    c.insert(
        "schedule".into(),
        json!(crate::records::schedule::schedule(data, as_of)),
    );
    c.insert("edition".into(), json!(edition.as_str()));
    c.insert(
        "edition_label".into(),
        json!(loc.text(&loc.edition_notice, edition.as_str())),
    );
    c.insert("as_of".into(), json!(as_of.format("%Y-%m-%d").to_string()));
    c
}

/// The incident rule set as the templates see it (`rules`): the regulation's
/// name, levels or classes, and its reports with their limits after the
/// policy's overrides. Reports the organization has set no deadline for are left out.
pub fn rules_value(set: &RuleSet, data: &Data, locale: &str) -> Value {
    let text = |t: &Localized| localized(t, locale).map(str::to_string);
    let level_name = |n: u8| {
        set.levels
            .iter()
            .find(|l| l.level == n)
            .and_then(|l| localized(&l.name, locale))
            .map(str::to_string)
            .unwrap_or_else(|| n.to_string())
    };
    let levels: Vec<Value> = set
        .levels
        .iter()
        .map(|l| {
            let criteria = l
                .criteria
                .get(locale)
                .or_else(|| l.criteria.get("en"))
                .or_else(|| l.criteria.values().next())
                .cloned()
                .unwrap_or_default();
            json!({"level": l.level, "name": text(&l.name), "criteria": criteria})
        })
        .collect();
    let classes: Vec<Value> = set
        .classes
        .iter()
        .map(|c| json!({"id": c.id, "name": text(&c.name), "reportable": c.reportable, "description": text(&c.description)}))
        .collect();
    let mut reports = Vec::new();
    for r in &set.reports {
        let lims: Vec<Option<&RuleLimit>> = if r.limits.is_empty() {
            vec![None]
        } else {
            r.limits.iter().map(Some).collect()
        };
        let mut limits = Vec::new();
        for li in lims {
            let Some(e) = crate::ruleset::effective(r, li, &data.policy) else {
                continue;
            };
            let (within, months) = match e.within {
                crate::records::incident::Within::Time(d) => (Some(crate::ruleset::hours(d)), None),
                crate::records::incident::Within::Months(m) => (None, Some(m)),
            };
            let from = li.map(|l| l.from.clone()).unwrap_or(LimitFrom::Awareness);
            let from_report = match &from {
                LimitFrom::Report(id) => Some(id.clone()),
                _ => None,
            };
            let from_report_name = from_report
                .as_deref()
                .and_then(|id| set.report(id))
                .and_then(|p| text(&p.name));
            let lv: Vec<u8> = li.map(|l| l.levels.clone()).unwrap_or_default();
            limits.push(json!({
                "within": within, "within_months": months, "from": from.kind(),
                "from_report": from_report, "from_report_name": from_report_name,
                "levels": lv, "level_names": lv.iter().map(|n| level_name(*n)).collect::<Vec<_>>(),
                "overridden_by": e.overridden_by,
            }));
        }
        if limits.is_empty() && !r.on_request {
            continue;
        }
        reports.push(json!({
            "id": r.id, "name": text(&r.name), "recipient": text(&r.recipient),
            "on_request": r.on_request, "set_by_organization": r.set_by_organization,
            "limits": limits,
        }));
    }
    // The first statutory report: what "report within …" means in the plan.
    let first = reports
        .iter()
        .find(|r| {
            !r["set_by_organization"].as_bool().unwrap_or(false)
                && !r["on_request"].as_bool().unwrap_or(false)
        })
        .cloned();
    let internal = reports
        .iter()
        .find(|r| r["set_by_organization"].as_bool().unwrap_or(false))
        .cloned();
    json!({
        "id": set.id,
        "series": set.series,
        "name": text(&set.name),
        "short_name": text(&set.short_name).or_else(|| text(&set.name)),
        "reference": text(&set.reference),
        "articles": set.articles.iter().filter_map(|(k, v)| Some((serde_json::to_value(k).ok()?.as_str()?.to_string(), Value::String(text(v)?)))).collect::<serde_json::Map<String, Value>>(),
        "effective": set.effective,
        "basis": match set.basis { LevelBasis::Computed => "computed", LevelBasis::Stated => "stated" },
        "levels": levels,
        "classes": classes,
        "reports": reports,
        "first_report": first,
        "internal_report": internal,
    })
}
