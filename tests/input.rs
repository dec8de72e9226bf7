//! Hostile and unusual input: every case is a copy of the example data with a
//! small change (an overlay), run through the real binary. Nothing panics,
//! hangs or leaks; every error is located; nothing is dropped silently.

mod common;
use common::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A copy of the example data in a temporary directory.
fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("data"), &dir.path().join("data"));
    dir
}

/// The example data with `edits` applied: (file, text to find, replacement).
fn data_with(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = data_copy();
    for (file, from, to) in edits {
        let p = dir.path().join("data").join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }
    dir
}

fn data(dir: &tempfile::TempDir) -> String {
    dir.path().join("data").display().to_string()
}

fn check(dir: &tempfile::TempDir) -> Run {
    run_bounded(&["check", &data(dir), "--as-of", AS_OF])
}

/// Runs the binary, failing the test (not hanging it) after 20 seconds.
fn run_bounded(args: &[&str]) -> Run {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("bcpgen {args:?} did not finish within 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !r.stderr.contains("panicked"),
        "bcpgen {args:?} panicked:\n{}",
        r.stderr
    );
    r
}

/// The headline of the first error mentioning `needle`.
fn error_line<'a>(r: &'a Run, needle: &str) -> &'a str {
    r.stderr
        .lines()
        .find(|l| l.contains(": error") && l.contains(needle))
        .unwrap_or_else(|| panic!("no error with `{needle}` in:\n{}", r.stderr))
}

