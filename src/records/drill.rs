//! Drills: each exercised process's achieved recovery time against its RTO,
//! the contact check and the improvements past their due date.

use crate::model::{Data, Drill, DrillMethod, Duration, Improvement, ImprovementStatus};
use chrono::NaiveDate;

/// How a process's achieved recovery time compares with its RTO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RtoStatus {
    /// Recovered within the RTO, `margin` to spare.
    Met { margin: Duration },
    /// Recovered, but `by` later than the RTO allows.
    Missed { by: Duration },
    /// The process has no RTO to compare with.
    NoRto,
    /// The process was exercised but the drill records no recovery time.
    NotMeasured,
    /// A checklist or walkthrough recovers nothing: its time is an estimate,
    /// never judged met or missed.
    Estimate,
}

impl RtoStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            RtoStatus::Met { .. } => "met",
            RtoStatus::Missed { .. } => "missed",
            RtoStatus::NoRto => "no-rto",
            RtoStatus::NotMeasured => "not-measured",
            RtoStatus::Estimate => "estimate",
        }
    }
    /// The margin (met) or the excess (missed).
    pub fn amount(&self) -> Option<Duration> {
        match self {
            RtoStatus::Met { margin } => Some(*margin),
            RtoStatus::Missed { by } => Some(*by),
            _ => None,
        }
    }
}

/// The result of one exercised process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessResult {
    /// Process id.
    pub process: String,
    /// Process name (the id when the process is unknown).
    pub name: String,
    pub rto: Option<Duration>,
    pub recovered_in: Option<Duration>,
    pub note: Option<String>,
    pub status: RtoStatus,
    /// The process's RPO, the data lost in the drill and how they compare.
    pub rpo: Option<Duration>,
    pub data_loss: Option<Duration>,
    pub rpo_status: RtoStatus,
}

/// True for methods that recover nothing (checklist, walkthrough): their
/// recovery times and data losses are estimates.
pub fn estimates_only(method: DrillMethod) -> bool {
    matches!(method, DrillMethod::Checklist | DrillMethod::Walkthrough)
}

/// Compares a recovery time with an RTO.
pub fn rto_status(rto: Option<Duration>, recovered_in: Option<Duration>) -> RtoStatus {
    match (rto, recovered_in) {
        (_, None) => RtoStatus::NotMeasured,
        (None, Some(_)) => RtoStatus::NoRto,
        (Some(rto), Some(got)) if got <= rto => RtoStatus::Met {
            margin: Duration::from_minutes(rto.minutes() - got.minutes()),
        },
        (Some(rto), Some(got)) => RtoStatus::Missed {
            by: Duration::from_minutes(got.minutes() - rto.minutes()),
        },
    }
}

/// One entry per `results` item, in order, then one per exercised process
/// (`processes`) that has no result (`NotMeasured`).
pub fn results(drill: &Drill, data: &Data) -> Vec<ProcessResult> {
    let process = |id: &str| data.processes.iter().find(|p| p.id == id);
    let mut out: Vec<ProcessResult> = drill
        .results
        .iter()
        .map(|r| {
            let p = process(&r.process);
            let rto = p.and_then(|p| p.rto);
            let rpo = p.and_then(|p| p.rpo);
            let judge = |obj: Option<Duration>, got: Option<Duration>| {
                if estimates_only(drill.method) && got.is_some() {
                    RtoStatus::Estimate
                } else {
                    rto_status(obj, got)
                }
            };
            ProcessResult {
                process: r.process.clone(),
                name: p.map_or_else(|| r.process.clone(), |p| p.name.clone()),
                rto,
                recovered_in: Some(r.recovered_in),
                note: r.note.clone(),
                status: judge(rto, Some(r.recovered_in)),
                rpo,
                data_loss: r.data_loss,
                rpo_status: judge(rpo, r.data_loss),
            }
        })
        .collect();
    for id in &drill.processes {
        if drill.results.iter().any(|r| &r.process == id) {
            continue;
        }
        let p = process(id);
        out.push(ProcessResult {
            process: id.clone(),
            name: p.map_or_else(|| id.clone(), |p| p.name.clone()),
            rto: p.and_then(|p| p.rto),
            recovered_in: None,
            note: None,
            status: RtoStatus::NotMeasured,
            rpo: p.and_then(|p| p.rpo),
            data_loss: None,
            rpo_status: RtoStatus::NotMeasured,
        });
    }
    out
}

/// An improvement that is not closed and whose due date is before `as_of`.
#[derive(Debug, Clone)]
pub struct Overdue<'a> {
    /// Index in `drill.improvements`.
    pub index: usize,
    pub improvement: &'a Improvement,
    pub due: NaiveDate,
    /// Whole days past due at `as_of`.
    pub days: i64,
}

/// True when `imp` is open (not closed) and was due before `as_of`.
pub fn is_overdue(imp: &Improvement, as_of: NaiveDate) -> bool {
    imp.status != ImprovementStatus::Closed && imp.due.is_some_and(|d| d.0 < as_of)
}

/// The improvements of `drill` that are overdue at `as_of`, in data order.
pub fn overdue_improvements(drill: &Drill, as_of: NaiveDate) -> Vec<Overdue<'_>> {
    drill
        .improvements
        .iter()
        .enumerate()
        .filter(|(_, imp)| is_overdue(imp, as_of))
        .filter_map(|(index, imp)| {
            let due = imp.due?.0;
            Some(Overdue {
                index,
                improvement: imp,
                due,
                days: (as_of - due).num_days(),
            })
        })
        .collect()
}

/// The contact check as a percentage of people reached (None without a check
/// or with a total of zero).
pub fn contact_rate(drill: &Drill) -> Option<u32> {
    let c = drill.contact_check.as_ref()?;
    (c.total > 0).then(|| ((c.reached as f64 / c.total as f64) * 100.0).round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Duration {
        Duration::parse(s).unwrap()
    }

    #[test]
    fn rto_comparison() {
        let rows = [
            (Some("8h"), Some("6h20m"), "met", Some("1h40m")),
            (Some("8h"), Some("8h"), "met", Some("0m")),
            (Some("8h"), Some("9h15m"), "missed", Some("1h15m")),
            (None, Some("2h"), "no-rto", None),
            (Some("4h"), None, "not-measured", None),
        ];
        for (rto, got, status, amount) in rows {
            let s = rto_status(rto.map(d), got.map(d));
            assert_eq!(s.as_str(), status, "{rto:?} {got:?}");
            assert_eq!(s.amount(), amount.map(d), "{rto:?} {got:?}");
        }
    }

    #[test]
    fn overdue_needs_open_status_and_past_due() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let imp = |due: &str, status| Improvement {
            issue: "x".into(),
            action: None,
            owner: None,
            due: Some(crate::model::Date(crate::model::parse_date(due).unwrap())),
            status,
        };
        assert!(is_overdue(
            &imp("2026-10-15", ImprovementStatus::Open),
            as_of
        ));
        assert!(is_overdue(
            &imp("2026-11-21", ImprovementStatus::InProgress),
            as_of
        ));
        assert!(!is_overdue(
            &imp("2026-11-22", ImprovementStatus::Open),
            as_of
        ));
        assert!(!is_overdue(
            &imp("2026-10-15", ImprovementStatus::Closed),
            as_of
        ));
    }
}
