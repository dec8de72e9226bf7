//! Blank forms: every format, the page counts, the form conventions.

mod common;

use common::*;
use std::path::Path;

/// (id, pages in PDF): one-page forms must stay one page.
const FORMS: &[(&str, u32)] = &[
    ("form-incident-report", 3),
    ("form-internal-report", 1),
    ("form-drill-report", 3),
    ("form-test-plan", 1),
    ("form-damaged-assets", 1),
    ("form-attendance", 1),
];

fn pages(pdf: &Path) -> u32 {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count: {text}"))
}

fn pdf_text(p: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(p)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "")
}

fn ids() -> String {
    FORMS
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn forms_render_in_every_format_with_their_page_counts() {
    let (out, r) = build(
        &root().join("data"),
        &["--format", "md,html,pdf", "--only", &ids()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (id, n) in FORMS {
        let md = read(out.path(), &format!("{id}.md"));
        let html = read(out.path(), &format!("{id}.html"));
        let pdf = out.path().join(format!("{id}.pdf"));
        assert_eq!(pages(&pdf), *n, "{id}: pages");
        // A compact head, not the document-control table and revision record.
        assert!(!md.contains("## 修訂紀錄"), "{id}");
        assert!(md.contains("表單編號："), "{id}");
        // Write-in space and the ROC date line.
        assert!(md.contains("&nbsp;<br>\u{a0}"), "{id}: no write-in cells");
        assert!(
            md.contains("中華民國　　　年　　　月　　　日"),
            "{id}: no ROC date line"
        );
        let text = pdf_text(&pdf);
        assert!(text.contains("中華民國"), "{id}: PDF text");
        assert!(html_text(&html).contains("中華民國"), "{id}: HTML text");
        assert!(!html.contains("&amp;nbsp;"), "{id}: escaped markup in HTML");
    }
}

#[test]
fn the_incident_form_lists_every_level_with_its_criteria_as_checkboxes() {
    let (out, r) = build(
        &root().join("data"),
        &["--format", "md,pdf", "--only", "form-incident-report"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "form-incident-report.md");
    for level in ["☐ 第一級", "☐ 第二級", "☐ 第三級", "☐ 第四級"] {
        assert!(md.contains(level), "{level}");
    }
    assert!(md.contains("國家機密遭洩漏"), "level 4 criteria");
    assert!(
        md.contains("知悉後1小時內")
            && md.contains("知悉後72小時內")
            && md.contains("知悉後36小時內")
    );
    assert!(
        md.contains("知悉後15分鐘內"),
        "internal report deadline of the policy"
    );
    let text = pdf_text(&out.path().join("form-incident-report.pdf"));
    assert!(text.contains("☐第四級"), "checkbox glyph in PDF text");
    assert!(!md.contains('☑'), "a blank form ticks nothing");
}

#[test]
fn list_forms_have_numbered_blank_rows() {
    let (out, r) = build(
        &root().join("data"),
        &[
            "--format",
            "md",
            "--only",
            "form-attendance,form-damaged-assets",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for id in ["form-attendance", "form-damaged-assets"] {
        let rows = table_rows(&read(out.path(), &format!("{id}.md")));
        let numbered = rows.iter().filter(|r| r[0].parse::<u32>().is_ok()).count();
        assert!(numbered >= 12, "{id}: {numbered} rows");
        assert!(
            rows.iter().skip(1).all(|r| r[1..]
                .iter()
                .all(|c| c.trim_matches(['\u{a0}', ' ']).is_empty())),
            "{id}: rows are blank"
        );
    }
}
