//! PDF engine: checks the produced files with poppler-utils and qpdf.
//!
//! Needs `pdftotext`, `pdffonts`, `pdfinfo` (poppler-utils), `qpdf` and the
//! Debian package fonts-noto-cjk; a test prints "skipped" and passes when one
//! of them is missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use bcpgen::export::pdf::*;

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| match Fonts::load(&FontConfig::default()) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("skipped: {e}");
                None
            }
        })
        .as_ref()
}

fn tools_present() -> bool {
    let ok = ["pdftotext", "pdffonts", "pdfinfo", "qpdf"]
        .iter()
        .all(|t| Command::new(t).arg("--version").output().is_ok());
    if !ok {
        eprintln!("skipped: poppler-utils or qpdf not installed");
    }
    ok
}

/// Fonts and tools, or skip the test.
macro_rules! setup {
    () => {
        match fonts() {
            Some(f) if tools_present() => f,
            _ => return,
        }
    };
}

fn labels() -> HeaderLabels {
    HeaderLabels {
        number: "文件編號".into(),
        title: "文件名稱".into(),
        classification: "機密等級".into(),
        version: "版次".into(),
        issued: "發行日期".into(),
        page: "頁次".into(),
    }
}

fn meta(title: &str) -> PdfMeta {
    PdfMeta {
        title: title.into(),
        author: "南岳縣政府資訊處".into(),
        subject: "營運持續管理".into(),
        language: "zh-TW".into(),
        producer: "bcpgen test".into(),
        date: chrono::DateTime::parse_from_rfc3339("2025-03-15T09:30:00+08:00").unwrap(),
    }
}

fn doc<'a>(id: &str, number: &str, title: &str, markdown: &'a str) -> PdfDoc<'a> {
    PdfDoc {
        id: id.into(),
        markdown,
        header: PageHeader {
            labels: labels(),
            number: number.into(),
            title: title.into(),
            classification: "內部使用".into(),
            version: "3.2".into(),
            issued: "114/03/15".into(),
            edition: None,
            draft: None,
        },
        meta: meta(title),
    }
}

struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn write(bytes: &[u8]) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    Pdf { _dir: dir, path }
}

fn run(cmd: &str, args: &[&str], pdf: &Pdf) -> String {
    let out = Command::new(cmd)
        .args(args)
        .arg(&pdf.path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn run_plain(cmd: &str, args: &[&str], pdf: &Pdf) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .arg(&pdf.path)
        .output()
        .unwrap();
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), s)
}

