//! `bcpgen check`: one fixture per rule (it fires, alone), a clean fixture that
//! stays clean, the JSON shape, the text report, exit codes, and `build`
//! refusing data with errors.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Every rule: id (= fixture directory), severity, file and field it points at.
const RULES: &[(&str, &str, &str, &str)] = &[
    (
        "rto-exceeds-mtpd",
        "error",
        "processes.yaml",
        "processes[0].rto",
    ),
    (
        "rpo-below-backup-interval",
        "error",
        "processes.yaml",
        "processes[0].rpo",
    ),
    (
        "rpo-unbacked",
        "warning",
        "processes.yaml",
        "processes[1].systems[0]",
    ),
    (
        "critical-process-no-deputy",
        "warning",
        "processes.yaml",
        "processes[0]",
    ),
    (
        "critical-process-no-workaround",
        "warning",
        "processes.yaml",
        "processes[0]",
    ),
    (
        "critical-process-no-strategy",
        "warning",
        "processes.yaml",
        "processes[0]",
    ),
    (
        "core-process-no-core-system",
        "warning",
        "processes.yaml",
        "processes[0].systems",
    ),
    (
        "core-system-not-drilled",
        "warning",
        "systems.yaml",
        "systems[0].protection_level",
    ),
    (
        "core-system-restore-untested",
        "warning",
        "systems.yaml",
        "systems[0].backup.last_restore_test",
    ),
    (
        "plan-review-overdue",
        "warning",
        "organization.yaml",
        "document_set.revisions[0].date",
    ),
    (
        "contact-stale",
        "warning",
        "people.yaml",
        "people[0].verified",
    ),
    ("role-no-primary", "warning", "roles.yaml", "roles[2]"),
    ("role-no-alternate", "warning", "roles.yaml", "roles[2]"),
    (
        "call-tree-single-point",
        "warning",
        "roles.yaml",
        "roles[0].primary",
    ),
    (
        "role-unreachable",
        "warning",
        "roles.yaml",
        "roles[2].primary",
    ),
    (
        "hazard-no-prevention",
        "warning",
        "hazards.yaml",
        "hazards[0].prevention",
    ),
    (
        "hazard-no-mitigation",
        "warning",
        "hazards.yaml",
        "hazards[1]",
    ),
    ("no-dr-site", "warning", "sites.yaml", "sites"),
    ("no-command-center", "warning", "sites.yaml", "sites"),
    (
        "incident-level-mismatch",
        "warning",
        "incidents/2026-001.yaml",
        "incident.level",
    ),
    (
        "incident-deadline-missed",
        "warning",
        "incidents/2026-001.yaml",
        "incident.notified_at",
    ),
    (
        "drill-rto-missed",
        "warning",
        "drills/2026-DR-01.yaml",
        "drill.results[0].recovered_in",
    ),
    (
        "improvement-overdue",
        "warning",
        "drills/2026-DR-01.yaml",
        "drill.improvements[1].due",
    ),
    (
        "rto-equals-mtpd",
        "warning",
        "processes.yaml",
        "processes[0].rto",
    ),
    (
        "core-system-backup-not-offsite",
        "warning",
        "systems.yaml",
        "systems[0].backup.offsite",
    ),
    (
        "role-reports-to-cycle",
        "warning",
        "roles.yaml",
        "roles[0].reports_to",
    ),
    (
        "incident-business-no-core-system",
        "warning",
        "incidents/2026-001.yaml",
        "incident.business",
    ),
    (
        "incident-after-as-of",
        "warning",
        "incidents/2026-001.yaml",
        "incident.discovered_at",
    ),
    (
        "drill-step-outside-window",
        "warning",
        "drills/2026-DR-01.yaml",
        "drill.steps[1].at",
    ),
];

fn check(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", dir.to_str().unwrap(), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    run(&args)
}

fn check_json(dir: &Path) -> (i32, Value) {
    let r = check(dir, &["--format", "json"]);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {}", dir.display(), r.stdout));
    (r.code, v)
}

