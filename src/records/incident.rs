//! Incidents: the level by the regulation's four-level criteria (rule set
//! `tw-national`, quoted in seed 002) and the deadlines of the rule set in force.
//!
//! Both are pure functions of the record, the policy and a reference instant,
//! so they can be table-tested and shared by the `check` rules, `show` and the
//! filled form.

use crate::locale::Locale;
use crate::model::{
    Availability, Business, DateOrTime, Duration, Impact, Incident, Information, Policy, Severity,
};
use chrono::{DateTime, FixedOffset, Months, NaiveDate, TimeDelta};
use serde::Serialize;

/// Which clause of a level's criteria: each level has three, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clause {
    /// 洩漏: confidentiality.
    Leak,
    /// 竄改: integrity.
    Tamper,
    /// 運作受影響或停頓: availability.
    Availability,
}

impl Clause {
    /// Index of the clause in the locale's `criteria` list of a level.
    pub fn index(self) -> usize {
        match self {
            Clause::Leak => 0,
            Clause::Tamper => 1,
            Clause::Availability => 2,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Clause::Leak => "leak",
            Clause::Tamper => "tamper",
            Clause::Availability => "availability",
        }
    }
}

/// One criterion line of the regulation: clause `clause` of level `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub level: u8,
    pub clause: Clause,
}

impl Criterion {
    /// The criterion's text in the locale's rule set (`tw-national`).
    pub fn text<'a>(&self, loc: &'a Locale) -> &'a str {
        loc.rules
            .get("tw-national")
            .and_then(|r| r.levels.iter().find(|l| l.level == self.level))
            .and_then(|l| l.criteria.get(self.clause.index()))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// The computed level and the criterion that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// 1..=4; 0 when no criterion is reached (nothing leaked, tampered or stopped).
    pub level: u8,
    /// The deciding criterion: the highest level reached, and of the clauses
    /// reaching it the first in the regulation's order (leak, tamper, availability).
    pub criterion: Option<Criterion>,
    /// The level each clause reaches (0 = not reached), in clause order.
    pub by_clause: [u8; 3],
}

/// How sensitive the affected information is, for the leak and tamper clauses:
/// 0 non-core, 1 core (not critical infrastructure), 2 official secret,
/// sensitive information or critical-infrastructure core business.
fn info_tier(business: Business, information: Information) -> u8 {
    let b = business_tier(business);
    let i = match information {
        Information::Ordinary => 0,
        Information::Sensitive | Information::OfficialSecret => 2,
        Information::StateSecret => 2,
    };
    b.max(i)
}

fn business_tier(business: Business) -> u8 {
    match business {
        Business::NonCore => 0,
        Business::Core => 1,
        Business::CriticalInfrastructure => 2,
    }
}

/// Level reached by a leak or tampering of severity `s`.
fn data_level(s: Severity, business: Business, information: Information) -> u8 {
    match s {
        Severity::None => 0,
        // 國家機密遭洩漏 / 遭竄改: level 4 whatever the extent.
        _ if information == Information::StateSecret => 4,
        Severity::Minor => info_tier(business, information) + 1,
        Severity::Severe => info_tier(business, information) + 2,
    }
}

/// Level reached by the effect on operations.
fn availability_level(a: Availability, business: Business) -> u8 {
    match a {
        Availability::None => 0,
        Availability::WithinTolerance => business_tier(business) + 1,
        Availability::Exceeded => business_tier(business) + 2,
    }
}

/// The level by the regulation's criteria: the highest level any clause reaches.
pub fn classify(business: Business, information: Information, impact: &Impact) -> Classification {
    let by_clause = [
        data_level(impact.confidentiality, business, information),
        data_level(impact.integrity, business, information),
        availability_level(impact.availability, business),
    ];
    let level = by_clause.iter().copied().max().unwrap_or(0);
    let clauses = [Clause::Leak, Clause::Tamper, Clause::Availability];
    let criterion = (level > 0).then(|| Criterion {
        level,
        clause: clauses[by_clause.iter().position(|&l| l == level).unwrap_or(0)],
    });
    Classification {
        level,
        criterion,
        by_clause,
    }
}

/// Convenience: [`classify`] on an incident's own fields.
pub fn classify_incident(inc: &Incident) -> Classification {
    classify(inc.business, inc.information, &inc.impact)
}

/// The level the deadlines follow: the higher of the computed and the stated
/// level, so no deadline is relaxed by a level set too low.
pub fn level_in_force(inc: &Incident) -> u8 {
    classify_incident(inc).level.max(inc.level.unwrap_or(0))
}

/// Which deadline of the rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// Internal report (only when `policy.overrides.internal_report_within` is set).
    InternalReport,
    /// Notification of the national centre (1 h).
    Notify,
    /// Recovery or damage control (72 h levels 1-2, 36 h levels 3-4).
    Recovery,
    /// Investigation, handling and improvement report (one month after recovery).
    Report,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::InternalReport => "internal-report",
            DeadlineKind::Notify => "notify",
            DeadlineKind::Recovery => "recovery",
            DeadlineKind::Report => "report",
        }
    }
}

