//! Rules on incident and drill records (incidents/*.yaml, drills/*.yaml), on
//! top of `crate::records` and `crate::ruleset` (classification, the
//! incident's rule set and timeline, drill results).
//!
//! Records describe the past, which cannot be edited away: their findings are
//! warnings, to be answered in the review, never errors that stop a build.

use super::Ctx;
use crate::model::{Business, LimitFrom, ProtectionLevel, RuleReport, RuleSet, localized};
use crate::records::as_of_instant;
use crate::records::drill::{self as drill_rec, RtoStatus};
use crate::records::incident::{self, Status, Within};
use crate::ruleset;

pub(super) fn check(cx: &mut Ctx) {
    overrides(cx);
    incidents(cx);
    drills(cx);
}

/// The incident key that records when report `r` was made.
fn recorded_in(r: &RuleReport) -> String {
    r.recorded_by
        .clone()
        .unwrap_or_else(|| format!("reports.{}", r.id))
}

/// A deadline's length as the regulation states it (`72h`, `1 month(s)`).
fn length(cx: &Ctx, w: Within) -> String {
    match w {
        Within::Time(t) => ruleset::hours(t),
        Within::Months(m) => cx.phrase("incident-deadline-missed.months", &[("months", &m)]),
    }
}

/// "72h after discovery", "1 month(s) after the notification".
fn within_text(cx: &Ctx, w: Within, from: &LimitFrom, set: &RuleSet) -> String {
    let lang = cx.lang.as_str();
    let from = match from {
        LimitFrom::Report(id) => set
            .report(id)
            .and_then(|r| localized(&r.name, lang))
            .unwrap_or(id)
            .to_string(),
        other => cx.label("report_from", other.kind()),
    };
    cx.phrase(
        "incident-deadline-missed.after",
        &[("time", &length(cx, w)), ("from", &from)],
    )
}

/// incident-level-mismatch, incident-deadline-missed, incident-unclassified,
/// incident-classification-untimed.
fn incidents(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    let lang = cx.lang.as_str();
    for (i, inc) in data.incidents.iter().enumerate() {
        let set = ruleset::for_incident(data, inc);
        let regulation = set.name_in(lang);
        if set.computed() {
            let computed = incident::classify_incident(inc);
            if let Some(stated) = inc.level.filter(|&s| s != computed.level) {
                let args: super::Args = &[
                    ("incident", &inc.id),
                    ("stated", &stated),
                    ("computed", &computed.level),
                ];
                let d = if computed.level == 0 {
                    cx.warning("incident-level-mismatch.none", args)
                } else {
                    cx.warning("incident-level-mismatch", args)
                };
                cx.at(d, "incidents", i, &["level"]);
            }
        } else {
            let classes = set
                .classes
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            match (&inc.classification, &inc.classified_at) {
                (None, _) => {
                    let d = cx.warning(
                        "incident-unclassified",
                        &[
                            ("incident", &inc.id),
                            ("regulation", &regulation),
                            ("classes", &classes),
                        ],
                    );
                    cx.at(d, "incidents", i, &[]);
                }
                (Some(c), None) => {
                    let d = cx.warning(
                        "incident-classification-untimed",
                        &[("incident", &inc.id), ("classification", c)],
                    );
                    cx.at(d, "incidents", i, &["classification"]);
                }
                _ => {}
            }
        }

        // incident-business-no-core-system: the level rises with core business,
        // which runs on core systems; none of the affected systems is one.
        if matches!(
            inc.business,
            Some(Business::Core | Business::CriticalInfrastructure)
        ) && !inc.affected_systems.is_empty()
            && !inc.affected_systems.iter().any(|id| {
                data.systems
                    .iter()
                    .any(|s| &s.id == id && s.protection_level == ProtectionLevel::High)
            })
        {
            let business = cx.label("business", inc.business.map_or("", |b| b.as_str()));
            let systems = inc.affected_systems.join(", ");
            let d = cx.warning(
                "incident-business-no-core-system",
                &[
                    ("incident", &inc.id),
                    ("business", &business),
                    ("systems", &systems),
                ],
            );
            cx.at(d, "incidents", i, &["business"]);
        }

        let zone = crate::records::incident_zone(inc, data);
        // incident-after-as-of: a record from the future of the run's day.
        let day = zone.date(inc.discovered_at.0);
        if day > cx.as_of {
            let at = zone.local(inc.discovered_at.0).format("%Y-%m-%d %H:%M %:z");
            let d = cx.warning(
                "incident-after-as-of",
                &[("incident", &inc.id), ("at", &at), ("as_of", &cx.as_of)],
            );
            cx.at(d, "incidents", i, &["discovered_at"]);
        }
        let now = as_of_instant(inc, data, cx.as_of);
        let tl = ruleset::timeline(inc, set, &data.policy, &zone, now);
        for line in &tl.reports {
            let Some(r) = set.report(&line.id) else {
                continue;
            };
            let what = localized(&r.name, lang).unwrap_or(&r.id).to_string();
            let field = recorded_in(r);
            for lim in &line.limits {
                let Some(due) = lim.due else { continue };
                let within = within_text(cx, lim.within, &lim.from, set);
                let due = zone.local(due).format("%Y-%m-%d %H:%M %:z");
                let late = lim
                    .status
                    .amount()
                    .map(|a| a.to_string())
                    .unwrap_or_default();
                let args: super::Args = &[
                    ("incident", &inc.id),
                    ("what", &what),
                    ("within", &within),
                    ("due", &due),
                    ("late", &late),
                    ("field", &field),
                ];
                let (diag, written) = match lim.status {
                    Status::Missed { .. } => (cx.warning("incident-deadline-missed", args), true),
                    Status::Overdue { .. } if tl.required != Some(false) => {
                        (cx.warning("incident-deadline-missed.overdue", args), false)
                    }
                    _ => continue,
                };
                let sub: Vec<&str> = if written && inc.reports.contains_key(&r.id) {
                    vec!["reports", r.id.as_str()]
                } else if written && r.recorded_by.is_some() {
                    vec![field.as_str()]
                } else {
                    vec!["discovered_at"]
                };
                cx.at(diag, "incidents", i, &sub);
            }
        }
    }
}