fn rules_of(v: &Value) -> BTreeSet<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or("(load)").to_string())
        .collect()
}

#[test]
fn clean_fixture_stays_clean() {
    let dir = fixture("check/clean");
    let (code, v) = check_json(&dir);
    assert_eq!(code, 0);
    assert_eq!(v["errors"], 0, "{v:#}");
    assert_eq!(v["warnings"], 0, "{v:#}");
    let r = check(&dir, &["--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("no problems found"), "{}", r.stderr);
}

#[test]
fn every_rule_fires_alone_on_its_fixture() {
    for (rule, severity, file, field) in RULES {
        let dir = fixture(&format!("check/{rule}"));
        let (code, v) = check_json(&dir);
        let diags = v["diagnostics"].as_array().unwrap();
        assert!(!diags.is_empty(), "{rule}: nothing fired");
        assert_eq!(
            rules_of(&v),
            BTreeSet::from([rule.to_string()]),
            "{rule}: {v:#}"
        );
        let d = &diags[0];
        assert_eq!(d["severity"], *severity, "{rule}");
        let f = d["file"].as_str().unwrap();
        assert!(
            f.replace('\\', "/")
                .ends_with(&format!("check/{rule}/{file}")),
            "{rule}: {f}"
        );
        assert_eq!(d["field"], *field, "{rule}: {d:#}");
        assert!(d["line"].as_u64().unwrap() > 0, "{rule}");
        assert!(d["column"].as_u64().unwrap() > 0, "{rule}");
        assert!(!d["message"].as_str().unwrap().is_empty(), "{rule}");
        assert!(
            !d["hint"].as_str().unwrap_or("").is_empty(),
            "{rule}: no hint"
        );
        // Exit 1 on errors, or on warnings with --deny-warnings.
        let want = if *severity == "error" { 1 } else { 0 };
        assert_eq!(code, want, "{rule}");
        assert_eq!(check(&dir, &["--deny-warnings"]).code, 1, "{rule}");
    }
}

#[test]
fn every_fixture_is_a_rule_and_every_rule_is_in_the_readme() {
    let dirs: BTreeSet<String> = std::fs::read_dir(fixture("check"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "clean")
        .collect();
    let rules: BTreeSet<String> = RULES.iter().map(|r| r.0.to_string()).collect();
    assert_eq!(dirs, rules);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## Check rules")
        .nth(1)
        .expect("README has a Check rules section");
    let section = section.split("\n## ").next().unwrap();
    for (rule, severity, ..) in RULES {
        assert!(
            section.contains(&format!("| `{rule}` | {severity} |")),
            "README: {rule} ({severity})"
        );
    }
}

#[test]
fn json_output_has_a_stable_shape() {
    let (_, v) = check_json(&fixture("check/rto-exceeds-mtpd"));
    let top: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, BTreeSet::from(["errors", "warnings", "diagnostics"]));
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 0);
    let d = &v["diagnostics"][0];
    let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "severity", "rule", "message", "file", "line", "column", "field", "hint"
        ])
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["rule"], "rto-exceeds-mtpd");
    assert_eq!(d["line"], 12);
    assert_eq!(d["column"], 10);
    assert!(d["message"].as_str().unwrap().contains("RTO 4d"), "{d:#}");
    assert!(d["message"].as_str().unwrap().contains("MTPD 3d"), "{d:#}");
}

