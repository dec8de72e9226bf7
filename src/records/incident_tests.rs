//! Table tests of the classifier (every criterion line of the regulation) and
//! of the deadlines (midnight, month ends, offsets, overrides).

use super::*;
use crate::model::{Locale as LocaleId, Overrides, Timestamp};

use Availability as A;
use Business as B;
use Information as I;
use Severity as S;

fn impact(c: Severity, i: Severity, a: Availability) -> Impact {
    Impact {
        confidentiality: c,
        integrity: i,
        availability: a,
    }
}

/// (case, business, information, leak, tamper, availability, level, deciding clause)
type Case = (&'static str, B, I, S, S, A, u8, Option<Clause>);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Level 1, clauses 1-3.
    ("1.1 non-core info, minor leak", B::NonCore, I::Ordinary, S::Minor, S::None, A::None, 1, Some(Clause::Leak)),
    ("1.2 non-core info or system, minor tamper", B::NonCore, I::Ordinary, S::None, S::Minor, A::None, 1, Some(Clause::Tamper)),
    ("1.3 non-core stopped, within tolerance", B::NonCore, I::Ordinary, S::None, S::None, A::WithinTolerance, 1, Some(Clause::Availability)),
    // Level 2.
    ("2.1a non-core info, severe leak", B::NonCore, I::Ordinary, S::Severe, S::None, A::None, 2, Some(Clause::Leak)),
    ("2.1b core info (not CI), minor leak", B::Core, I::Ordinary, S::Minor, S::None, A::None, 2, Some(Clause::Leak)),
    ("2.2a non-core, severe tamper", B::NonCore, I::Ordinary, S::None, S::Severe, A::None, 2, Some(Clause::Tamper)),
    ("2.2b core (not CI), minor tamper", B::Core, I::Ordinary, S::None, S::Minor, A::None, 2, Some(Clause::Tamper)),
    ("2.3a non-core stopped beyond tolerance", B::NonCore, I::Ordinary, S::None, S::None, A::Exceeded, 2, Some(Clause::Availability)),
    ("2.3b core (not CI) stopped, within tolerance", B::Core, I::Ordinary, S::None, S::None, A::WithinTolerance, 2, Some(Clause::Availability)),
    // Level 3.
    ("3.1a core (not CI), severe leak", B::Core, I::Ordinary, S::Severe, S::None, A::None, 3, Some(Clause::Leak)),
    ("3.1b official secret, minor leak", B::NonCore, I::OfficialSecret, S::Minor, S::None, A::None, 3, Some(Clause::Leak)),
    ("3.1b sensitive info, minor leak", B::Core, I::Sensitive, S::Minor, S::None, A::None, 3, Some(Clause::Leak)),
    ("3.1b CI core info, minor leak", B::CriticalInfrastructure, I::Ordinary, S::Minor, S::None, A::None, 3, Some(Clause::Leak)),
    ("3.2a core (not CI), severe tamper", B::Core, I::Ordinary, S::None, S::Severe, A::None, 3, Some(Clause::Tamper)),
    ("3.2b official secret, minor tamper", B::NonCore, I::OfficialSecret, S::None, S::Minor, A::None, 3, Some(Clause::Tamper)),
    ("3.2b sensitive info, minor tamper", B::NonCore, I::Sensitive, S::None, S::Minor, A::None, 3, Some(Clause::Tamper)),
    ("3.2b CI core info or system, minor tamper", B::CriticalInfrastructure, I::Ordinary, S::None, S::Minor, A::None, 3, Some(Clause::Tamper)),
    ("3.3a core (not CI) stopped beyond tolerance", B::Core, I::Ordinary, S::None, S::None, A::Exceeded, 3, Some(Clause::Availability)),
    ("3.3b CI core stopped, within tolerance", B::CriticalInfrastructure, I::Ordinary, S::None, S::None, A::WithinTolerance, 3, Some(Clause::Availability)),
    // Level 4.
    ("4.1a official secret, severe leak", B::NonCore, I::OfficialSecret, S::Severe, S::None, A::None, 4, Some(Clause::Leak)),
    ("4.1a sensitive info, severe leak", B::Core, I::Sensitive, S::Severe, S::None, A::None, 4, Some(Clause::Leak)),
    ("4.1a CI core info, severe leak", B::CriticalInfrastructure, I::Ordinary, S::Severe, S::None, A::None, 4, Some(Clause::Leak)),
    ("4.1b state secret, minor leak", B::NonCore, I::StateSecret, S::Minor, S::None, A::None, 4, Some(Clause::Leak)),
    ("4.1b state secret, severe leak", B::NonCore, I::StateSecret, S::Severe, S::None, A::None, 4, Some(Clause::Leak)),
    ("4.2a official secret, severe tamper", B::NonCore, I::OfficialSecret, S::None, S::Severe, A::None, 4, Some(Clause::Tamper)),
    ("4.2a sensitive info, severe tamper", B::NonCore, I::Sensitive, S::None, S::Severe, A::None, 4, Some(Clause::Tamper)),
    ("4.2a CI core info or system, severe tamper", B::CriticalInfrastructure, I::Ordinary, S::None, S::Severe, A::None, 4, Some(Clause::Tamper)),
    ("4.2b state secret, minor tamper", B::Core, I::StateSecret, S::None, S::Minor, A::None, 4, Some(Clause::Tamper)),
    ("4.3 CI core stopped beyond tolerance", B::CriticalInfrastructure, I::Ordinary, S::None, S::None, A::Exceeded, 4, Some(Clause::Availability)),
    // Highest wins; ties go to the first clause in the regulation's order.
    ("highest: leak 2, availability 3", B::Core, I::Ordinary, S::Minor, S::None, A::Exceeded, 3, Some(Clause::Availability)),
    ("highest: tamper 4 over leak 3", B::CriticalInfrastructure, I::Ordinary, S::Minor, S::Severe, A::WithinTolerance, 4, Some(Clause::Tamper)),
    ("tie at 2: leak first", B::Core, I::Ordinary, S::Minor, S::Minor, A::WithinTolerance, 2, Some(Clause::Leak)),
    ("tie at 3: tamper before availability", B::Core, I::Sensitive, S::None, S::Minor, A::Exceeded, 3, Some(Clause::Tamper)),
    ("state secret only stopped: availability by business", B::NonCore, I::StateSecret, S::None, S::None, A::WithinTolerance, 1, Some(Clause::Availability)),
    ("nothing affected", B::CriticalInfrastructure, I::StateSecret, S::None, S::None, A::None, 0, None),
];

