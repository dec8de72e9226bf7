//! ODT and DOCX: the example set built in both formats, read back as XML and
//! through LibreOffice (`soffice --headless --convert-to pdf`, Debian package
//! libreoffice-writer-nogui, installed by scripts/install-deps.sh; each test
//! process uses its own LibreOffice profile, and converts many files in one
//! call). The LibreOffice checks print "skipped" and pass when `soffice` or
//! `pdftotext` is missing.

mod common;
use common::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The example set as ODT and DOCX, built once per test process.
fn example() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let (dir, r) = build(&root().join("data"), &["--format", "odt,docx"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        dir
    })
    .path()
}

fn entries(path: &Path) -> Vec<(String, Vec<u8>, zip::CompressionMethod)> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (e.name().to_string(), bytes, e.compression())
        })
        .collect()
}

fn part(path: &Path, name: &str) -> String {
    let e = entries(path);
    let (_, bytes, _) = e
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("{}: no {name}", path.display()));
    String::from_utf8(bytes.clone()).unwrap()
}

fn ids(dir: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            if p.extension()? != ext {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().to_string())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_document_is_written_in_both_formats_and_only_when_asked() {
    let dir = example();
    let odt = ids(dir, "odt");
    assert!(odt.len() >= 18, "{odt:?}");
    assert_eq!(odt, ids(dir, "docx"));
    assert!(odt.contains(&"bcp".to_string()) && odt.contains(&"annex-contacts".to_string()));
    // Not in the default formats.
    let (plain, r) = build(&root().join("data"), &["--only", "bcp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(plain.path().join("bcp.pdf").is_file());
    assert!(!plain.path().join("bcp.odt").exists() && !plain.path().join("bcp.docx").exists());
    // The index page links the formats that were built, from the registry.
    let (web, r) = build(
        &root().join("data"),
        &["--format", "html,docx", "--only", "bcp"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let index = read(web.path(), "index.html");
    assert!(index.contains("href=\"bcp.docx\""), "{index}");
    assert!(!index.contains("href=\"bcp.odt\"") && !index.contains("href=\"bcp.pdf\""));
}

#[test]
fn odt_package_is_odf_1_3_with_mimetype_first_stored_and_a_complete_manifest() {
    let p = example().join("bcp.odt");
    let e = entries(&p);
    assert_eq!(e[0].0, "mimetype");
    assert_eq!(e[0].1, b"application/vnd.oasis.opendocument.text");
    assert_eq!(e[0].2, zip::CompressionMethod::Stored);
    let manifest = part(&p, "META-INF/manifest.xml");
    assert!(manifest.contains("manifest:version=\"1.3\""));
    for (name, _, _) in &e {
        if name != "mimetype" && name != "META-INF/manifest.xml" {
            assert!(
                manifest.contains(&format!("manifest:full-path=\"{name}\"")),
                "{name} not in the manifest"
            );
        }
    }
    let content = part(&p, "content.xml");
    assert!(content.contains("office:version=\"1.3\""));
    // The call tree: SVG with a PNG fallback.
    let p = example().join("annex-contacts.odt");
    let e = entries(&p);
    assert!(e.iter().any(|(n, _, _)| n.ends_with(".svg")));
    let png = e.iter().find(|(n, _, _)| n.ends_with(".png")).unwrap();
    assert!(png.1.starts_with(b"\x89PNG"));
    let content = part(&p, "content.xml");
    assert!(content.contains("draw:mime-type=\"image/svg+xml\""));
    let doc = part(&example().join("annex-contacts.docx"), "word/document.xml");
    assert!(doc.contains("asvg:svgBlip"));
}

#[test]
fn headings_lists_tables_and_header_are_real_structures() {
    let dir = example();
    let content = part(&dir.join("bcp.odt"), "content.xml");
    assert!(content.contains("<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">"));
    assert!(content.contains("text:outline-level=\"2\""));
    assert!(content.contains("<text:list "));
    assert!(content.contains("<table:table-header-rows>"));
    assert!(content.contains("fo:keep-together=\"always\""));
    let styles = part(&dir.join("bcp.odt"), "styles.xml");
    assert!(styles.contains("<text:page-number") && styles.contains("<text:page-count"));
    assert!(styles.contains("style:font-name-asian=\"Body\""));
    assert!(styles.contains("style:country-asian=\"TW\""));
    assert!(styles.contains("fo:page-width=\"595.28pt\""));
    let meta = part(&dir.join("bcp.odt"), "meta.xml");
    assert!(meta.contains("<dc:language>zh-TW</dc:language>"));
    assert!(meta.contains("青嵐縣雲溪鎮公所"));

    let doc = part(&dir.join("bcp.docx"), "word/document.xml");
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(doc.contains("<w:numPr>"));
    assert!(doc.contains("<w:tblHeader/>") && doc.contains("<w:cantSplit/>"));
    let styles = part(&dir.join("bcp.docx"), "word/styles.xml");
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    assert!(styles.contains("w:eastAsia=\"zh-TW\""));
    assert!(styles.contains("w:eastAsia=\"Noto Sans CJK TC\""));
    let header = part(&dir.join("bcp.docx"), "word/header1.xml");
    assert!(header.contains(" PAGE ") && header.contains(" NUMPAGES "));
    let core = part(&dir.join("bcp.docx"), "docProps/core.xml");
    assert!(core.contains("<dc:creator>青嵐縣雲溪鎮公所</dc:creator>"));

    // A form's write-in cells are rows of a minimum height, not blank lines.
    let form = part(&dir.join("form-incident-report.odt"), "content.xml");
    assert!(form.contains("style:min-row-height="));
    let form = part(&dir.join("form-incident-report.docx"), "word/document.xml");
    assert!(form.contains("w:hRule=\"atLeast\""));
    assert!(form.contains("☐"));
}

#[test]
fn two_builds_are_byte_identical() {
    let (again, r) = build(&root().join("data"), &["--format", "odt,docx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for ext in ["odt", "docx"] {
        for id in ids(example(), ext) {
            let name = format!("{id}.{ext}");
            assert!(
                std::fs::read(example().join(&name)).unwrap()
                    == std::fs::read(again.path().join(&name)).unwrap(),
                "{name} differs between two builds"
            );
        }
    }
}

fn pdftotext(p: &Path) -> String {
    let r = Command::new("pdftotext")
        .args(["-layout"])
        .arg(p)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&r.stdout).into_owned()
}

/// Text without the spaces and line breaks layout puts between characters.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn libreoffice_converts_every_file_and_shows_the_data() {
    if !have("soffice") || !have("pdftotext") {
        eprintln!("skipped: soffice or pdftotext missing (scripts/install-deps.sh)");
        return;
    }
    let dir = example();
    for ext in ["odt", "docx"] {
        let out = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = ids(dir, ext)
            .iter()
            .map(|id| dir.join(format!("{id}.{ext}")))
            .collect();
        soffice_to_pdf(&files, out.path());
        for id in ids(dir, ext) {
            let pdf = out.path().join(format!("{id}.pdf"));
            assert!(pdf.is_file(), "{id}.{ext} was not converted");
            let text = squeeze(&pdftotext(&pdf));
            // The header on every page, with its page fields filled in.
            assert!(text.contains("頁次1/"), "{id}.{ext}: no page field: {text}");
            if id == "annex-contacts" {
                for s in [
                    "林志遠",
                    "0900-000-101",
                    "05-0000-101#101",
                    "lin.zy@example.gov.tw",
                ] {
                    assert!(text.contains(s), "{id}.{ext}: no {s}");
                }
            }
            if id == "bcp" {
                assert!(text.contains("業務持續計畫"), "{id}.{ext}");
                assert!(text.contains("青嵐縣雲溪鎮公所"), "{id}.{ext}");
            }
            if id == "form-incident-report" {
                assert!(text.contains("☐"), "{id}.{ext}: no check boxes");
            }
        }
    }
    // Headings come back as headings: LibreOffice reads the DOCX's headings
    // as outline levels and writes them as ODF headings.
    let out = tempfile::tempdir().unwrap();
    soffice_convert(&[dir.join("bcp.docx")], "odt", out.path());
    let content = part(&out.path().join("bcp.odt"), "content.xml");
    assert!(content.contains("text:outline-level=\"1\""), "no heading 1");
    assert!(content.contains("text:outline-level=\"2\""), "no heading 2");
    assert!(
        content.contains("<table:table-header-rows>"),
        "no repeating header row"
    );
}

#[test]
fn a_cell_with_a_bar_markup_and_a_line_break_stays_one_cell_with_literal_text() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("cell.md");
    // As the templates escape data: `\|`, `\<`, `\>`, and line breaks as `<br>`.
    std::fs::write(
        &md,
        "# 測試\n\n| 姓名 | 電話 | 備註 |\n|---|---|---|\n| 王\\|小明 | 05-0000-101<br>0900-000-999 | \\<script\\>alert(1)\\</script\\> |\n",
    )
    .unwrap();
    for to in ["odt", "docx"] {
        let r = run(&["typeset", md.to_str().unwrap(), "--to", to]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let odt = part(&dir.path().join("cell.odt"), "content.xml");
    let row = odt.split("<table:table-row ").nth(2).expect("a body row");
    assert_eq!(row.matches("<table:table-cell ").count(), 3, "{row}");
    assert!(row.contains("王|小明"));
    assert!(row.contains("05-0000-101<text:line-break/>0900-000-999"));
    assert!(row.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let docx = part(&dir.path().join("cell.docx"), "word/document.xml");
    let row = docx.split("<w:tr>").nth(2).expect("a body row");
    assert_eq!(row.matches("<w:tc>").count(), 3, "{row}");
    assert!(row.contains("王|小明"));
    assert!(row.contains("05-0000-101</w:t><w:br/><w:t xml:space=\"preserve\">0900-000-999"));
    assert!(row.contains("&lt;script&gt;"));
    if !have("soffice") || !have("pdftotext") {
        eprintln!("skipped: soffice or pdftotext missing");
        return;
    }
    for to in ["odt", "docx"] {
        let out = tempfile::tempdir().unwrap();
        soffice_to_pdf(&[dir.path().join(format!("cell.{to}"))], out.path());
        let text = pdftotext(&out.path().join("cell.pdf"));
        assert!(text.contains("王|小明"), "{to}: {text}");
        assert!(text.contains("<script>alert(1)</script>"), "{to}: {text}");
        // The two numbers are on two lines of the same cell.
        let a = text
            .lines()
            .position(|l| l.contains("05-0000-101"))
            .unwrap();
        assert!(
            text.lines().nth(a + 1).unwrap().contains("0900-000-999"),
            "{to}: {text}"
        );
    }
}

#[test]
fn typeset_writes_each_format_next_to_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("程序.md");
    std::fs::write(&md, "# 備份程序\n\n1. 每日備份\n2. 異地保存\n").unwrap();
    for to in ["odt", "docx"] {
        let r = run(&["typeset", md.to_str().unwrap(), "--to", to]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(dir.path().join(format!("程序.{to}")).is_file());
    }
    let r = run(&["typeset", md.to_str().unwrap(), "--to", "rtf"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("odt") && r.stderr.contains("docx"),
        "{}",
        r.stderr
    );
}

/// A Markdown file with `fill` one-line paragraphs, then a one-item numbered
/// line introducing a table, then a paragraph too long to keep (four lines
/// and more) before a second table.
fn intro_fixture(fill: usize) -> String {
    let mut s = String::from("# 復原程序\n\n");
    for i in 1..=fill {
        s.push_str(&format!("{i}）現場評估人員應確認環境安全後進入。\n\n"));
    }
    s.push_str("2. 主機房狀況（含牆面、高架地板及管線）\n\n| 檢查項目 | 檢查結果 |\n|---|---|\n");
    for r in [
        "機器設備移位之件數",
        "建築物結構",
        "電腦主機、儲存設備及網路設備",
    ] {
        s.push_str(&format!("| {r} | □正常 □異常 |\n"));
    }
    s.push('\n');
    s.push_str(
        &"辦公場所之電源、空調、電話、網路及個人電腦等設施，由各單位主管逐項清點並回報。".repeat(5),
    );
    s.push_str("\n\n| 檢查項目 | 檢查結果 |\n|---|---|\n| 個人電腦 | □正常 □異常 |\n");
    s
}

#[test]
fn a_short_line_before_a_table_keeps_with_it_in_odt_and_docx() {
    let dir = tempfile::tempdir().unwrap();
    // The paragraph carries the keep; the long one does not.
    let md = dir.path().join("keep.md");
    std::fs::write(&md, intro_fixture(2)).unwrap();
    for to in ["odt", "docx"] {
        let r = run(&["typeset", md.to_str().unwrap(), "--to", to]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let content = part(&dir.path().join("keep.odt"), "content.xml");
    let para_of = |xml: &str, open: &str, text: &str| -> String {
        let at = xml.find(text).unwrap_or_else(|| panic!("no {text}"));
        let start = xml[..at].rfind(open).unwrap();
        xml[start..at].to_string()
    };
    assert!(
        para_of(&content, "<text:p ", "主機房狀況").contains("List_20_Contents_Keep"),
        "{content}"
    );
    assert!(content.contains("fo:keep-with-next=\"always\""));
    assert!(!para_of(&content, "<text:p ", "辦公場所之電源").contains("_Keep"));
    let document = part(&dir.path().join("keep.docx"), "word/document.xml");
    assert!(para_of(&document, "<w:p>", "主機房狀況").contains("<w:keepNext/>"));
    assert!(!para_of(&document, "<w:p>", "辦公場所之電源").contains("<w:keepNext/>"));

    // Through LibreOffice: whatever the amount of text before it, the line
    // is on the page of its table's head and first row. Some of these
    // amounts put the line at the foot of page one.
    if !have("soffice") || !have("pdftotext") {
        eprintln!("skipped: soffice or pdftotext missing (scripts/install-deps.sh)");
        return;
    }
    let fills = 22..=31;
    for to in ["odt", "docx"] {
        let mut files = Vec::new();
        for fill in fills.clone() {
            let md = dir.path().join(format!("keep{fill}.md"));
            std::fs::write(&md, intro_fixture(fill)).unwrap();
            let r = run(&["typeset", md.to_str().unwrap(), "--to", to]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            files.push(dir.path().join(format!("keep{fill}.{to}")));
        }
        let out = tempfile::tempdir().unwrap();
        soffice_to_pdf(&files, out.path());
        for fill in fills.clone() {
            let pdf = out.path().join(format!("keep{fill}.pdf"));
            let page = (1..=3)
                .map(|p| {
                    let r = Command::new("pdftotext")
                        .args(["-f", &p.to_string(), "-l", &p.to_string()])
                        .arg(&pdf)
                        .arg("-")
                        .output()
                        .unwrap();
                    squeeze(&String::from_utf8_lossy(&r.stdout))
                })
                .find(|t| t.contains("主機房狀況"))
                .unwrap_or_else(|| panic!("{fill}.{to}: no 主機房狀況"));
            let after = &page[page.find("主機房狀況").unwrap()..];
            assert!(
                after.contains("檢查項目") && after.contains("機器設備移位之件數"),
                "{fill} lines before, {to}: the line is apart from its table: {page}"
            );
        }
    }
}
