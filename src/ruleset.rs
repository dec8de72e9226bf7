//! Incident rule sets: the built-in sets (embedded from `rulesets/*.yaml`),
//! the user's `rules/<name>.yaml`, which set applies to an incident, and the
//! timeline of an incident's reports under it.
//!
//! Every document, form, check rule and `show` takes the regulation's name,
//! levels, classes, reports and deadlines from here.

use crate::model::{
    Data, DateOrTime, Duration, Incident, LevelBasis, LimitFrom, Policy, RuleClass, RuleLimit,
    RuleReport, RuleSet,
};
use crate::records::incident::{self, Status, Within};
use crate::zone::Zone;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::sync::OnceLock;

/// The built-in rule sets: (id, YAML).
const BUILTIN: &[(&str, &str)] = &[
    ("tw-2021", include_str!("../rulesets/tw-2021.yaml")),
    ("tw-2026", include_str!("../rulesets/tw-2026.yaml")),
    ("nis2", include_str!("../rulesets/nis2.yaml")),
    ("dora", include_str!("../rulesets/dora.yaml")),
];

/// The series `policy.incident_rules` names by default.
pub const DEFAULT_SERIES: &str = "tw-national";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    rule_set: RuleSet,
}

/// The built-in rule sets, parsed once (their files are tested).
pub fn builtin() -> &'static [RuleSet] {
    static SETS: OnceLock<Vec<RuleSet>> = OnceLock::new();
    SETS.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(id, src)| {
                let mut f: File =
                    serde_yaml_ng::from_str(src).expect("built-in rule set is valid (tested)");
                f.rule_set.id = (*id).to_string();
                f.rule_set
            })
            .collect()
    })
}

/// The YAML of a built-in rule set (for `bcpgen init --rules` and docs).
pub fn builtin_source(id: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(i, _)| *i == id).map(|(_, s)| *s)
}

/// Every name `policy.incident_rules` may take with this data.
pub fn names(data: &Data) -> Vec<String> {
    let mut v: Vec<String> = vec![DEFAULT_SERIES.to_string()];
    v.extend(builtin().iter().map(|s| s.id.clone()));
    v.extend(data.rule_sets.iter().map(|s| s.id.clone()));
    v
}

/// `rules/foo.yaml` and `foo` name the same user-defined set.
fn bare(name: &str) -> &str {
    let n = name.strip_prefix("rules/").unwrap_or(name);
    n.strip_suffix(".yaml")
        .or_else(|| n.strip_suffix(".yml"))
        .unwrap_or(n)
}

fn all(data: &Data) -> impl Iterator<Item = &RuleSet> {
    builtin().iter().chain(data.rule_sets.iter())
}

/// True when `name` names a set or a series.
pub fn is_known(data: &Data, name: &str) -> bool {
    let n = bare(name);
    all(data).any(|s| s.id == n || s.series.as_deref() == Some(n))
}

/// The set `name` names, for an incident discovered on `day`: a series
/// resolves to the version in force that day (the earliest version before
/// any is in force).
pub fn resolve<'a>(data: &'a Data, name: &str, day: NaiveDate) -> Option<&'a RuleSet> {
    let n = bare(name);
    if let Some(s) = all(data).find(|s| s.id == n) {
        return Some(s);
    }
    let mut versions: Vec<&RuleSet> = all(data)
        .filter(|s| s.series.as_deref() == Some(n))
        .collect();
    versions.sort_by_key(|s| s.effective.map(|d| d.0));
    versions
        .iter()
        .rev()
        .find(|s| s.effective.is_none_or(|e| e.0 <= day))
        .or(versions.first())
        .copied()
}

/// The set of the policy in force on `day` (documents: the build's day).
pub fn for_day(data: &Data, day: NaiveDate) -> &RuleSet {
    resolve(data, &data.policy.incident_rules, day).unwrap_or_else(|| fallback())
}

/// The set that applies to `inc`: the policy's set, or version of the
/// policy's series, in force on the day it was discovered.
pub fn for_incident<'a>(data: &'a Data, inc: &Incident) -> &'a RuleSet {
    let zone = Zone::of(data, *inc.discovered_at.0.offset());
    for_day(data, zone.date(inc.discovered_at.0))
}

/// The newest built-in version of the default series (unknown names are
/// load errors, so this serves only data that failed to load).
fn fallback() -> &'static RuleSet {
    let b = builtin();
    b.iter()
        .filter(|s| s.series.as_deref() == Some(DEFAULT_SERIES))
        .max_by_key(|s| s.effective.map(|d| d.0))
        .unwrap_or(&b[0])
}

impl RuleSet {
    pub fn computed(&self) -> bool {
        self.basis == LevelBasis::Computed
    }
    pub fn report(&self, id: &str) -> Option<&RuleReport> {
        self.reports.iter().find(|r| r.id == id)
    }
    pub fn class(&self, id: &str) -> Option<&RuleClass> {
        self.classes.iter().find(|c| c.id == id)
    }
    /// The regulation's name in `locale`.
    pub fn name_in(&self, locale: &str) -> &str {
        crate::model::localized(&self.name, locale).unwrap_or(&self.id)
    }
    /// The lowest level of the set (limits for "no level reached" follow it).
    fn lowest_level(&self) -> u8 {
        self.levels.iter().map(|l| l.level).min().unwrap_or(0)
    }
}

