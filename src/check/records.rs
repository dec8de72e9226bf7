//! Rules on incident and drill records (incidents/*.yaml, drills/*.yaml), on
//! top of `crate::records` (classification, deadlines, drill results).
//!
//! Records describe the past, which cannot be edited away: their findings are
//! warnings, to be answered in the review, never errors that stop a build.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::records::as_of_instant;
use crate::records::drill::{self as drill_rec, RtoStatus};
use crate::records::incident::{self, DeadlineKind, Status, Within};

pub(super) fn check(cx: &mut Ctx) {
    incidents(cx);
    drills(cx);
}

fn deadline_name(kind: DeadlineKind) -> (&'static str, &'static str) {
    // (what, the field that records when it was done)
    match kind {
        DeadlineKind::InternalReport => ("internal-report", "reported_internal_at"),
        DeadlineKind::Notify => ("notification (national centre)", "notified_at"),
        DeadlineKind::Recovery => ("recovery (or damage control)", "recovered_at"),
        DeadlineKind::Report => ("investigation-report", "report_submitted_at"),
    }
}

/// incident-level-mismatch, incident-deadline-missed.
fn incidents(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, inc) in data.incidents.iter().enumerate() {
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

        let level = incident::level_in_force(inc);
        let now = as_of_instant(inc, cx.as_of);
        for d in incident::deadlines(inc, &data.policy, level, now) {
            let (what, field) = deadline_name(d.kind);
            let within = match d.within {
                Within::Time(t) => format!("{t} after discovery"),
                Within::Months(m) => format!("{m} month(s) after recovery"),
            };
            let due = d.due.format("%Y-%m-%d %H:%M %:z");
            let late = d.status.amount().map(|a| a.to_string()).unwrap_or_default();
            let (msg, hint, sub) = match d.status {
                Status::Missed { .. } => (
                    format!(
                        "incident {}: the {what} deadline ({within}, due {due}) was missed by {late}",
                        inc.id
                    ),
                    "record why in the incident review and what keeps it from happening again (e.g. in `improvements`)".to_string(),
                    field,
                ),
                Status::Overdue { .. } => (
                    format!(
                        "incident {}: the {what} deadline ({within}, due {due}) is overdue by {late} and not done",
                        inc.id
                    ),
                    format!("do it now, then record the time in `{field}`"),
                    "discovered_at",
                ),
                Status::Met | Status::Open { .. } => continue,
            };
            let sub = if inc_has(inc, sub) {
                sub
            } else {
                "discovered_at"
            };
            cx.at(
                Diagnostic::warning(msg)
                    .rule("incident-deadline-missed")
                    .hint(hint),
                "incidents",
                i,
                &[sub],
            );
        }
    }
}

/// True when the incident records `field`.
fn inc_has(inc: &crate::model::Incident, field: &str) -> bool {
    match field {
        "reported_internal_at" => inc.reported_internal_at.is_some(),
        "notified_at" => inc.notified_at.is_some(),
        "recovered_at" => inc.recovered_at.is_some(),
        "report_submitted_at" => inc.report_submitted_at.is_some(),
        _ => true,
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
