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

/// Heights (pt) of the words `pdftotext -bbox` finds on `pages` of a PDF.
fn word_heights(pdf: &Path, first: usize, last: usize) -> Vec<f32> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &first.to_string(), "-l", &last.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let num = |k: &str| -> f32 {
                let at = w.find(k).unwrap() + k.len();
                w[at..at + w[at..].find('"').unwrap()].parse().unwrap()
            };
            num("yMax=\"") - num("yMin=\"")
        })
        .collect()
}

/// The example data with `teams` more teams under response-lead, each a head
/// and `members` members (one person holds every role).
fn example_with_teams(teams: usize, members: usize) -> tempfile::TempDir {
    let data = example_copy();
    let roles = data.path().join("roles.yaml");
    let mut text = std::fs::read_to_string(&roles).unwrap();
    for t in 0..teams {
        text.push_str(&format!(
            "\n  - id: team-{t}\n    title: 第{}復原小組組長\n    primary: chen-jh\n    reports_to: response-lead\n",
            t + 1
        ));
        for m in 0..members {
            text.push_str(&format!(
                "\n  - id: team-{t}-{m}\n    title: 小組{}成員{}\n    primary: hsu-wl\n    reports_to: team-{t}\n",
                t + 1,
                m + 1
            ));
        }
    }
    std::fs::write(&roles, text).unwrap();
    data
}

#[test]
fn a_call_tree_of_1500_roles_is_drawn_in_parts_at_full_size() {
    // 30 teams of 49 under response-lead, one person for all.
    let data = example_with_teams(30, 49);
    let (out, r) = build(
        data.path(),
        &["--only", "annex-contacts", "--format", "md,html,pdf"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "annex-contacts.md");
    let parts = md.matches("```mermaid").count();
    assert!((60..=200).contains(&parts), "{parts} diagrams");
    // Every role is drawn, each in at most 24-node diagrams.
    for block in md.split("```mermaid").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        assert!(block.matches("[\"").count() <= 24, "{block}");
    }
    assert!(md.contains("小組30成員49"));
    assert!(md.contains("圖 1-2：緊急聯絡樹（"));
    let pdf = out.path().join("annex-contacts.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("小組30成員49"), "the last role's node");
    // The pages of the diagrams: no word smaller than the 9.5 pt of the labels
    // drawn at 90 % (a word box is about 1.3 em high).
    let pages = text.split('\u{c}').count();
    let first = text
        .split('\u{c}')
        .position(|p| p.contains("圖 1-1"))
        .expect("the first part")
        + 1;
    let heights = word_heights(&pdf, first, pages);
    assert!(heights.len() > 3000, "{} words", heights.len());
    let least = heights.iter().cloned().fold(f32::MAX, f32::min);
    assert!(least > 10.0, "a word {least} pt high");
    // A team's small remainder comes right after its large part and shares
    // its page: fewer pages than parts, and no page left to one small part.
    let by_page = parts_by_page(&text);
    assert_eq!(by_page.iter().sum::<usize>(), parts);
    assert!(
        by_page.len() * 10 < parts * 7,
        "{parts} parts on {} pages",
        by_page.len()
    );
}

/// How many parts of the call tree (their captions "圖 1-N：緊急聯絡樹")
/// each page holds, for the pages that hold any.
fn parts_by_page(text: &str) -> Vec<usize> {
    text.split('\u{c}')
        .map(|p| p.matches("：緊急聯絡樹").count())
        .filter(|&n| n > 0)
        .collect()
}

#[test]
fn two_small_parts_of_a_call_tree_share_a_page_at_full_size() {
    // 30 roles: six teams of three under response-lead.
    parts_share_a_page(6, 2);
    // 30 roles: three teams of six; the cut is even (not 24 and 7), so
    // both parts fit one page.
    parts_share_a_page(3, 5);
}

/// With `teams` teams of a head and `members` under response-lead, the call
/// tree is cut in two parts drawn on one page, no word under 10 pt.
fn parts_share_a_page(teams: usize, members: usize) {
    let data = example_with_teams(teams, members);
    let (out, r) = build(
        data.path(),
        &["--only", "annex-contacts", "--format", "md,pdf"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "annex-contacts.md");
    assert_eq!(md.matches("```mermaid").count(), 2, "{teams}×{members}");
    let pdf = out.path().join("annex-contacts.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains(&format!("小組{teams}成員{members}")));
    assert_eq!(
        parts_by_page(&text),
        vec![2],
        "{teams}×{members}: both parts on one page"
    );
    let page = text
        .split('\u{c}')
        .position(|p| p.contains("圖 1-1："))
        .unwrap()
        + 1;
    let heights = word_heights(&pdf, page, page);
    let least = heights.iter().cloned().fold(f32::MAX, f32::min);
    assert!(least > 10.0, "{teams}×{members}: a word {least} pt high");
}