/// Where a deadline of a limit comes from, after the policy's overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    pub within: Within,
    /// The policy key that replaced the statutory value (`policy.overrides.notify_within`).
    pub overridden_by: Option<String>,
    /// The statutory value it replaced.
    pub statutory: Option<Within>,
}

/// The deadline of limit `li` of `report` with the policy's overrides applied,
/// or None when the limit has no deadline (a report the organization sets and has not).
pub fn effective(
    report: &RuleReport,
    li: Option<&RuleLimit>,
    policy: &Policy,
) -> Option<Effective> {
    let o = &policy.overrides;
    let statutory = li.and_then(|l| match (l.within, l.within_months) {
        (Some(d), _) => Some(Within::Time(d)),
        (None, Some(m)) => Some(Within::Months(m)),
        _ => None,
    });
    let levels_in = |set: &[u8]| {
        li.is_some_and(|l| !l.levels.is_empty() && l.levels.iter().all(|v| set.contains(v)))
    };
    let legacy: Option<(&str, Within)> = match report.id.as_str() {
        "internal" => o
            .internal_report_within
            .map(|d| ("internal_report_within", Within::Time(d))),
        "notification" => o.notify_within.map(|d| ("notify_within", Within::Time(d))),
        "recovery" if levels_in(&[1, 2]) => o
            .recovery_within_level_1_2
            .map(|d| ("recovery_within_level_1_2", Within::Time(d))),
        "recovery" if levels_in(&[3, 4]) => o
            .recovery_within_level_3_4
            .map(|d| ("recovery_within_level_3_4", Within::Time(d))),
        "investigation-report" => o
            .report_within_months
            .map(|m| ("report_within_months", Within::Months(m))),
        _ => None,
    };
    let by_id = o
        .reports
        .get(&report.id)
        .map(|d| (format!("reports.{}", report.id), Within::Time(*d)));
    let over = by_id.or_else(|| legacy.map(|(k, w)| (k.to_string(), w)));
    match (over, statutory) {
        (Some((key, w)), st) => Some(Effective {
            within: w,
            overridden_by: Some(format!("policy.overrides.{key}")),
            statutory: st,
        }),
        (None, Some(w)) => Some(Effective {
            within: w,
            overridden_by: None,
            statutory: None,
        }),
        (None, None) => None,
    }
}

/// True when `new` allows more time than `old` (a month counts as 31 days,
/// so only a deadline surely longer is reported).
pub fn relaxes(new: Within, old: Within) -> bool {
    let minutes = |w: Within, long: bool| match w {
        Within::Time(d) => d.minutes(),
        Within::Months(m) => u64::from(m) * if long { 28 } else { 31 } * 1440,
    };
    match (new, old) {
        (Within::Months(a), Within::Months(b)) => a > b,
        _ => minutes(new, true) > minutes(old, false),
    }
}

/// One limit of a report, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitLine {
    pub from: LimitFrom,
    pub within: Within,
    pub overridden_by: Option<String>,
    /// When the count starts (None: not known yet, e.g. not classified).
    pub from_at: Option<DateTime<FixedOffset>>,
    /// True when `from_at` is a previous report's deadline, not its actual time.
    pub provisional: bool,
    pub due: Option<DateTime<FixedOffset>>,
    pub status: Status,
}

/// One report of an incident's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLine {
    pub id: String,
    /// The limits that apply (by level), each judged.
    pub limits: Vec<LimitLine>,
    /// The earliest due of its limits.
    pub due: Option<DateTime<FixedOffset>>,
    pub provisional: bool,
    pub done_at: Option<DateOrTime>,
    /// Against the earliest due; `OnRequest`, `NotRequired` or `Pending` when
    /// there is no deadline to judge.
    pub status: Status,
    pub on_request: bool,
}

/// An incident under its rule set.
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    pub set: &'a RuleSet,
    /// Level the deadlines follow (computed sets; 0 otherwise).
    pub level: u8,
    /// The stated class, when the set's classes are stated and it is one of them.
    pub class: Option<&'a RuleClass>,
    /// Stated sets: whether the reports are required (None: not classified yet).
    pub required: Option<bool>,
    pub reports: Vec<ReportLine>,
}

/// When report `r` of `inc` was made: `reports.<id>`, else its older key.
pub fn done_at(inc: &Incident, r: &RuleReport) -> Option<DateOrTime> {
    if let Some(d) = inc.reports.get(&r.id) {
        return Some(*d);
    }
    let t = |v: Option<crate::model::Timestamp>| v.map(|t| DateOrTime::Time(t.0));
    match r.recorded_by.as_deref() {
        Some("reported_internal_at") => t(inc.reported_internal_at),
        Some("notified_at") => t(inc.notified_at),
        Some("recovered_at") => t(inc.recovered_at),
        Some("report_submitted_at") => inc.report_submitted_at,
        _ => None,
    }
}

