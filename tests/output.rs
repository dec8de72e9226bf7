//! The output directory: a build is written as a unit (a failure leaves the
//! directory exactly as it was), under a lock, removes the outputs of earlier
//! builds it no longer produces (and nothing else), cleans up after a killed
//! run, and never replaces a read-only file; `typeset -o` never overwrites its
//! input nor creates directories.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every entry under `dir`: relative path → file bytes and mode (`None` for a directory).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<(Vec<u8>, u32)>> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.is_dir() {
                out.insert(rel, None);
                stack.push(p);
            } else {
                out.insert(
                    rel,
                    Some((std::fs::read(&p).unwrap(), m.permissions().mode())),
                );
            }
        }
    }
    out
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".bcpgen-") && n.ends_with(".tmp"))
        .collect()
}

fn build_into(data: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The same build through `sh`, with a file-size limit (in the shell's blocks)
/// standing for a full disk; `ignore_signal` turns the limit's SIGXFSZ into a
/// plain write error (EFBIG), otherwise the process is killed mid-write.
fn build_with_size_limit(data: &Path, out: &Path, blocks: u32, ignore_signal: bool) -> Run {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    let script = format!(
        "{trap}ulimit -f {blocks}; exec \"$0\" build \"$1\" --out \"$2\" --as-of {AS_OF} --format md,html --edition public"
    );
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_bcpgen"))
        .arg(data)
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn data() -> PathBuf {
    root().join("data")
}

#[test]
fn a_failure_in_the_middle_of_the_swap_leaves_the_directory_as_it_was() {
    let out = tempfile::tempdir().unwrap();
    let r = build_into(&data(), out.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A file that cannot be replaced, late in the set: a directory where
    // index.html must go. Every document before it is swapped in first.
    std::fs::remove_file(out.path().join("index.html")).unwrap();
    std::fs::create_dir(out.path().join("index.html")).unwrap();
    std::fs::write(out.path().join("index.html/keep.txt"), "mine").unwrap();
    let before = snapshot(out.path());
    let r = build_into(
        &data(),
        out.path(),
        &["--format", "md,html", "--edition", "public"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("index.html"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    let after = snapshot(out.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "the directory changed");
}

#[test]
fn a_write_error_while_staging_leaves_the_directory_as_it_was() {
    let out = tempfile::tempdir().unwrap();
    let r = build_into(&data(), out.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(out.path());
    // Files beyond the limit cannot be written, as on a full disk.
    let r = build_with_size_limit(&data(), out.path(), 40, true);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("File too large"), "{}", r.stderr);
    assert!(snapshot(out.path()) == before, "the directory changed");
    // Into a new directory: nothing at all is left.
    let fresh = out.path().join("new");
    let r = build_with_size_limit(&data(), &fresh, 40, true);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(!fresh.exists());
}

#[test]
fn a_run_killed_while_writing_changes_nothing_and_the_next_build_cleans_up() {
    let out = tempfile::tempdir().unwrap();
    let r = build_into(&data(), out.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(out.path());
    // SIGXFSZ kills the process in the middle of writing, like kill -9.
    let r = build_with_size_limit(&data(), out.path(), 40, false);
    assert_eq!(r.code, -1, "killed by a signal: {}", r.stderr);
    let left = temp_files(out.path());
    assert!(!left.is_empty(), "the killed run left no temporary files");
    let mut after = snapshot(out.path());
    after.retain(|k, _| {
        !k.to_string_lossy().starts_with(".bcpgen-")
            || k.to_string_lossy() == ".bcpgen-manifest.json"
    });
    assert!(after == before, "documents changed by a killed run");
    let r = build_into(&data(), out.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        temp_files(out.path()).is_empty(),
        "{:?}",
        temp_files(out.path())
    );
    assert!(r.stderr.contains("temporary file"), "{}", r.stderr);
}

#[test]
fn a_second_build_into_a_directory_in_use_fails_clearly() {
    let out = tempfile::tempdir().unwrap();
    let r = build_into(&data(), out.path(), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(out.path());
    // Another run holds the directory.
    let held = std::fs::File::open(out.path()).unwrap();
    held.lock().unwrap();
    let r = build_into(
        &data(),
        out.path(),
        &["--format", "md", "--edition", "public"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("in use by another bcpgen run"),
        "{}",
        r.stderr
    );
    assert!(snapshot(out.path()) == before);
    held.unlock().unwrap();
    let r = build_into(
        &data(),
        out.path(),
        &["--format", "md", "--edition", "public"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn outputs_no_longer_produced_are_removed_and_nothing_else() {
    let d = example_copy();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), "the user's").unwrap();
    std::fs::write(out.path().join("old-plan.pdf"), "the user's").unwrap();
    let r = build_into(d.path(), out.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.path().join("incident-2026-002.md").exists());
    // The incident is deleted from the data: its report goes.
    std::fs::remove_file(d.path().join("incidents/2026-002.yaml")).unwrap();
    let r = build_into(d.path(), out.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["incident-2026-002.md", "incident-2026-002.html"] {
        assert!(!out.path().join(f).exists(), "{f} left behind");
    }
    assert!(r.stderr.contains("incident-2026-002.md"), "{}", r.stderr);
    assert!(out.path().join("incident-2026-001.md").exists());
    assert_eq!(read(out.path(), "notes.txt"), "the user's");
    assert_eq!(read(out.path(), "old-plan.pdf"), "the user's");
}

#[test]
fn a_full_edition_file_does_not_stay_beside_a_public_build() {
    let out = tempfile::tempdir().unwrap();
    let r = build_into(&data(), out.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = build_into(
        &data(),
        out.path(),
        &["--format", "md", "--edition", "public"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    assert!(html.is_empty(), "full-edition files left: {html:?}");
    // A partial public build keeps the other public documents, and drops a
    // full-edition one.
    let r = build_into(
        &data(),
        out.path(),
        &["--format", "md", "--edition", "public", "--only", "bcp"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.path().join("annex-contacts.md").exists());
    let r = build_into(&data(), out.path(), &["--format", "md", "--only", "bcp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.path().join("bcp.md").exists());
    assert!(
        !out.path().join("annex-contacts.md").exists(),
        "a public file stays beside a full one"
    );
}

#[test]
fn a_read_only_output_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    let r = build_into(&data(), out.path(), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p = out.path().join("bcp.md");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(out.path());
    let r = build_into(
        &data(),
        out.path(),
        &["--format", "md", "--edition", "public"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains(p.to_str().unwrap()), "{}", r.stderr);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert!(snapshot(out.path()) == before);
}

#[test]
fn typeset_never_writes_over_its_input_nor_creates_directories() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("x.md");
    let text = "# Title\n\nBody.\n";
    std::fs::write(&md, text).unwrap();
    let r = run(&["typeset", md.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is the input"), "{}", r.stderr);
    // Through another spelling of the same path.
    let other = dir.path().join(".").join("x.md");
    let r = run(&[
        "typeset",
        md.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&md).unwrap(), text);
    let missing = dir.path().join("missing/deeper/x.pdf");
    let r = run(&[
        "typeset",
        md.to_str().unwrap(),
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    assert!(!dir.path().join("missing").exists());
    // A read-only output is not replaced.
    use std::os::unix::fs::PermissionsExt;
    let pdf = dir.path().join("x.pdf");
    std::fs::write(&pdf, "mine").unwrap();
    std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = run(&["typeset", md.to_str().unwrap()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&pdf).unwrap(), "mine");
}