#[test]
fn text_output_is_grouped_by_file_with_excerpts() {
    let r = check(
        &fixture("check/rpo-below-backup-interval"),
        &["--lang", "en"],
    );
    assert_eq!(r.code, 1);
    let t = &r.stderr;
    assert!(t.contains("── ") && t.contains("processes.yaml"), "{t}");
    assert!(
        t.contains("processes.yaml:13:10: error[rpo-below-backup-interval]: processes[0].rpo:"),
        "{t}"
    );
    // The source line, the label and the hint.
    assert!(t.contains("13 │     rpo: 4h"), "{t}");
    assert!(t.contains("hint: back up S01 at least every 4h"), "{t}");
    assert!(t.contains("1 error(s), 0 warning(s)"), "{t}");
    assert!(!t.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn dates_are_judged_against_as_of() {
    // Verified 2025-03-01: stale on 2026-11-22, fresh a year earlier.
    let dir = fixture("check/contact-stale");
    let r = run(&[
        "check",
        dir.to_str().unwrap(),
        "--as-of",
        "2025-11-22",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(!rules_of(&v).contains("contact-stale"), "{v:#}");
}

#[test]
fn example_data_has_no_errors_and_only_real_warnings() {
    let (code, v) = check_json(&root().join("data"));
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["errors"], 0, "{v:#}");
    // The example records a missed notification deadline (2026-002), a drill
    // that missed the website's RTO (2026-DR-02) and an overdue improvement.
    assert_eq!(
        rules_of(&v),
        BTreeSet::from([
            "incident-deadline-missed".to_string(),
            "drill-rto-missed".to_string(),
            "improvement-overdue".to_string(),
        ]),
        "{v:#}"
    );
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn build_refuses_data_with_errors_and_leaves_the_output_untouched() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("bcp.md"), "previous build\n").unwrap();
    let before = snapshot(out.path());
    let data = fixture("check/rto-exceeds-mtpd");
    let r = run(&[
        "build",
        data.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("rto-exceeds-mtpd"), "{}", r.stderr);
    assert_eq!(snapshot(out.path()), before);
}

#[test]
fn build_prints_warnings_and_goes_on() {
    let (out, r) = build(
        &fixture("check/core-system-not-drilled"),
        &["--format", "md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("core-system-not-drilled"), "{}", r.stderr);
    assert!(out.path().join("bcp.md").is_file());
}

#[test]
fn a_deadline_past_and_not_done_is_reported_too() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("check/clean"), tmp.path());
    let f = tmp.path().join("incidents/2026-001.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.contains("notified_at:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&f, text).unwrap();
    let r = check(tmp.path(), &["--format", "json", "--lang", "en"]);
    let (code, v): (i32, Value) = (r.code, serde_json::from_str(&r.stdout).unwrap());
    assert_eq!(code, 0);
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "incident-deadline-missed", "{v:#}");
    assert_eq!(d["field"], "incident.discovered_at", "{v:#}");
    assert!(d["message"].as_str().unwrap().contains("not done"), "{v:#}");
    assert!(d["hint"].as_str().unwrap().contains("notified_at"), "{v:#}");
}

#[test]
fn messages_follow_the_organization_locale_and_lang_overrides() {
    let dir = fixture("check/rpo-below-backup-interval");
    // A zh-TW organization: Chinese message and hint.
    let r = check(&dir, &[]);
    assert!(
        r.stderr.contains("流程 P01 的 RPO 4h 短於系統 S01"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: 將 S01 的備份頻率"), "{}", r.stderr);
    // --lang en: English; the rule id and position do not change.
    let r = check(&dir, &["--lang", "en"]);
    assert!(
        r.stderr
            .contains("RPO 4h of process P01 is shorter than the backup interval"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("error[rpo-below-backup-interval]"));
    // --lang works on build too, and an English organization gets English.
    let r = run(&[
        "build",
        dir.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--out",
        "/nonexistent/never-written",
        "--lang",
        "en",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("of process P01 is shorter"),
        "{}",
        r.stderr
    );
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("english"), tmp.path());
    let sites = std::fs::read_to_string(tmp.path().join("sites.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("sites.yaml"),
        sites.replace("kind: dr", "kind: storage"),
    )
    .unwrap();
    let (_, v) = check_json(tmp.path());
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty(), "{v:#}");
    for d in diags {
        let m = d["message"].as_str().unwrap();
        assert!(m.is_ascii(), "English organization, English message: {m}");
    }
    assert!(v.to_string().contains("no disaster recovery site"), "{v:#}");
    assert_eq!(check(&dir, &["--lang", "fr"]).code, 2);
}
