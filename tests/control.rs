//! Document control: numbers, versions and issue dates resolved for every
//! document from entries for the procedures alone; revisions assigned to
//! documents; the document-control check rules; procedures free of data counts.

mod common;

use common::*;
use serde_yaml_ng::{Mapping, Value};
use std::path::Path;

/// The example data with `document_set` rewritten by `edit`.
fn with_document_set(edit: impl FnOnce(&mut Mapping)) -> tempfile::TempDir {
    let d = example_copy();
    let path = d.path().join("organization.yaml");
    let mut org: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let set = org
        .get_mut("document_set")
        .and_then(Value::as_mapping_mut)
        .expect("document_set");
    edit(set);
    std::fs::write(&path, serde_yaml_ng::to_string(&org).unwrap()).unwrap();
    d
}

fn key(k: &str) -> Value {
    Value::String(k.to_string())
}

/// Keeps only the `documents` entries of the three procedures (as they are in `data/`).
fn procedures_only(set: &mut Mapping) {
    let docs = set
        .get_mut(key("documents"))
        .and_then(Value::as_sequence_mut)
        .unwrap();
    docs.retain(|d| {
        matches!(
            d.get("id").and_then(Value::as_str),
            Some("bcm-procedure" | "bcp" | "incident-procedure")
        )
    });
    assert_eq!(docs.len(), 3);
}

/// The derived numbers the README promises: parent number and fixed suffix.
const DERIVED: &[(&str, &str, &str)] = &[
    ("annex-hazards", "YX-ISMS-P-006", "-01"),
    ("annex-roles", "YX-ISMS-P-006", "-02"),
    ("annex-resources", "YX-ISMS-P-006", "-03"),
    ("annex-contacts", "YX-ISMS-P-006", "-04"),
    ("form-drill-report", "YX-ISMS-P-006", "-05"),
    ("form-test-plan", "YX-ISMS-P-006", "-06"),
    ("form-damaged-assets", "YX-ISMS-P-006", "-07"),
    ("form-attendance", "YX-ISMS-P-006", "-08"),
    ("annex-bia", "YX-ISMS-P-007", "-01"),
    ("annex-systems", "YX-ISMS-P-007", "-02"),
    ("annex-records", "YX-ISMS-P-007", "-03"),
    ("annex-test-schedule", "YX-ISMS-P-007", "-04"),
    ("annex-crosswalk", "YX-ISMS-P-007", "-05"),
    ("form-event-log", "YX-ISMS-P-007", "-06"),
    ("form-incident-report", "YX-ISMS-P-005", "-01"),
    ("form-internal-report", "YX-ISMS-P-005", "-02"),
];

/// What a document's number must be in the procedures-only set.
fn expected_number(id: &str) -> String {
    match id {
        "bcm-procedure" => "YX-ISMS-P-006".into(),
        "bcp" => "YX-ISMS-P-007".into(),
        "incident-procedure" => "YX-ISMS-P-005".into(),
        _ if id.starts_with("incident-") => "YX-ISMS-P-005-01".into(),
        _ if id.starts_with("drill-") => "YX-ISMS-P-006-05".into(),
        _ => {
            let (_, p, s) = DERIVED
                .iter()
                .find(|(d, _, _)| *d == id)
                .unwrap_or_else(|| panic!("no expected number for {id}"));
            format!("{p}{s}")
        }
    }
}

fn ids(out: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(&format!(".{ext}")).map(str::to_string)
        })
        .filter(|n| n != "index" && n != "bcp-set")
        .collect();
    v.sort();
    v
}

