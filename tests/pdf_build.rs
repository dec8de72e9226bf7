//! The example set as PDF, checked with poppler and qpdf like a reviewer's tools would.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

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

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed for the PDF tests (apt-get install poppler-utils qpdf): {e}")
    });
    assert!(
        out.status.success() || name == "qpdf",
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn pdf_build() -> tempfile::TempDir {
    let (out, r) = build(&root().join("data"), &["--format", "pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    out
}

#[test]
fn every_pdf_is_valid_with_embedded_subset_fonts_and_small() {
    let out = pdf_build();
    let mut files: Vec<String> = DOCS.iter().map(|d| format!("{d}.pdf")).collect();
    files.push("bcp-set.pdf".into());
    for f in &files {
        let p = out.path().join(f);
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&p)
            .output()
            .expect("qpdf is installed");
        assert!(
            check.status.success(),
            "qpdf --check {f}: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        let fonts = tool("pdffonts", &[p.to_str().unwrap()]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{f}: no fonts");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object ID: emb/sub/uni are the 3 yes/no columns before the object id.
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "{f}: font not embedded+subset+unicode: {row}"
            );
        }
        if f != "bcp-set.pdf" {
            let size = std::fs::metadata(&p).unwrap().len();
            assert!(size < 300 * 1024, "{f} is {size} bytes");
        }
    }
}

#[test]
fn every_page_has_its_header_and_page_number() {
    let out = pdf_build();
    for d in DOCS {
        let p = out.path().join(format!("{d}.pdf"));
        let n = pages(&p);
        for k in 1..=n {
            let text = tool(
                "pdftotext",
                &[
                    "-f",
                    &k.to_string(),
                    "-l",
                    &k.to_string(),
                    p.to_str().unwrap(),
                    "-",
                ],
            );
            // pdftotext may or may not keep the spaces of `k / N`.
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                compact.contains(&format!("頁次{k}/{n}")),
                "{d}.pdf page {k}: no `頁次 {k} / {n}`"
            );
            assert!(
                text.contains("文件編號") && text.contains("機密等級"),
                "{d}.pdf page {k}: no header"
            );
        }
    }
}

#[test]
fn pdf_text_holds_the_data() {
    let out = pdf_build();
    let text = |d: &str| {
        tool(
            "pdftotext",
            &[out.path().join(format!("{d}.pdf")).to_str().unwrap(), "-"],
        )
        .replace(['\n', ' '], "")
    };
    let yaml = |file: &str, key: &str, field: &str| -> Vec<String> {
        let v: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&read(&root().join("data"), file)).unwrap();
        v[key]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    };
    let bcp = text("bcp");
    for name in yaml("processes.yaml", "processes", "name")
        .into_iter()
        .chain(yaml("systems.yaml", "systems", "name"))
    {
        assert!(
            bcp.contains(&name.replace(' ', "")),
            "bcp.pdf lacks `{name}`"
        );
    }
    let contacts = text("annex-contacts");
    for name in yaml("people.yaml", "people", "name") {
        assert!(
            contacts.contains(&name),
            "annex-contacts.pdf lacks `{name}`"
        );
    }
    let roles = text("annex-roles");
    for title in yaml("roles.yaml", "roles", "title") {
        assert!(
            roles.contains(&title.replace(' ', "")),
            "annex-roles.pdf lacks `{title}`"
        );
    }
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    let out = pdf_build();
    for d in DOCS {
        let text = tool(
            "pdftotext",
            &[
                "-layout",
                out.path().join(format!("{d}.pdf")).to_str().unwrap(),
                "-",
            ],
        );
        for line in text.lines() {
            let t = line.trim_start();
            if let Some(c) = t.chars().next() {
                assert!(
                    !"，。、；：）」』？！".contains(c),
                    "{d}.pdf: line starts with `{c}`: {line}"
                );
            }
        }
    }
}

#[test]
fn the_set_has_cover_contents_and_every_document() {
    let out = pdf_build();
    let p = out.path().join("bcp-set.pdf");
    let total: usize = DOCS
        .iter()
        .map(|d| pages(&out.path().join(format!("{d}.pdf"))))
        .sum();
    assert!(
        pages(&p) >= total + 2,
        "set has {} pages, documents {total}",
        pages(&p)
    );
    let first = tool(
        "pdftotext",
        &["-f", "1", "-l", "2", p.to_str().unwrap(), "-"],
    );
    assert!(
        first.contains("營運持續文件集") && first.contains("目次"),
        "{first}"
    );
}

#[test]
fn pdfs_are_byte_identical_across_builds_and_honour_source_date_epoch() {
    let a = pdf_build();
    let b = pdf_build();
    for d in DOCS
        .iter()
        .map(|d| format!("{d}.pdf"))
        .chain(["bcp-set.pdf".to_string()])
    {
        assert!(
            std::fs::read(a.path().join(&d)).unwrap() == std::fs::read(b.path().join(&d)).unwrap(),
            "{d} differs"
        );
    }
    let out = tempfile::tempdir().unwrap();
    let r = bin()
        .env("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01T00:00:00Z
        .args([
            "build",
            root().join("data").to_str().unwrap(),
            "--format",
            "pdf",
            "--only",
            "bcp",
            "--as-of",
            AS_OF,
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(r.status.success());
    let info = tool(
        "pdfinfo",
        &["-isodates", out.path().join("bcp.pdf").to_str().unwrap()],
    );
    assert!(info.contains("2026-01-01T08:00:00+08"), "{info}");
}

#[test]
fn without_a_cjk_font_markdown_and_html_are_written_and_the_run_exits_3() {
    let empty = tempfile::tempdir().unwrap();
    let conf = empty.path().join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>{}</dir></fontconfig>\n",
            empty.path().display()
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = bin()
        .env("FONTCONFIG_FILE", &conf)
        .args([
            "build",
            root().join("data").to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(3));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("fonts-noto-cjk"), "{err}");
    assert!(out.path().join("bcp.md").is_file() && out.path().join("bcp.html").is_file());
    assert!(!out.path().join("bcp.pdf").exists());
    // Nothing of the failed format, nor of the stage, is left behind.
    let left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf") || (n.starts_with(".bcpgen-") && n.ends_with(".tmp")))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn typeset_prints_any_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("備份程序.md");
    std::fs::write(
        &md,
        "# 備份與回復管理程序\n\n| 項目 | 內容 |\n|---|---|\n| 頻率 | 每日，異地保存。 |\n",
    )
    .unwrap();
    let r = run(&[
        "typeset",
        md.to_str().unwrap(),
        "--number",
        "QS-9",
        "--version",
        "1.0",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = dir.path().join("備份程序.pdf");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        compact.contains("備份與回復管理程序")
            && compact.contains("QS-9")
            && compact.contains("頁次1/1"),
        "{text}"
    );
}

#[test]
fn a_numbered_line_before_a_table_is_on_the_page_of_the_table_head() {
    let out = pdf_build();
    let pdf = out.path().join("bcp.pdf");
    let n = pages(&pdf);
    let path = pdf.to_str().unwrap();
    let page = |k: usize| {
        tool(
            "pdftotext",
            &["-f", &k.to_string(), "-l", &k.to_string(), path, "-"],
        )
    };
    let at = (1..=n)
        .find(|&k| page(k).contains("2. 主機房狀況"))
        .expect("the numbered line");
    let text = page(at);
    let after = &text[text.find("2. 主機房狀況").unwrap()..];
    assert!(
        after.contains("檢查項目") && after.contains("機器設備移位之件數"),
        "page {at}: {text}"
    );
}
