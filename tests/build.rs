//! Integration tests: the real binary on the example data and on fixtures.

mod common;
use common::*;

const DOCS: &[&str] = &[
    "bcm-procedure",
    "bcp",
    "incident-procedure",
    "annex-hazards",
    "annex-roles",
    "annex-contacts",
    "annex-bia",
    "annex-systems",
    "annex-resources",
    "annex-records",
];

fn example() -> (tempfile::TempDir, Run) {
    let (out, r) = build(&root().join("data"), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "build failed: {}", r.stderr);
    (out, r)
}

#[test]
fn example_set_has_every_document_in_both_formats() {
    let (out, _) = example();
    for id in DOCS {
        for ext in ["md", "html"] {
            assert!(
                out.path().join(format!("{id}.{ext}")).is_file(),
                "missing {id}.{ext}"
            );
        }
    }
    let index = read(out.path(), "index.html");
    for id in DOCS {
        assert!(
            index.contains(&format!("href=\"{id}.html\"")),
            "index does not link {id}"
        );
    }
    // No temporary files are left behind.
    for e in std::fs::read_dir(out.path()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            !(n.starts_with(".bcpgen-") && n.ends_with(".tmp")),
            "temporary file left: {n}"
        );
    }
}

/// Every name of the data appears in the documents that must list it.
#[test]
fn data_appears_where_the_spec_says() {
    let (out, _) = example();
    let data: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&read(&root().join("data"), "processes.yaml")).unwrap();
    let names = |file: &str, key: &str, field: &str| -> Vec<String> {
        let v: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&read(&root().join("data"), file)).unwrap();
        v[key]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    };
    let _ = data;
    let checks: &[(&str, &str, &str, &[&str])] = &[
        ("processes.yaml", "processes", "name", &["bcp", "annex-bia"]),
        ("systems.yaml", "systems", "name", &["bcp", "annex-systems"]),
        ("roles.yaml", "roles", "title", &["annex-roles"]),
        ("people.yaml", "people", "name", &["annex-contacts"]),
        (
            "people.yaml",
            "external",
            "name",
            &["annex-contacts", "incident-procedure"],
        ),
        ("sites.yaml", "sites", "name", &["bcp"]),
        ("hazards.yaml", "hazards", "name", &["annex-hazards", "bcp"]),
    ];
    for (file, key, field, docs) in checks {
        for name in names(file, key, field) {
            for doc in *docs {
                let md = read(out.path(), &format!("{doc}.md"));
                assert!(
                    md.contains(&name),
                    "{doc}.md does not mention {key} `{name}`"
                );
                let html = html_text(&read(out.path(), &format!("{doc}.html")));
                assert!(
                    html.contains(&name),
                    "{doc}.html does not mention {key} `{name}`"
                );
            }
        }
    }
}

#[test]
fn diagrams_are_mermaid_in_markdown_and_svg_in_html() {
    let (out, _) = example();
    for doc in ["bcm-procedure", "incident-procedure", "annex-contacts"] {
        let md = read(out.path(), &format!("{doc}.md"));
        assert!(md.contains("```mermaid"), "{doc}.md has no mermaid block");
        let html = read(out.path(), &format!("{doc}.html"));
        assert!(html.contains("<svg"), "{doc}.html has no inline SVG");
        assert!(!html.contains("<script"), "{doc}.html has a script");
        assert!(
            !html.contains("language-mermaid"),
            "{doc}.html left a mermaid block as code"
        );
    }
}

