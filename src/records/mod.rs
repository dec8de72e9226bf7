//! Incidents and drills: computed values (level, deadlines, RTO results) and the
//! template context of the filled documents `incident-<id>` and `drill-<id>`.
//!
//! - [`incident::classify`], [`incident::deadlines`]: the level by the
//!   regulation's criteria and the deadlines of the rule set in force;
//! - [`drill::results`], [`drill::overdue_improvements`]: RTO results and
//!   improvements past due.
//!
//! The JSON values here are shared by the templates and `bcpgen show`.

pub mod drill;
pub mod incident;

use crate::load::Loaded;
use crate::model::{
    Data, DateOrTime, Drill, Incident, IncidentImprovement, LimitFrom, PersonRef, RuleSet,
    localized,
};
use crate::ruleset::{self, ReportLine};
use crate::zone::Zone;
use chrono::{DateTime, FixedOffset, NaiveDate};
use incident::{Status, Within};
use serde_json::{Value, json};

/// `{name, title, unit, phone}` of a person id (or the id itself as the name
/// when it names nobody, e.g. free text in `actor`).
fn person(data: &Data, id: &str) -> Value {
    match data.people.iter().find(|p| p.id == id) {
        Some(p) => json!({
            "id": p.id, "name": p.name, "title": p.title, "unit": p.unit,
            "phone": p.phones.office.as_ref().map(|t| t.0.clone()), "email": p.email,
        }),
        None => {
            json!({"id": null, "name": id, "title": null, "unit": null, "phone": null, "email": null})
        }
    }
}

fn opt_person(data: &Data, id: &Option<String>) -> Value {
    id.as_deref().map_or(Value::Null, |i| person(data, i))
}

