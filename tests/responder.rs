//! HTML a responder can use: on a 390 px phone screen the contact list does
//! not scroll sideways (headless Chromium), phone numbers are whole `tel:`
//! links, e-mail addresses `mailto:` links, tables have scoped header cells,
//! every page links back to the index, headings do not skip levels, diagrams
//! are captioned figures.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn chromium() -> &'static str {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(c).arg("--version").output().is_ok() {
            return c;
        }
    }
    panic!("headless Chromium is needed for this test: run scripts/install-deps.sh");
}

/// Horizontal scroll width of `page` in a 390 px wide frame.
fn scroll_width_at_390(dir: &Path, page: &str) -> u32 {
    let wrap = format!(
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" src=\"{page}\" style=\"width:390px;height:800px;border:0\"></iframe>\
<script>document.getElementById('f').addEventListener('load',function(){{var d=this.contentDocument;\
var p=document.createElement('p');p.id='probe';p.textContent='scrollWidth='+d.scrollingElement.scrollWidth+';';\
document.body.appendChild(p);}});</script></body></html>"
    );
    std::fs::write(dir.join("probe-390.html"), wrap).unwrap();
    let url = format!("file://{}", dir.join("probe-390.html").display());
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--allow-file-access-from-files",
            "--window-size=390,800",
            "--virtual-time-budget=5000",
            "--dump-dom",
            &url,
        ])
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let at = dom
        .rfind("scrollWidth=")
        .unwrap_or_else(|| panic!("no measurement in the DOM: {dom}"));
    dom[at + 12..].split(';').next().unwrap().parse().unwrap()
}

#[test]
fn the_contact_list_fits_a_phone() {
    let (out, r) = build(&root().join("data"), &["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = scroll_width_at_390(out.path(), "annex-contacts.html");
    assert!(w <= 390, "annex-contacts scrolls sideways at 390 px: {w}");
}

#[test]
fn phones_mails_links_and_structure() {
    let (out, r) = build(&root().join("data"), &["--format", "html,pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(out.path(), "annex-contacts.html");
    // A phone number with its extension is one tel: link, never split.
    assert!(
        page.contains("<a class=\"nw\" href=\"tel:050000101;ext=101\">(O) 05-0000-101#101</a>"),
        "{page}"
    );
    assert!(page.contains("href=\"tel:0900000101\""));
    assert!(page.contains("<a href=\"mailto:lin.zy@example.gov.tw\">lin.zy@example.gov.tw</a>"));
    assert!(page.contains("<th scope=\"col\""));
    assert!(page.contains("<th scope=\"row\""));
    assert!(page.contains("data-label=\""));
    assert!(
        page.contains("<a href=\"index.html\">"),
        "back to the index"
    );
    assert!(page.contains("<figure class=\"diagram\">") && page.contains("<figcaption>"));
    // Every document page links back to the index; headings never skip a level.
    for e in std::fs::read_dir(out.path()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".html") || name == "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(&p).unwrap();
        assert!(html.contains("<a href=\"index.html\">"), "{name}");
        let mut prev = 0;
        for (at, _) in html.match_indices("<h") {
            let Some(n) = html[at + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
                continue;
            };
            assert!(prev == 0 || n <= prev + 1, "{name}: h{prev} then h{n}");
            prev = n;
        }
    }
    // The index links every format of every document and the whole set.
    let index = read(out.path(), "index.html");
    assert!(index.contains("href=\"bcp-set.pdf\""));
    assert!(index.contains("href=\"annex-contacts.pdf\""));
    assert!(index.contains("href=\"annex-contacts.html\""));
    // Another document named in the text is a link to it.
    let bcp = read(out.path(), "bcm-procedure.html");
    assert!(
        bcp.contains("<a href=\"annex-contacts.html\">"),
        "cross link"
    );
}
