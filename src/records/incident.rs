//! Incidents: the level by Taiwan's four-level criteria (rule sets whose
//! basis is `computed`) and the status of a deadline. The deadlines
//! themselves come from the incident's rule set (`crate::ruleset`).
//!
//! Both are pure functions of the record and a reference instant, so they can
//! be table-tested and shared by the `check` rules, `show` and the filled form.

use crate::model::{
    Availability, Business, DateOrTime, Duration, Impact, Incident, Information, RuleSet, Severity,
};
use crate::zone::Zone;
use chrono::{DateTime, FixedOffset, TimeDelta};
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
    /// The criterion's text in the rule set, in `locale` (else English, else any).
    pub fn text<'a>(&self, set: &'a RuleSet, locale: &str) -> &'a str {
        set.levels
            .iter()
            .find(|l| l.level == self.level)
            .and_then(|l| {
                l.criteria
                    .get(locale)
                    .or_else(|| l.criteria.get("en"))
                    .or_else(|| l.criteria.values().next())
            })
            .and_then(|c| c.get(self.clause.index()))
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
    classify(
        inc.business.unwrap_or(Business::NonCore),
        inc.information.unwrap_or(Information::Ordinary),
        &inc.impact,
    )
}

/// The level the deadlines follow: the higher of the computed and the stated
/// level, so no deadline is relaxed by a level set too low.
pub fn level_in_force(inc: &Incident) -> u8 {
    classify_incident(inc).level.max(inc.level.unwrap_or(0))
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
    /// The instant it counts from is not known yet (not classified, the
    /// previous report not made).
    Pending,
    /// The organization classified the incident as not reportable.
    NotRequired,
    /// Made only when the authority asks; not asked (or not recorded).
    OnRequest,
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
            Status::Pending => "pending",
            Status::NotRequired => "not-required",
            Status::OnRequest => "on-request",
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
            Status::Met | Status::Pending | Status::NotRequired | Status::OnRequest => None,
            Status::Missed { by } | Status::Overdue { by } => Some(mins(by, true)),
            Status::Open { remaining } => Some(mins(remaining, false)),
        }
    }
    /// True when the deadline was or is being missed.
    pub fn is_late(&self) -> bool {
        matches!(self, Status::Missed { .. } | Status::Overdue { .. })
    }
}

/// Status of a deadline `due` done at `done` (if at all), judged at `as_of`;
/// a date without a time is judged by the calendar day in `zone`.
pub fn status(
    due: DateTime<FixedOffset>,
    done: Option<DateOrTime>,
    as_of: DateTime<FixedOffset>,
    zone: &Zone,
) -> Status {
    match done {
        Some(DateOrTime::Time(t)) if t <= due => Status::Met,
        Some(DateOrTime::Time(t)) => Status::Missed { by: t - due },
        // A date only: on time when it is the due day or earlier; otherwise late
        // by at least the time from the deadline to the start of that day.
        Some(DateOrTime::Date(d)) if d <= zone.date(due) => Status::Met,
        Some(DateOrTime::Date(d)) => Status::Missed {
            by: zone.start_of_day(d) - due,
        },
        None if as_of <= due => Status::Open {
            remaining: due - as_of,
        },
        None => Status::Overdue { by: as_of - due },
    }
}

#[cfg(test)]
#[path = "incident_tests.rs"]
mod tests;
