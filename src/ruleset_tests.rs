//! Timelines of every built-in rule set: midnight, month ends, leap days,
//! other offsets, daylight-saving changes; resolution of `tw-national` by
//! date; DORA's two limits; overrides.

use super::*;
use crate::model::{Business, Impact, IncidentCategory, Information, Overrides, Timestamp};
use chrono::TimeDelta;

pub(crate) fn ts(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A level-0 incident (no impact) discovered at `discovered`.
pub(crate) fn incident(discovered: &str) -> Incident {
    Incident {
        id: "t".into(),
        title: "t".into(),
        category: IncidentCategory::Internal,
        occurred_at: None,
        discovered_at: Timestamp(ts(discovered)),
        reported_internal_at: None,
        notified_at: None,
        reporter: None,
        handler: None,
        description: None,
        source: None,
        operations_impact: None,
        handling_started_at: None,
        notification_ref: None,
        business: Some(Business::Core),
        information: Some(Information::Ordinary),
        impact: Impact::default(),
        classification: None,
        classified_at: None,
        reports: Default::default(),
        level: None,
        affected_systems: vec![],
        damage: None,
        actions: vec![],
        support_requested: None,
        recovered_at: None,
        report_submitted_at: None,
        investigation: None,
        root_cause: None,
        improvements: vec![],
        closed_at: None,
    }
}

fn set(id: &str) -> &'static RuleSet {
    builtin().iter().find(|s| s.id == id).expect(id)
}

fn line<'a>(tl: &'a Timeline, id: &str) -> &'a ReportLine {
    tl.reports.iter().find(|r| r.id == id).expect(id)
}

fn date_or_time(s: &str) -> DateOrTime {
    if s.len() == 10 {
        DateOrTime::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    } else {
        DateOrTime::Time(ts(s))
    }
}

fn taipei() -> Zone {
    Zone::parse("Asia/Taipei").unwrap()
}

#[test]
fn built_in_sets_are_valid() {
    let ids: Vec<&str> = builtin().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["tw-2021", "tw-2026", "nis2", "dora"]);
    for s in builtin() {
        let errors = crate::load::rule_set_errors(s);
        assert!(errors.is_empty(), "{}: {errors:?}", s.id);
        for l in &s.levels {
            for loc in ["zh-TW", "en"] {
                assert_eq!(l.criteria[loc].len(), 3, "{} level {} {loc}", s.id, l.level);
            }
        }
        for loc in ["zh-TW", "en"] {
            assert!(s.name.contains_key(loc), "{} name in {loc}", s.id);
        }
    }
    // The 2026 version carries over the 2021 criteria and deadlines.
    let (a, b) = (set("tw-2021"), set("tw-2026"));
    assert_eq!(
        serde_json::to_value(&a.levels).unwrap(),
        serde_json::to_value(&b.levels).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&a.reports).unwrap(),
        serde_json::to_value(&b.reports).unwrap()
    );
}

#[test]
fn tw_national_resolves_by_the_day_of_discovery_in_taipei() {
    let data = Data::default();
    let cases = [
        ("2025-06-01T10:00:00+08:00", "tw-2021"),
        ("2026-01-04T23:59:00+08:00", "tw-2021"),
        ("2026-01-05T00:00:00+08:00", "tw-2026"),
        // 17:00 UTC on the 4th is 01:00 on the 5th in Taipei.
        ("2026-01-04T17:00:00Z", "tw-2026"),
        ("2026-01-04T15:59:00Z", "tw-2021"),
        // Before the first version, the first one applies.
        ("2019-01-01T10:00:00+08:00", "tw-2021"),
    ];
    for (t, want) in cases {
        let inc = incident(t);
        assert_eq!(for_incident(&data, &inc).id, want, "{t}");
    }
    let old = for_incident(&data, &incident("2026-01-04T23:59:00+08:00"));
    let new = for_incident(&data, &incident("2026-01-05T08:00:00+08:00"));
    assert_eq!(old.name_in("zh-TW"), "資通安全事件通報及應變辦法");
    assert_eq!(new.name_in("zh-TW"), "資通安全事件通報應變及演練辦法");
    // A set named directly applies whatever the date.
    let mut data = Data::default();
    data.policy.incident_rules = "tw-2021".into();
    assert_eq!(
        for_incident(&data, &incident("2026-08-01T08:00:00+08:00")).id,
        "tw-2021"
    );
    data.policy.incident_rules = "nis2".into();
    assert_eq!(
        for_incident(&data, &incident("2026-08-01T08:00:00+08:00")).id,
        "nis2"
    );
}

/// (case, discovered, notified, recovered, report, level, report id, due, status, amount)
type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    u8,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