fn pdf_pages(path: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Every document of `data/` is at 3.0, issued 2026-06-15 (民國115年) in the
/// procedures-only set: the control table prints the long date, page headers
/// and form heads the short one.
const ISSUED_LONG: &str = "中華民國115年6月15日";
const ISSUED_SHORT: &str = "115/06/15";

/// The labels of the control fields a table row or a head line carries.
const CONTROL_LABELS: &[&str] = &[
    "文件編號",
    "版次",
    "發行日期",
    "機密等級",
    "權責單位",
    "核准",
];

#[test]
fn entries_for_the_three_procedures_number_version_and_date_every_document() {
    let data = with_document_set(procedures_only);
    let (out, r) = build(data.path(), &["--format", "md,html,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = out.path();
    let md_ids = ids(out, "md");
    assert!(md_ids.len() >= 16 + 2, "{md_ids:?}");
    assert_eq!(md_ids, ids(out, "html"));
    assert_eq!(md_ids, ids(out, "pdf"));
    // Records give documents too: filled reports, investigation reports, drill reports.
    for id in [
        "incident-2026-001",
        "incident-2026-001-report",
        "drill-2026-DR-01",
        "form-event-log",
    ] {
        assert!(md_ids.iter().any(|m| m == id), "{id} not built: {md_ids:?}");
    }
    for id in &md_ids {
        let number = expected_number(id);
        let md = read(out, &format!("{id}.md"));
        let head: String = md.lines().take(40).collect::<Vec<_>>().join("\n");
        // Procedures and annexes open with a control table, forms and reports
        // with a one-line head; either way number, version and issue date.
        let table = head.contains("| 文件編號 |");
        let date = if table { ISSUED_LONG } else { ISSUED_SHORT };
        assert!(
            head.contains(&number),
            "{id}.md: no number {number}\n{head}"
        );
        assert!(head.contains("3.0"), "{id}.md: no version\n{head}");
        assert!(head.contains(date), "{id}.md: no issue date {date}\n{head}");
        for row in table_rows(&head) {
            if let [label, value, ..] = row.as_slice() {
                if CONTROL_LABELS.contains(&label.as_str()) {
                    assert_ne!(value.trim(), "—", "{id}.md: {label} is —");
                }
            }
        }
        if !table {
            let line = head
                .lines()
                .find(|l| l.contains("表單編號："))
                .unwrap_or_else(|| panic!("{id}.md: no control line\n{head}"));
            assert!(!line.contains('—'), "{id}.md: {line}");
            assert!(
                line.contains("版次：3.0") && line.contains(&format!("發行日期：{ISSUED_SHORT}")),
                "{id}.md: {line}"
            );
        }
        let html = html_text(&read(out, &format!("{id}.html")));
        assert!(html.contains(&number), "{id}.html: no number {number}");
        assert!(html.contains(date), "{id}.html: no issue date {date}");
        let pages = pdf_pages(&out.join(format!("{id}.pdf")));
        for (n, p) in pages.iter().enumerate() {
            let header: String = p.lines().take(6).collect::<Vec<_>>().join("\n");
            for (what, s) in [
                ("number", number.as_str()),
                ("version", "3.0"),
                ("issue date", ISSUED_SHORT),
                ("issue date label", "發行日期"),
            ] {
                assert!(
                    header.contains(s),
                    "{id}.pdf page {}: header without {what} {s}\n{header}",
                    n + 1
                );
            }
            assert!(
                !header.contains('—'),
                "{id}.pdf page {}: —\n{header}",
                n + 1
            );
        }
        let first: String = pages[0].chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            first.contains(date),
            "{id}.pdf: page 1 has no {date} in its control table or head"
        );
    }
    // The procedures cite their annexes as 附件N (their place among the
    // procedure's annexes) and title, others' annexes with the procedure's
    // title first, and forms by number and title.
    let bcm = read(out, "bcm-procedure.md");
    assert!(bcm.contains("詳附件一「災害預防與減災措施表」"), "{bcm}");
    assert!(bcm.contains("依附件三「資源檢核表」"), "{bcm}");
    assert!(
        bcm.contains("記錄於業務持續計畫附件一「關鍵業務流程分級表」"),
        "{bcm}"
    );
    assert!(
        bcm.contains("填具YX-ISMS-P-006-06「業務持續計畫測試計畫」"),
        "{bcm}"
    );
    assert!(
        bcm.contains("1. 附件一「災害預防與減災措施表」（YX-ISMS-P-006-01）"),
        "{bcm}"
    );
    let bcp = read(out, "bcp.md");
    assert!(bcp.contains("詳附件一「關鍵業務流程分級表」"), "{bcp}");
    assert!(
        bcp.contains("營運持續管理程序附件四「緊急聯絡名單」"),
        "{bcp}"
    );
    let hazards = read(out, "annex-hazards.md");
    assert!(
        table_rows(&hazards)
            .iter()
            .any(|r| r.len() == 2 && r[0] == "附件" && r[1] == "營運持續管理程序附件一"),
        "{hazards}"
    );
    // The set file reads the same.
    let set = pdf_text(&out.join("bcp-set.pdf"));
    let flat: String = set.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("詳附件一「災害預防與減災措施表」"));
    assert!(flat.contains("營運持續管理程序附件四「緊急聯絡名單」"));
    // No document control check fires on this set.
    let c = run(&["check", data.path().to_str().unwrap(), "--as-of", AS_OF]);
    assert!(
        !c.stdout.contains("document-control-missing"),
        "{}",
        c.stdout
    );
    assert!(
        !c.stderr.contains("document-control-missing"),
        "{}",
        c.stderr
    );
}

#[test]
fn english_citations_name_the_annex_by_its_place() {
    let (out, r) = build(&fixture("english"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bcm = read(out.path(), "bcm-procedure.md");
    assert!(
        bcm.contains("set out in Annex 1, “Hazard Prevention and Mitigation Measures”"),
        "{bcm}"
    );
    assert!(
        bcm.contains(
            "Annex 1 to the Business Continuity Plan, “Critical Business Process Classification”"
        ),
        "{bcm}"
    );
    let hazards = read(out.path(), "annex-hazards.md");
    assert!(
        hazards.contains("| Annex | Annex 1 to the Business Continuity Management Procedure |"),
        "{hazards}"
    );
}

/// A set whose procedures take version and date from revisions assigned to them.
fn two_revisions(set: &mut Mapping, bad: bool) {
    procedures_only(set);
    for d in set
        .get_mut(key("documents"))
        .and_then(Value::as_sequence_mut)
        .unwrap()
    {
        let m = d.as_mapping_mut().unwrap();
        m.remove(key("version"));
        m.remove(key("issued"));
        if bad && m.get(key("id")).and_then(Value::as_str) == Some("bcp") {
            // A version with no revision, issued before its revision.
            m.insert(key("version"), key("2.1"));
            m.insert(key("issued"), key("2026-02-01"));
        }
        if bad && m.get(key("id")).and_then(Value::as_str) == Some("incident-procedure") {
            m.remove(key("number"));
        }
        if bad && m.get(key("id")).and_then(Value::as_str) == Some("bcm-procedure") {
            m.insert(key("issued"), key("2026-01-01"));
        }
    }
    let revisions: Value = serde_yaml_ng::from_str(
        r#"
- { version: "1.0", date: 2026-01-10, summary: 程序書初版, documents: [bcm-procedure] }
- { version: "2.0", date: 2026-03-01, summary: 計畫改版, documents: [bcp, annex-bia] }
- { version: "1.5", date: 2026-02-20, summary: 事件程序修訂, documents: [incident-procedure] }
"#,
    )
    .unwrap();
    set.insert(key("revisions"), revisions);
}

#[test]
fn each_document_prints_its_own_revisions_version_and_date() {
    let data = with_document_set(|s| two_revisions(s, false));
    let (out, r) = build(data.path(), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = out.path();
    for (id, version, date, other) in [
        ("bcm-procedure", "1.0", "115年1月10日", "2.0"),
        ("bcp", "2.0", "115年3月1日", "1.0"),
        ("annex-bia", "2.0", "115年3月1日", "1.5"),
        ("incident-procedure", "1.5", "115年2月20日", "2.0"),
    ] {
        let md = read(out, &format!("{id}.md"));
        let rows = table_rows(&md);
        let value = |label: &str| {
            rows.iter()
                .find(|r| r.first().map(String::as_str) == Some(label))
                .and_then(|r| r.get(1).cloned())
                .unwrap_or_default()
        };
        assert_eq!(value("版次"), version, "{id}");
        assert!(
            value("發行日期").contains(date),
            "{id}: {}",
            value("發行日期")
        );
        // The revision record: the 4-column table under its heading.
        let record_md = md
            .split("\n## ")
            .find(|s| s.starts_with("修訂紀錄"))
            .unwrap_or_else(|| panic!("{id}: no revision record"));
        let record_rows = table_rows(record_md);
        let record: Vec<&Vec<String>> = record_rows
            .iter()
            .filter(|r| r.len() == 4 && r[0].chars().next().is_some_and(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(record.len(), 1, "{id}: {record:?}");
        assert_eq!(record[0][0], version, "{id}");
        assert!(
            !record.iter().any(|r| r[0] == other),
            "{id} prints revision {other}"
        );
    }
    // An annex without its own revision takes its parent's.
    let hazards = read(out, "annex-hazards.md");
    let rows = table_rows(&hazards);
    assert!(
        rows.iter()
            .any(|r| r.len() >= 2 && r[0] == "版次" && r[1] == "1.0"),
        "{rows:?}"
    );
    let c = run(&["check", data.path().to_str().unwrap(), "--as-of", AS_OF]);
    for rule in [
        "document-control-missing",
        "revision-version-missing",
        "revision-after-issue",
    ] {
        assert!(
            !c.stdout.contains(rule) && !c.stderr.contains(rule),
            "{rule} on a clean set:\n{}{}",
            c.stdout,
            c.stderr
        );
    }
}

#[test]
fn document_control_rules_fire_on_a_bad_set_with_the_yaml_to_add() {
    let data = with_document_set(|s| two_revisions(s, true));
    for (lang, words) in [
        (
            "en",
            [
                "has no document number",
                "revision record has only 2.0",
                "after the issue date",
            ],
        ),
        ("zh-TW", ["沒有文件編號", "修訂紀錄只有 2.0", "晚於"]),
    ] {
        let c = run(&[
            "check",
            data.path().to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--lang",
            lang,
        ]);
        let all = format!("{}{}", c.stdout, c.stderr);
        for rule in [
            "document-control-missing",
            "revision-version-missing",
            "revision-after-issue",
        ] {
            assert!(all.contains(rule), "{lang}: {rule} missing:\n{all}");
        }
        for w in words {
            assert!(all.contains(w), "{lang}: `{w}` missing:\n{all}");
        }
        // The hint shows the YAML to add for the procedure without a number.
        assert!(all.contains("- id: incident-procedure"), "{all}");
        assert!(all.contains("number: ORG-P-001"), "{all}");
        assert!(all.contains("organization.yaml"), "{all}");
    }
}

/// Nouns of the lists the data gives, in both languages.
const ZH_NOUNS: &[&str] = &[
    "項",
    "筆",
    "種",
    "套",
    "處",
    "名",
    "位",
    "家",
    "人",
    "台",
    "份",
    "條",
    "個流程",
    "個系統",
    "個場所",
    "個角色",
    "個任務",
    "個單位",
    "個廠商",
];
const EN_NOUNS: &[&str] = &[
    "hazard", "system", "process", "people", "person", "role", "site", "contact", "resource",
    "item", "entries", "entry", "record", "member", "vendor", "supplier", "team", "step", "annex",
    "form", "location", "service", "staff", "incident", "drill", "exercise",
];

/// The data counts a procedure must not state, as a regular expression:
///
/// `[0-9]+\s*(項|筆|種|套|處|名|位|家|人|台|份|條|個(流程|系統|場所|角色|任務|單位|廠商))`
/// in zh-TW and `\b[0-9]+\s+(hazard|system|process|people|person|role|site|contact|
/// resource|item|entr(y|ies)|record|member|vendor|supplier|team|step|annex|form|location|
/// service|staff|incident|drill|exercise)` (case-insensitive) in English, e.g.
/// 「目前計列14項災害」 or "lists 14 hazards".
fn data_counts(text: &str, nouns: &[&str]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit()
            || (i > 0 && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let mut j = i;
        while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{a0}') {
            j += 1;
        }
        let rest: String = chars[j..chars.len().min(j + 12)].iter().collect();
        let rest_lower = rest.to_lowercase();
        if nouns.iter().any(|n| rest_lower.starts_with(n)) {
            let from = start.saturating_sub(10);
            found.push(chars[from..chars.len().min(j + 12)].iter().collect());
        }
    }
    found
}

#[test]
fn the_guard_catches_counts() {
    assert_eq!(data_counts("目前計列14項災害", ZH_NOUNS).len(), 1);
    assert_eq!(data_counts("共 3 個系統", ZH_NOUNS).len(), 1);
    assert_eq!(data_counts("聯絡12家廠商", ZH_NOUNS).len(), 1);
    assert_eq!(
        data_counts("The annex lists 14 hazards.", EN_NOUNS).len(),
        1
    );
    assert_eq!(data_counts("covers 5 Systems", EN_NOUNS).len(), 1);
    assert!(data_counts("每12個月檢討", ZH_NOUNS).is_empty());
    assert!(data_counts("知悉後72小時內", ZH_NOUNS).is_empty());
    assert!(data_counts("within 72 hours", EN_NOUNS).is_empty());
    assert!(data_counts("ISO 22301", EN_NOUNS).is_empty());
    assert!(data_counts("ISMS-P-006-01「表」", ZH_NOUNS).is_empty());
    // Section numbers are no counts.
    assert!(data_counts("### 4.1 Hazard categories", EN_NOUNS).is_empty());
}

/// The data directories the guard runs on: the example, the fixtures that
/// build, and the starter data of `bcpgen init` in both languages.
fn count_guard_sets() -> Vec<(String, tempfile::TempDir)> {
    let mut v = Vec::new();
    for name in ["data", "english", "tricky", "bom-crlf"] {
        let d = tempfile::tempdir().unwrap();
        let from = if name == "data" {
            root().join("data")
        } else {
            fixture(name)
        };
        copy_tree(&from, d.path());
        v.push((name.to_string(), d));
    }
    for locale in ["zh-TW", "en"] {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("init");
        let r = run(&["init", dir.to_str().unwrap(), "--locale", locale]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let moved = tempfile::tempdir().unwrap();
        copy_tree(&dir, moved.path());
        v.push((format!("init --locale {locale}"), moved));
    }
    v
}

#[test]
fn no_procedure_states_how_many_items_the_data_has() {
    let mut languages = std::collections::BTreeSet::new();
    for (name, data) in count_guard_sets() {
        let org = read(data.path(), "organization.yaml");
        let en = org
            .lines()
            .any(|l| l.trim_start().starts_with("locale: en"));
        languages.insert(en);
        let nouns = if en { EN_NOUNS } else { ZH_NOUNS };
        let (out, r) = build(data.path(), &["--format", "md"]);
        assert!(r.code == 0, "{name}: {}", r.stderr);
        for id in ["bcm-procedure", "bcp", "incident-procedure"] {
            let md = read(out.path(), &format!("{id}.md"));
            // Numbers in tables are data, shown as such; the prose is what is approved.
            let prose: String = md
                .lines()
                .filter(|l| !l.trim_start().starts_with('|'))
                .collect::<Vec<_>>()
                .join("\n");
            let hits = data_counts(&prose, nouns);
            assert!(hits.is_empty(), "{name}: {id}: {hits:?}");
        }
    }
    assert_eq!(languages.len(), 2, "both languages checked");
}

#[test]
fn notices_only_where_personal_data_is() {
    let (out, r) = build(&root().join("data"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let full = "含個人資料";
    let when_filled = "本表填寫後含個人資料，請依機密等級管理";
    for id in [
        "annex-hazards",
        "annex-bia",
        "annex-systems",
        "form-test-plan",
        "form-damaged-assets",
        "bcm-procedure",
    ] {
        let md = read(out.path(), &format!("{id}.md"));
        assert!(!md.contains(full), "{id} carries a personal-data notice");
    }
    // The incident procedure lists external contacts' mobile numbers.
    for id in ["annex-contacts", "annex-roles", "incident-procedure"] {
        let md = read(out.path(), &format!("{id}.md"));
        assert!(md.contains(full) && !md.contains(when_filled), "{id}");
    }
    for id in [
        "form-incident-report",
        "form-internal-report",
        "form-attendance",
    ] {
        let md = read(out.path(), &format!("{id}.md"));
        assert!(md.contains(when_filled), "{id} lacks the fill-in notice");
    }
    let (out, r) = build(&fixture("english"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "form-attendance.md");
    assert!(
        md.contains("Holds personal data once filled in: keep it according to its classification."),
        "{md}"
    );
    assert!(!read(out.path(), "annex-hazards.md").contains("personal data"));
}

#[test]
fn references_name_the_regulation_in_force_and_the_organizations_own() {
    let (out, r) = build(&root().join("data"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "incident-procedure.md");
    let refs = &md[md.find("參考文件").expect("references")..];
    // On 2026-11-22 the 2026 text is in force, under its new name.
    assert!(refs.contains("資通安全事件通報應變及演練辦法"), "{refs}");
    assert!(!refs.contains("資通安全事件通報及應變辦法"), "{refs}");
    assert!(refs.contains("YX-ISMS-P-006「"), "{refs}");
    assert!(
        refs.contains("YX-ISMS-P-010「資料備份與回復管理程序」"),
        "{refs}"
    );
    let nis2 = tempfile::tempdir().unwrap();
    copy_tree(&fixture("english"), nis2.path());
    let org = nis2.path().join("organization.yaml");
    let text = std::fs::read_to_string(&org).unwrap();
    std::fs::write(
        &org,
        text.replace("incident_rules: tw-national", "incident_rules: nis2"),
    )
    .unwrap();
    let (out, r) = build(nis2.path(), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "incident-procedure.md");
    let refs = &md[md.find("References").expect("references")..];
    assert!(refs.contains("NIS2 Directive"), "{refs}");
}

/// The plan marked `status: draft`.
fn bcp_draft(set: &mut Mapping) {
    let docs = set
        .get_mut(key("documents"))
        .and_then(Value::as_sequence_mut)
        .unwrap();
    let bcp = docs
        .iter_mut()
        .find(|d| d.get("id").and_then(Value::as_str) == Some("bcp"))
        .and_then(Value::as_mapping_mut)
        .unwrap();
    bcp.insert(key("status"), key("draft"));
}

#[test]
fn a_draft_says_so_on_every_page() {
    let data = with_document_set(bcp_draft);
    let (out, r) = build(
        data.path(),
        &[
            "--format",
            "md,html,pdf",
            "--only",
            "bcp,annex-bia,bcm-procedure",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pages = pdf_pages(&out.path().join("bcp.pdf"));
    assert!(pages.len() > 2);
    for (n, p) in pages.iter().enumerate() {
        let head: String = p.lines().take(6).collect::<Vec<_>>().join("\n");
        assert!(head.contains("草案"), "bcp.pdf page {}: {head}", n + 1);
    }
    let html = read(out.path(), "bcp.html");
    assert!(
        html.contains("<div class=\"draft-mark\">草案</div>"),
        "{html}"
    );
    let md = read(out.path(), "bcp.md");
    assert!(md.starts_with("# 業務持續計畫（草案）"), "{md}");
    // Its annex inherits the status; the other procedure stays approved.
    assert!(read(out.path(), "annex-bia.md").contains("（草案）"));
    let bcm = read(out.path(), "bcm-procedure.md");
    assert!(!bcm.contains("草案") && bcm.contains("核定發行"));
    assert!(
        pdf_pages(&out.path().join("bcm-procedure.pdf"))
            .iter()
            .all(|p| !p.contains("草案"))
    );
}

/// One entry of a zip package, as text.
fn zip_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|e| panic!("{}: {name}: {e}", path.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn a_draft_says_so_on_every_page_in_odt_and_docx() {
    let data = with_document_set(|s| {
        procedures_only(s);
        bcp_draft(s);
    });
    let only = "bcp,annex-bia,form-event-log,bcm-procedure";
    let (out, r) = build(data.path(), &["--format", "odt,docx", "--only", only]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = out.path();
    // The mark is in the page header, which the word processor repeats on every page.
    for id in ["bcp", "annex-bia", "form-event-log"] {
        assert!(
            zip_part(&out.join(format!("{id}.odt")), "styles.xml").contains(">草案<"),
            "{id}.odt"
        );
        assert!(
            zip_part(&out.join(format!("{id}.docx")), "word/header1.xml").contains(">草案<"),
            "{id}.docx"
        );
    }
    assert!(!zip_part(&out.join("bcm-procedure.odt"), "styles.xml").contains("草案"));
    assert!(!zip_part(&out.join("bcm-procedure.docx"), "word/header1.xml").contains("草案"));
    if !have("soffice") || !have("pdftotext") {
        eprintln!("skipped: soffice or pdftotext missing (scripts/install-deps.sh)");
        return;
    }
    // As a reader sees them: LibreOffice lays the files out, every page says 草案
    // and carries number, version and issue date.
    let files: Vec<std::path::PathBuf> = ["odt", "docx"]
        .iter()
        .flat_map(|ext| {
            only.split(',')
                .map(move |id| out.join(format!("{id}.{ext}")))
        })
        .collect();
    for ext in ["odt", "docx"] {
        let pdfs = tempfile::tempdir().unwrap();
        let of_ext: Vec<std::path::PathBuf> = files
            .iter()
            .filter(|f| f.extension().unwrap() == ext)
            .cloned()
            .collect();
        soffice_to_pdf(&of_ext, pdfs.path());
        for id in only.split(',') {
            let pages = pdf_pages(&pdfs.path().join(format!("{id}.pdf")));
            assert!(!pages.is_empty(), "{id}.{ext}");
            if id == "bcp" {
                assert!(pages.len() > 2, "{id}.{ext}: {} pages", pages.len());
            }
            for (n, p) in pages.iter().enumerate() {
                let flat: String = p.chars().filter(|c| !c.is_whitespace()).collect();
                let draft = id != "bcm-procedure";
                assert_eq!(
                    flat.contains("草案"),
                    draft,
                    "{id}.{ext} page {}: {p}",
                    n + 1
                );
                for s in ["YX-ISMS-P-00", "版次3.0", "發行日期115/06/15"] {
                    assert!(flat.contains(s), "{id}.{ext} page {}: no {s}: {p}", n + 1);
                }
            }
        }
    }
}
