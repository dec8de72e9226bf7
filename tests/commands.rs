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