#[test]
fn taiwan_timeline_table() {
    let as_of = ts("2026-11-22T23:59:59+08:00");
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ("notify across midnight, met", "2026-03-10T23:30:00+08:00", Some("2026-03-11T00:20:00+08:00"), None, None, 2, "notification", "2026-03-11T00:30:00+08:00", "met", None),
        ("notify across midnight, missed", "2026-03-10T23:30:00+08:00", Some("2026-03-11T00:45:00+08:00"), None, None, 2, "notification", "2026-03-11T00:30:00+08:00", "missed", Some("15m")),
        ("notify exactly at the deadline is met", "2026-03-10T09:00:00+08:00", Some("2026-03-10T10:00:00+08:00"), None, None, 1, "notification", "2026-03-10T10:00:00+08:00", "met", None),
        ("notify in another offset, met", "2026-08-12T09:20:00+08:00", Some("2026-08-12T02:00:00Z"), None, None, 2, "notification", "2026-08-12T10:20:00+08:00", "met", None),
        ("notify in another offset, missed", "2026-08-12T01:20:00Z", Some("2026-08-12T10:35:00+08:00"), None, None, 2, "notification", "2026-08-12T02:20:00Z", "missed", Some("15m")),
        ("recovery 72h for level 2 across a month end", "2026-01-30T20:00:00+08:00", None, Some("2026-02-02T19:00:00+08:00"), None, 2, "recovery", "2026-02-02T20:00:00+08:00", "met", None),
        ("recovery 36h for level 3 across a month end, missed", "2026-01-30T20:00:00+08:00", None, Some("2026-02-01T09:30:00+08:00"), None, 3, "recovery", "2026-02-01T08:00:00+08:00", "missed", Some("1h30m")),
        ("recovery 36h for level 4 across a year end", "2026-12-31T22:00:00+08:00", None, Some("2027-01-02T09:00:00+08:00"), None, 4, "recovery", "2027-01-02T10:00:00+08:00", "met", None),
        ("recovery 72h across a leap day", "2028-02-27T12:00:00+08:00", None, Some("2028-03-01T11:00:00+08:00"), None, 1, "recovery", "2028-03-01T12:00:00+08:00", "met", None),
        ("report a month after recovery, clamped to February", "2026-01-30T20:00:00+08:00", None, Some("2026-01-31T10:00:00+08:00"), Some("2026-02-28"), 2, "investigation-report", "2026-02-28T10:00:00+08:00", "met", None),
        ("report on the next day is missed", "2026-01-30T20:00:00+08:00", None, Some("2026-01-31T10:00:00+08:00"), Some("2026-03-01"), 2, "investigation-report", "2026-02-28T10:00:00+08:00", "missed", Some("14h")),
        ("report in a leap year", "2028-01-30T20:00:00+08:00", None, Some("2028-01-31T10:00:00+08:00"), Some("2028-02-29T17:00:00+08:00"), 2, "investigation-report", "2028-02-29T10:00:00+08:00", "missed", Some("7h")),
        ("report counts from recovery in Taipei time", "2026-08-12T09:20:00+08:00", None, Some("2026-08-12T07:10:00Z"), None, 2, "investigation-report", "2026-09-12T15:10:00+08:00", "overdue", Some("71d8h50m")),
        ("recovered late in UTC on the 31st, a month later in Taipei", "2026-01-30T20:00:00+08:00", None, Some("2026-01-31T17:00:00Z"), None, 2, "investigation-report", "2026-03-01T01:00:00+08:00", "overdue", Some("266d23h")),
        ("open notification", "2026-11-22T23:30:00+08:00", None, None, None, 2, "notification", "2026-11-23T00:30:00+08:00", "open", Some("30m")),
        ("overdue recovery", "2026-11-20T08:00:00+08:00", None, None, None, 3, "recovery", "2026-11-21T20:00:00+08:00", "overdue", Some("1d4h")),
    ];
    for &(case, disc, notified, recovered, report, level, id, due, status, amount) in rows {
        let mut inc = incident(disc);
        inc.level = Some(level);
        inc.notified_at = notified.map(|t| Timestamp(ts(t)));
        inc.recovered_at = recovered.map(|t| Timestamp(ts(t)));
        inc.report_submitted_at = report.map(date_or_time);
        let tl = timeline(&inc, set("tw-2021"), &Policy::default(), &taipei(), as_of);
        let d = line(&tl, id);
        assert_eq!(d.due, Some(ts(due)), "{case}: due");
        assert_eq!(d.status.as_str(), status, "{case}: status");
        let want = amount.map(|a| Duration::parse(a).unwrap());
        assert_eq!(d.status.amount(), want, "{case}: amount");
    }
}

