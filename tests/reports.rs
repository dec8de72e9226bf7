//! Incident and drill reports as a reviewer reads them: times written with
//! other offsets shown in the organization's zone, the stated and computed
//! level side by side, the seeds' fields on the blank and filled forms, the
//! investigation report, closed incidents independent of `--as-of`, drill
//! estimates, RPO results, phases and event reports, deadline wording.

mod common;

use common::*;

/// The clean check fixture (zh-TW, no time zone given: Asia/Taipei) with
/// `files` written on top (path, text).
fn data_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("check/clean"), dir.path());
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<String>()
}

/// Discovered 2026-08-11 20:30 at -05:00, that is 2026-08-12 09:30 in Taipei;
/// the other times in UTC and +08:00. The notification (due 10:30 +08:00) was
/// made at 02:31 UTC, one minute late; recovery is open.
const MIXED: &str = r#"incident:
  id: "2026-005"
  title: 廠商維運主機異常登入
  category: intrusion
  occurred_at: 2026-08-12T00:40:00Z
  discovered_at: 2026-08-11T20:30:00-05:00
  reported_internal_at: 2026-08-12T09:40:00+08:00
  notified_at: 2026-08-12T02:31:00Z
  handler: lin-mh
  business: core
  information: ordinary
  impact: { confidentiality: none, integrity: minor, availability: within-tolerance }
  level: 1
  affected_systems: [S01]
  actions:
    - { at: 2026-08-11T21:00:00-05:00, by: lin-mh, action: 停用廠商帳號 }
"#;

