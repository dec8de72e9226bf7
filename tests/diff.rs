//! `bcpgen diff OLD NEW`: the changes between two fixture versions as Markdown.

mod common;
use common::*;

fn diff(old: &str, new: &str) -> Run {
    diff_with(old, new, &["--edition", "full"])
}

fn diff_with(old: &str, new: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "diff".to_string(),
        fixture(old).to_str().unwrap().to_string(),
        fixture(new).to_str().unwrap().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

/// Every home and mobile number written in a data directory's people.yaml.
fn personal_numbers(dir: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture(dir).join("people.yaml")).unwrap();
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let mut out = Vec::new();
    for list in ["people", "external"] {
        for p in v[list].as_sequence().into_iter().flatten() {
            for k in ["home", "mobile"] {
                if let Some(n) = p["phones"][k].as_str() {
                    out.push(n.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn diff_masks_home_and_mobile_numbers_unless_full_edition() {
    for args in [&[][..], &["--edition", "public"][..]] {
        let r = diff_with("diff/old", "diff/new", args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let md = &r.stdout;
        let mut numbers = personal_numbers("diff/old");
        numbers.extend(personal_numbers("diff/new"));
        assert!(numbers.iter().any(|n| n == "0900-000-121"), "{numbers:?}");
        for n in &numbers {
            assert!(
                !md.contains(n.as_str()),
                "{n} shown by diff {args:?}:\n{md}"
            );
        }
        // The change is still listed, with the last three digits.
        assert!(
            table_rows(md)
                .iter()
                .any(|r| r == &["phones.mobile", "****-***-101", "****-***-121"]),
            "{md}"
        );
    }
    let full = diff_with("diff/old", "diff/new", &["--edition", "full"]);
    assert!(full.stdout.contains("0900-000-121"), "{}", full.stdout);
}

#[test]
fn diff_lists_added_removed_and_changed_items_field_by_field() {
    let r = diff("diff/old", "diff/new");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = &r.stdout;
    // Headings follow the new data's locale (zh-TW).
    assert!(md.starts_with("## 資料變更\n"), "{md}");
    for s in [
        "### 關鍵業務流程 (`processes`)",
        "#### 新增\n\n- **P03** 社會福利補助申請",
        "#### 刪除\n\n- **P02** 人員差勤管理",
        "**P01** 公文線上簽核",
        "### 外部聯絡單位 (`external`)",
        "- **fire-qs** 青山縣消防局青山分隊",
    ] {
        assert!(md.contains(s), "missing {s:?} in\n{md}");
    }
    let rows = table_rows(md);
    for row in [
        ["欄位", "修改前", "修改後"],
        ["rto", "1d", "12h"],
        ["backup.interval", "1d", "12h"],
        ["backup.offsite", "否", "是"],
        ["alternates", "wang-xm", "wang-xm, chen-yl"],
        ["phones.mobile", "0900-000-101", "0900-000-121"],
        ["title", "課長", "秘書"],
    ] {
        assert!(
            rows.iter().any(|r| r == &row),
            "missing row {row:?} in {rows:#?}"
        );
    }
    // Unchanged lists and items are not mentioned.
    assert!(!md.contains("`sites`") && !md.contains("`hazards`"), "{md}");
    assert!(
        !md.contains("**S01**") && !md.contains("**lin-mh**"),
        "{md}"
    );
}

#[test]
fn diff_the_other_way_swaps_added_and_removed() {
    let r = diff("diff/new", "diff/old");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = &r.stdout;
    assert!(md.contains("#### 新增\n\n- **P02** 人員差勤管理"), "{md}");
    assert!(
        md.contains("#### 刪除\n\n- **P03** 社會福利補助申請"),
        "{md}"
    );
    assert!(
        table_rows(md).iter().any(|r| r == &["rto", "12h", "1d"]),
        "{md}"
    );
}

#[test]
fn identical_data_has_no_changes() {
    let r = diff("diff/old", "diff/old");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "## 資料變更\n\n兩個版本的資料沒有差異。\n");
}

#[test]
fn diff_refuses_data_with_errors() {
    let r = diff("diff/old", "bad-many");
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("error"), "{}", r.stderr);
}