#[test]
fn report_ids_record_reports_and_older_keys_keep_working() {
    let mut inc = incident("2026-08-12T09:20:00+08:00");
    inc.level = Some(2);
    inc.notified_at = Some(Timestamp(ts("2026-08-12T10:40:00+08:00")));
    let as_of = ts("2026-08-12T12:00:00+08:00");
    let s = set("tw-2026");
    let tl = timeline(&inc, s, &Policy::default(), &taipei(), as_of);
    assert_eq!(line(&tl, "notification").status.as_str(), "missed");
    // `reports:` wins over the older key.
    inc.reports.insert(
        "notification".into(),
        date_or_time("2026-08-12T10:10:00+08:00"),
    );
    let tl = timeline(&inc, s, &Policy::default(), &taipei(), as_of);
    assert_eq!(line(&tl, "notification").status, Status::Met);
    // The investigation report counts from the recovery deadline while recovery is open.
    let rep = line(&tl, "investigation-report");
    assert!(rep.provisional);
    assert_eq!(rep.due, Some(ts("2026-09-15T09:20:00+08:00")));
    // No internal report unless the policy sets its deadline.
    assert!(tl.reports.iter().all(|r| r.id != "internal"));
}

#[test]
fn overrides_tighten_and_relaxing_ones_are_found() {
    let mut inc = incident("2026-08-12T09:20:00+08:00");
    inc.level = Some(1);
    inc.reported_internal_at = Some(Timestamp(ts("2026-08-12T09:40:00+08:00")));
    let as_of = ts("2026-08-12T12:00:00+08:00");
    let policy = Policy {
        overrides: Overrides {
            internal_report_within: Some(Duration::from_minutes(15)),
            notify_within: Some(Duration::from_hours(2)),
            recovery_within_level_1_2: Some(Duration::from_hours(48)),
            report_within_months: Some(2),
            ..Overrides::default()
        },
        ..Policy::default()
    };
    let s = set("tw-2026");
    let tl = timeline(&inc, s, &policy, &taipei(), as_of);
    let internal = line(&tl, "internal");
    assert_eq!(internal.due, Some(ts("2026-08-12T09:35:00+08:00")));
    assert_eq!(
        internal.status,
        Status::Missed {
            by: TimeDelta::minutes(5)
        }
    );
    assert_eq!(
        line(&tl, "notification").status,
        Status::Overdue {
            by: TimeDelta::minutes(40)
        }
    );
    assert_eq!(
        line(&tl, "recovery").due,
        Some(ts("2026-08-14T09:20:00+08:00"))
    );
    let rep = line(&tl, "investigation-report");
    assert_eq!(rep.due, Some(ts("2026-10-14T09:20:00+08:00")));
    assert_eq!(rep.limits[0].within, Within::Months(2));
    let relaxed = relaxing_overrides(s, &policy);
    let keys: Vec<&str> = relaxed.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        keys,
        [
            "policy.overrides.notify_within",
            "policy.overrides.report_within_months"
        ]
    );
    // Tightening only: nothing to report.
    let tight = Policy {
        overrides: Overrides {
            notify_within: Some(Duration::from_minutes(30)),
            recovery_within_level_3_4: Some(Duration::from_hours(24)),
            ..Overrides::default()
        },
        ..Policy::default()
    };
    assert!(relaxing_overrides(s, &tight).is_empty());
    // By report id, for any rule set; 32 days is longer than any month.
    let mut by_id = Policy::default();
    by_id
        .overrides
        .reports
        .insert("early-warning".into(), Duration::from_hours(12));
    by_id
        .overrides
        .reports
        .insert("final-report".into(), Duration::parse("32d").unwrap());
    let r = relaxing_overrides(set("nis2"), &by_id);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].0, "policy.overrides.reports.final-report");
    assert!(!relaxes(
        Within::Time(Duration::parse("30d").unwrap()),
        Within::Months(1)
    ));
}

