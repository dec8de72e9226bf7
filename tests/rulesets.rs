//! Incident rule sets: NIS2 and DORA sets built in md, html and pdf, the
//! Taiwanese versions by date, user-defined sets with located errors,
//! overrides that relax a statutory deadline, `show incident --format json`.

mod common;

use common::*;
use std::path::Path;

/// `base` with `policy.incident_rules: rules`, `organization.timezone: tz`
/// and the files of the overlay fixture `overlay` on top.
fn variant(base: &str, rules: &str, tz: Option<&str>, overlay: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(base), dir.path());
    if let Some(o) = overlay {
        copy_tree(&fixture(o), dir.path());
    }
    let org = dir.path().join("organization.yaml");
    let mut text = std::fs::read_to_string(&org).unwrap();
    text = text.replace(
        "incident_rules: tw-national",
        &format!("incident_rules: {rules}"),
    );
    if let Some(tz) = tz {
        text = text.replacen(
            "  locale: en\n",
            &format!("  locale: en\n  timezone: {tz}\n"),
            1,
        );
    }
    std::fs::write(&org, text).unwrap();
    dir
}

/// `check --format json` on `data`.
fn check_json(data: &Path) -> serde_json::Value {
    let r = run(&[
        "check",
        data.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn show_json(data: &Path, id: &str) -> serde_json::Value {
    let r = run(&[
        "show",
        "incident",
        id,
        "--data",
        data.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn nis2_set_prints_its_own_stages_in_every_format() {
    let data = variant("english", "nis2", Some("Europe/Dublin"), Some("nis2"));
    let (out, r) = build(data.path(), &["--format", "md,html,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let proc_md = read(out.path(), "incident-procedure.md");
    let form_md = read(out.path(), "form-incident-report.md");
    for (doc, md) in [
        ("incident-procedure", &proc_md),
        ("form-incident-report", &form_md),
    ] {
        for needle in [
            "| Early warning",
            "Within 24 hours of becoming aware |",
            "| Incident notification",
            "Within 72 hours of becoming aware |",
            "| Intermediate report",
            "When the authority asks for it |",
            "| Final report",
            "Within 1 month of the incident notification |",
        ] {
            assert!(md.contains(needle), "{doc}.md lacks `{needle}`:\n{md}");
        }
        assert!(!md.contains("Level 4"), "{doc}: no Taiwanese levels");
        assert!(!md.contains("36 hours"), "{doc}: no Taiwanese deadlines");
        let html = html_text(&read(out.path(), &format!("{doc}.html")));
        assert!(
            html.contains("Early warning") && html.contains("Within 72 hours"),
            "{doc}.html"
        );
        let pdf = squash(&pdf_text(&out.path().join(format!("{doc}.pdf"))));
        for needle in [
            "Early warning",
            "Within 24 hours",
            "Incident notification",
            "Within 72 hours",
            "Final report",
        ] {
            assert!(pdf.contains(needle), "{doc}.pdf lacks `{needle}`:\n{pdf}");
        }
    }
    assert!(proc_md.contains(
        "NIS2 Directive (Directive (EU) 2022/2555) (Directive (EU) 2022/2555, Article 23)"
    ));
    assert!(
        form_md.contains("| Classified as significant incident |"),
        "{form_md}"
    );
    assert!(form_md.contains("☐ Significant incident"));

    // The filled form: times in Dublin time across the autumn clock change.
    let inc = read(out.path(), "incident-2026-010.md");
    for needle in [
        "| Early warning | Within 24 hours of becoming aware | 2026-10-25 21:30 | 2026-10-25 20:00 | ☑ Met |",
        "| Incident notification | Within 72 hours of becoming aware | 2026-10-27 21:30 | 2026-10-28 09:00 | ⚠ Missed (late by 11 hours 30 minutes) |",
        "| Intermediate report | When the authority asks for it | — | — | — On request |",
        "| Final report | Within 1 month of the incident notification | 2026-11-28 09:00 | — | ☐ Open",
        "classified this incident as **significant incident** on 2026-10-25 01:15",
        "| ☑ Significant incident |",
    ] {
        assert!(
            inc.contains(needle),
            "incident-2026-010.md lacks `{needle}`:\n{inc}"
        );
    }
    // Only the set's own stages: no Taiwanese investigation report row.
    assert!(
        !inc.contains("Investigation, handling and improvement report"),
        "{inc}"
    );
    let pdf = squash(&pdf_text(&out.path().join("incident-2026-010.pdf")));
    assert!(pdf.contains("Missed (late by 11"), "{pdf}");

    let v = show_json(data.path(), "2026-010");
    assert_eq!(v["rule_set"]["id"], "nis2");
    assert_eq!(v["timezone"], "Europe/Dublin");
    let reports = v["reports"].as_array().unwrap();
    let ids: Vec<&str> = reports.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "internal",
            "early-warning",
            "notification",
            "intermediate",
            "final-report"
        ]
    );
    for r in reports {
        for k in ["name", "status", "limits"] {
            assert!(!r[k].is_null(), "{k} in {r}");
        }
        assert!(r.get("due").is_some() && r.get("done_at").is_some(), "{r}");
    }
    assert_eq!(reports[2]["status"], "missed");
    assert_eq!(reports[2]["due"], "2026-10-27T21:30:00+00:00");
    assert_eq!(reports[3]["status"], "on-request");
}

#[test]
fn dora_initial_notification_is_judged_against_both_limits() {
    let data = variant("english", "dora", Some("Europe/Paris"), Some("dora"));
    let (out, r) = build(data.path(), &["--format", "md,html,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let form = read(out.path(), "form-incident-report.md");
    for needle in [
        "| Initial notification | Within 4 hours of classification as reportable<br>Within 24 hours of becoming aware (whichever comes first) |",
        "| Intermediate report | Within 72 hours of the initial notification |",
        "| Final report | Within 1 month of the intermediate report |",
        "| Classified as major ict-related incident |",
    ] {
        assert!(
            form.contains(needle),
            "form-incident-report.md lacks `{needle}`:\n{form}"
        );
    }
    let proc_md = read(out.path(), "incident-procedure.md");
    assert!(
        proc_md.contains("Digital Operational Resilience Act"),
        "{proc_md}"
    );
    assert!(!proc_md.contains("Level 1"));
    let inc = read(out.path(), "incident-2026-020.md");
    for needle in [
        "| 2026-05-05 10:00 | 2026-05-05 11:00 | ⚠ Missed (late by 1 hour)<br>Within 4 hours of classification as reportable: ☑ Met<br>Within 24 hours of becoming aware: ⚠ Missed (late by 1 hour) |",
        "| Intermediate report | Within 72 hours of the initial notification | 2026-05-08 11:00 |",
    ] {
        assert!(
            inc.contains(needle),
            "incident-2026-020.md lacks `{needle}`:\n{inc}"
        );
    }
    let pdf = squash(&pdf_text(&out.path().join("incident-2026-020.pdf")));
    assert!(
        pdf.contains("Within 4 hours of") && pdf.contains("Missed (late by 1 hour)"),
        "{pdf}"
    );
    let v = show_json(data.path(), "2026-020");
    let initial = &v["reports"][1];
    assert_eq!(initial["id"], "initial");
    assert_eq!(initial["limits"][0]["from"], "classification");
    assert_eq!(initial["limits"][0]["status"], "met");
    assert_eq!(initial["limits"][1]["from"], "awareness");
    assert_eq!(initial["limits"][1]["status"], "missed");
    assert_eq!(initial["limits"][1]["amount"], "1h");
    assert_eq!(initial["status"], "missed");
    // `check` reports the missed 24-hour limit, not the met 4-hour one.
    let v = check_json(data.path());
    let missed: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "incident-deadline-missed")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        missed
            .iter()
            .any(|m| m.contains("Initial notification deadline (24h after becoming aware")),
        "{missed:?}"
    );
    assert!(
        !missed.iter().any(|m| m.contains("4h after classification")),
        "{missed:?}"
    );
}

#[test]
fn taiwanese_incidents_cite_the_version_in_force() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&root().join("data"), data.path());
    let old = std::fs::read_to_string(data.path().join("incidents/2026-001.yaml"))
        .unwrap()
        .replace("2026-001", "2025-009")
        .replace("2026-08-12", "2025-12-20")
        .replace("2026-08-13", "2025-12-21")
        .replace("2026-09-04", "2026-01-10");
    std::fs::write(data.path().join("incidents/2025-009.yaml"), old).unwrap();
    let (out, r) = build(
        data.path(),
        &[
            "--format",
            "md",
            "--only",
            "incident-2025-009,incident-2026-001,incident-procedure",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = read(out.path(), "incident-2025-009.md");
    let after = read(out.path(), "incident-2026-001.md");
    assert!(
        before.contains("判定依據：資通安全事件通報及應變辦法所定"),
        "{before}"
    );
    assert!(
        after.contains("判定依據：資通安全事件通報應變及演練辦法所定"),
        "{after}"
    );
    let procedure = read(out.path(), "incident-procedure.md");
    assert!(procedure.contains("依「資通安全事件通報應變及演練辦法」之規定"));
    assert!(!procedure.contains("「資通安全事件通報及應變辦法」"));
    let v = show_json(data.path(), "2025-009");
    assert_eq!(v["rule_set"]["id"], "tw-2021");
}

#[test]
fn a_user_defined_rule_set_is_used_and_validated() {
    let data = variant("english", "agency", None, Some("user-rules"));
    std::fs::remove_file(data.path().join("bad.yaml")).unwrap();
    std::fs::create_dir_all(data.path().join("incidents")).unwrap();
    std::fs::write(
        data.path().join("incidents/2026-030.yaml"),
        "incident:\n  id: 2026-030\n  title: Lost laptop\n  category: internal\n  discovered_at: 2026-11-02T09:00:00-05:00\n  classification: reportable\n  classified_at: 2026-11-02T09:30:00-05:00\n  notified_at: 2026-11-02T10:30:00-05:00\n",
    )
    .unwrap();
    let (out, r) = build(data.path(), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let form = read(out.path(), "form-incident-report.md");
    assert!(
        form.contains("| First notice | Within 2 hours of becoming aware |"),
        "{form}"
    );
    assert!(
        form.contains("| Closing report | Within 10 days of the first notice |"),
        "{form}"
    );
    let inc = read(out.path(), "incident-2026-030.md");
    assert!(
        inc.contains("Harlow County incident reporting directive"),
        "{inc}"
    );
    let v = show_json(data.path(), "2026-030");
    assert_eq!(v["rule_set"]["id"], "agency");
    assert_eq!(v["reports"][0]["status"], "met");
    // `rules/agency.yaml` names the same set.
    let org = data.path().join("organization.yaml");
    let t = std::fs::read_to_string(&org).unwrap().replace(
        "incident_rules: agency",
        "incident_rules: rules/agency.yaml",
    );
    std::fs::write(&org, t).unwrap();
    assert_eq!(
        show_json(data.path(), "2026-030")["rule_set"]["id"],
        "agency"
    );

    // A broken set: every error located, all at once.
    std::fs::copy(
        fixture("user-rules/bad.yaml"),
        data.path().join("rules/bad.yaml"),
    )
    .unwrap();
    let r = run(&[
        "check",
        data.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errs: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["field"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let has = |field: &str, msg: &str| {
        errs.iter()
            .any(|(f, m, l)| f == field && m.contains(msg) && *l > 0)
    };
    assert!(
        has(
            "rule_set.classes",
            "at least one class with `reportable: true`"
        ),
        "{errs:?}"
    );
    assert!(
        has("rule_set.reports[0].limits[0]", "either `within`"),
        "{errs:?}"
    );
    assert!(
        has(
            "rule_set.reports[0].limits[0].from",
            "`report:later` names no earlier report"
        ),
        "{errs:?}"
    );
    assert!(
        has(
            "rule_set.reports[1].recorded_by",
            "`closed_at` is not an incident key"
        ),
        "{errs:?}"
    );
    assert!(
        has(
            "rule_set.reports[1].limits[0].levels",
            "computed rule sets only"
        ),
        "{errs:?}"
    );
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] != "error" || d["file"].as_str().unwrap().ends_with("bad.yaml"))
    );
}

#[test]
fn overrides_and_names_are_checked() {
    // A relaxing override is a warning naming the regulation; a tightening one is not.
    let data = variant("english", "tw-national", None, None);
    let org = data.path().join("organization.yaml");
    let t = std::fs::read_to_string(&org)
        .unwrap()
        .replace("    internal_report_within: 15m\n", "    internal_report_within: 15m\n    notify_within: 2h\n    recovery_within_level_3_4: 24h\n");
    std::fs::write(&org, &t).unwrap();
    let v = check_json(data.path());
    let relax: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "override-relaxes-deadline")
        .collect();
    assert_eq!(relax.len(), 1, "{relax:?}");
    assert_eq!(relax[0]["severity"], "warning");
    assert_eq!(relax[0]["field"], "policy.overrides.notify_within");
    let m = relax[0]["message"].as_str().unwrap();
    assert!(m.contains("2h") && m.contains("1h"), "{m}");
    assert!(
        m.contains("Regulations on Cyber Security Incident Notification"),
        "{m}"
    );
    // An unknown rule set name is an error with a hint.
    std::fs::write(
        &org,
        t.replace("incident_rules: tw-national", "incident_rules: nis-2"),
    )
    .unwrap();
    let r = run(&["check", data.path().to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("unknown incident rule set `nis-2`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nis2"), "{}", r.stderr);
}

#[test]
fn incidents_are_checked_against_their_rule_set() {
    let data = variant("english", "nis2", Some("Europe/Dublin"), Some("nis2"));
    std::fs::write(
        data.path().join("incidents/2026-011.yaml"),
        "incident:\n  id: 2026-011\n  title: Phishing\n  category: intrusion\n  discovered_at: 2026-11-02T09:00:00Z\n  classification: signficant\n  reports: { early-warnig: 2026-11-02T10:00:00Z }\n",
    )
    .unwrap();
    std::fs::write(
        data.path().join("incidents/2026-012.yaml"),
        "incident:\n  id: 2026-012\n  title: Outage\n  category: internal\n  discovered_at: 2026-11-03T09:00:00Z\n",
    )
    .unwrap();
    let r = run(&["check", data.path().to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("has no class `signficant`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `significant`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("has no report `early-warnig`"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("missing required key `business`"),
        "NIS2 does not need the level inputs"
    );
    // Under a computed set the level inputs are required.
    let data = variant("english", "tw-2026", None, None);
    std::fs::create_dir_all(data.path().join("incidents")).unwrap();
    std::fs::write(
        data.path().join("incidents/2026-012.yaml"),
        "incident:\n  id: 2026-012\n  title: Outage\n  category: internal\n  discovered_at: 2026-11-03T09:00:00Z\n",
    )
    .unwrap();
    let r = run(&["check", data.path().to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("missing required key `business`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("computes the level"), "{}", r.stderr);
}