#[test]
fn classifier_follows_every_criterion_line() {
    let zh = Locale::get(LocaleId::ZhTw);
    for &(case, b, i, c, t, a, level, clause) in CASES {
        let got = classify(b, i, &impact(c, t, a));
        assert_eq!(got.level, level, "{case}");
        assert_eq!(got.criterion.map(|c| c.clause), clause, "{case}");
        if let Some(cr) = got.criterion {
            assert_eq!(cr.level, level, "{case}");
            assert!(!cr.text(&zh).is_empty(), "{case}: criterion text");
        }
    }
}

#[test]
fn criterion_text_comes_from_the_locale_rule_set() {
    let zh = Locale::get(LocaleId::ZhTw);
    let c = classify(B::Core, I::Sensitive, &impact(S::Minor, S::None, A::None));
    let text = c.criterion.unwrap().text(&zh);
    assert!(
        text.contains("敏感資訊或涉及關鍵基礎設施維運之核心業務資訊遭輕微洩漏"),
        "{text}"
    );
    let en = Locale::get(LocaleId::En);
    assert!(!c.criterion.unwrap().text(&en).is_empty());
}

fn ts(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn incident(discovered: &str) -> Incident {
    Incident {
        id: "t".into(),
        title: "t".into(),
        category: crate::model::IncidentCategory::Internal,
        occurred_at: None,
        discovered_at: Timestamp(ts(discovered)),
        reported_internal_at: None,
        notified_at: None,
        reporter: None,
        handler: None,
        description: None,
        business: B::Core,
        information: I::Ordinary,
        impact: Impact::default(),
        level: None,
        affected_systems: vec![],
        damage: None,
        actions: vec![],
        support_requested: None,
        recovered_at: None,
        report_submitted_at: None,
        root_cause: None,
        improvements: vec![],
    }
}

fn find(ds: &[Deadline], kind: DeadlineKind) -> &Deadline {
    ds.iter()
        .find(|d| d.kind == kind)
        .expect("deadline present")
}

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

/// (case, discovered, notified, recovered, report, level, kind, due, status, amount)
type DeadlineRow = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    u8,
    DeadlineKind,
    &'static str,
    &'static str,
    Option<&'static str>,
);