/// Text of each page (pdftotext separates pages with form feeds).
fn pages(pdf: &Pdf, layout: bool) -> Vec<String> {
    let args: &[&str] = if layout { &["-layout"] } else { &[] };
    let text = run("pdftotext", args, pdf);
    let mut v: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if v.last().is_some_and(|s| s.trim().is_empty()) {
        v.pop();
    }
    v
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn page_count(pdf: &Pdf) -> usize {
    let (_, info) = run_plain("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn check_fonts_and_structure(pdf: &Pdf) {
    let (ok, out) = run_plain("qpdf", &["--check"], pdf);
    assert!(ok, "qpdf --check: {out}");
    let (_, fonts) = run_plain("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "{row}");
        // name type... encoding emb sub uni object ID
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "font not embedded as a subset with ToUnicode: {row}"
        );
        assert!(cols[0].as_bytes()[6] == b'+', "no subset tag: {row}");
    }
}

#[test]
fn corpus_renders_valid_embedded_text_with_headers() {
    let fonts = setup!();
    let md = fixture("bcm-procedure.md");
    let d = doc("bcm", "NY-ISMS-P-007", "資訊業務營運持續管理程序書", &md);
    let (bytes, warnings) = render_document(&d, fonts).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let pdf = write(&bytes);
    check_fonts_and_structure(&pdf);
    let texts = pages(&pdf, false);
    let n = texts.len();
    assert_eq!(n, page_count(&pdf));
    assert!((8..=20).contains(&n), "{n} pages");
    for (k, t) in texts.iter().enumerate() {
        let t = squash(t);
        assert!(
            t.contains(&format!("頁次{}/{}", k + 1, n)),
            "page {} lacks 頁次 {}/{}",
            k + 1,
            k + 1,
            n
        );
        assert!(
            t.contains("文件編號NY-ISMS-P-007") && t.contains("機密等級內部使用"),
            "page {}",
            k + 1
        );
    }
    let all = squash(&texts.concat());
    for s in [
        "南岳縣政府資訊處資訊業務營運持續管理程序書",
        "知悉後一小時內",
        "資通安全事件通報及應變辦法",
        "營運衝擊分析（BusinessImpactAnalysis,BIA）",
        "ISMS承辦人",
    ] {
        assert!(all.contains(s), "missing {s}");
    }
    // Metadata from PdfMeta, dates from the input (not the clock).
    let (_, info) = run_plain("pdfinfo", &["-isodates"], &pdf);
    assert!(
        info.contains("資訊業務營運持續管理程序書") && info.contains("南岳縣政府資訊處"),
        "{info}"
    );
    assert!(info.contains("2025-03-15T09:30:00+08"), "{info}");
    let (_, qdf) = run_plain(
        "qpdf",
        &["--qdf", "--object-streams=disable", "--show-object=trailer"],
        &pdf,
    );
    assert!(qdf.contains("/ID"), "{qdf}");
}

#[test]
fn lang_and_nested_outline() {
    let fonts = setup!();
    let md = fixture("features.md");
    let d = doc("features", "BCP-T-001", "功能總覽", &md);
    let (bytes, _) = render_document(&d, fonts).unwrap();
    let pdf = write(&bytes);
    let (_, json) = run_plain(
        "qpdf",
        &["--json", "--json-key=outlines", "--json-key=qpdf"],
        &pdf,
    );
    assert!(json.contains("/Lang") && json.contains("zh-TW"), "no /Lang");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let outlines = v["outlines"].as_array().unwrap();
    assert_eq!(outlines.len(), 1, "one h1 at the top");
    assert_eq!(outlines[0]["title"], "演練手冊：功能總覽");
    let kids: Vec<&str> = outlines[0]["kids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        kids,
        ["一、清單", "二、程式碼與引用", "三、流程圖", "四、表格"]
    );
}

#[test]
fn features_text_diagram_and_warnings() {
    let fonts = setup!();
    let md = fixture("features.md");
    let d = doc("features", "BCP-T-001", "功能總覽", &md);
    let (bytes, warnings) = render_document(&d, fonts).unwrap();
    let pdf = write(&bytes);
    check_fonts_and_structure(&pdf);
    let all = squash(&pages(&pdf, false).concat());
    for s in [
        "粗體文字",
        "inlinecode",
        "05-0000-101#201",
        "0900-000-111",
        "☐尚未完成",
        "☑已完成",
        "保留文字的標籤",
        "&<>©",
        "成立指揮中心",
        "是否啟動營運",
        "systemctlrestartnginx",
    ] {
        assert!(all.contains(s), "missing {s}");
    }
    assert!(
        !all.contains("<span>") && !all.contains("<br>"),
        "HTML tags leaked"
    );
    // Phone numbers are not broken at hyphens.
    let layout = pages(&pdf, true).concat();
    assert!(layout.contains("05-0000-101#201") && layout.contains("0900-000-111"));
    // The invalid diagram is typeset as code, with a warning.
    assert!(all.contains("這不是合法的語法"));
    assert!(
        warnings
            .iter()
            .any(|w| w.document == "features" && w.message.contains("mermaid")),
        "{warnings:?}"
    );
}

#[test]
fn missing_glyph_is_reported_once_per_document() {
    let fonts = setup!();
    let md = "# 缺字\n\n這裡有一個沒有字型的字元：\u{10FFFD}，再一次：\u{10FFFD}。\n";
    let (_, warnings) = render_document(&doc("gap", "X-1", "缺字", md), fonts).unwrap();
    let hits: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.contains("U+10FFFD"))
        .collect();
    assert_eq!(hits.len(), 1, "{warnings:?}");
    assert_eq!(hits[0].document, "gap");
    // A second document reports it again.
    let (_, again) = render_document(&doc("gap2", "X-2", "缺字", md), fonts).unwrap();
    assert!(
        again
            .iter()
            .any(|w| w.document == "gap2" && w.message.contains("U+10FFFD"))
    );
}