#[test]
fn times_with_other_offsets_are_shown_in_taipei_with_the_right_roc_date_and_status() {
    let data = data_with(&[("incidents/2026-005.yaml", MIXED)]);
    let out = build_at(data.path(), "2026-08-12", "md");
    let md = read(out.path(), "incident-2026-005.md");
    for needle in [
        "| 事件發生時間 | 中華民國115年8月12日 08:40 |",
        "| 知悉時間（各項時限自此起算） | 中華民國115年8月12日 09:30 |",
        // internal report: 10 minutes after awareness, within 15 minutes.
        "| 內部通報 | 知悉後15分鐘內 | 115/08/12 09:45 | 115/08/12 09:40 | ☑ 如期完成 |",
        // notification: 02:31 UTC is 10:31 in Taipei, a minute after the deadline.
        "| 對外通報 | 知悉後1小時內 | 115/08/12 10:30 | 115/08/12 10:31 | ⚠ 逾時完成（逾時1分鐘） |",
        "| 115/08/12 10:00 | 林明華 | 停用廠商帳號 |",
    ] {
        assert!(md.contains(needle), "lacks `{needle}`:\n{md}");
    }
    // The -05:00 calendar day never shows.
    assert!(!md.contains("115年8月11日"), "{md}");
    assert!(!md.contains("115/08/11"), "{md}");
    // Recovery is open and says how far it was counted.
    assert!(
        md.contains("☐ 進行中（尚餘") && md.contains("計算至中華民國115年8月12日 23:59止"),
        "{md}"
    );

    // `check` names the deadline in +08:00 as well.
    let r = run(&[
        "check",
        data.path().to_str().unwrap(),
        "--as-of",
        "2026-08-12",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let missed: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "incident-deadline-missed")
        .collect();
    assert_eq!(missed.len(), 1, "{v:#}");
    let msg = missed[0]["message"].as_str().unwrap();
    assert!(msg.contains("2026-08-12 10:30 +08:00"), "{msg}");

    // `show --format json` gives the times in the zone too.
    let r = run(&[
        "show",
        "incident",
        "2026-005",
        "--data",
        data.path().to_str().unwrap(),
        "--as-of",
        "2026-08-12",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let notification = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "notification")
        .unwrap();
    assert_eq!(notification["due"], "2026-08-12T10:30:00+08:00");
    assert_eq!(notification["done_at"], "2026-08-12T10:31:00+08:00");
    assert_eq!(notification["status"], "missed");
}

#[test]
fn the_filled_form_shows_the_stated_and_the_computed_level_side_by_side() {
    let data = data_with(&[("incidents/2026-005.yaml", MIXED)]);
    let out = build_at(data.path(), "2026-08-12", "md");
    let md = read(out.path(), "incident-2026-005.md");
    assert!(
        md.contains(
            "通報等級：第一級；依認定基準判定：第二級（不一致，請承辦人確認；處理時限暫依第二級計算）。"
        ),
        "{md}"
    );
    // One column of boxes for each: level 1 reported, level 2 by the criteria.
    assert!(md.contains("| ☑ | ☐ | 第一級 |"), "{md}");
    assert!(md.contains("| ☐ | ☑ | 第二級 |"), "{md}");
    // In agreement, the form says so.
    let agreeing = MIXED.replace("level: 1", "level: 2");
    let data = data_with(&[("incidents/2026-005.yaml", &agreeing)]);
    let out = build_at(data.path(), "2026-08-12", "md");
    let md = read(out.path(), "incident-2026-005.md");
    assert!(
        md.contains("通報等級：第二級；依認定基準判定：第二級（一致）。"),
        "{md}"
    );
    assert!(md.contains("| ☑ | ☑ | 第二級 |"), "{md}");
}

/// A closed incident with every new key.
const CLOSED: &str = r#"incident:
  id: "2026-006"
  title: 公文系統附件遭勒索軟體加密
  category: intrusion
  occurred_at: 2026-08-12T08:40:00+08:00
  discovered_at: 2026-08-12T09:20:00+08:00
  handling_started_at: 2026-08-12T09:25:00+08:00
  reported_internal_at: 2026-08-12T09:30:00+08:00
  notified_at: 2026-08-12T10:05:00+08:00
  notification_ref: ISAC-115-08-00999
  reporter: { name: 張志豪, unit: 民政課, phone: "05-0000-101#305" }
  handler: lin-mh
  description: 公文系統附件目錄檔案遭加密。
  source: 偽冒廠商郵件之巨集附件。
  business: core
  information: ordinary
  impact: { confidentiality: none, integrity: minor, availability: within-tolerance }
  level: 2
  affected_systems: [S01]
  operations_impact: 線上簽核暫停6小時，改以紙本簽核。
  damage: 約120個附件檔案遭加密。
  actions:
    - { at: 2026-08-12T13:30:00+08:00, by: lin-mh, action: 自備份還原附件 }
  support_requested: 無須外部支援。
  recovered_at: 2026-08-12T15:10:00+08:00
  report_submitted_at: 2026-09-04
  investigation: 分析郵件標頭及惡意程式樣本，確認感染途徑。
  root_cause: 共用目錄開放全體使用者寫入。
  improvements:
    - 郵件閘道封鎖巨集附件
    - { measure: 共用目錄改為僅限服務帳號寫入, owner: lin-mh, due: 2026-08-31, status: closed, follow_up: 每季抽測權限 }
  closed_at: 2026-09-10
"#;

#[test]
fn new_fields_are_on_the_blank_form_and_filled_from_data() {
    let data = data_with(&[("incidents/2026-006.yaml", CLOSED)]);
    let out = build_at(data.path(), AS_OF, "md");
    let blank = read(out.path(), "form-incident-report.md");
    for needle in [
        "機關：",
        "| 處理資通安全事件時間 |",
        "通報編號（通報應變網站）",
        "| 狀況之描述 |",
        "| 事件來源及發生經過 |",
        "| 受影響之資通系統 |",
        "| 作業影響情況 |",
        "| 因應措施（已採取之應變處置） |",
        "| 外部支援需求評估 |",
        "### 四、等級之評估",
        "### 五、結案（結案時再次填報）",
        "| 發生原因 |",
        "| 改善措施及預定完成時程 |",
        "| 結案日期 |",
        "填表日期：",
    ] {
        assert!(
            blank.contains(needle),
            "blank form lacks `{needle}`:\n{blank}"
        );
    }
    let md = read(out.path(), "incident-2026-006.md");
    for needle in [
        "機關：",
        "| 處理資通安全事件時間 | 中華民國115年8月12日 09:25 |",
        "| 通報編號 | ISAC-115-08-00999 |",
        "| 事件來源及發生經過 | 偽冒廠商郵件之巨集附件。 |",
        "| 作業影響情況 | 線上簽核暫停6小時，改以紙本簽核。 |",
        "| 外部支援需求評估 | 無須外部支援。 |",
        "| 發生原因 | 共用目錄開放全體使用者寫入。 |",
        "1. 郵件閘道封鎖巨集附件<br>2. 共用目錄改為僅限服務帳號寫入（預定中華民國115年8月31日完成）",
        "| 結案日期 | 中華民國115年9月10日 |",
        "填表日期：",
    ] {
        assert!(md.contains(needle), "filled form lacks `{needle}`:\n{md}");
    }
}

#[test]
fn a_closed_incident_has_an_investigation_report_and_no_as_of_date() {
    let data = data_with(&[("incidents/2026-006.yaml", CLOSED)]);
    let a = build_at(data.path(), AS_OF, "md,pdf");
    let b = build_at(data.path(), "2027-06-30", "md,pdf");
    for name in [
        "incident-2026-006.md",
        "incident-2026-006-report.md",
        "incident-2026-006.pdf",
        "incident-2026-006-report.pdf",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between two --as-of dates");
    }
    let md = read(a.path(), "incident-2026-006.md");
    assert!(md.contains("已結案（中華民國115年9月10日）"), "{md}");
    assert!(!md.contains("計算至"), "{md}");
    assert!(!md.contains("115年11月22日"), "{md}");

    let rep = read(a.path(), "incident-2026-006-report.md");
    for needle in [
        "# 資通安全事件調查、處理及改善報告（2026-006）",
        "通報編號：ISAC-115-08-00999",
        "調查、處理及改善報告之期限：完成復原或損害管制後1個月內，即中華民國115年9月12日 15:10前；已於中華民國115年9月4日送交主管機關（☑ 如期完成）",
        "| 事件等級 | 第二級（通報等級：第二級；依認定基準判定：第二級） |",
        "| 事件發生時間 | 中華民國115年8月12日 08:40 | — |",
        "| 對外通報 | 中華民國115年8月12日 10:05 | ☑ 如期完成 |",
        "| 完成損害控制或復原時間 | 中華民國115年8月12日 15:10 | ☑ 如期完成 |",
        "| 結案時間 | 中華民國115年9月10日 | — |",
        "| 作業影響情況 | 線上簽核暫停6小時，改以紙本簽核。 |",
        "| 115/08/12 13:30 | 林明華 | 自備份還原附件 |",
        "### 五、調查經過\n\n分析郵件標頭及惡意程式樣本，確認感染途徑。",
        "### 六、事件發生原因\n\n共用目錄開放全體使用者寫入。",
        "| 1 | 郵件閘道封鎖巨集附件 | — | — | — | — |",
        "| 2 | 共用目錄改為僅限服務帳號寫入 | 林明華 | 115/08/31 | 已結案 | 每季抽測權限 |",
    ] {
        assert!(rep.contains(needle), "report lacks `{needle}`:\n{rep}");
    }
    assert!(!rep.contains("草稿"), "{rep}");
    let pdf = squash(&pdf_text(&a.path().join("incident-2026-006-report.pdf")));
    assert!(pdf.contains("預防措施、預定完成時程及追蹤"), "{pdf}");
    assert!(pdf.contains("共用目錄改為僅限服務帳號寫入"), "{pdf}");

    // Not closed yet: the report is a draft and the open form says how far it counted.
    let open = CLOSED.replace("  closed_at: 2026-09-10\n", "");
    let data = data_with(&[("incidents/2026-006.yaml", &open)]);
    let out = build_at(data.path(), AS_OF, "md");
    let rep = read(out.path(), "incident-2026-006-report.md");
    assert!(rep.contains("> 草稿：本事件尚未結案"), "{rep}");
    let md = read(out.path(), "incident-2026-006.md");
    assert!(
        md.contains("處理中：各項時限計算至中華民國115年11月22日 23:59止"),
        "{md}"
    );

    // Not recovered: no investigation report.
    let data = data_with(&[("incidents/2026-005.yaml", MIXED)]);
    let out = build_at(data.path(), AS_OF, "md");
    assert!(out.path().join("incident-2026-005.md").is_file());
    assert!(!out.path().join("incident-2026-005-report.md").exists());
}

#[test]
fn the_investigation_report_is_in_english_for_an_english_organization() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&fixture("english"), data.path());
    let inc = CLOSED
        .replace("affected_systems: [S01]", "affected_systems: []")
        .replace("handler: lin-mh", "handler: ~")
        .replace(", by: lin-mh", "")
        .replace(", owner: lin-mh", "");
    std::fs::create_dir_all(data.path().join("incidents")).unwrap();
    std::fs::write(data.path().join("incidents/2026-006.yaml"), inc).unwrap();
    let out = build_at(data.path(), AS_OF, "md");
    let rep = read(out.path(), "incident-2026-006-report.md");
    for needle in [
        "# Incident Investigation, Handling and Improvement Report (2026-006)",
        "### 7. Preventive measures, timetable and follow-up",
        "| Closed | 2026-09-10 | — |",
    ] {
        assert!(rep.contains(needle), "lacks `{needle}`:\n{rep}");
    }
}

