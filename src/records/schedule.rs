//! The test and maintenance schedule: when each core system and each
//! high-criticality process was last drilled (and each core system
//! restore-tested) and when the next is due under the policy. The check rules
//! on core systems and the schedule annex read the same dates from here.

use crate::model::{Criticality, Data, ProtectionLevel};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// A restore test older than this many months no longer shows the backup works.
pub const RESTORE_TEST_MONTHS: u32 = 12;

/// The latest drill on or before `as_of` naming the system, or a process
/// running on it: its date and id.
pub fn last_drill_of_system<'a>(
    data: &'a Data,
    system: &str,
    as_of: NaiveDate,
) -> Option<(NaiveDate, &'a str)> {
    data.drills
        .iter()
        .filter(|d| d.date.0 <= as_of)
        .filter(|d| {
            d.systems.iter().any(|s| s == system)
                || d.processes.iter().any(|pid| {
                    data.processes
                        .iter()
                        .any(|p| &p.id == pid && p.systems.iter().any(|s| s == system))
                })
        })
        .map(|d| (d.date.0, d.id.as_str()))
        .max()
}

/// The latest drill on or before `as_of` naming the process.
pub fn last_drill_of_process<'a>(
    data: &'a Data,
    process: &str,
    as_of: NaiveDate,
) -> Option<(NaiveDate, &'a str)> {
    data.drills
        .iter()
        .filter(|d| d.date.0 <= as_of && d.processes.iter().any(|p| p == process))
        .map(|d| (d.date.0, d.id.as_str()))
        .max()
}

/// One row of the schedule.
#[derive(Debug, Serialize)]
pub struct Row {
    /// `system` or `process`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub last_drill: Option<NaiveDate>,
    pub last_drill_id: Option<String>,
    /// Next drill due: the last one plus the policy interval; `as_of` when
    /// never drilled.
    pub next_drill: NaiveDate,
    pub drill_overdue: bool,
    pub last_restore_test: Option<NaiveDate>,
    /// Systems only.
    pub next_restore_test: Option<NaiveDate>,
    pub restore_overdue: bool,
}

#[derive(Debug, Serialize)]
pub struct Schedule {
    pub rows: Vec<Row>,
    pub drill_months: u32,
    pub restore_months: u32,
    pub plan_review_months: u32,
    /// Date of the latest revision of the set.
    pub last_review: Option<NaiveDate>,
    /// When the plan is next reviewed (as_of when it never was).
    pub next_review: NaiveDate,
    pub review_overdue: bool,
}

fn plus(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The day `months` before `as_of`: anything done before it is overdue.
/// `check` and the schedule share it, so the annex, the figure and the
/// warnings agree on the due day itself (due, not yet overdue).
pub fn months_before(as_of: NaiveDate, months: u32) -> NaiveDate {
    as_of
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Overdue as of `as_of`: never done, or last done more than `months` ago.
pub fn overdue(last: Option<NaiveDate>, months: u32, as_of: NaiveDate) -> bool {
    last.is_none_or(|d| d < months_before(as_of, months))
}

pub fn schedule(data: &Data, as_of: NaiveDate) -> Schedule {
    let months = data.policy.core_system_drill_months;
    let mut rows = Vec::new();
    for s in data
        .systems
        .iter()
        .filter(|s| s.protection_level == ProtectionLevel::High)
    {
        let last = last_drill_of_system(data, &s.id, as_of);
        let next = last.map_or(as_of, |(d, _)| plus(d, months));
        let restore = s
            .backup
            .as_ref()
            .and_then(|b| b.last_restore_test)
            .map(|d| d.0);
        let next_restore = restore.map_or(as_of, |d| plus(d, RESTORE_TEST_MONTHS));
        rows.push(Row {
            kind: "system",
            id: s.id.clone(),
            name: s.name.clone(),
            last_drill: last.map(|(d, _)| d),
            last_drill_id: last.map(|(_, id)| id.to_string()),
            next_drill: next,
            drill_overdue: overdue(last.map(|(d, _)| d), months, as_of),
            last_restore_test: restore,
            next_restore_test: Some(next_restore),
            restore_overdue: overdue(restore, RESTORE_TEST_MONTHS, as_of),
        });
    }
    for p in data
        .processes
        .iter()
        .filter(|p| p.criticality == Criticality::High)
    {
        let last = last_drill_of_process(data, &p.id, as_of);
        let next = last.map_or(as_of, |(d, _)| plus(d, months));
        rows.push(Row {
            kind: "process",
            id: p.id.clone(),
            name: p.name.clone(),
            last_drill: last.map(|(d, _)| d),
            last_drill_id: last.map(|(_, id)| id.to_string()),
            next_drill: next,
            drill_overdue: overdue(last.map(|(d, _)| d), months, as_of),
            last_restore_test: None,
            next_restore_test: None,
            restore_overdue: false,
        });
    }
    let last_review = data
        .document_set
        .revisions
        .iter()
        .map(|r| r.date.0)
        .filter(|d| *d <= as_of)
        .max();
    let review_months = data.policy.plan_review_months;
    let next_review = last_review.map_or(as_of, |d| plus(d, review_months));
    Schedule {
        rows,
        drill_months: months,
        restore_months: RESTORE_TEST_MONTHS,
        plan_review_months: review_months,
        last_review,
        next_review,
        review_overdue: overdue(last_review, review_months, as_of),
    }
}