fn kinsoku_markdown() -> String {
    // Sentences whose punctuation lands at every position of a line.
    let mut md = String::from("# 禁則測試\n\n");
    let pieces = [
        "依據「資通安全管理法」第十條規定，",
        "各機關應訂定（修正）資通安全維護計畫；",
        "並於每年辦理演練：",
        "是否完成？",
        "務必確實執行！",
        "相關紀錄應保存三年、",
        "詳見『附件一』與【附表二】〔含說明〕。",
        "完成率達 100%，",
        "其餘事項……",
    ];
    for p in 0..30 {
        let mut para = String::new();
        for k in 0..12 {
            // Vary the lead so punctuation falls at different columns.
            if k == 0 {
                para.push_str(&"測".repeat(p % 7));
            }
            para.push_str(pieces[(p + k) % pieces.len()]);
        }
        md.push_str(&para);
        md.push_str("\n\n");
    }
    md
}

#[test]
fn no_line_starts_with_closing_or_ends_with_opening_punctuation() {
    let fonts = setup!();
    let md = kinsoku_markdown();
    let (bytes, _) = render_document(&doc("kinsoku", "K-1", "禁則", &md), fonts).unwrap();
    let pdf = write(&bytes);
    let text = pages(&pdf, true).concat();
    let mut checked = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let first = line.chars().next().unwrap();
        let last = line.chars().last().unwrap();
        assert!(
            !"）)」』】〕，。、；：？！…%％".contains(first),
            "line starts with {first:?}: {line}"
        );
        assert!(
            !"（「『【〔".contains(last),
            "line ends with {last:?}: {line}"
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} lines");
    // Nothing lost.
    let all = squash(&text);
    assert!(all.contains("詳見『附件一』與【附表二】〔含說明〕。"));
}

#[test]
fn thousand_row_table_repeats_its_header_on_every_page() {
    let fonts = setup!();
    let mut md = String::from(
        "# 設備清冊\n\n| 序號 | 設備名稱 | 存放位置 | 聯絡電話 |\n|---:|---|---|---|\n",
    );
    for i in 0..1000 {
        md.push_str(&format!("| R{i:04} | 伺服器第 {i} 號機（備援） | 主機房 A 區第 {} 排 | 05-0000-{:03}#2{:02} |\n", i % 20, i % 1000, i % 100));
    }
    let (bytes, _) = render_document(&doc("table", "T-1", "設備清冊", &md), fonts).unwrap();
    let pdf = write(&bytes);
    check_fonts_and_structure(&pdf);
    let texts = pages(&pdf, false);
    assert!(
        texts.len() >= 20 && texts.len() <= 60,
        "{} pages",
        texts.len()
    );
    for (k, t) in texts.iter().enumerate() {
        let t = squash(t);
        assert!(
            t.contains("序號") && t.contains("設備名稱") && t.contains("聯絡電話"),
            "page {} lacks the header row",
            k + 1
        );
    }
    let all = squash(&texts.concat());
    for i in [0, 1, 500, 998, 999] {
        assert!(all.contains(&format!("R{i:04}")), "row {i} missing");
    }
}

