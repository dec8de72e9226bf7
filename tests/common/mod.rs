//! Helpers for integration tests: run the real binary on fixture data.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const AS_OF: &str = "2026-11-22";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bcpgen"));
    c.env("NO_COLOR", "1").env_remove("SOURCE_DATE_EPOCH");
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    let out: Output = bin().args(args).output().expect("run bcpgen");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Builds `data` into a fresh temporary directory with the given extra args.
pub fn build(data: &Path, extra: &[&str]) -> (tempfile::TempDir, Run) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        data.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
    ];
    args.extend_from_slice(extra);
    let r = run(&args);
    (out, r)
}

/// Builds `data` as of `as_of` in `formats` into a fresh directory.
pub fn build_at(data: &Path, as_of: &str, formats: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "build",
        data.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--as-of",
        as_of,
        "--format",
        formats,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    out
}

pub fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Text of the HTML with tags removed and entities decoded (what a reader sees).
pub fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The cells of every table row in a Markdown document, parsed with pulldown-cmark.
pub fn table_rows(md: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => row = Some(Vec::new()),
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => rows.extend(row.take()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.push(c);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    rows
}

/// Copies a directory tree (a fixture or the example data, to change in a test).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A temporary copy of `base` with `file` edited: each `(from, to)` replaces
/// text that must be there (an overlay on a clean base).
pub fn overlay(base: &Path, file: &str, edits: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_tree(base, d.path());
    let path = d.path().join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{file} has no {from:?}");
        text = text.replace(from, to);
    }
    std::fs::write(&path, text).unwrap();
    d
}

/// A temporary copy of the example data in `data/`.
pub fn example_copy() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_tree(&root().join("data"), d.path());
    d
}

/// The text of a PDF as pdftotext lays it out.
pub fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `tool` is on the PATH.
pub fn have(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
}

/// Converts `files` to PDF into `out` with one LibreOffice run
/// (`soffice --headless --convert-to pdf`) and a profile private to this call.
pub fn soffice_to_pdf(files: &[PathBuf], out: &Path) {
    soffice_convert(files, "pdf", out);
}

/// Converts `files` to the format `to` (`pdf`, `odt`) into `out` with one
/// LibreOffice run and a profile private to this call.
pub fn soffice_convert(files: &[PathBuf], to: &str, out: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let r = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .unwrap();
    assert!(
        r.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&r.stderr)
    );
}