#[test]
fn huge_durations_are_located_errors_in_check_build_and_show() {
    for field in [
        "internal_report_within",
        "notify_within",
        "recovery_within_level_1_2",
        "recovery_within_level_3_4",
    ] {
        let dir = data_with(&[(
            "organization.yaml",
            "    internal_report_within: 15m",
            &format!("    {field}: 99999999999d"),
        )]);
        let r = check(&dir);
        assert_eq!(r.code, 1, "{field}: {}", r.stderr);
        let line = error_line(&r, &format!("policy.overrides.{field}"));
        assert!(
            line.contains("organization.yaml:167:") && line.contains("limit of 3650d"),
            "{line}"
        );
        let r = run_bounded(&["show", "incident", "2026-001", "--data", &data(&dir)]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("out");
        let r = run_bounded(&[
            "build",
            &data(&dir),
            "--out",
            target.to_str().unwrap(),
            "--format",
            "md",
        ]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(!target.exists());
    }
    // The largest accepted value computes without overflow.
    let dir = data_with(&[(
        "organization.yaml",
        "    internal_report_within: 15m",
        "    internal_report_within: 3650d\n    notify_within: 520w",
    )]);
    let r = run_bounded(&["show", "incident", "2026-001", "--data", &data(&dir)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = check(&dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_huge_rto_and_month_counts_are_errors() {
    let dir = data_with(&[
        ("processes.yaml", "rto: ", "rto: 9999999999999999999999w #"),
        (
            "organization.yaml",
            "plan_review_months: 12",
            "plan_review_months: 4294967295",
        ),
    ]);
    let r = check(&dir);
    assert_eq!(r.code, 1);
    assert!(error_line(&r, "processes[0].rto").contains("limit of 3650d"));
    assert!(error_line(&r, "policy.plan_review_months").contains("limit of 120"));
}

#[test]
fn a_link_to_dev_zero_or_outside_the_directory_is_refused_without_leaking() {
    let dir = data_copy();
    let d = dir.path().join("data");
    std::fs::remove_file(d.join("people.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("people.yaml")).unwrap();
    let r = check(&dir);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(error_line(&r, "people.yaml").contains("outside the data directory"));

    // A file outside: its lines never show in an excerpt.
    let secret = dir.path().join("secret.yaml");
    std::fs::write(
        &secret,
        "people:\n  - id: x\n    name: TOP-SECRET-LINE\n  bad: [\n",
    )
    .unwrap();
    std::fs::remove_file(d.join("people.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, d.join("people.yaml")).unwrap();
    let r = check(&dir);
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains("TOP-SECRET"), "{}", r.stderr);
    assert!(error_line(&r, "people.yaml").contains("outside the data directory"));

    // A link inside the directory is fine.
    std::fs::rename(d.join("hazards.yaml"), d.join("hazards.real")).unwrap();
    std::os::unix::fs::symlink("hazards.real", d.join("hazards.yaml")).unwrap();
    std::fs::remove_file(d.join("people.yaml")).unwrap();
    std::fs::copy(root().join("data/people.yaml"), d.join("people.yaml")).unwrap();
    let r = check(&dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_fifo_does_not_hang_and_a_large_file_is_not_read_whole() {
    let dir = data_copy();
    let d = dir.path().join("data");
    std::fs::remove_file(d.join("roles.yaml")).unwrap();
    let ok = std::process::Command::new("mkfifo")
        .arg(d.join("roles.yaml"))
        .status()
        .unwrap();
    assert!(ok.success());
    // A file just over the limit (sparse, so the test stays cheap).
    std::fs::remove_file(d.join("hazards.yaml")).unwrap();
    let f = std::fs::File::create(d.join("hazards.yaml")).unwrap();
    f.set_len(8 * 1024 * 1024 + 1).unwrap();
    let r = check(&dir);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(error_line(&r, "roles.yaml").contains("not a regular file"));
    assert!(error_line(&r, "hazards.yaml").contains("larger than the limit"));
}

#[test]
fn a_data_directory_that_is_a_file_and_unreadable_files() {
    let dir = data_copy();
    let file = dir.path().join("data/people.yaml");
    let r = run_bounded(&["check", file.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("is a file, not a data directory"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("not found"), "{}", r.stderr);

    // A data file that cannot be read is an I/O error: exit 3, as the README says.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let r = check(&dir);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(error_line(&r, "people.yaml").contains("a directory"));
    let out = tempfile::tempdir().unwrap();
    let r = run_bounded(&[
        "build",
        &data(&dir),
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("| 3 | environment or I/O error: cannot read"));
}

#[test]
fn an_unreadable_file_exits_3() {
    use std::os::unix::fs::PermissionsExt;
    let dir = data_copy();
    let p = dir.path().join("data/roles.yaml");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        // Running as root: permissions do not apply; the directory case above covers exit 3.
        return;
    }
    let r = check(&dir);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(error_line(&r, "roles.yaml").contains("cannot read"));
}

#[test]
fn unquoted_numbers_in_text_fields_keep_what_was_written() {
    let dir = data_with(&[
        ("organization.yaml", "version: \"3.0\"", "version: 3.10"),
        ("organization.yaml", "number: YX-ISMS-P-007", "number: 0x1F"),
        (
            "people.yaml",
            "mobile: \"0900-000-101\"",
            "mobile: +886912000111",
        ),
        ("people.yaml", "title: 秘書", "title: 2026"),
        ("people.yaml", "office: \"05-0000-101#201\"", "office: 1e3"),
    ]);
    let (out, r) = build(&dir.path().join("data"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let procedure = read(out.path(), "bcm-procedure.md");
    assert!(procedure.contains("| 版次 | 3.10 |"), "{procedure}");
    let contacts = read(out.path(), "annex-contacts.md");
    assert!(contacts.contains("+886912000111"), "{contacts}");
    assert!(contacts.contains("| 2026 |"), "{contacts}");
    assert!(contacts.contains("(O) 1e3"), "{contacts}");
    let bcp = read(out.path(), "bcp.md");
    assert!(bcp.contains("0x1F"), "{bcp}");
    // A numeric field given something that is no plain number is located.
    let dir = data_with(&[(
        "organization.yaml",
        "plan_review_months: 12",
        "plan_review_months: 0x0C",
    )]);
    let r = check(&dir);
    assert_eq!(r.code, 1);
    assert!(error_line(&r, "policy.plan_review_months").contains("organization.yaml:162:"));
}

#[test]
fn record_directories_never_drop_a_file_silently() {
    // `incidents` is a file.
    let dir = data_copy();
    let inc = dir.path().join("data/incidents");
    std::fs::remove_dir_all(&inc).unwrap();
    std::fs::write(&inc, "incident: {}\n").unwrap();
    let r = check(&dir);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(error_line(&r, "incidents").contains("must be a directory"));

    // A subdirectory, a file not ending in .yaml, an empty file: warnings.
    let dir = data_copy();
    let inc = dir.path().join("data/incidents");
    std::fs::create_dir(inc.join("2025")).unwrap();
    std::fs::copy(inc.join("2026-002.yaml"), inc.join("2025/2025-001.yaml")).unwrap();
    std::fs::write(inc.join("2026-003.txt"), "incident: {}\n").unwrap();
    std::fs::write(inc.join("2026-004.yaml"), "").unwrap();
    std::fs::write(inc.join(".hidden.yaml.swp"), "x").unwrap();
    let r = check(&dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (file, msg) in [
        ("incidents/2025:", "records in subdirectories are not read"),
        ("incidents/2026-003.txt:", "does not end in .yaml"),
        ("incidents/2026-004.yaml:", "empty"),
    ] {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains(file) && l.contains("warning") && l.contains(msg)),
            "no warning `{msg}` for {file}:\n{}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains(".hidden"), "{}", r.stderr);

    // `.yml` is read like `.yaml`.
    let dir = data_copy();
    let drills = dir.path().join("data/drills");
    std::fs::rename(
        drills.join("2026-DR-02.yaml"),
        drills.join("2026-DR-02.yml"),
    )
    .unwrap();
    let (out, r) = build(&dir.path().join("data"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.path().join("drill-2026-DR-02.md").exists());

    // An unreadable record directory is an I/O error.
    let dir = data_copy();
    let drills = dir.path().join("data/drills");
    std::fs::remove_file(drills.join("2026-DR-02.yaml")).unwrap();
    std::fs::create_dir(drills.join("2026-DR-02.yaml")).unwrap();
    let r = check(&dir);
    assert!(r.stderr.contains("2026-DR-02.yaml"), "{}", r.stderr);
}

#[test]
fn control_characters_are_rejected_where_they_stand_and_never_printed() {
    let dir = data_with(&[
        (
            "people.yaml",
            "name: 林志遠",
            "name: \"林志遠\\e[2J\\e[31m\"",
        ),
        ("processes.yaml", "unit: 行政室", "unit: \"行政室\\x07\""),
    ]);
    let r = check(&dir);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        error_line(&r, "people[0].name").contains("people.yaml:5:11")
            && error_line(&r, "people[0].name").contains("U+001B"),
        "{}",
        r.stderr
    );
    assert!(error_line(&r, "processes[0].unit").contains("U+0007"));
    assert!(!r.stderr.contains('\x1b') && !r.stderr.contains('\x07'));

    // A raw escape byte in the file: the excerpt shows it escaped.
    let dir = data_with(&[("people.yaml", "title: 秘書", "title: 秘書\x1b[31m")]);
    let r = check(&dir);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains('\x1b'), "{:?}", r.stderr);
    assert!(r.stderr.contains("\\u{1b}"), "{}", r.stderr);
    assert!(
        error_line(&r, "U+001B").contains("people.yaml:6:14"),
        "{}",
        r.stderr
    );
    let json = run_bounded(&["check", &data(&dir), "--format", "json"]);
    assert!(!json.stdout.contains('\x1b'));
}

#[test]
fn ids_differing_only_in_case_collide() {
    let dir = data_copy();
    let inc = dir.path().join("data/incidents");
    let text = std::fs::read_to_string(inc.join("2026-002.yaml")).unwrap();
    let id_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("id:"))
        .unwrap();
    let copy = text.replacen(id_line, "  id: \"2026-X01\"", 1);
    std::fs::write(inc.join("2026-X01.yaml"), copy.clone()).unwrap();
    std::fs::write(
        inc.join("2026-x01b.yaml"),
        copy.replacen("2026-X01", "2026-x01", 1),
    )
    .unwrap();
    let dir2 = data_with(&[(
        "people.yaml",
        "  - id: huang-mh",
        "  - id: LIN-ZY\n    name: 林\n  - id: huang-mh",
    )]);
    for (d, field, file) in [
        (&dir, "incident.id", "2026-x01b.yaml:4:7"),
        (&dir2, "people[1].id", "people.yaml:15:"),
    ] {
        let r = check(d);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let line = error_line(&r, "only in letter case");
        assert!(line.contains(field) && line.contains(file), "{line}");
    }
}

#[test]
fn a_duplicate_key_is_reported_where_it_is_repeated() {
    let dir = data_with(&[(
        "people.yaml",
        "    title: 資訊管理員",
        "    title: 資訊管理員\n    unit: 民政課",
    )]);
    let r = check(&dir);
    assert_eq!(r.code, 1);
    let line = error_line(&r, "duplicate key `unit`");
    assert!(
        line.contains("people.yaml:30:5") && line.contains("people[2].unit"),
        "{line}"
    );
    assert!(
        r.stderr.contains("already given on line 29"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_alias_bomb_error_has_a_location() {
    let r = run_bounded(&["check", fixture("bad-alias").to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let line = error_line(&r, "hazards.yaml");
    let head = line.split(": error").next().unwrap();
    let parts: Vec<&str> = head.rsplitn(3, ':').collect();
    assert!(
        parts.len() == 3 && parts[0].parse::<u32>().is_ok() && parts[1].parse::<u32>().is_ok(),
        "{line}"
    );
}

#[test]
fn a_syntax_error_comes_first_and_its_cascade_is_counted_not_printed() {
    // One indentation slip in people.yaml (the key moves left of its siblings).
    let dir = data_with(&[("people.yaml", "    name: 黃美華", "   name: 黃美華")]);
    let r = check(&dir);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error")).collect();
    assert!(
        errors[0].contains("people.yaml:") && errors[0].contains("YAML syntax error"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("unknown person"), "{}", r.stderr);
    assert!(errors.len() <= 2, "{}", r.stderr);
    assert!(r.stderr.contains("follow from it"), "{}", r.stderr);
    assert!(r.stderr.contains("indentation"), "{}", r.stderr);
    let json = run_bounded(&["check", &data(&dir), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(v["suppressed"].as_u64().unwrap() >= 10, "{v}");

    // A tab used for indentation gets its own hint.
    let dir = data_with(&[("roles.yaml", "\n  - id:", "\n\t- id:")]);
    let r = check(&dir);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("tabs"), "{}", r.stderr);
}

#[test]
fn roc_year_dates_are_refused_or_written_out() {
    let dir = data_with(&[(
        "organization.yaml",
        "issued: 2026-06-15",
        "issued: 115-05-05",
    )]);
    let r = check(&dir);
    assert_eq!(r.code, 1);
    let line = error_line(&r, "document_set.documents[0].issued");
    assert!(line.contains("organization.yaml:34:15"), "{line}");
    assert!(line.contains("write 2026-05-05"), "{line}");

    let dir = data_with(&[(
        "organization.yaml",
        "issued: 2026-06-15",
        "issued: 民國115年5月5日",
    )]);
    let (out, r) = build(&dir.path().join("data"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "bcm-procedure.md");
    assert!(md.contains("| 發行日期 | 中華民國115年5月5日 |"), "{md}");
}

#[test]
fn a_unit_outside_organization_units_is_an_error_with_did_you_mean() {
    let dir = data_with(&[
        ("people.yaml", "unit: 行政室", "unit: 行政課"),
        ("processes.yaml", "unit: 行政室", "unit: 圖書館"),
    ]);
    let r = check(&dir);
    assert_eq!(r.code, 1);
    let line = error_line(&r, "people[0].unit");
    assert!(
        line.contains("people.yaml:7:11") && line.contains("organization.units"),
        "{line}"
    );
    assert!(r.stderr.contains("did you mean `行政室`?"), "{}", r.stderr);
    assert!(r.stderr.contains("the units are: 行政室"), "{}", r.stderr);
}

#[test]
fn a_record_id_that_names_a_fixed_document_is_refused() {
    // `incident-procedure` is the incident procedure itself: a report with
    // that id would replace it (and the set would hold the procedure twice).
    for id in ["procedure", "Procedure"] {
        let dir = data_with(&[(
            "incidents/2026-001.yaml",
            "  id: \"2026-001\"",
            &format!("  id: \"{id}\""),
        )]);
        let r = check(&dir);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let line = error_line(&r, "which is the set's `incident-procedure`");
        assert!(
            line.contains("2026-001.yaml:4:") && line.contains("incident.id"),
            "{line}"
        );
        let out = tempfile::tempdir().unwrap();
        let b = run_bounded(&[
            "build",
            &data(&dir),
            "--out",
            &out.path().display().to_string(),
            "--format",
            "md",
            "--as-of",
            AS_OF,
        ]);
        assert_eq!(b.code, 1, "{}", b.stderr);
        assert!(std::fs::read_dir(out.path()).unwrap().next().is_none());
    }
}