/// Right edge of every word box, from `pdftotext -bbox`.
fn max_word_right(pdf: &Pdf) -> f32 {
    let html = run("pdftotext", &["-bbox"], pdf);
    html.split("xMax=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse::<f32>().ok())
        .fold(0.0, f32::max)
}

#[test]
fn overlong_unbreakable_string_is_broken_not_overflowing() {
    let fonts = setup!();
    let token: String = (0..3000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let url = format!("https://example.com/{}", "x".repeat(300));
    let md = format!(
        "# 長字串\n\n{token}\n\n| 欄位 | 值 |\n|---|---|\n| 網址 | {url} |\n| 代碼 | {token} |\n"
    );
    let (bytes, _) = render_document(&doc("long", "L-1", "長字串", &md), fonts).unwrap();
    let pdf = write(&bytes);
    check_fonts_and_structure(&pdf);
    let n = page_count(&pdf);
    assert!((1..=6).contains(&n), "{n} pages");
    let all = squash(&pages(&pdf, false).concat());
    assert!(all.contains(&token), "token text incomplete");
    assert!(all.contains(&url), "url incomplete");
    let right = max_word_right(&pdf);
    assert!(right <= 595.28 - 50.0, "text reaches x = {right}");
}

#[test]
fn rendering_is_deterministic() {
    let fonts = setup!();
    let md = fixture("features.md");
    let d = doc("features", "BCP-T-001", "功能總覽", &md);
    let a = render_document(&d, fonts).unwrap().0;
    let b = render_document(&d, fonts).unwrap().0;
    assert!(a == b, "two renders differ");
    let other = Fonts::load(&FontConfig::default()).unwrap();
    assert!(
        render_document(&d, &other).unwrap().0 == a,
        "a second Fonts gives other bytes"
    );
}

#[test]
fn edition_line_is_drawn_in_the_header() {
    let fonts = setup!();
    let md = "# 公開版\n\n內容。\n";
    let mut d = doc("pub", "P-1", "公開版測試", md);
    d.header.edition = Some("公開版（已遮蔽個人資料）".into());
    let (bytes, _) = render_document(&d, fonts).unwrap();
    let pdf = write(&bytes);
    let t = squash(&pages(&pdf, false).concat());
    assert!(t.contains("公開版（已遮蔽個人資料）"), "{t}");
}

#[test]
fn set_has_cover_toc_with_matching_page_numbers_and_bookmarks() {
    let fonts = setup!();
    let corpus = fixture("bcm-procedure.md");
    let features = fixture("features.md");
    let docs = [
        doc(
            "bcm",
            "NY-ISMS-P-007",
            "資訊業務營運持續管理程序書",
            &corpus,
        ),
        doc("features", "BCP-T-001", "功能總覽", &features),
        doc("short", "BCP-T-002", "簡短文件", "# 簡短\n\n只有一段。\n"),
    ];
    let cover = Cover {
        title: "營運持續計畫文件集".into(),
        organization: "南岳縣政府資訊處".into(),
        lines: vec!["第 3.2 版".into(), "中華民國一一四年三月十五日".into()],
        toc_title: "目錄".into(),
    };
    let (bytes, _) = render_set(&cover, &meta("文件集"), &docs, fonts).unwrap();
    let pdf = write(&bytes);
    check_fonts_and_structure(&pdf);
    let texts: Vec<String> = pages(&pdf, false).iter().map(|t| squash(t)).collect();
    assert!(texts[0].contains("營運持續計畫文件集") && texts[0].contains("南岳縣政府資訊處"));
    assert!(texts[1].contains("目錄"));
    for d in &docs {
        // "NUMBER　TITLE . . . PAGE" on the TOC page.
        let entry = texts[1]
            .split(d.header.number.as_str())
            .nth(1)
            .expect("toc entry");
        let after_title = entry
            .split(d.header.title.as_str())
            .nth(1)
            .expect("toc title");
        let digits: String = after_title
            .trim_start_matches('.')
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let start: usize = digits.parse().expect("toc page number");
        let page = &texts[start - 1];
        assert!(
            page.contains(&format!("文件編號{}", d.header.number)),
            "{} does not start on page {start}",
            d.id
        );
        assert!(
            page.contains("頁次1/"),
            "{} page {start} is not its first page",
            d.id
        );
        if start > 1 {
            assert!(!texts[start - 2].contains(&format!("文件編號{}", d.header.number)));
        }
    }
    let (_, json) = run_plain("qpdf", &["--json", "--json-key=outlines"], &pdf);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let titles: Vec<&str> = v["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "目錄",
            "NY-ISMS-P-007 資訊業務營運持續管理程序書",
            "BCP-T-001 功能總覽",
            "BCP-T-002 簡短文件"
        ]
    );
    let first_doc = &v["outlines"][1];
    assert!(
        !first_doc["kids"].as_array().unwrap().is_empty(),
        "document headings nest under the document"
    );
}

#[test]
fn font_options() {
    let Some(_) = fonts() else { return };
    let missing = FontConfig {
        regular: Some("/nonexistent/font.ttc".into()),
        bold: None,
    };
    assert!(matches!(
        Fonts::load(&missing),
        Err(PdfError::FontFile { .. })
    ));
    let ttc = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    if ttc.exists() && tools_present() {
        let cfg = FontConfig {
            regular: Some(ttc.into()),
            bold: None,
        };
        let f = Fonts::load(&cfg).unwrap();
        let (bytes, _) =
            render_document(&doc("ttc", "F-1", "字型", "# 標題\n\n繁體中文。\n"), &f).unwrap();
        let pdf = write(&bytes);
        let (_, list) = run_plain("pdffonts", &[], &pdf);
        assert!(list.contains("NotoSansCJKtc-Regular"), "{list}");
    }
}

#[test]
fn a_layout_is_reused_and_gives_the_same_bytes() {
    let fonts = setup!();
    let corpus = fixture("bcm-procedure.md");
    let features = fixture("features.md");
    let a = doc(
        "bcm",
        "NY-ISMS-P-007",
        "資訊業務營運持續管理程序書",
        &corpus,
    );
    let b = doc("features", "BCP-T-001", "功能總覽", &features);
    let alone = render_document(&a, fonts).unwrap().0;
    let laid = [layout(&a, fonts).unwrap(), layout(&b, fonts).unwrap()];
    assert!(laid[0].pages() >= 8);
    assert!(render_laid(&a, &laid[0], fonts).unwrap().0 == alone);
    let cover = Cover {
        title: "營運持續計畫文件集".into(),
        organization: "南岳縣政府資訊處".into(),
        lines: vec!["第 3.2 版".into()],
        toc_title: "目錄".into(),
    };
    let m = meta("文件集");
    let set = render_set(&cover, &m, &[a.clone(), b.clone()], fonts)
        .unwrap()
        .0;
    let pairs = [(&a, &laid[0]), (&b, &laid[1])];
    assert!(render_set_laid(&cover, &m, &pairs, fonts).unwrap().0 == set);
    // A fresh Fonts (no layouts kept) gives the same bytes.
    let other = Fonts::load(&FontConfig::default()).unwrap();
    assert!(render_set(&cover, &m, &[a, b], &other).unwrap().0 == set);
}

/// Words of page `page` (1-based) with their boxes, from `pdftotext -bbox`.
fn words(pdf: &Pdf) -> Vec<(usize, String)> {
    let html = run("pdftotext", &["-bbox"], pdf);
    let mut out = Vec::new();
    for (p, page) in html.split("<page ").skip(1).enumerate() {
        for w in page.split("<word ").skip(1) {
            let text = w.split('>').nth(1).and_then(|t| t.split('<').next());
            if let Some(t) = text {
                out.push((p + 1, t.replace("&amp;", "&")));
            }
        }
    }
    out
}

#[test]
fn urls_and_addresses_break_after_punctuation_phone_numbers_do_not_break() {
    let fonts = setup!();
    let mut md = String::from(
        "# 聯絡\n\n| 名稱 | 類別 | 電話 | 電子郵件 | 網址 | 服務項目 |\n|---|---|---|---|---|---|\n",
    );
    for k in 0..4 {
        md.push_str(&format!(
            "| 國家資通安全通報應變中心（技服中心）{k} | 主管及協處機關 | (O) 05-0000-300#32{k} | \
             service{k}@twcert.example.org.tw | https://lanyuan{k}.example.com.tw | \
             資通安全事件通報、預警與事件處理技術支援（事前防護、事中應變、事後鑑識） |\n"
        ));
    }
    let (bytes, _) = render_document(&doc("c", "C-1", "聯絡", &md), fonts).unwrap();
    let pdf = write(&bytes);
    let all: Vec<String> = words(&pdf).into_iter().map(|(_, w)| w).collect();
    // The narrow e-mail and URL columns wrap (a line per piece) ...
    assert!(
        all.iter().any(|w| w.as_str() == "https://"),
        "URLs not wrapped: {all:?}"
    );
    // ... never inside the scheme, and nothing is lost.
    assert!(!all.iter().any(|w| w == "https:" || w == "https:/"));
    let text = squash(&pages(&pdf, false).concat());
    let layout = pages(&pdf, true).concat();
    for k in 0..4 {
        assert!(text.contains(&format!("service{k}@twcert.example.org.tw")));
        assert!(text.contains(&format!("https://lanyuan{k}.example.com.tw")));
        // The phone number stays whole, with its label.
        assert!(
            layout.contains(&format!("(O) 05-0000-300#32{k}")),
            "{layout}"
        );
    }
}

#[test]
fn short_tables_are_not_split_across_pages() {
    let fonts = setup!();
    let table = "| 項目 | 內容 |\n|---|---|\n| 權責單位 | 行政室 |\n| 流程負責人 | 黃美華 |\n\
                 | 職務代理人 | 陳建宏 |\n| 核心業務 | 是 |\n| MTPD | 3天 |\n| RTO | 1天 |\n";
    for filler in 16..32 {
        let mut md = String::from("# 保持完整\n\n");
        for k in 0..filler {
            md.push_str(&format!("第 {k} 段：本段為填充文字。\n\n"));
        }
        md.push_str(table);
        let (bytes, _) = render_document(&doc("t", "T-1", "保持完整", &md), fonts).unwrap();
        let pdf = write(&bytes);
        let on: Vec<usize> = words(&pdf)
            .into_iter()
            .filter(|(_, w)| ["權責單位", "RTO"].contains(&w.as_str()))
            .map(|(p, _)| p)
            .collect();
        assert_eq!(on.len(), 2, "{on:?}");
        assert_eq!(
            on[0], on[1],
            "a 7-row table split after {filler} paragraphs"
        );
    }
}

/// Every number a content stream holds, as written.
fn content_numbers(content: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(content);
    let mut out = Vec::new();
    let mut in_hex = false;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '<' => in_hex = true,
            '>' => in_hex = false,
            _ if in_hex => {}
            '0'..='9' | '.' | '-' => cur.push(c),
            _ => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    out
}

#[test]
fn compact_writer_keeps_every_character_extractable() {
    let fonts = setup!();
    let md = "# 營運持續計畫\n\n核心業務 ISMS-RTO 4h，聯絡電話 0900-000-101。\n\n\
        ☐ 內部危安事件 ☑ 外力入侵事件 ✕ 天然災害\n\n執行 `bcpgen build --format pdf` 產生文件。\n\n\
        | 項目 | 說明 |\n|---|---|\n| 復原時間目標 | 4 小時內恢復核心系統 |\n";
    let d = doc("compact", "BCP-T-009", "寫出測試", md);
    let bytes = render_document(&d, fonts).unwrap().0;
    let pdf = write(&bytes);
    check_fonts_and_structure(&pdf);
    let text = squash(&run("pdftotext", &[], &pdf));
    for want in [
        "營運持續計畫",
        "核心業務ISMS-RTO4h，聯絡電話0900-000-101。",
        "☐內部危安事件☑外力入侵事件✕天然災害",
        "bcpgenbuild--formatpdf",
        "復原時間目標",
        "4小時內恢復核心系統",
    ] {
        assert!(text.contains(want), "{want:?} not extracted from:\n{text}");
    }
    // Object streams and a cross-reference stream, no xref table.
    let has = |pat: &[u8]| bytes.windows(pat.len()).any(|w| w == pat);
    assert!(has(b"/ObjStm"), "no object stream");
    assert!(has(b"/XRef"), "no cross-reference stream");
    assert!(!has(b"\nxref\n"), "a cross-reference table");
    // Content streams: one hex string per run (strings are only ever
    // separated by a shift), numbers to at most two decimals (colours three).
    let lo = lopdf::Document::load_mem(&bytes).unwrap();
    let mut runs = 0;
    for (_, page) in lo.get_pages() {
        let content = lo.get_page_content(page);
        let s = String::from_utf8_lossy(&content);
        assert!(!s.contains("><"), "two hex strings side by side:\n{s}");
        runs += s.matches(" Tj").count() + s.matches("] TJ").count();
        for n in content_numbers(&content) {
            let decimals = n.split_once('.').map_or(0, |(_, f)| f.len());
            assert!(decimals <= 3, "number {n} in\n{s}");
            let trailing_zero = n.contains('.') && n.ends_with('0');
            assert!(!n.ends_with('.') && !trailing_zero, "float noise: {n}");
        }
    }
    assert!(runs > 5, "{runs} text runs");
}

#[test]
fn a_short_paragraph_before_a_table_goes_to_the_next_page_with_it() {
    let fonts = setup!();
    let mut table = String::from("| 檢查項目 | 檢查結果 |\n|---|---|\n");
    for k in 0..12 {
        table.push_str(&format!("| 機器設備第{k}項 | □正常 □異常 |\n"));
    }
    // A numbered line (a list of one item) and a plain paragraph, each
    // introducing a table; the filler moves them down the first page
    // until each has stood as its last line.
    for intro in [
        "2. 主機房狀況（含牆面、高架地板及管線）",
        "主機房狀況之檢查",
    ] {
        let mut moved = false;
        for filler in 20..36 {
            let mut md = String::from("# 保持\n\n");
            for k in 0..filler {
                md.push_str(&format!("第{k}段：本段為填充文字。\n\n"));
            }
            md.push_str(&format!("{intro}\n\n{table}"));
            let (bytes, _) = render_document(&doc("k", "K-1", "保持", &md), fonts).unwrap();
            let pdf = write(&bytes);
            let all = words(&pdf);
            let page_of = |w: &str| {
                all.iter()
                    .find(|(_, t)| t.contains(w))
                    .map(|(p, _)| *p)
                    .unwrap_or_else(|| panic!("no {w}"))
            };
            let (line, head) = (page_of("主機房狀況"), page_of("檢查項目"));
            assert_eq!(line, head, "{intro:?} apart from its table after {filler}");
            assert_eq!(
                page_of("機器設備第0項"),
                head,
                "the table's first row apart from its head"
            );
            // The line and the table's head on one page, as pdftotext reads
            // that page alone.
            let text = run(
                "pdftotext",
                &["-f", &line.to_string(), "-l", &line.to_string()],
                &pdf,
            );
            assert!(text.contains("主機房狀況") && text.contains("檢查項目"));
            moved |= line == 2 && page_of(&format!("第{}段", filler - 1)) == 1;
        }
        assert!(moved, "{intro:?} never came at the foot of a page");
    }
}
