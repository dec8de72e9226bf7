//! The plan as a response team uses it: its sections from data (roles and
//! authority, invocation, notification, recovery steps in recovery order,
//! validation and reconstitution), the crosswalk computed from what the set
//! renders, one term per concept, and the words of the organization's kind.

mod common;
use common::*;
use std::path::Path;

fn md(dir: &Path, id: &str) -> String {
    read(dir, &format!("{id}.md"))
}

fn headings(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .collect()
}

fn has_heading(md: &str, text: &str) -> bool {
    headings(md).iter().any(|h| h.ends_with(text))
}

#[test]
fn the_zh_plan_has_every_new_section() {
    let (out, r) = build(&root().join("data"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bcp = md(out.path(), "bcp");
    for h in [
        "應變組織及權責",
        "計畫啟動",
        "通報及聯繫",
        "（一）緊急聯絡順序",
        "（二）利害關係者之通知",
        "（三）對外第一次通知範本",
        "資通系統回復步驟",
        "資料之驗證",
        "功能之驗證",
        "回復後系統之備份",
        "異地儲存媒體之歸還",
        "計畫解除及事件紀錄",
    ] {
        assert!(has_heading(&bcp, h), "no heading {h}");
    }
    // Roles with their authority, the invocation authority and criteria from data.
    assert!(bcp.contains("決定啟動業務持續計畫（經資安長同意）"));
    assert!(bcp.contains("本計畫由ISMS執行小組組長決定，並經資安長同意後啟動"));
    assert!(bcp.contains("經評估為第三級以上"));
    // Communications from data: party, who informs, when, how.
    assert!(bcp.contains("| 服務對象 | 鎮民及洽公民眾 | ISMS執行小組組長 | 計畫啟動後2小時內 | 公所網站及臉書粉絲專頁公告 |"));
    // The call tree is drawn.
    assert!(bcp.contains("```mermaid\nflowchart TD"));
    // Minimum service and the closing validation step.
    assert!(bcp.contains("| 最低服務水準 | 紙本收發文及急件簽核不中斷"));
    assert!(bcp.contains("經確認後宣告本流程回復完成"));
}

#[test]
fn recovery_procedures_follow_the_recovery_order() {
    let (out, r) = build(&root().join("data"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bcp = md(out.path(), "bcp");
    // The order table of 伍 (criticality, then RTO) ...
    let order: Vec<String> = table_rows(&bcp)
        .into_iter()
        .filter(|r| r.len() == 9 && r[0].parse::<usize>().is_ok())
        .map(|r| r[1].clone())
        .collect();
    assert!(order.len() >= 5, "{order:?}");
    // ... is the order of the procedures in 陸.
    let procs: Vec<String> = headings(&bcp)
        .into_iter()
        .filter_map(|h| {
            let (_, rest) = h.split_once('、')?;
            let (name, _) = rest.rsplit_once('（')?;
            order.contains(&name.to_string()).then(|| name.to_string())
        })
        .collect();
    assert_eq!(procs, order);
    // Steps numbered in order, with the elapsed time adding up.
    let p01 = &bcp[bcp.find("（P01）").unwrap()..];
    let p01 = &p01[..p01.find("\n### ").unwrap()];
    let steps: Vec<Vec<String>> = table_rows(p01)
        .into_iter()
        .filter(|r| r.len() == 5 && r[0].parse::<usize>().is_ok())
        .collect();
    assert_eq!(
        steps.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["1", "2", "3", "4", "5"]
    );
    assert_eq!(steps[3][4], "16小時");
    assert!(steps[4][2].contains("宣告本流程回復完成"));
    assert!(p01.contains("各步驟時限合計16小時，在RTO（1日）以內。"));
}

#[test]
fn the_english_plan_has_every_new_section() {
    let (out, r) = build(&fixture("english"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bcp = md(out.path(), "bcp");
    for h in [
        "Response structure and authority",
        "Invoking the plan",
        "Notification and communication",
        "Call order",
        "Interested parties",
        "First notice to users (template)",
        "Data validation",
        "Functional validation",
        "Backup of restored systems",
        "Return of off-site media",
        "Standing down and event records",
    ] {
        assert!(has_heading(&bcp, h), "no heading {h}");
    }
    assert!(bcp.contains("| Minimum service level | Urgent correspondence is signed on paper"));
    assert!(bcp.contains("| Users | Residents and council departments |"));
    assert!(bcp.contains("The steps add up to 12 hours"), "{bcp}");
}

/// The crosswalk's rows as (document title cell, heading cell).
fn crosswalk(dir: &Path) -> Vec<Vec<String>> {
    let text = md(dir, "annex-crosswalk");
    let table = &text[text.rfind("\n## ").expect("a crosswalk section")..];
    table_rows(table).into_iter().skip(1).collect()
}

#[test]
fn every_crosswalk_row_points_at_a_heading_that_exists() {
    for data in [root().join("data"), fixture("english")] {
        let (out, r) = build(&data, &["--format", "md"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let rows = crosswalk(out.path());
        assert!(rows.len() > 20);
        let docs: Vec<(String, String)> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p.file_stem().unwrap().to_string_lossy().into_owned(), text)
            })
            .collect();
        for row in &rows {
            let (doc_cell, heading) = (&row[3], &row[4]);
            assert!(heading != "未涵蓋" && heading != "Not covered", "{row:?}");
            if heading == "全文" || heading == "Whole document" {
                continue;
            }
            // The named document holds the heading.
            let holder = docs
                .iter()
                .find(|(_, text)| {
                    let title = text.lines().find(|l| l.starts_with("# ")).unwrap_or("");
                    doc_cell.contains(title.trim_start_matches("# ").trim())
                        && headings(text).iter().any(|h| heading.ends_with(h.as_str()))
                })
                .map(|(id, _)| id.clone());
            assert!(holder.is_some(), "{row:?}: heading not in the document");
        }
    }
}

#[test]
fn a_section_removed_by_an_overriding_template_is_not_covered() {
    let tpl = tempfile::tempdir().unwrap();
    let bcp = std::fs::read_to_string(root().join("templates/zh-TW/bcp.md")).unwrap();
    let start = bcp.find("### 二、計畫啟動").unwrap();
    let end = bcp.find("### 三、通報及聯繫").unwrap();
    let cut = format!("{}{}", &bcp[..start], &bcp[end..]);
    std::fs::write(tpl.path().join("bcp.md"), cut).unwrap();
    let (out, r) = build(
        &root().join("data"),
        &[
            "--format",
            "md",
            "--templates",
            tpl.path().to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = crosswalk(out.path());
    let invocation: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[2] == "計畫之啟動" || r[2] == "啟動條件及程序")
        .collect();
    assert_eq!(invocation.len(), 2);
    for r in invocation {
        assert_eq!(r[4], "未涵蓋", "{r:?}");
    }
    // The other rows stay covered.
    assert!(rows.iter().filter(|r| r[4] == "未涵蓋").count() == 2);
    // A partial build of the crosswalk alone reads the same headings.
    let (only, r) = build(
        &root().join("data"),
        &["--format", "md", "--only", "annex-crosswalk"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(crosswalk(only.path()).iter().all(|r| r[4] != "未涵蓋"));
}

/// The preferred terms of a locale's glossary and their variants.
fn glossary(locale: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join(format!("locales/{locale}.yaml"))).unwrap();
    let v: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
    v["glossary"]
        .as_object()
        .expect("a glossary")
        .iter()
        .map(|(k, vs)| {
            (
                k.clone(),
                vs.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn one_term_per_concept_in_each_locale() {
    for (data, locale) in [(root().join("data"), "zh-TW"), (fixture("english"), "en")] {
        let (out, r) = build(&data, &["--format", "md"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let terms = glossary(locale);
        assert!(!terms.is_empty());
        for e in std::fs::read_dir(out.path()).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap().to_lowercase();
            for (preferred, variants) in &terms {
                // A variant may be part of the preferred term ("program" in "programme").
                let text = text.replace(&preferred.to_lowercase(), "");
                for v in variants {
                    assert!(
                        !text.contains(&v.to_lowercase()),
                        "{}: `{v}` instead of `{preferred}`",
                        p.display()
                    );
                }
            }
        }
    }
}

#[test]
fn a_university_set_never_speaks_of_the_public_or_an_agency() {
    let data = example_copy();
    let org = data.path().join("organization.yaml");
    let text = std::fs::read_to_string(&org).unwrap();
    let text = text
        .replace("  head_title: 鎮長\n", "")
        .replace("  locale: zh-TW\n", "  locale: zh-TW\n  kind: school\n")
        .replace("    party: 鎮民及洽公民眾\n", "    party: 本校師生\n");
    std::fs::write(&org, text).unwrap();
    // Data is printed as written: keep the example's own words out of the way.
    let procs = data.path().join("processes.yaml");
    let text = std::fs::read_to_string(&procs)
        .unwrap()
        .replace("上級主計機關", "主計單位");
    std::fs::write(&procs, text).unwrap();
    let (out, r) = build(data.path(), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut checked = 0;
    for id in ["bcm-procedure", "bcp", "incident-procedure"] {
        let t = md(out.path(), id);
        assert!(!t.contains("民眾"), "{id} speaks of 民眾");
        // Other bodies keep their names (主管機關, 上級機關, 協處機關, 各機關 in a
        // cited title); the organization itself is a school.
        let own = t
            .replace("主管機關", "")
            .replace("上級機關", "")
            .replace("協處機關", "")
            .replace("外部機關", "")
            .replace("各機關", "")
            .replace("相關機關", "")
            .replace("下列機關", "")
            .replace("所列機關", "")
            .replace("造成機關日常作業影響", "");
        assert!(!own.contains("機關"), "{id} speaks of 機關 as itself");
        checked += 1;
    }
    assert_eq!(checked, 3);
    assert!(md(out.path(), "bcm-procedure").contains("校長"));
}

/// The crosswalk row of a rule-set topic: (clause, heading).
fn regulation_row(rows: &[Vec<String>], title: &str) -> (String, String) {
    let r = rows
        .iter()
        .find(|r| r[2] == title)
        .unwrap_or_else(|| panic!("no row {title}: {rows:?}"));
    (r[1].clone(), r[4].clone())
}

#[test]
fn the_crosswalk_cites_the_articles_of_the_rule_set_in_force() {
    // Taiwan, 2021 text: the duty to report and the exercises.
    let zh = overlay(
        &root().join("data"),
        "organization.yaml",
        &[("incident_rules: tw-national", "incident_rules: tw-2021")],
    );
    let (out, r) = build(zh.path(), &["--format", "md", "--only", "annex-crosswalk"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = crosswalk(out.path());
    let name = |r: &Vec<String>| r[0].clone();
    assert!(rows.iter().any(|r| name(r) == "資通安全事件通報及應變辦法"));
    assert_eq!(regulation_row(&rows, "事件之通報").0, "第4條");
    assert_eq!(regulation_row(&rows, "演練之規劃及紀錄").0, "第8條");
    // An article the rule set does not name is left blank, never guessed.
    assert_eq!(regulation_row(&rows, "通報及應變作業規範").0, "—");

    // NIS2 in English.
    let en = overlay(
        &fixture("english"),
        "organization.yaml",
        &[("incident_rules: tw-national", "incident_rules: nis2")],
    );
    let (out, r) = build(en.path(), &["--format", "md", "--only", "annex-crosswalk"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = crosswalk(out.path());
    assert_eq!(
        regulation_row(&rows, "Reporting incidents"),
        ("Art. 23".to_string(), "7.1 Notification".to_string())
    );
    assert_eq!(
        regulation_row(&rows, "Business continuity and recovery").0,
        "Art. 21(2)(c)"
    );
}

#[test]
fn plan_activation_keys_override_the_defaults() {
    // Level 2 instead of 3: the default criteria follow.
    let d = overlay(
        &fixture("english"),
        "organization.yaml",
        &[("assessment_level: 3", "assessment_level: 2")],
    );
    let (out, r) = build(d.path(), &["--format", "md", "--only", "bcp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bcp = md(out.path(), "bcp");
    assert!(bcp.contains("assessed at Level 2 or above"), "{bcp}");
    assert!(!bcp.contains("assessed at Level 3 or above"));
    assert!(bcp.contains("invoked by the Continuity Working Group Lead, with the agreement of the Chief Information Security Officer"));

    // Criteria and the decision text of the organization's own replace the defaults.
    let d = overlay(
        &fixture("english"),
        "organization.yaml",
        &[(
            "    assessment_level: 3\n",
            "    assessment_level: 3\n    criteria:\n      - The county declares a local emergency.\n      - Two core systems are down at once.\n    decision: The duty officer records the decision in the county incident log.\n",
        )],
    );
    let (out, r) = build(d.path(), &["--format", "md", "--only", "bcp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bcp = md(out.path(), "bcp");
    assert!(
        bcp.contains("(1) The county declares a local emergency."),
        "{bcp}"
    );
    assert!(bcp.contains("(2) Two core systems are down at once."));
    assert!(!bcp.contains("invokes the plan directly"));
    assert!(bcp.contains(
        "3. Decision and record: The duty officer records the decision in the county incident log."
    ));
}

/// The schedule's row of a system in the test-schedule annex (Markdown).
fn schedule_row(dir: &Path, name: &str) -> Vec<String> {
    let text = md(dir, "annex-test-schedule");
    table_rows(&text)
        .into_iter()
        .find(|r| r.first().is_some_and(|c| c == name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn the_schedule_and_check_agree_on_the_due_day() {
    // 公文管理系統 (S01): restore-tested 2026-05-20, due again 12 months later.
    let data = root().join("data");
    let due = run(&["check", data.to_str().unwrap(), "--as-of", "2027-05-20"]);
    let late = run(&["check", data.to_str().unwrap(), "--as-of", "2027-05-21"]);
    let flags = |r: &Run| {
        r.stdout
            .lines()
            .chain(r.stderr.lines())
            .any(|l| l.contains("core-system-restore-untested") && l.contains("S01"))
    };
    assert!(!flags(&due), "{}", due.stderr);
    assert!(flags(&late), "{}", late.stderr);
    let (on_due, after) = (
        build_at(&data, "2027-05-20", "md"),
        build_at(&data, "2027-05-21", "md"),
    );
    let row = schedule_row(on_due.path(), "公文管理系統");
    assert!(!row.iter().any(|c| c == "已逾期"), "{row:?}");
    assert!(row.iter().any(|c| c == "116/05/20"), "{row:?}");
    let row = schedule_row(after.path(), "公文管理系統");
    assert!(row.iter().any(|c| c == "已逾期"), "{row:?}");
}
