//! Rules on incident and drill records (incidents/*.yaml, drills/*.yaml), on
//! top of `crate::records` (classification, deadlines, drill results).
//!
//! Records describe the past, which cannot be edited away: their findings are
//! warnings, to be answered in the review, never errors that stop a build.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{LimitFrom, RuleReport, RuleSet, localized};
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

fn within_text(w: Within, from: &LimitFrom, set: &RuleSet) -> String {
    let len = match w {
        Within::Time(t) => ruleset::hours(t),
        Within::Months(m) => format!("{m} month(s)"),
    };
    let from = match from {
        LimitFrom::Awareness => "discovery".to_string(),
        LimitFrom::Classification => "classification".to_string(),
        LimitFrom::Recovery => "recovery".to_string(),
        LimitFrom::Report(id) => set
            .report(id)
            .and_then(|r| localized(&r.name, "en"))
            .map(|n| n.to_lowercase())
            .unwrap_or_else(|| id.clone()),
    };
    format!("{len} after {from}")
}

/// incident-level-mismatch, incident-deadline-missed, incident-unclassified,
/// incident-classification-untimed.
fn incidents(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, inc) in data.incidents.iter().enumerate() {
        let set = ruleset::for_incident(data, inc);
        let regulation = set.name_in("en");
        if set.computed() {
            let computed = incident::classify_incident(inc);
            if let Some(stated) = inc.level.filter(|&s| s != computed.level) {
                let why = if computed.level == 0 {
                    "no criterion of the rule set is reached by its impact".to_string()
                } else {
                    format!(
                        "the rule set gives level {} from its business, information and impact",
                        computed.level
                    )
                };
                cx.at(
                    Diagnostic::warning(format!(
                        "incident {} states level {stated}, but {why}",
                        inc.id
                    ))
                    .rule("incident-level-mismatch")
                    .hint(if computed.level == 0 {
                        "check `impact:` (confidentiality, integrity, availability)".to_string()
                    } else {
                        format!(
                            "check `business`, `information` and `impact`, or correct `level` to {}; the deadlines follow the higher of the two",
                            computed.level
                        )
                    }),
                    "incidents",
                    i,
                    &["level"],
                );
            }
        } else {
            match (&inc.classification, &inc.classified_at) {
                (None, _) => cx.at(
                    Diagnostic::warning(format!(
                        "incident {} has no classification under the {regulation}; its reports are shown as if it were reportable",
                        inc.id
                    ))
                    .rule("incident-unclassified")
                    .hint(format!(
                        "state the organization's decision in `classification` ({}) and when it was made in `classified_at`",
                        set.classes
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )),
                    "incidents",
                    i,
                    &[],
                ),
                (Some(_), None) => cx.at(
                    Diagnostic::warning(format!(
                        "incident {} states a classification but not when it was made",
                        inc.id
                    ))
                    .rule("incident-classification-untimed")
                    .hint("add `classified_at` (a timestamp); deadlines that count from the classification cannot be computed without it"),
                    "incidents",
                    i,
                    &["classification"],
                ),
                _ => {}
            }
        }

        let zone = crate::records::incident_zone(inc, data);
        let now = as_of_instant(inc, data, cx.as_of);
        let tl = ruleset::timeline(inc, set, &data.policy, &zone, now);
        for line in &tl.reports {
            let Some(r) = set.report(&line.id) else {
                continue;
            };
            let what = localized(&r.name, "en").unwrap_or(&r.id).to_lowercase();
            let field = recorded_in(r);
            for lim in &line.limits {
                let within = within_text(lim.within, &lim.from, set);
                let Some(due) = lim.due else { continue };
                let due = zone.local(due).format("%Y-%m-%d %H:%M %:z");
                let late = lim
                    .status
                    .amount()
                    .map(|a| a.to_string())
                    .unwrap_or_default();
                let (msg, hint, written) = match lim.status {
                    Status::Missed { .. } => (
                        format!(
                            "incident {}: the {what} deadline ({within}, due {due}) was missed by {late}",
                            inc.id
                        ),
                        "record why in the incident review and what keeps it from happening again (e.g. in `improvements`)".to_string(),
                        true,
                    ),
                    Status::Overdue { .. } if tl.required != Some(false) => (
                        format!(
                            "incident {}: the {what} deadline ({within}, due {due}) is overdue by {late} and not done",
                            inc.id
                        ),
                        format!("do it now, then record the time in `{field}`"),
                        false,
                    ),
                    _ => continue,
                };
                let sub: Vec<&str> = if written && inc.reports.contains_key(&r.id) {
                    vec!["reports", r.id.as_str()]
                } else if written && r.recorded_by.is_some() {
                    vec![field.as_str()]
                } else {
                    vec!["discovered_at"]
                };
                cx.at(
                    Diagnostic::warning(msg)
                        .rule("incident-deadline-missed")
                        .hint(hint),
                    "incidents",
                    i,
                    &sub,
                );
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
            let show = |w: Within| match w {
                Within::Time(t) => ruleset::hours(t),
                Within::Months(m) => format!("{m} month(s)"),
            };
            let mut path = crate::load::FieldPath::root();
            for k in key.split('.') {
                path = path.key(k);
            }
            cx.in_file(
                Diagnostic::warning(format!(
                    "`{key}` allows {} for the {report} report, longer than the {} the {} requires",
                    show(new),
                    show(old),
                    set.name_in("en")
                ))
                .rule("override-relaxes-deadline")
                .hint("an override may only tighten a statutory deadline; shorten it or remove it"),
                "organization.yaml",
                &path,
            );
        }
    }
}

/// drill-rto-missed, improvement-overdue.
fn drills(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, dr) in data.drills.iter().enumerate() {
        for (j, r) in drill_rec::results(dr, data).iter().enumerate() {
            let RtoStatus::Missed { by } = r.status else {
                continue;
            };
            let (Some(rto), Some(got)) = (r.rto, r.recovered_in) else {
                continue;
            };
            // `results` lists the drill's own results first, in order.
            cx.at(
                Diagnostic::warning(format!(
                    "drill {}: process {} ({}) recovered in {got}, {by} over its RTO of {rto}",
                    dr.id, r.process, r.name
                ))
                .rule("drill-rto-missed")
                .hint("record an improvement that shortens the recovery (and retest it), or reassess the RTO in processes.yaml"),
                "drills",
                i,
                &["results", &j.to_string(), "recovered_in"],
            );
        }
        for o in drill_rec::overdue_improvements(dr, cx.as_of) {
            let owner = o
                .improvement
                .owner
                .as_deref()
                .map(|p| format!(", owner {}", cx.person_name(p)))
                .unwrap_or_default();
            cx.at(
                Diagnostic::warning(format!(
                    "drill {}: improvement \"{}\" was due {} ({} days ago{owner}) and is still {}",
                    dr.id,
                    o.improvement.issue,
                    o.due,
                    o.days,
                    o.improvement.status.as_str()
                ))
                .rule("improvement-overdue")
                .hint("finish it and set `status: closed`, or agree a new `due` date"),
                "drills",
                i,
                &["improvements", &o.index.to_string(), "due"],
            );
        }
    }
}
