//! Inputs that once crashed or hung the tool: nesting deep enough to exhaust
//! the stack (PDF and HTML), and a name long enough to make diagram text
//! measuring take minutes.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn qpdf_ok(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// `typeset` on a fixture: exit 0, a warning about the nesting, a valid PDF with the text.
fn typeset_deep(fixture_name: &str, innermost: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let r = run(&[
        "typeset",
        fixture(fixture_name).to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("nest more than 16 levels deep"),
        "{}",
        r.stderr
    );
    qpdf_ok(&pdf);
    assert!(pdf_text(&pdf).contains(innermost));
}

#[test]
fn typeset_survives_8312_nested_block_quotes() {
    typeset_deep("crash/deep-quotes.md", "deep");
}

#[test]
fn typeset_survives_a_10000_deep_list() {
    typeset_deep("crash/deep-list.md", "x");
}

#[test]
fn html_of_deeply_nested_markdown_nests_no_deeper_than_the_limit() {
    // A template override carries the nesting into a build's HTML and PDF.
    let templates = tempfile::tempdir().unwrap();
    let quotes = std::fs::read_to_string(fixture("crash/deep-quotes.md")).unwrap();
    let list = std::fs::read_to_string(fixture("crash/deep-list.md")).unwrap();
    std::fs::write(
        templates.path().join("bcp.md"),
        format!("{quotes}\n\n{list}"),
    )
    .unwrap();
    let (out, r) = build(
        &root().join("data"),
        &[
            "--templates",
            templates.path().to_str().unwrap(),
            "--only",
            "bcp",
            "--format",
            "html,pdf",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("nest more than 16 levels"),
        "{}",
        r.stderr
    );
    let html = read(out.path(), "bcp.html");
    let (mut depth, mut max) = (0usize, 0usize);
    for tag in html.split('<').skip(1) {
        if tag.starts_with("blockquote") || tag.starts_with("ul") || tag.starts_with("ol") {
            depth += 1;
            max = max.max(depth);
        } else if tag.starts_with("/blockquote") || tag.starts_with("/ul") || tag.starts_with("/ol")
        {
            depth -= 1;
        }
    }
    assert_eq!(depth, 0, "unbalanced HTML");
    assert_eq!(max, 16, "nesting depth of the HTML");
    let text = html_text(&html);
    assert!(text.contains("deep") && text.contains('x'));
    assert!(pdf_text(&out.path().join("bcp.pdf")).contains("deep"));
}

#[test]
fn a_50000_character_name_is_cut_with_an_ellipsis_in_the_call_tree() {
    let data = example_copy();
    let people = data.path().join("people.yaml");
    let text = std::fs::read_to_string(&people).unwrap();
    let long = format!("{}{}", "王".repeat(25_000), "Ab".repeat(12_500));
    assert_eq!(long.chars().count(), 50_000);
    let text = text.replacen("name: 林志遠", &format!("name: {long}"), 1);
    assert!(text.contains(&long));
    std::fs::write(&people, text).unwrap();
    let (out, r) = build(
        data.path(),
        &["--only", "annex-contacts", "--format", "md,html,pdf"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The table keeps the whole name; the diagram node shows its start and an ellipsis.
    let md = read(out.path(), "annex-contacts.md");
    assert!(md.contains(&long));
    let html = read(out.path(), "annex-contacts.html");
    let svg = &html[html.find("<svg").expect("a diagram")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let labels: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
        .collect();
    let cut: Vec<&&str> = labels.iter().filter(|l| l.starts_with("王王")).collect();
    assert!(!cut.is_empty() && cut.len() <= 4, "{cut:?}");
    assert!(cut.last().unwrap().ends_with('…'), "{cut:?}");
    assert!(svg.len() < 100_000, "the whole name went into the diagram");
    let pdf = pdf_text(&out.path().join("annex-contacts.pdf"));
    assert!(
        pdf.contains("王王…") || pdf.contains("王…"),
        "no ellipsis in the PDF diagram"
    );
}
