//! Bad input: clear errors with file, line, column and field; exit 1; nothing written.

mod common;
use common::*;

fn fails_cleanly(fixture_name: &str) -> Run {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let r = run(&[
        "build",
        fixture(fixture_name).to_str().unwrap(),
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(
        r.code, 1,
        "{fixture_name}: expected exit 1, got {}: {}",
        r.code, r.stderr
    );
    assert!(
        !target.exists(),
        "{fixture_name}: output directory was created"
    );
    r
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let r = fails_cleanly("bad-many");
    let e = &r.stderr;
    let expect = [
        (
            "processes.yaml:12:10",
            "processes[0].rto",
            "invalid duration `3x`",
        ),
        (
            "processes.yaml:33:5",
            "processes[1].rot",
            "unknown key `rot`",
        ),
        (
            "processes.yaml",
            "processes[1].criticality",
            "unknown value `hgh`; allowed: high, medium, low",
        ),
        (
            "processes.yaml",
            "processes[1].systems[0]",
            "unknown system `S99`",
        ),
        (
            "people.yaml",
            "people[0].verified",
            "invalid date `2026-13-01`",
        ),
        ("people.yaml", "people[2].id", "duplicate id `lin-mh`"),
    ];
    for (file, field, msg) in expect {
        let line = e.lines().find(|l| l.contains(field) && l.contains(msg));
        assert!(line.is_some(), "no `{field}: {msg}` line in:\n{e}");
        assert!(
            line.unwrap().contains(file),
            "`{field}` not located in {file}:\n{e}"
        );
    }
    assert!(
        e.contains("did you mean `rto`?"),
        "no did-you-mean hint:\n{e}"
    );
    assert!(e.contains("did you mean `high`?"), "{e}");
    assert!(e.contains("nothing was written"));
}

#[test]
fn every_diagnostic_line_names_file_line_and_column() {
    let r = fails_cleanly("bad-many");
    for l in r.stderr.lines().filter(|l| l.contains(": error: ")) {
        let head = l.split(": error").next().unwrap();
        let parts: Vec<&str> = head.rsplitn(3, ':').collect();
        assert!(
            parts.len() == 3 && parts[0].parse::<u32>().is_ok() && parts[1].parse::<u32>().is_ok(),
            "no file:line:col in `{l}`"
        );
    }
}

#[test]
fn alias_bomb_fails_fast() {
    let r = fails_cleanly("bad-alias");
    assert!(r.stderr.contains("hazards.yaml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("repetition limit") || r.stderr.contains("alias"),
        "{}",
        r.stderr
    );
}

#[test]
fn invalid_utf8_is_located() {
    let r = fails_cleanly("bad-utf8");
    assert!(r.stderr.contains("people.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("not valid UTF-8"), "{}", r.stderr);
}

#[test]
fn empty_organization_file_is_an_error() {
    let r = fails_cleanly("bad-empty");
    assert!(
        r.stderr.contains("organization.yaml") && r.stderr.contains("empty"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_data_directory() {
    let r = run(&["check", "/nonexistent/bcpgen-data"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("not found") && r.stderr.contains("bcpgen init"),
        "{}",
        r.stderr
    );
}

#[test]
fn failed_build_leaves_existing_output_untouched() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("bcp.md"), "previous").unwrap();
    let r = run(&[
        "build",
        fixture("bad-many").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        std::fs::read_to_string(out.path().join("bcp.md")).unwrap(),
        "previous"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["build", "--format", "rtf"]).code, 2);
    assert_eq!(run(&["build", "--as-of", "2026-02-30"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
}