/// How long the rule set allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    Time(Duration),
    Months(u32),
}

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done on time.
    Met,
    /// Done, late by `by`.
    Missed { by: TimeDelta },
    /// Not done, `remaining` left before the deadline.
    Open { remaining: TimeDelta },
    /// Not done and past due by `by`.
    Overdue { by: TimeDelta },
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed { .. } => "missed",
            Status::Open { .. } => "open",
            Status::Overdue { .. } => "overdue",
        }
    }
    /// The late time (missed, overdue) or the time left (open), in whole
    /// minutes rounded away from "on time"; `None` when met.
    pub fn amount(&self) -> Option<Duration> {
        let mins = |d: &TimeDelta, up: bool| {
            let s = d.num_seconds().max(0) as u64;
            Duration::from_minutes(if up { s.div_ceil(60) } else { s / 60 })
        };
        match self {
            Status::Met => None,
            Status::Missed { by } | Status::Overdue { by } => Some(mins(by, true)),
            Status::Open { remaining } => Some(mins(remaining, false)),
        }
    }
    /// True when the deadline was or is being missed.
    pub fn is_late(&self) -> bool {
        matches!(self, Status::Missed { .. } | Status::Overdue { .. })
    }
}

/// One deadline of an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub within: Within,
    /// When it falls due, in the offset of `discovered_at`.
    pub due: DateTime<FixedOffset>,
    /// True when `due` counts from the recovery deadline because recovery is
    /// not done yet (the report deadline then moves with the actual recovery).
    pub provisional: bool,
    /// When it was done (`reported_internal_at`, `notified_at`, `recovered_at`,
    /// `report_submitted_at`).
    pub done_at: Option<DateOrTime>,
    pub status: Status,
}

/// The end of day `d` (23:59:59) in `offset`: the instant a date-only `--as-of` stands for.
pub fn end_of_day(d: NaiveDate, offset: FixedOffset) -> DateTime<FixedOffset> {
    let t = d.and_hms_opt(23, 59, 59).expect("valid time");
    t.and_local_timezone(offset)
        .single()
        .expect("a fixed offset has no gaps")
}

/// `t` plus `n` calendar months (local time kept; the 31st becomes the month's last day).
pub fn add_months(t: DateTime<FixedOffset>, n: u32) -> DateTime<FixedOffset> {
    let local = t.naive_local();
    let moved = local.checked_add_months(Months::new(n)).unwrap_or(local);
    moved.and_local_timezone(*t.offset()).single().unwrap_or(t)
}

/// Status of a deadline `due` done at `done` (if at all), judged at `as_of`.
pub fn status(
    due: DateTime<FixedOffset>,
    done: Option<DateOrTime>,
    as_of: DateTime<FixedOffset>,
) -> Status {
    match done {
        Some(DateOrTime::Time(t)) if t <= due => Status::Met,
        Some(DateOrTime::Time(t)) => Status::Missed { by: t - due },
        // A date only: on time when it is the due day or earlier; otherwise late
        // by at least the time from the deadline to the start of that day.
        Some(DateOrTime::Date(d)) if d <= due.date_naive() => Status::Met,
        Some(DateOrTime::Date(d)) => {
            let start = d
                .and_hms_opt(0, 0, 0)
                .expect("valid time")
                .and_local_timezone(*due.offset())
                .single()
                .expect("fixed offset");
            Status::Missed { by: start - due }
        }
        None if as_of <= due => Status::Open {
            remaining: due - as_of,
        },
        None => Status::Overdue { by: as_of - due },
    }
}

/// Every deadline of the rule set in force for `inc` at `level`, judged at `as_of`.
///
/// Deadlines count from `discovered_at` (awareness), except the report, which
/// counts from `recovered_at` (or, while recovery is open, from the recovery
/// deadline, marked `provisional`).
pub fn deadlines(
    inc: &Incident,
    policy: &Policy,
    level: u8,
    as_of: DateTime<FixedOffset>,
) -> Vec<Deadline> {
    let o = &policy.overrides;
    let t0 = inc.discovered_at.0;
    let time = |v: Option<DateTime<FixedOffset>>| v.map(DateOrTime::Time);
    let mut out = Vec::new();
    let mut timed = |kind, within: Duration, done: Option<DateOrTime>| {
        let due = within.after(t0);
        out.push(Deadline {
            kind,
            within: Within::Time(within),
            due,
            provisional: false,
            done_at: done,
            status: status(due, done, as_of),
        });
        due
    };
    if let Some(d) = o.internal_report_within {
        timed(
            DeadlineKind::InternalReport,
            d,
            time(inc.reported_internal_at.map(|t| t.0)),
        );
    }
    timed(
        DeadlineKind::Notify,
        o.notify_within.unwrap_or(Duration::from_hours(1)),
        time(inc.notified_at.map(|t| t.0)),
    );
    let recovery = if level >= 3 {
        o.recovery_within_level_3_4
            .unwrap_or(Duration::from_hours(36))
    } else {
        o.recovery_within_level_1_2
            .unwrap_or(Duration::from_hours(72))
    };
    let recovery_due = timed(
        DeadlineKind::Recovery,
        recovery,
        time(inc.recovered_at.map(|t| t.0)),
    );
    let months = o.report_within_months.unwrap_or(1);
    let from = inc.recovered_at.map(|t| t.0.with_timezone(t0.offset()));
    let due = add_months(from.unwrap_or(recovery_due), months);
    out.push(Deadline {
        kind: DeadlineKind::Report,
        within: Within::Months(months),
        due,
        provisional: from.is_none(),
        done_at: inc.report_submitted_at,
        status: status(due, inc.report_submitted_at, as_of),
    });
    out
}

#[cfg(test)]
#[path = "incident_tests.rs"]
mod tests;