#[test]
fn deadlines_table() {
    let as_of = ts("2026-11-22T23:59:59+08:00");
    // (case, discovered, notified, recovered, report, level, kind, due, status, amount)
    #[rustfmt::skip]
    let rows: &[DeadlineRow] = &[
        ("notify across midnight, met", "2026-03-10T23:30:00+08:00", Some("2026-03-11T00:20:00+08:00"), None, None, 2, DeadlineKind::Notify, "2026-03-11T00:30:00+08:00", "met", None),
        ("notify across midnight, missed", "2026-03-10T23:30:00+08:00", Some("2026-03-11T00:45:00+08:00"), None, None, 2, DeadlineKind::Notify, "2026-03-11T00:30:00+08:00", "missed", Some("15m")),
        ("notify exactly at the deadline is met", "2026-03-10T09:00:00+08:00", Some("2026-03-10T10:00:00+08:00"), None, None, 1, DeadlineKind::Notify, "2026-03-10T10:00:00+08:00", "met", None),
        ("notify in another offset, met", "2026-08-12T09:20:00+08:00", Some("2026-08-12T02:00:00Z"), None, None, 2, DeadlineKind::Notify, "2026-08-12T10:20:00+08:00", "met", None),
        ("notify in another offset, missed", "2026-08-12T01:20:00Z", Some("2026-08-12T10:35:00+08:00"), None, None, 2, DeadlineKind::Notify, "2026-08-12T02:20:00Z", "missed", Some("15m")),
        ("recovery 72h for level 2 across a month end", "2026-01-30T20:00:00+08:00", None, Some("2026-02-02T19:00:00+08:00"), None, 2, DeadlineKind::Recovery, "2026-02-02T20:00:00+08:00", "met", None),
        ("recovery 36h for level 3 across a month end, missed", "2026-01-30T20:00:00+08:00", None, Some("2026-02-01T09:30:00+08:00"), None, 3, DeadlineKind::Recovery, "2026-02-01T08:00:00+08:00", "missed", Some("1h30m")),
        ("recovery 36h for level 4 across a year end", "2026-12-31T22:00:00+08:00", None, Some("2027-01-02T09:00:00+08:00"), None, 4, DeadlineKind::Recovery, "2027-01-02T10:00:00+08:00", "met", None),
        ("report a month after recovery, clamped to February", "2026-01-30T20:00:00+08:00", None, Some("2026-01-31T10:00:00+08:00"), Some("2026-02-28"), 2, DeadlineKind::Report, "2026-02-28T10:00:00+08:00", "met", None),
        ("report on the next day is missed", "2026-01-30T20:00:00+08:00", None, Some("2026-01-31T10:00:00+08:00"), Some("2026-03-01"), 2, DeadlineKind::Report, "2026-02-28T10:00:00+08:00", "missed", Some("14h")),
        ("report in a leap year", "2028-01-30T20:00:00+08:00", None, Some("2028-01-31T10:00:00+08:00"), Some("2028-02-29T17:00:00+08:00"), 2, DeadlineKind::Report, "2028-02-29T10:00:00+08:00", "missed", Some("7h")),
        ("report counts from recovery in the discovery offset", "2026-08-12T09:20:00+08:00", None, Some("2026-08-12T07:10:00Z"), None, 2, DeadlineKind::Report, "2026-09-12T15:10:00+08:00", "overdue", Some("71d8h50m")),
        ("open notification", "2026-11-22T23:30:00+08:00", None, None, None, 2, DeadlineKind::Notify, "2026-11-23T00:30:00+08:00", "open", Some("30m")),
        ("overdue recovery", "2026-11-20T08:00:00+08:00", None, None, None, 3, DeadlineKind::Recovery, "2026-11-21T20:00:00+08:00", "overdue", Some("1d4h")),
    ];
    for &(case, disc, notified, recovered, report, level, kind, due, status, amount) in rows {
        let mut inc = incident(disc);
        inc.notified_at = notified.map(|t| Timestamp(ts(t)));
        inc.recovered_at = recovered.map(|t| Timestamp(ts(t)));
        inc.report_submitted_at = report.map(|s| {
            if s.len() == 10 {
                DateOrTime::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
            } else {
                DateOrTime::Time(ts(s))
            }
        });
        let ds = deadlines(&inc, &Policy::default(), level, as_of);
        let d = find(&ds, kind);
        assert_eq!(d.due, ts(due), "{case}: due");
        assert_eq!(
            d.due.offset(),
            inc.discovered_at.0.offset(),
            "{case}: offset"
        );
        assert_eq!(d.status.as_str(), status, "{case}: status");
        let want = amount.map(|a| Duration::parse(a).unwrap());
        assert_eq!(d.status.amount(), want, "{case}: amount");
    }
}

