//! Table tests of the classifier (every criterion line of the regulation) and
//! of the deadlines (midnight, month ends, offsets, overrides).

use super::*;

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
    let set = crate::ruleset::builtin()
        .iter()
        .find(|s| s.id == "tw-2026")
        .unwrap();
    for &(case, b, i, c, t, a, level, clause) in CASES {
        let got = classify(b, i, &impact(c, t, a));
        assert_eq!(got.level, level, "{case}");
        assert_eq!(got.criterion.map(|c| c.clause), clause, "{case}");
        if let Some(cr) = got.criterion {
            assert_eq!(cr.level, level, "{case}");
            assert!(!cr.text(set, "zh-TW").is_empty(), "{case}: criterion text");
        }
    }
}

#[test]
fn criterion_text_comes_from_the_rule_set() {
    let set = crate::ruleset::builtin()
        .iter()
        .find(|s| s.id == "tw-2021")
        .unwrap();
    let c = classify(B::Core, I::Sensitive, &impact(S::Minor, S::None, A::None));
    let text = c.criterion.unwrap().text(set, "zh-TW");
    assert!(
        text.contains("敏感資訊或涉及關鍵基礎設施維運之核心業務資訊遭輕微洩漏"),
        "{text}"
    );
    assert!(
        c.criterion
            .unwrap()
            .text(set, "en")
            .contains("sensitive information")
    );
}

#[test]
fn stated_level_never_relaxes_deadlines() {
    let mut inc = crate::ruleset::tests::incident("2026-08-12T09:20:00+08:00");
    inc.impact = impact(S::Minor, S::None, A::None);
    assert_eq!(classify_incident(&inc).level, 2);
    inc.level = Some(3);
    assert_eq!(level_in_force(&inc), 3);
    inc.level = Some(1);
    assert_eq!(level_in_force(&inc), 2);
}