fn rfc(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

fn date_or_time(d: &DateOrTime, zone: &Zone) -> String {
    match d {
        DateOrTime::Date(d) => d.format("%Y-%m-%d").to_string(),
        DateOrTime::Time(t) => rfc(zone.local(*t)),
    }
}

/// A deadline length as JSON: `{within: "72h", within_months: null}`.
fn within_value(w: Within) -> (Option<String>, Option<u32>) {
    match w {
        Within::Time(t) => (Some(ruleset::hours(t)), None),
        Within::Months(m) => (None, Some(m)),
    }
}

fn status_fields(st: &Status) -> Value {
    let amount = st.amount();
    json!({
        "status": st.as_str(),
        "late": st.is_late(),
        "amount": amount.map(|a| a.to_string()),
        "minutes": amount.map(|a| a.minutes()),
    })
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

/// One report of an incident's timeline as JSON (templates and `show --format json`):
/// id, name, due, done, status, and each limit that applies with its own due and status.
pub fn report_value(set: &RuleSet, line: &ReportLine, locale: &str, zone: &Zone) -> Value {
    let r = set.report(&line.id);
    let text = |t: Option<&crate::model::Localized>| {
        t.and_then(|t| localized(t, locale)).map(str::to_string)
    };
    let t = |v: Option<DateTime<FixedOffset>>| v.map(|x| rfc(zone.local(x)));
    let limits: Vec<Value> = line
        .limits
        .iter()
        .map(|l| {
            let (within, months) = within_value(l.within);
            let from_report = match &l.from {
                LimitFrom::Report(id) => Some(id.clone()),
                _ => None,
            };
            let from_name = from_report
                .as_deref()
                .and_then(|id| set.report(id))
                .and_then(|p| localized(&p.name, locale))
                .map(str::to_string);
            merge(
                json!({
                    "from": l.from.kind(), "from_report": from_report, "from_report_name": from_name,
                    "levels": [], "level_names": [],
                    "within": within, "within_months": months, "overridden_by": l.overridden_by,
                    "from_at": t(l.from_at), "provisional": l.provisional, "due": t(l.due),
                }),
                status_fields(&l.status),
            )
        })
        .collect();
    merge(
        json!({
            "id": line.id,
            "name": text(r.map(|r| &r.name)).unwrap_or_else(|| line.id.clone()),
            "recipient": text(r.map(|r| &r.recipient)),
            "on_request": line.on_request,
            "due": t(line.due),
            "provisional": line.provisional,
            "done_at": line.done_at.as_ref().map(|d| date_or_time(d, zone)),
            "limits": limits,
        }),
        status_fields(&line.status),
    )
}

/// The computed level, the deciding criterion and the stated level (computed
/// sets), or the stated classification (stated sets), as JSON.
pub fn level_value(inc: &Incident, set: &RuleSet, locale: &str) -> Value {
    let name = |n: u8| {
        set.levels
            .iter()
            .find(|l| l.level == n)
            .and_then(|l| localized(&l.name, locale))
            .map(str::to_string)
    };
    if !set.computed() {
        let class = inc.classification.as_deref().and_then(|c| set.class(c));
        return json!({
            "basis": "stated",
            "classification": inc.classification,
            "classification_name": class.and_then(|c| localized(&c.name, locale)),
            "reportable": class.map(|c| c.reportable),
            "classified_at": inc.classified_at.map(|t| t.0),
            "computed": null, "computed_name": null, "criterion": null, "by_clause": null,
            "stated": null, "stated_name": null, "mismatch": false, "in_force": 0, "in_force_name": null,
        });
    }
    let c = incident::classify_incident(inc);
    json!({
        "basis": "computed",
        "classification": null, "classification_name": null, "reportable": true, "classified_at": null,
        "computed": c.level,
        "computed_name": name(c.level),
        "criterion": c.criterion.map(|cr| json!({
            "level": cr.level, "clause": cr.clause.as_str(), "index": cr.clause.index() + 1, "text": cr.text(set, locale),
        })),
        "by_clause": c.by_clause,
        "stated": inc.level,
        "stated_name": inc.level.and_then(name),
        "mismatch": inc.level.is_some_and(|l| l != c.level),
        "in_force": incident::level_in_force(inc),
        "in_force_name": name(incident::level_in_force(inc)),
    })
}

/// The zone an incident's times are shown in.
pub fn incident_zone(inc: &Incident, data: &Data) -> Zone {
    Zone::of(data, *inc.discovered_at.0.offset())
}

/// The instant a date-only `--as-of` stands for: the end of that day in the
/// incident's zone.
pub fn as_of_instant(inc: &Incident, data: &Data, as_of: NaiveDate) -> DateTime<FixedOffset> {
    incident_zone(inc, data).end_of_day(as_of)
}

/// Context of the `incident` template (the record plus computed values).
pub fn incident_context(inc: &Incident, loaded: &Loaded, as_of: NaiveDate) -> Value {
    incident_value(inc, &loaded.data, as_of_instant(inc, &loaded.data, as_of))
}

/// The rule set of an incident as JSON (name, levels, reports with limits).
pub fn incident_rules(inc: &Incident, data: &Data) -> Value {
    let set = ruleset::for_incident(data, inc);
    crate::render::context::rules_value(set, data, data.organization.locale.as_str())
}

/// The timestamp keys of an incident, shown in the incident's zone.
const TIME_KEYS: &[&str] = &[
    "occurred_at",
    "discovered_at",
    "handling_started_at",
    "reported_internal_at",
    "notified_at",
    "classified_at",
    "recovered_at",
    "report_submitted_at",
    "closed_at",
];

/// A timestamp string of the record rewritten in `zone` (a date stays a date).
fn in_zone(v: &mut Value, zone: &Zone) {
    if let Some(t) = v
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
    {
        *v = json!(rfc(zone.local(t)));
    }
}

/// True when the incident is closed: `closed_at` set and every deadline of
/// its timeline settled (met, missed, not required, or on request and not asked).
pub fn is_closed(inc: &Incident, tl: &ruleset::Timeline) -> bool {
    inc.closed_at.is_some()
        && tl.reports.iter().all(|r| {
            !matches!(
                r.status,
                Status::Open { .. } | Status::Overdue { .. } | Status::Pending
            )
        })
}

/// Adds `counted_to` (the instant an open or overdue deadline is counted to)
/// to a deadline and its limits.
fn mark_counted(d: &mut Value, counted_to: &str) {
    let open = |v: &Value| matches!(v["status"].as_str(), Some("open" | "overdue"));
    if open(d) {
        d["counted_to"] = json!(counted_to);
    }
    if let Some(ls) = d["limits"].as_array_mut() {
        for l in ls {
            if open(l) {
                l["counted_to"] = json!(counted_to);
            }
        }
    }
}

/// The incident with everything computed, judged at `now`.
pub fn incident_value(inc: &Incident, data: &Data, now: DateTime<FixedOffset>) -> Value {
    let locale = data.organization.locale.as_str();
    let set = ruleset::for_incident(data, inc);
    let zone = incident_zone(inc, data);
    let level = level_value(inc, set, locale);
    let tl = ruleset::timeline(inc, set, &data.policy, &zone, now);
    let closed = is_closed(inc, &tl);
    let counted_to = rfc(zone.local(now));
    let mut v = json!(inc);
    if let Some(obj) = v.as_object_mut() {
        for k in TIME_KEYS {
            if let Some(x) = obj.get_mut(*k) {
                in_zone(x, &zone);
            }
        }
        if let Some(Value::Object(r)) = obj.get_mut("reports") {
            r.values_mut().for_each(|x| in_zone(x, &zone));
        }
    }
    let reporter = match &inc.reporter {
        Some(PersonRef::Id(id)) => person(data, id),
        Some(PersonRef::Inline(p)) => json!({
            "id": null, "name": p.name, "title": null, "unit": p.unit,
            "phone": p.phone.as_ref().map(|t| t.0.clone()), "email": null,
        }),
        None => Value::Null,
    };
    let systems: Vec<Value> = inc
        .affected_systems
        .iter()
        .map(|id| match data.systems.iter().find(|s| &s.id == id) {
            Some(s) => {
                json!({"id": s.id, "name": s.name, "protection_level": s.protection_level.as_str(),
                              "core": s.protection_level == crate::model::ProtectionLevel::High})
            }
            None => json!({"id": id, "name": id, "protection_level": null, "core": false}),
        })
        .collect();
    let actions: Vec<Value> = inc
        .actions
        .iter()
        .map(|a| json!({"at": rfc(zone.local(a.at.0)), "by": a.by, "by_person": opt_person(data, &a.by), "action": a.action}))
        .collect();
    let obj = v.as_object_mut().expect("an incident is an object");
    obj.insert("reporter_person".into(), reporter);
    obj.insert("handler_person".into(), opt_person(data, &inc.handler));
    obj.insert("level_info".into(), level);
    let deadlines: Vec<Value> = tl
        .reports
        .iter()
        .map(|l| {
            let mut d = report_value(set, l, locale, &zone);
            if !closed {
                mark_counted(&mut d, &counted_to);
            }
            d
        })
        .collect();
    // The report this incident's investigation report stands for: the set's last.
    obj.insert("final_report".into(), json!(deadlines.last()));
    obj.insert("deadlines".into(), json!(deadlines));
    let improvements: Vec<Value> = inc
        .improvements
        .iter()
        .map(|m| match m {
            IncidentImprovement::Text(t) => json!({
                "measure": t, "owner": null, "owner_person": null, "due": null,
                "status": null, "follow_up": null,
            }),
            IncidentImprovement::Planned(p) => json!({
                "measure": p.measure, "owner": p.owner, "owner_person": opt_person(data, &p.owner),
                "due": p.due, "status": p.status.as_str(), "follow_up": p.follow_up,
            }),
        })
        .collect();
    obj.insert(
        "planned".into(),
        json!(
            inc.improvements
                .iter()
                .any(|m| matches!(m, IncidentImprovement::Planned(_)))
        ),
    );
    obj.insert("improvement_list".into(), json!(improvements));
    obj.insert("closed".into(), json!(closed));
    obj.insert("draft".into(), json!(inc.closed_at.is_none()));
    obj.insert(
        "late".into(),
        json!(tl.reports.iter().filter(|d| d.status.is_late()).count()),
    );
    obj.insert("rule_set".into(), incident_rules(inc, data));
    obj.insert("systems_list".into(), json!(systems));
    obj.insert("actions".into(), json!(actions));
    // A closed incident is judged once and for all: no as-of instant.
    obj.insert(
        "as_of".into(),
        if closed {
            Value::Null
        } else {
            json!(counted_to)
        },
    );
    v
}

/// Context of the `drill` template (the record plus computed values).
pub fn drill_context(d: &Drill, loaded: &Loaded, as_of: NaiveDate) -> Value {
    drill_value(d, &loaded.data, as_of)
}

/// The drill with everything computed, judged at `as_of`.
pub fn drill_value(d: &Drill, data: &Data, as_of: NaiveDate) -> Value {
    let mut v = json!(d);
    let role_title = |id: &Option<String>| {
        id.as_deref()
            .and_then(|r| data.roles.iter().find(|x| x.id == r))
            .map(|r| r.title.clone())
    };
    let participants: Vec<Value> = d
        .participants
        .iter()
        .map(|p| {
            let who = p.person.as_deref().map(|id| person(data, id));
            let field = |k: &str| who.as_ref().and_then(|w| w[k].as_str().map(str::to_string));
            json!({
                "person": p.person,
                "name": p.name.clone().or_else(|| field("name")),
                "unit": p.unit.clone().or_else(|| field("unit")),
                "title": field("title"),
                "role": p.role,
                "role_title": role_title(&p.role),
            })
        })
        .collect();
    let steps: Vec<Value> = d
        .steps
        .iter()
        .map(|s| json!({"at": s.at, "actor": s.actor, "actor_person": opt_person(data, &s.actor), "action": s.action, "result": s.result}))
        .collect();
    let results: Vec<Value> = drill::results(d, data)
        .iter()
        .map(|r| {
            json!({
                "process": r.process, "name": r.name, "rto": r.rto, "recovered_in": r.recovered_in,
                "note": r.note, "status": r.status.as_str(), "amount": r.status.amount(),
                "rpo": r.rpo, "data_loss": r.data_loss, "rpo_status": r.rpo_status.as_str(),
                "rpo_amount": r.rpo_status.amount(),
            })
        })
        .collect();
    let improvements: Vec<Value> = d
        .improvements
        .iter()
        .map(|i| {
            let overdue = drill::is_overdue(i, as_of);
            json!({
                "issue": i.issue, "action": i.action, "owner": i.owner, "owner_person": opt_person(data, &i.owner),
                "due": i.due, "status": i.status.as_str(), "overdue": overdue,
                "days_overdue": if overdue { i.due.map(|x| (as_of - x.0).num_days()) } else { None },
            })
        })
        .collect();
    let named = |ids: &[String], f: &dyn Fn(&str) -> Option<String>| -> Vec<Value> {
        ids.iter()
            .map(|id| json!({"id": id, "name": f(id).unwrap_or_else(|| id.clone())}))
            .collect()
    };
    let proc_name = |id: &str| {
        data.processes
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    let sys_name = |id: &str| {
        data.systems
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
    };
    let obj = v.as_object_mut().expect("a drill is an object");
    obj.insert("participants".into(), json!(participants));
    obj.insert(
        "phase_list".into(),
        json!(
            d.phases
                .list()
                .iter()
                .map(|(id, a)| json!({
                    "phase": id,
                    "rating": a.map(|a| a.rating.as_str()),
                    "notes": a.and_then(|a| a.notes.clone()),
                }))
                .collect::<Vec<_>>()
        ),
    );
    obj.insert("estimates".into(), json!(drill::estimates_only(d.method)));
    obj.insert(
        "rpo_missed".into(),
        json!(
            drill::results(d, data)
                .iter()
                .filter(|r| r.rpo_status.as_str() == "missed")
                .count()
        ),
    );
    obj.insert("steps".into(), json!(steps));
    obj.insert("result_list".into(), json!(results));
    obj.insert(
        "missed".into(),
        json!(
            drill::results(d, data)
                .iter()
                .filter(|r| r.status.as_str() == "missed")
                .count()
        ),
    );
    obj.insert("improvements".into(), json!(improvements));
    obj.insert(
        "overdue".into(),
        json!(drill::overdue_improvements(d, as_of).len()),
    );
    obj.insert("contact_rate".into(), json!(drill::contact_rate(d)));
    obj.insert(
        "process_list".into(),
        json!(named(&d.processes, &proc_name)),
    );
    obj.insert("system_list".into(), json!(named(&d.systems, &sys_name)));
    obj.insert("reviewer".into(), opt_person(data, &d.reviewed_by));
    obj.insert("as_of".into(), json!(as_of.format("%Y-%m-%d").to_string()));
    v
}