#[test]
fn overrides_and_internal_report() {
    let mut inc = incident("2026-08-12T09:20:00+08:00");
    inc.reported_internal_at = Some(Timestamp(ts("2026-08-12T09:40:00+08:00")));
    let as_of = ts("2026-08-12T12:00:00+08:00");
    let plain = deadlines(&inc, &Policy::default(), 1, as_of);
    assert_eq!(
        plain.iter().map(|d| d.kind).collect::<Vec<_>>(),
        [
            DeadlineKind::Notify,
            DeadlineKind::Recovery,
            DeadlineKind::Report
        ],
        "no internal deadline unless the policy sets one"
    );
    let policy = Policy {
        overrides: Overrides {
            internal_report_within: Some(Duration::from_minutes(15)),
            notify_within: Some(Duration::from_hours(2)),
            recovery_within_level_1_2: Some(Duration::from_hours(48)),
            recovery_within_level_3_4: None,
            report_within_months: Some(2),
        },
        ..Policy::default()
    };
    let ds = deadlines(&inc, &policy, 1, as_of);
    let internal = find(&ds, DeadlineKind::InternalReport);
    assert_eq!(internal.due, ts("2026-08-12T09:35:00+08:00"));
    assert_eq!(internal.status, Status::Missed { by: mins(5) });
    let notify = find(&ds, DeadlineKind::Notify);
    assert_eq!(notify.status, Status::Overdue { by: mins(40) });
    let rec = find(&ds, DeadlineKind::Recovery);
    assert_eq!(rec.due, ts("2026-08-14T09:20:00+08:00"));
    let report = find(&ds, DeadlineKind::Report);
    assert!(report.provisional, "counts from the recovery deadline");
    assert_eq!(report.due, ts("2026-10-14T09:20:00+08:00"));
    assert_eq!(report.within, Within::Months(2));
}

#[test]
fn stated_level_never_relaxes_deadlines() {
    let mut inc = incident("2026-08-12T09:20:00+08:00");
    inc.impact = impact(S::Minor, S::None, A::None);
    assert_eq!(classify_incident(&inc).level, 2);
    inc.level = Some(3);
    assert_eq!(level_in_force(&inc), 3);
    inc.level = Some(1);
    assert_eq!(level_in_force(&inc), 2);
}

#[test]
fn end_of_day_and_months() {
    let off = FixedOffset::east_opt(8 * 3600).unwrap();
    let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    assert_eq!(end_of_day(d, off), ts("2026-11-22T23:59:59+08:00"));
    assert_eq!(
        add_months(ts("2026-03-31T08:00:00+08:00"), 1),
        ts("2026-04-30T08:00:00+08:00")
    );
    assert_eq!(
        add_months(ts("2026-12-15T08:00:00-05:00"), 1),
        ts("2027-01-15T08:00:00-05:00")
    );
}
