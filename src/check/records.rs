//! Rules on incident and drill records (incidents/*.yaml, drills/*.yaml), on
//! top of `crate::records` (classification, deadlines, drill results).
//!
//! Records describe the past, which cannot be edited away: their findings are
//! warnings, to be answered in the review, never errors that stop a build.

use super::Ctx;
use crate::records::as_of_instant;
use crate::records::drill::{self as drill_rec, RtoStatus};
use crate::records::incident::{self, DeadlineKind, Status, Within};

pub(super) fn check(cx: &mut Ctx) {
    incidents(cx);
    drills(cx);
}

/// The deadline's label key (`labels.deadline_kind`) and the field that
/// records when it was done.
fn deadline_name(kind: DeadlineKind) -> (&'static str, &'static str) {
    match kind {
        DeadlineKind::InternalReport => ("internal-report", "reported_internal_at"),
        DeadlineKind::Notify => ("notify", "notified_at"),
        DeadlineKind::Recovery => ("recovery", "recovered_at"),
        DeadlineKind::Report => ("report", "report_submitted_at"),
    }
}

/// incident-level-mismatch, incident-deadline-missed.
fn incidents(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, inc) in data.incidents.iter().enumerate() {
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

        let level = incident::level_in_force(inc);
        let now = as_of_instant(inc, cx.as_of);
        for d in incident::deadlines(inc, &data.policy, level, now) {
            let (kind, field) = deadline_name(d.kind);
            let what = cx.label("deadline_kind", kind);
            let within = match d.within {
                Within::Time(t) => {
                    cx.phrase("incident-deadline-missed.after-discovery", &[("time", &t)])
                }
                Within::Months(m) => {
                    cx.phrase("incident-deadline-missed.after-recovery", &[("months", &m)])
                }
            };
            let due = d.due.format("%Y-%m-%d %H:%M %:z");
            let late = d.status.amount().map(|a| a.to_string()).unwrap_or_default();
            let args: super::Args = &[
                ("incident", &inc.id),
                ("what", &what),
                ("within", &within),
                ("due", &due),
                ("late", &late),
                ("field", &field),
            ];
            let (diag, sub) = match d.status {
                Status::Missed { .. } => (cx.warning("incident-deadline-missed", args), field),
                Status::Overdue { .. } => (
                    cx.warning("incident-deadline-missed.overdue", args),
                    "discovered_at",
                ),
                Status::Met | Status::Open { .. } => continue,
            };
            let sub = if inc_has(inc, sub) {
                sub
            } else {
                "discovered_at"
            };
            cx.at(diag, "incidents", i, &[sub]);
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
