//! init, templates export, --templates overrides.

mod common;
use common::*;

#[test]
fn init_writes_a_valid_starting_point() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("agency");
    let r = run(&["init", target.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let org = std::fs::read_to_string(target.join("organization.yaml")).unwrap();
    assert!(org.starts_with("# yaml-language-server: $schema=./schema.json"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("schema.json")).unwrap())
            .unwrap();
    assert!(
        schema["properties"]["processes"].is_object(),
        "schema.json lacks processes"
    );
    assert!(org.contains("# "), "no comments");
    let r = run(&["check", target.to_str().unwrap()]);
    assert_eq!(r.code, 0, "the starter data does not check: {}", r.stderr);
    // A second init into the same directory refuses.
    assert_eq!(run(&["init", target.to_str().unwrap()]).code, 2);
}

#[test]
fn exported_templates_override_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    let r = run(&["templates", "export", tpl.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(tpl.join("bcp.md").is_file());
    // Keep only one file, changed: the others come from the built-in set.
    for e in std::fs::read_dir(&tpl).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "annex-records.md" {
            std::fs::remove_file(p).unwrap();
        }
    }
    let t = std::fs::read_to_string(tpl.join("annex-records.md")).unwrap();
    std::fs::write(
        tpl.join("annex-records.md"),
        format!("{t}\n本表由本所自訂範本產生。\n"),
    )
    .unwrap();
    let (out, r) = build(
        &root().join("data"),
        &["--format", "md", "--templates", tpl.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(out.path(), "annex-records.md").contains("本表由本所自訂範本產生。"));
    assert!(read(out.path(), "bcp.md").len() > 1000);
}

#[test]
fn broken_template_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("annex-records.md"),
        "# 標題\n\n第二行\n{% if %}\n",
    )
    .unwrap();
    let (out, r) = build(
        &root().join("data"),
        &[
            "--format",
            "md",
            "--templates",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("annex-records.md:4:"),
        "no file:line in: {}",
        r.stderr
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

/// Characters of Chinese text (CJK ideographs and full-width punctuation).
fn cjk(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| matches!(*c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF))
        .collect()
}

#[test]
fn init_en_writes_an_english_starter_that_asks_for_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("org");
    let t = target.to_str().unwrap();
    let r = run(&["init", t, "--locale", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut n = 0;
    for e in std::fs::read_dir(&target).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let text = std::fs::read_to_string(&p).unwrap();
            assert!(cjk(&text).is_empty(), "{}: {:?}", p.display(), cjk(&text));
            assert!(text.starts_with("# yaml-language-server: $schema=./schema.json"));
            n += 1;
        }
    }
    assert_eq!(n, 8, "every starter file");
    let org = std::fs::read_to_string(target.join("organization.yaml")).unwrap();
    assert!(org.contains("locale: en") && org.contains("calendar: gregorian"));
    // No silent Taiwanese default: the comments ask for NIS2 or DORA.
    assert!(org.contains("# CHOOSE") && org.contains("nis2") && org.contains("dora"));
    assert!(org.contains("incident_rules: nis2"));
    assert!(!org.contains("incident_rules: tw-national"));
    let r = run(&["check", t, "--as-of", AS_OF]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        cjk(&r.stderr).is_empty(),
        "check speaks English: {}",
        r.stderr
    );
    let (out, r) = build(&target, &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for doc in ["bcp", "annex-contacts", "incident-procedure"] {
        let md = read(out.path(), &format!("{doc}.md"));
        assert!(cjk(&md).is_empty(), "{doc}.md: {:?}", cjk(&md));
    }
    assert!(read(out.path(), "incident-procedure.md").contains("NIS2"));

    // A chosen rule set replaces the value and drops the note.
    let dora = dir.path().join("dora");
    let r = run(&[
        "init",
        dora.to_str().unwrap(),
        "--locale",
        "en",
        "--rules",
        "dora",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let org = std::fs::read_to_string(dora.join("organization.yaml")).unwrap();
    assert!(org.contains("incident_rules: dora"), "{org}");
    assert!(
        !org.contains("CHOOSE") && !org.contains("incident_rules: nis2"),
        "{org}"
    );
    let r = run(&["check", dora.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // And the Chinese starter keeps its Taiwanese rule set unless told otherwise.
    let zh = dir.path().join("zh");
    assert_eq!(
        run(&["init", zh.to_str().unwrap(), "--rules", "tw-2026"]).code,
        0
    );
    let org = std::fs::read_to_string(zh.join("organization.yaml")).unwrap();
    assert!(org.contains("incident_rules: tw-2026"), "{org}");
    assert!(org.contains("locale: zh-TW"));
    assert_eq!(
        run(&[
            "init",
            dir.path().join("x").to_str().unwrap(),
            "--rules",
            "nope"
        ])
        .code,
        2
    );
}
