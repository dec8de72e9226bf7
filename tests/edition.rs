//! Editions: `--edition public` masks home and mobile numbers in every format
//! and says so on every file; the full edition says it contains personal data.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// Every home and mobile number of the example's people and external contacts
/// (a vendor engineer's mobile is personal data too).
fn private_numbers() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("data/people.yaml")).unwrap();
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let mut out = Vec::new();
    for list in ["people", "external"] {
        for p in v[list].as_sequence().unwrap() {
            for k in ["home", "mobile"] {
                if let Some(n) = p["phones"][k].as_str() {
                    out.push(n.to_string());
                }
            }
        }
    }
    assert!(out.len() >= 20, "{out:?}");
    assert!(out.iter().any(|n| n == "0900-000-501"), "{out:?}");
    out
}

/// What a reader sees in a file, with all whitespace removed (so that a
/// number or a notice wrapped over two lines is still found).
fn visible_text(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = if name.ends_with(".pdf") {
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        assert!(out.status.success(), "pdftotext {name}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else if name.ends_with(".html") {
        // The text and the markup: a number must not hide in an attribute either.
        let raw = std::fs::read_to_string(path).unwrap();
        format!("{}\n{raw}", html_text(&raw))
    } else {
        std::fs::read_to_string(path).unwrap()
    };
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // The documents, not the build's manifest.
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    v.sort();
    v
}

fn notice(edition: &str) -> String {
    let text = std::fs::read_to_string(root().join("locales/zh-TW.yaml")).unwrap();
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    v["edition_notice"][edition]
        .as_str()
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Documents that print people's home and mobile numbers (the incident
/// procedure those of external contacts) or a record's people (and the index
/// and the combined set, which hold them).
fn holds_personal_data(f: &Path) -> bool {
    let name = f.file_name().unwrap().to_string_lossy().to_string();
    [
        "annex-roles.",
        "annex-contacts.",
        "incident-procedure.",
        "incident-2",
        "drill-",
        "index.html",
        "bcp-set.pdf",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

#[test]
fn public_edition_masks_private_numbers_in_every_file_and_says_so() {
    let (out, r) = build(
        &root().join("data"),
        &["--edition", "public", "--format", "md,html,pdf"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = files(out.path());
    for ext in ["md", "html", "pdf"] {
        assert!(
            files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == ext)),
            "no .{ext} written"
        );
    }
    assert!(files.iter().any(|f| f.ends_with("index.html")));
    let numbers = private_numbers();
    let public = notice("public");
    let full = notice("full");
    for f in &files {
        let text = visible_text(f);
        for n in &numbers {
            assert!(!text.contains(n.as_str()), "{}: {n} unmasked", f.display());
        }
        // Every format says it where personal data was masked (and on the
        // index and the set file's cover), nowhere else.
        assert_eq!(
            text.contains(&public),
            holds_personal_data(f),
            "{}: public-edition notice",
            f.display()
        );
        assert!(!text.contains(&full), "{}: says full edition", f.display());
    }
    // The masked form keeps the last three digits.
    let contacts = std::fs::read_to_string(out.path().join("annex-contacts.md")).unwrap();
    assert!(contacts.contains("101"), "{contacts}");
    assert!(contacts.contains('*'), "{contacts}");
}

#[test]
fn full_edition_says_it_contains_personal_data() {
    let (out, r) = build(&root().join("data"), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let full = notice("full");
    let when_filled: String = "本表填寫後含個人資料，請依機密等級管理".into();
    for f in files(out.path()) {
        let text = visible_text(&f);
        assert_eq!(
            text.contains(&full),
            holds_personal_data(&f),
            "{}: the full-edition notice belongs only on documents with personal data",
            f.display()
        );
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let blank_personal = [
            "form-incident-report",
            "form-internal-report",
            "form-attendance",
        ]
        .iter()
        .any(|id| name.starts_with(&format!("{id}.")));
        assert_eq!(
            text.contains(&when_filled),
            blank_personal,
            "{}: the fill-in notice belongs on blank forms that will hold personal data",
            f.display()
        );
    }
    let contacts = std::fs::read_to_string(out.path().join("annex-contacts.md")).unwrap();
    assert!(contacts.contains(&private_numbers()[1]), "{contacts}");
}

#[test]
fn every_pdf_page_of_a_masked_document_is_marked_with_the_edition() {
    let (out, r) = build(
        &root().join("data"),
        &[
            "--edition",
            "public",
            "--format",
            "pdf",
            "--only",
            "annex-contacts,bcp",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let public = notice("public");
    let pdfs: Vec<_> = files(out.path())
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
        .filter(|f| !f.ends_with("bcp-set.pdf"))
        .collect();
    assert!(pdfs.len() >= 2, "{pdfs:?}");
    for f in pdfs {
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&f)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        for (i, page) in text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .enumerate()
        {
            let page: String = page.chars().filter(|c| !c.is_whitespace()).collect();
            // The plan holds no personal data: nothing was masked in it.
            assert_eq!(
                page.contains(&public),
                holds_personal_data(&f),
                "{} page {}: public-edition mark",
                f.display(),
                i + 1
            );
        }
    }
}
