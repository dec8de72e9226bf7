//! Incidents and drills: `show`, `new`, the filled documents and bad records.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A copy of the example data in a temporary directory.
fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("data"), dir.path());
    dir
}

fn json(r: &Run) -> serde_json::Value {
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn data() -> String {
    root().join("data").display().to_string()
}

#[test]
fn show_incident_prints_level_criterion_and_deadlines() {
    let v = json(&run(&[
        "show",
        "incident",
        "2026-002",
        "--data",
        &data(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]));
    assert_eq!(v["level"]["computed"], 3);
    assert_eq!(v["level"]["criterion"]["clause"], "leak");
    assert!(
        v["level"]["criterion"]["text"]
            .as_str()
            .unwrap()
            .contains("敏感資訊")
    );
    assert_eq!(v["level"]["mismatch"], false);
    assert_eq!(v["rule_set"]["id"], "tw-2026");
    assert_eq!(v["rule_set"]["name"], "資通安全事件通報應變及演練辦法");
    let ds = v["reports"].as_array().unwrap();
    let kinds: Vec<&str> = ds.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "internal",
            "notification",
            "recovery",
            "investigation-report"
        ]
    );
    for d in ds {
        for k in ["name", "due", "done_at", "status"] {
            assert!(!d[k].is_null(), "{k} of {d}");
        }
    }
    let notify = &ds[1];
    assert_eq!(notify["status"], "missed");
    assert_eq!(notify["amount"], "30m");
    assert_eq!(notify["due"], "2026-10-14T11:10:00+08:00");
    assert_eq!(ds[2]["limits"][0]["within"], "36h", "level 3: 36 h");
    assert!(
        ds.iter()
            .filter(|d| d["id"] != "notification")
            .all(|d| d["status"] == "met")
    );

    let v = json(&run(&[
        "show",
        "incident",
        "2026-001",
        "--data",
        &data(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]));
    assert_eq!(v["level"]["computed"], 2);
    assert!(
        v["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "met")
    );
    assert_eq!(
        v["reports"][2]["limits"][0]["within"], "72h",
        "level 2: 72 h"
    );

    let t = run(&[
        "show",
        "incident",
        "2026-002",
        "--data",
        &data(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(t.code, 0, "{}", t.stderr);
    assert!(t.stdout.contains("MISSED by 30m"), "{}", t.stdout);
    assert!(t.stdout.contains("level: 3"), "{}", t.stdout);
}

#[test]
fn show_drill_prints_rto_results_and_overdue_improvements() {
    let v = json(&run(&[
        "show",
        "drill",
        "2026-DR-02",
        "--data",
        &data(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]));
    let res = v["results"].as_array().unwrap();
    assert_eq!(res[0]["status"], "met");
    assert_eq!(res[1]["process"], "P04");
    assert_eq!(res[1]["status"], "missed");
    assert_eq!(res[1]["amount"], "1h15m");
    let overdue = v["overdue_improvements"].as_array().unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["due"], "2026-10-15");
    assert_eq!(overdue[0]["days_overdue"], 38);
    assert_eq!(v["contact_rate"], 100);

    let v = json(&run(&[
        "show",
        "drill",
        "2026-DR-01",
        "--data",
        &data(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]));
    assert!(
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "met")
    );
    assert_eq!(v["overdue_improvements"].as_array().unwrap().len(), 0);
}

#[test]
fn show_unknown_id_and_bad_usage() {
    let r = run(&["show", "incident", "2099-001", "--data", &data()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("2026-001, 2026-002"), "{}", r.stderr);
    let r = run(&["show", "drill", "nope", "--data", &data()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("2026-DR-01"), "{}", r.stderr);
    let r = run(&[
        "show",
        "incident",
        "2026-001",
        "--data",
        &data(),
        "--as-of",
        "22/11/2026",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = run(&[
        "show",
        "incident",
        "2026-001",
        "--data",
        "/nonexistent/bcpgen",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
}

#[test]
fn new_incident_and_drill_write_loadable_records_without_overwriting() {
    let dir = data_copy();
    let d = dir.path().to_str().unwrap();
    let mut paths: Vec<PathBuf> = Vec::new();
    for kind in ["incident", "drill", "incident"] {
        let r = run(&["new", kind, "--data", d]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let p = PathBuf::from(r.stdout.trim());
        assert!(p.is_file(), "{}", p.display());
        assert!(!paths.contains(&p), "a second `new` chose the same file");
        paths.push(p);
    }
    let inc = std::fs::read_to_string(&paths[0]).unwrap();
    for key in [
        "discovered_at:",
        "business:",
        "impact:",
        "recovered_at:",
        "report_submitted_at:",
        "improvements:",
        "reports: {}",
        "classification:",
        "classified_at:",
        "source:",
        "handling_started_at:",
        "notification_ref:",
        "operations_impact:",
        "investigation:",
        "closed_at:",
    ] {
        assert!(inc.contains(key), "{key} missing:\n{inc}");
    }
    // The report ids of the rule sets are listed next to `reports:`.
    assert!(inc.contains("nis2: internal, early-warning"), "{inc}");
    let drill = std::fs::read_to_string(&paths[1]).unwrap();
    for key in ["kind: exercise", "phases:", "data_loss"] {
        assert!(drill.contains(key), "{key} missing:\n{drill}");
    }
    // discovered_at is now, with an offset.
    let line = inc
        .lines()
        .find(|l| l.trim_start().starts_with("discovered_at:"))
        .unwrap();
    let value = line.split_whitespace().nth(1).unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(value).is_ok(),
        "{line}"
    );
    // The next free id of the year.
    let year = chrono::Local::now().format("%Y").to_string();
    let id = paths[0].file_stem().unwrap().to_str().unwrap().to_string();
    assert!(id.starts_with(&format!("{year}-")), "{id}");
    assert!(
        paths[1]
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(&format!("{year}-DR-"))
    );
    // The new files load and check without errors, and show works on them.
    let r = run(&["check", d, "--as-of", AS_OF]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["show", "incident", &id, "--data", d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The example files are untouched.
    for f in ["incidents/2026-001.yaml", "drills/2026-DR-02.yaml"] {
        assert_eq!(read(dir.path(), f), read(&root().join("data"), f));
    }
    let r = run(&["new", "drill", "--data", "/nonexistent/bcpgen"]);
    assert_eq!(r.code, 3);
}

#[test]
fn filled_incident_and_drill_show_the_values_of_their_files() {
    let (out, r) = build(
        &root().join("data"),
        &[
            "--format",
            "md,html,pdf",
            "--only",
            "incident-2026-002,drill-2026-DR-02",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "incident-2026-002.md");
    for want in [
        "社會福利補助名冊誤置於全球資訊網公開頁面",
        "楊佩雯",
        "依認定基準判定：第三級",
        "第三級第一款（洩漏）",
        "| ☑ | ☑ | 第三級 |",
        "逾時完成（逾時30分鐘）",
        "115/10/14 11:10",
        "知悉後36小時內",
        "約230筆補助對象個人資料",
        "社會福利補助管理系統（S03）",
    ] {
        assert!(md.contains(want), "incident: {want} missing:\n{md}");
    }
    let md = read(out.path(), "drill-2026-DR-02.md");
    for want in [
        "社福補助系統及全球資訊網異地備援切換完整演練",
        "☑ 完全測試（完整演練）",
        "雲溪鎮立圖書館二樓備援機房",
        "全球資訊網公告與線上申辦（P04） | 8小時 | 9小時15分鐘 | ⚠ 未達成（超過1小時15分鐘）",
        "應聯絡14人，於20分鐘內聯絡成功14人（100%）",
        "⚠ 已逾期38日",
        "張正宇",
        "黃美華",
    ] {
        assert!(md.contains(want), "drill: {want} missing:\n{md}");
    }
    let pdf = pdf_text(&out.path().join("drill-2026-DR-02.pdf"));
    assert!(pdf.contains("已逾期38日"), "{pdf}");
    let html = html_text(&read(out.path(), "incident-2026-002.html"));
    assert!(html.contains("逾時30分鐘"), "{html}");
}

#[test]
fn a_stated_level_that_differs_is_shown_with_a_warning() {
    let dir = data_copy();
    let f = dir.path().join("incidents/2026-001.yaml");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("  level: 2\n", "  level: 1\n");
    std::fs::write(&f, text).unwrap();
    let (out, r) = build(
        dir.path(),
        &["--format", "md", "--only", "incident-2026-001"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "incident-2026-001.md");
    assert!(
        md.contains("通報等級：第一級；依認定基準判定：第二級（不一致，請承辦人確認；處理時限暫依第二級計算）"),
        "{md}"
    );
    let v = json(&run(&[
        "show",
        "incident",
        "2026-001",
        "--data",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(v["level"]["mismatch"], true);
    assert_eq!(v["level"]["in_force"], 2);
}

pub fn pdf_text(p: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(p)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "")
}

/// Each bad record: (file, list dir, what the error names).
const BAD: &[(&str, &str, &[&str])] = &[
    (
        "incident-no-offset.yaml",
        "incidents",
        &["incident.discovered_at", "no UTC offset", ":5:"],
    ),
    (
        "incident-not-slug.yaml",
        "incidents",
        &["incident.id", "is not a slug", ":2:"],
    ),
    (
        "incident-unknown-system.yaml",
        "incidents",
        &[
            "incident.affected_systems[0]",
            "unknown system `S99`",
            ":9:",
        ],
    ),
    (
        "incident-recovered-before-discovered.yaml",
        "incidents",
        &["incident.recovered_at", "before `discovered_at`", ":9:"],
    ),
    (
        "incident-report-before-recovery.yaml",
        "incidents",
        &[
            "incident.report_submitted_at",
            "before `recovered_at`",
            ":10:",
        ],
    ),
    (
        "drill-end-before-start.yaml",
        "drills",
        &["drill.end", "is before `start`", ":7:"],
    ),
    (
        "drill-bad-duration.yaml",
        "drills",
        &[
            "drill.results[0].recovered_in",
            "invalid duration `5 hours`",
            ":10:",
        ],
    ),
    (
        "drill-unknown-process.yaml",
        "drills",
        &["drill.results[0].process", "unknown process `P99`", ":10:"],
    ),
    (
        "drill-unknown-person.yaml",
        "drills",
        &["drill.reviewed_by", "unknown person `nobody-x`", ":11:"],
    ),
];

#[test]
fn bad_records_are_clear_errors_and_nothing_is_written() {
    for (file, sub, wants) in BAD {
        let dir = data_copy();
        std::fs::copy(
            fixture("records/bad").join(file),
            dir.path().join(sub).join(file),
        )
        .unwrap();
        let r = run(&["check", dir.path().to_str().unwrap(), "--as-of", AS_OF]);
        assert_eq!(r.code, 1, "{file}: {}", r.stderr);
        assert!(
            r.stderr.contains(file),
            "{file}: no file name in\n{}",
            r.stderr
        );
        for w in *wants {
            assert!(
                r.stderr.contains(w),
                "{file}: `{w}` missing in\n{}",
                r.stderr
            );
        }
        let out = dir.path().join("out");
        let b = run(&[
            "build",
            dir.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ]);
        assert_eq!(b.code, 1, "{file}: {}", b.stderr);
        assert!(!out.exists(), "{file}: the build wrote something");
        let n = run(&[
            "show",
            "incident",
            "2026-001",
            "--data",
            dir.path().to_str().unwrap(),
        ]);
        assert_eq!(n.code, 1, "{file}: show must refuse bad data");
    }
}