#[test]
fn data_is_text_never_markup() {
    let (out, r) = build(&fixture("tricky"), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for doc in [
        "annex-contacts",
        "annex-roles",
        "bcp",
        "annex-bia",
        "annex-systems",
        "annex-hazards",
    ] {
        let html = read(out.path(), &format!("{doc}.html"));
        assert!(
            !html.contains("<script>alert"),
            "{doc}.html: script tag not escaped"
        );
        let text = html_text(&html);
        let md = read(out.path(), &format!("{doc}.md"));
        for needle in [
            "王<script>alert(1)</script>明",
            "公文|簽核 *急件* `x`",
            "# 主系統 [A] _b_ | &amp;",
        ] {
            if md.contains(&needle.replace('|', "\\|").replace('*', "\\*")) || text.contains(needle)
            {
                assert!(
                    text.contains(needle),
                    "{doc}.html does not show `{needle}` literally"
                );
            }
        }
    }
    // The process name with `|` stays one cell: every row has as many cells as the header.
    let md = read(out.path(), "annex-bia.md");
    let rows = table_rows(&md);
    assert!(!rows.is_empty());
    let width = rows[0].len();
    let mut found = false;
    for r in rows.iter().filter(|r| r.len() > 1) {
        if r.iter().any(|c| c.contains("公文|簽核 *急件* `x`")) {
            found = true;
            assert!(
                r.len() == width
                    || r.len() == rows.iter().find(|x| x.len() == r.len()).unwrap().len()
            );
        }
    }
    assert!(
        found,
        "the process with `|` is not one cell in annex-bia.md:\n{md}"
    );
    for r in &rows {
        assert!(
            r.iter().all(|c| !c.contains("\\|")),
            "escaped pipe shows: {r:?}"
        );
    }
    let hz = table_rows(&read(out.path(), "annex-hazards.md"));
    assert!(
        hz.iter().any(|r| r
            .iter()
            .any(|c| c.contains("水災") && c.contains("- 地下室 | 1. 淹水"))),
        "{hz:?}"
    );
}

#[test]
fn builds_are_deterministic() {
    let (a, _) = example();
    let (b, _) = example();
    let mut names: Vec<_> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for n in names {
        let x = std::fs::read(a.path().join(&n)).unwrap();
        let y = std::fs::read(b.path().join(&n)).unwrap();
        assert!(x == y, "{n:?} differs between two builds");
    }
}

#[test]
fn only_limits_the_set_and_unknown_ids_are_usage_errors() {
    let (out, r) = build(
        &root().join("data"),
        &["--format", "md", "--only", "bcp,annex-bia"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, [".bcpgen-manifest.json", "annex-bia.md", "bcp.md"]);
    let (_, r) = build(&root().join("data"), &["--only", "bcpp"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bcpp") && r.stderr.contains("annex-bia"),
        "{}",
        r.stderr
    );
}

#[test]
fn bom_and_crlf_simply_work() {
    let (out, r) = build(&fixture("bom-crlf"), &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(out.path(), "annex-contacts.md").contains("王小明"));
}

#[test]
fn markdown_reads_as_plain_text() {
    // Phone extensions, `&` and words with `_` as written; markup-like data
    // still escaped where it would change the meaning.
    let dir = example_copy();
    let systems = dir.path().join("systems.yaml");
    let text = std::fs::read_to_string(&systems).unwrap();
    std::fs::write(
        &systems,
        text.replacen(
            "name: 公文管理系統",
            "name: \"R&D backup_server #2 &amp; _x_\"",
            1,
        ),
    )
    .unwrap();
    let (out, r) = build(dir.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let contacts = read(out.path(), "annex-contacts.md");
    assert!(contacts.contains("05-0000-101#201"), "{contacts}");
    assert!(!contacts.contains("\\#"), "an escaped # in a phone number");
    let md = read(out.path(), "annex-systems.md");
    let shown = "R&D backup_server #2 \\&amp; \\_x\\_";
    assert!(md.contains(shown), "{md}");
    assert!(!md.contains("&amp;D") && !md.contains("backup\\_server"));
    // Shown literally in HTML, in one cell of a full row.
    let html = html_text(&read(out.path(), "annex-systems.html"));
    assert!(html.contains("R&D backup_server #2 &amp; _x_"), "{html}");
    let rows = table_rows(&md);
    let row = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "R&D backup_server #2 &amp; _x_"))
        .expect("the system's row");
    let header = rows.iter().find(|h| h.len() == row.len());
    assert!(header.is_some(), "{row:?}");
    // The forms' write-in space is blank, not a wall of entities.
    let form = read(out.path(), "form-damaged-assets.md");
    assert!(
        !form.contains("&nbsp;&nbsp;") && !form.contains("<br>&nbsp;"),
        "{form}"
    );
}