/// override-relaxes-deadline: a `policy.overrides` deadline longer than the
/// statutory one it replaces, under every rule set the documents and the
/// incidents use.
fn overrides(cx: &mut Ctx) {
    let data = &cx.l.data;
    let mut sets: Vec<&RuleSet> = vec![ruleset::for_day(data, cx.as_of)];
    for inc in &data.incidents {
        let s = ruleset::for_incident(data, inc);
        if !sets.iter().any(|x| x.id == s.id) {
            sets.push(s);
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for set in sets {
        for (key, report, new, old) in ruleset::relaxing_overrides(set, &data.policy) {
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let what = set
                .report(&report)
                .and_then(|r| localized(&r.name, cx.lang.as_str()))
                .unwrap_or(&report)
                .to_string();
            let d = cx.warning(
                "override-relaxes-deadline",
                &[
                    ("key", &key),
                    ("report", &what),
                    ("new", &length(cx, new)),
                    ("old", &length(cx, old)),
                    ("regulation", &set.name_in(cx.lang.as_str())),
                ],
            );
            let mut path = crate::load::FieldPath::root();
            for k in key.split('.') {
                path = path.key(k);
            }
            cx.in_file(d, "organization.yaml", &path);
        }
    }
}

/// drill-rto-missed, improvement-overdue.
fn drills(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, dr) in data.drills.iter().enumerate() {
        // drill-step-outside-window: a step timed before the start or after the end.
        for (j, st) in dr.steps.iter().enumerate() {
            let before = dr.start.is_some_and(|s| st.at < s);
            let after = dr.end.is_some_and(|e| st.at > e);
            if before || after {
                let window = format!(
                    "{}–{}",
                    dr.start
                        .map_or("…".to_string(), |s| s.0.format("%H:%M").to_string()),
                    dr.end
                        .map_or("…".to_string(), |e| e.0.format("%H:%M").to_string())
                );
                let at = st.at.0.format("%H:%M").to_string();
                let d = cx.warning(
                    "drill-step-outside-window",
                    &[("drill", &dr.id), ("at", &at), ("window", &window)],
                );
                cx.at(d, "drills", i, &["steps", &j.to_string(), "at"]);
            }
        }
        for (j, r) in drill_rec::results(dr, data).iter().enumerate() {
            let RtoStatus::Missed { by } = r.status else {
                continue;
            };
            let (Some(rto), Some(got)) = (r.rto, r.recovered_in) else {
                continue;
            };
            // `results` lists the drill's own results first, in order.
            let d = cx.warning(
                "drill-rto-missed",
                &[
                    ("drill", &dr.id),
                    ("process", &r.process),
                    ("name", &r.name),
                    ("got", &got),
                    ("by", &by),
                    ("rto", &rto),
                ],
            );
            cx.at(d, "drills", i, &["results", &j.to_string(), "recovered_in"]);
        }
        for o in drill_rec::overdue_improvements(dr, cx.as_of) {
            let status = cx.label("improvement_status", o.improvement.status.as_str());
            let mut args: Vec<(&str, &dyn std::fmt::Display)> = vec![
                ("drill", &dr.id),
                ("issue", &o.improvement.issue),
                ("due", &o.due),
                ("days", &o.days),
                ("status", &status),
            ];
            let owner = o.improvement.owner.as_deref().map(|p| cx.person_name(p));
            let key = match &owner {
                Some(name) => {
                    args.push(("owner", name));
                    "improvement-overdue.owner"
                }
                None => "improvement-overdue",
            };
            let d = cx.warning(key, &args);
            cx.at(
                d,
                "drills",
                i,
                &["improvements", &o.index.to_string(), "due"],
            );
        }
    }
}