/// The older keys a report may be recorded by.
pub const RECORDED_BY: &[&str] = &[
    "reported_internal_at",
    "notified_at",
    "recovered_at",
    "report_submitted_at",
];

/// The instant a date-or-time stands for as a starting point (a date: the
/// start of that day in `zone`).
fn instant(d: DateOrTime, zone: &Zone) -> DateTime<FixedOffset> {
    match d {
        DateOrTime::Time(t) => t,
        DateOrTime::Date(d) => zone.start_of_day(d),
    }
}

/// The incident's timeline under `set`, judged at `now`.
pub fn timeline<'a>(
    inc: &Incident,
    set: &'a RuleSet,
    policy: &Policy,
    zone: &Zone,
    now: DateTime<FixedOffset>,
) -> Timeline<'a> {
    let level = if set.computed() {
        incident::level_in_force(inc)
    } else {
        0
    };
    let class = inc.classification.as_deref().and_then(|c| set.class(c));
    let required = if set.computed() {
        Some(true)
    } else {
        class.map(|c| c.reportable)
    };
    let filter_level = level.max(set.lowest_level());
    let mut lines: Vec<ReportLine> = Vec::new();
    for r in &set.reports {
        let done = done_at(inc, r);
        let mut limits = Vec::new();
        let applicable: Vec<Option<&RuleLimit>> = if r.limits.is_empty() {
            vec![None]
        } else {
            r.limits
                .iter()
                .filter(|l| l.levels.is_empty() || l.levels.contains(&filter_level))
                .map(Some)
                .collect()
        };
        for li in applicable {
            let Some(eff) = effective(r, li, policy) else {
                continue;
            };
            let from = li.map(|l| l.from.clone()).unwrap_or(LimitFrom::Awareness);
            let (from_at, provisional) = match &from {
                LimitFrom::Awareness => (Some(inc.discovered_at.0), false),
                LimitFrom::Classification => (
                    inc.classified_at
                        .filter(|_| class.is_some_and(|c| c.reportable))
                        .map(|t| t.0),
                    false,
                ),
                LimitFrom::Recovery => (inc.recovered_at.map(|t| t.0), false),
                LimitFrom::Report(id) => match lines.iter().find(|l| &l.id == id) {
                    Some(prev) => match prev.done_at {
                        Some(d) => (Some(instant(d, zone)), false),
                        None => (prev.due, prev.due.is_some()),
                    },
                    None => (None, false),
                },
            };
            let due = from_at.map(|t| match eff.within {
                Within::Time(d) => d.after(t),
                Within::Months(m) => zone.add_months(t, m),
            });
            let status = match due {
                Some(due) => incident::status(due, done, now, zone),
                None => Status::Pending,
            };
            limits.push(LimitLine {
                from,
                within: eff.within,
                overridden_by: eff.overridden_by,
                from_at,
                provisional,
                due,
                status,
            });
        }
        if limits.is_empty() && !r.on_request {
            // A report whose deadline the organization sets and has not set.
            continue;
        }
        let first = limits
            .iter()
            .filter(|l| l.due.is_some())
            .min_by_key(|l| l.due);
        let due = first.and_then(|l| l.due);
        let provisional = first.is_some_and(|l| l.provisional);
        let status = if required == Some(false) {
            Status::NotRequired
        } else if r.on_request && limits.is_empty() {
            if done.is_some() {
                Status::Met
            } else {
                Status::OnRequest
            }
        } else {
            match due {
                Some(d) => incident::status(d, done, now, zone),
                None => Status::Pending,
            }
        };
        lines.push(ReportLine {
            id: r.id.clone(),
            limits,
            due,
            provisional,
            done_at: done,
            status,
            on_request: r.on_request,
        });
    }
    Timeline {
        set,
        level,
        class,
        required,
        reports: lines,
    }
}

/// An override longer than the statutory deadline it replaces, for the
/// `override-relaxes-deadline` rule: (policy key, report id, new, statutory).
pub fn relaxing_overrides(set: &RuleSet, policy: &Policy) -> Vec<(String, String, Within, Within)> {
    let mut out: Vec<(String, String, Within, Within)> = Vec::new();
    for r in &set.reports {
        for l in &r.limits {
            let Some(e) = effective(r, Some(l), policy) else {
                continue;
            };
            if let (Some(key), Some(st)) = (e.overridden_by, e.statutory)
                && relaxes(e.within, st)
                && !out.iter().any(|(k, ..)| *k == key)
            {
                out.push((key, r.id.clone(), e.within, st));
            }
        }
    }
    out
}

/// A duration as a regulation states a deadline: whole hours as hours
/// (`72h`, not `3d`) up to a week; longer limits in days (`10d`).
pub fn hours(d: Duration) -> String {
    if d.minutes() % 60 == 0 && d.minutes() < 7 * 24 * 60 {
        format!("{}h", d.minutes() / 60)
    } else {
        d.to_string()
    }
}

#[cfg(test)]
#[path = "ruleset_tests.rs"]
pub(crate) mod tests;