#[test]
fn nis2_timeline_across_daylight_saving() {
    let berlin = Zone::parse("Europe/Berlin").unwrap();
    // Aware on the Saturday before the spring change (2026-03-29 02:00 CET → 03:00 CEST).
    let mut inc = incident("2026-03-28T12:00:00+01:00");
    inc.classification = Some("significant".into());
    inc.classified_at = Some(Timestamp(ts("2026-03-28T13:00:00+01:00")));
    inc.notified_at = Some(Timestamp(ts("2026-03-29T12:30:00+02:00")));
    inc.reports.insert(
        "notification".into(),
        date_or_time("2026-03-31T09:00:00+02:00"),
    );
    let as_of = ts("2026-05-15T12:00:00+02:00");
    let tl = timeline(&inc, set("nis2"), &Policy::default(), &berlin, as_of);
    // 24 hours are 24 hours: 13:00 local on the Sunday, an hour later on the clock.
    let ew = line(&tl, "early-warning");
    assert_eq!(ew.due, Some(ts("2026-03-29T13:00:00+02:00")));
    assert_eq!(ew.status, Status::Met);
    let n = line(&tl, "notification");
    assert_eq!(n.due, Some(ts("2026-03-31T13:00:00+02:00")));
    assert_eq!(n.status, Status::Met);
    // The intermediate report is made on request: no deadline.
    let im = line(&tl, "intermediate");
    assert!(im.on_request && im.due.is_none());
    assert_eq!(im.status, Status::OnRequest);
    // One month after the notification, in local time.
    let f = line(&tl, "final-report");
    assert_eq!(f.due, Some(ts("2026-04-30T09:00:00+02:00")));
    assert!(matches!(f.status, Status::Overdue { .. }));
    assert!(!f.provisional);
    // Autumn change: 24 hours from Saturday 12:00 CEST is Sunday 11:00 CET.
    let mut inc = incident("2026-10-24T12:00:00+02:00");
    inc.classification = Some("significant".into());
    let tl = timeline(&inc, set("nis2"), &Policy::default(), &berlin, as_of);
    assert_eq!(
        berlin
            .local(line(&tl, "early-warning").due.unwrap())
            .to_rfc3339(),
        "2026-10-25T11:00:00+01:00"
    );
    // The final report counts from the notification deadline until it is made.
    let f = line(&tl, "final-report");
    assert!(f.provisional);
    assert_eq!(
        berlin.local(f.due.unwrap()).to_rfc3339(),
        "2026-11-27T11:00:00+01:00"
    );
}

#[test]
fn dora_initial_notification_has_two_limits() {
    let zone = Zone::parse("Europe/Paris").unwrap();
    // Aware at 08:00 UTC; classified major 22 hours later; notified 3 hours after that.
    let mut inc = incident("2026-05-04T08:00:00Z");
    inc.classification = Some("major".into());
    inc.classified_at = Some(Timestamp(ts("2026-05-05T06:00:00Z")));
    inc.reports
        .insert("initial".into(), date_or_time("2026-05-05T09:00:00Z"));
    let as_of = ts("2026-05-06T12:00:00Z");
    let tl = timeline(&inc, set("dora"), &Policy::default(), &zone, as_of);
    let i = line(&tl, "initial");
    assert_eq!(i.limits.len(), 2);
    // 4 hours from classification: met.
    assert_eq!(i.limits[0].from, LimitFrom::Classification);
    assert_eq!(i.limits[0].due, Some(ts("2026-05-05T10:00:00Z")));
    assert_eq!(i.limits[0].status, Status::Met);
    // No later than 24 hours from awareness: missed by an hour.
    assert_eq!(i.limits[1].from, LimitFrom::Awareness);
    assert_eq!(i.limits[1].due, Some(ts("2026-05-05T08:00:00Z")));
    assert_eq!(
        i.limits[1].status,
        Status::Missed {
            by: TimeDelta::hours(1)
        }
    );
    // The report is due at the earlier of the two, and was late.
    assert_eq!(i.due, Some(ts("2026-05-05T08:00:00Z")));
    assert!(i.status.is_late());
    // Intermediate: 72 hours from the initial notification; final: a month
    // from the intermediate report (provisional until it is made).
    let im = line(&tl, "intermediate");
    assert_eq!(im.due, Some(ts("2026-05-08T09:00:00Z")));
    assert_eq!(im.status.as_str(), "open");
    let f = line(&tl, "final");
    assert!(f.provisional);
    assert_eq!(f.due, Some(ts("2026-06-08T09:00:00Z")));
}

#[test]
fn dora_before_classification_and_not_major() {
    let zone = Zone::parse("Europe/Paris").unwrap();
    let mut inc = incident("2026-05-04T08:00:00Z");
    let as_of = ts("2026-05-04T10:00:00Z");
    let tl = timeline(&inc, set("dora"), &Policy::default(), &zone, as_of);
    assert_eq!(tl.required, None);
    let i = line(&tl, "initial");
    // Not classified: the 4-hour limit has not started; the 24-hour one runs.
    assert_eq!(i.limits[0].status, Status::Pending);
    assert_eq!(i.due, Some(ts("2026-05-05T08:00:00Z")));
    assert_eq!(i.status.as_str(), "open");
    inc.classification = Some("not-major".into());
    inc.classified_at = Some(Timestamp(ts("2026-05-04T09:00:00Z")));
    let tl = timeline(&inc, set("dora"), &Policy::default(), &zone, as_of);
    assert_eq!(tl.required, Some(false));
    assert!(tl.reports.iter().all(|r| r.status == Status::NotRequired));
}
