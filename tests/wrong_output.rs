//! Output that was wrong without an error: entity codes in data decoded in
//! diagrams, raw Mermaid source as a diagram's accessible name, and a long
//! document number hiding the table of contents of the combined PDF.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn pdf_text(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut c = Command::new("pdftotext");
    c.args(["-enc", "UTF-8"]);
    if let Some((f, l)) = pages {
        c.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = c.arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `<svg>` elements of an HTML page.
fn svgs(html: &str) -> Vec<&str> {
    html.split("<svg")
        .skip(1)
        .map(|s| &s[..s.find("</svg>").unwrap()])
        .collect()
}

#[test]
fn entity_codes_in_data_show_literally_in_diagrams_as_in_tables() {
    let data = example_copy();
    let roles = data.path().join("roles.yaml");
    let text = std::fs::read_to_string(&roles).unwrap();
    std::fs::write(
        &roles,
        text.replacen("title: 資安長", "title: \"R&amp;D 長 &lt;x&gt; #35;\"", 1),
    )
    .unwrap();
    let (out, r) = build(
        data.path(),
        &[
            "--only",
            "annex-contacts,annex-roles",
            "--format",
            "md,html,pdf",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let literal = "R&amp;D長&lt;x&gt;#35;";
    let squeeze = |s: String| s.split_whitespace().collect::<String>();
    // The table of roles shows the text as written ...
    let roles_html = squeeze(html_text(&read(out.path(), "annex-roles.html")));
    assert!(roles_html.contains(literal), "table: {roles_html}");
    // ... and so does the call tree, in HTML and in PDF.
    let html = read(out.path(), "annex-contacts.html");
    let svg = svgs(&html)[0];
    // (Label lines wrap: compare without white space.)
    let shown = squeeze(html_text(svg));
    assert!(shown.contains(literal), "diagram: {shown}");
    let pdf = squeeze(pdf_text(&out.path().join("annex-contacts.pdf"), None));
    assert!(pdf.contains(literal), "PDF diagram: {pdf}");
}

#[test]
fn a_diagram_is_named_by_its_caption_not_its_source() {
    let (out, r) = build(
        &root().join("data"),
        &["--only", "annex-contacts,bcm-procedure", "--format", "html"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (file, caption) in [
        ("annex-contacts.html", "圖 1：緊急聯絡樹"),
        ("bcm-procedure.html", "圖 1："),
    ] {
        let html = read(out.path(), file);
        let svg = svgs(&html)[0];
        let head = &svg[..svg.find('>').unwrap()];
        let label = &head[head.find("aria-label=\"").unwrap() + 12..];
        let label = &label[..label.find('"').unwrap()];
        assert!(label.starts_with(caption), "{file}: aria-label {label:?}");
        let title = &svg[svg.find("<title>").unwrap() + 7..svg.find("</title>").unwrap()];
        assert!(title.starts_with(caption), "{file}: title {title:?}");
        for raw in ["[", "-->", "&lt;br", "#quot;", "flowchart"] {
            assert!(
                !label.contains(raw) && !title.contains(raw),
                "{file}: {raw} in {label:?}"
            );
        }
    }
}

#[test]
fn a_150_character_document_number_wraps_in_the_table_of_contents() {
    let data = example_copy();
    let org = data.path().join("organization.yaml");
    let text = std::fs::read_to_string(&org).unwrap();
    let long = format!("YX-ISMS-P-006-{}END", "LONGNUMBER-".repeat(12));
    assert!(long.len() >= 145);
    std::fs::write(
        &org,
        text.replacen("number: YX-ISMS-P-006\n", &format!("number: {long}\n"), 1),
    )
    .unwrap();
    let (out, r) = build(data.path(), &["--format", "md,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The contents: page 2 (and 3 when it runs over), every document listed.
    let toc = pdf_text(&out.path().join("bcp-set.pdf"), Some((2, 3)));
    let toc: String = toc.split_whitespace().collect();
    for name in std::fs::read_dir(out.path()).unwrap() {
        let name = name.unwrap().file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".md") else {
            continue;
        };
        let md = read(out.path(), &name);
        // The document's title is its first heading.
        let title = md
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or_else(|| panic!("{id}: no title"));
        let title: String = title.split_whitespace().collect();
        let title = title.replace('\\', "");
        assert!(
            toc.contains(&title),
            "{id}: {title} not in the contents:\n{toc}"
        );
    }
    assert!(toc.contains("LONGNUMBER-END"), "{toc}");
}