/// A walkthrough (沙盤推演) with a recovery time beyond the RTO and a data
/// loss beyond the RPO: estimates, never judged.
const WALKTHROUGH: &str = r#"drill:
  id: 2026-DR-05
  title: 公文系統主機故障沙盤推演
  method: walkthrough
  date: 2026-06-10
  start: "09:00"
  end: "11:00"
  processes: [P01]
  systems: [S01]
  results:
    - { process: P01, recovered_in: 2d, data_loss: 2d }
  phases:
    notification: { rating: good, notes: 通報流程明確 }
    failover: { rating: not-exercised }
"#;

#[test]
fn walkthrough_times_are_estimates_never_met_or_missed() {
    let data = data_with(&[("drills/2026-DR-05.yaml", WALKTHROUGH)]);
    let out = build_at(data.path(), AS_OF, "md");
    let md = read(out.path(), "drill-2026-DR-05.md");
    assert!(
        md.contains(
            "| 公文線上簽核（P01） | 1日 | 2日（推估） | 推估 | 1日 | 2日（推估） | 推估 |"
        ),
        "{md}"
    );
    assert!(
        md.contains("上列時間為推估值，不據以判定是否達成RTO及RPO"),
        "{md}"
    );
    assert!(!md.contains("未達成") && !md.contains("☑ 達成"), "{md}");
    // Phases: rated, not exercised, and not rated.
    for needle in [
        "| 通報 | 良好 | 通報流程明確 |",
        "| 應變 | 未評定 | — |",
        "| 備援回復 | 未演練 | — |",
    ] {
        assert!(md.contains(needle), "lacks `{needle}`:\n{md}");
    }
    // `check` raises no RTO finding for an estimate.
    let r = run(&[
        "check",
        data.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert!(!r.stdout.contains("drill-rto-missed"), "{}", r.stdout);
}

#[test]
fn drill_results_compare_data_loss_with_the_rpo() {
    let sim = WALKTHROUGH
        .replace("method: walkthrough", "method: simulation")
        .replace(
            "- { process: P01, recovered_in: 2d, data_loss: 2d }",
            "- { process: P01, recovered_in: 5h30m, data_loss: 1d6h }",
        );
    let data = data_with(&[("drills/2026-DR-05.yaml", &sim)]);
    let out = build_at(data.path(), AS_OF, "md");
    let md = read(out.path(), "drill-2026-DR-05.md");
    assert!(
        md.contains("| 公文線上簽核（P01） | 1日 | 5小時30分鐘 | ☑ 達成 | 1日 | 1日6小時 | ⚠ 未達成（超過6小時） |"),
        "{md}"
    );
    assert!(
        md.contains("共1項業務流程之資料損失超過資料復原點目標"),
        "{md}"
    );
    let within = sim.replace("data_loss: 1d6h", "data_loss: 20h");
    let data = data_with(&[("drills/2026-DR-05.yaml", &within)]);
    let out = build_at(data.path(), AS_OF, "md");
    let md = read(out.path(), "drill-2026-DR-05.md");
    assert!(md.contains("| 1日 | 20小時 | ☑ 達成 |"), "{md}");
    assert!(md.contains("未有資料損失超過資料復原點目標"), "{md}");
}

#[test]
fn an_event_reads_as_an_event_report() {
    let event = WALKTHROUGH
        .replace("method: walkthrough", "method: full\n  kind: event")
        .replace("公文系統主機故障沙盤推演", "公文系統主機實際故障處理");
    let data = data_with(&[("drills/2026-DR-05.yaml", &event)]);
    let out = build_at(data.path(), AS_OF, "md");
    let md = read(out.path(), "drill-2026-DR-05.md");
    for needle in [
        "# 事件處理報告（2026-DR-05）",
        "事件編號：2026-DR-05",
        "本報告記錄實際發生之事件及其處理",
        "| 類別 | ☐ 演練　☑ 實際事件處理 |",
        "| 事件名稱 | 公文系統主機實際故障處理 |",
        "### 五、處理結果檢討",
    ] {
        assert!(md.contains(needle), "lacks `{needle}`:\n{md}");
    }
    // An exercise keeps the drill wording.
    let out = build_at(
        data_with(&[("drills/2026-DR-05.yaml", WALKTHROUGH)]).path(),
        AS_OF,
        "md",
    );
    let md = read(out.path(), "drill-2026-DR-05.md");
    assert!(md.contains("# 演練報告（2026-DR-05）"), "{md}");
    assert!(md.contains("| 類別 | ☑ 演練　☐ 實際事件處理 |"), "{md}");
}

#[test]
fn deadlines_are_worded_as_the_regulation_words_them() {
    let data = data_with(&[]);
    let out = build_at(data.path(), AS_OF, "md");
    let proc_md = read(out.path(), "incident-procedure.md");
    assert!(proc_md.contains("知悉後72小時內"), "{proc_md}");
    assert!(proc_md.contains("知悉後36小時內"), "{proc_md}");
    assert!(
        !proc_md.contains("3天") && !proc_md.contains("1天12小時"),
        "{proc_md}"
    );
    // zh-TW official text writes days as 日.
    let bia = read(out.path(), "annex-bia.md");
    assert!(bia.contains("| 3日 |"), "{bia}");
    for f in std::fs::read_dir(out.path()).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            let t = std::fs::read_to_string(&p).unwrap();
            for (i, _) in t.match_indices('天') {
                let next = t[i + '天'.len_utf8()..].chars().next();
                let prev = t[..i].chars().last();
                assert!(
                    !prev.is_some_and(|c| c.is_ascii_digit()),
                    "{}: a count of 天 at {i} ({prev:?}天{next:?})",
                    p.display()
                );
            }
        }
    }
    // English: "within 72 hours".
    let data = tempfile::tempdir().unwrap();
    copy_tree(&fixture("english"), data.path());
    let out = build_at(data.path(), AS_OF, "md");
    let proc_md = read(out.path(), "incident-procedure.md");
    assert!(
        proc_md.contains("within 72 hours of becoming aware"),
        "{proc_md}"
    );
    assert!(!proc_md.contains("3 days"), "{proc_md}");
}
