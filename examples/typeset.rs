//! Typeset one Markdown file (or, with SET=1, a two-document set) to PDF and
//! report timings: `cargo run --release --example typeset -- IN.md OUT.pdf`.
//! N=20 repeats the render to average the time; EDITION adds an edition line.

use bcpgen::export::pdf::*;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let input = &args[1];
    let out = &args[2];
    let t0 = Instant::now();
    let fonts = Fonts::load(&FontConfig::default()).expect("fonts");
    let t1 = Instant::now();
    let md = std::fs::read_to_string(input).unwrap();
    let header = PageHeader {
        labels: HeaderLabels {
            number: "文件編號".into(),
            title: "文件名稱".into(),
            classification: "機密等級".into(),
            version: "版次".into(),
            issued: "發行日期".into(),
            page: "頁次".into(),
        },
        number: "NY-ISMS-P-007".into(),
        title: "資訊業務營運持續管理程序書".into(),
        classification: "內部使用".into(),
        version: "3.2".into(),
        issued: "114/03/15".into(),
        edition: std::env::var("EDITION").ok(),
        draft: None,
    };
    let meta = PdfMeta {
        title: "資訊業務營運持續管理程序書".into(),
        author: "南岳縣政府資訊處".into(),
        subject: "BCP".into(),
        language: "zh-TW".into(),
        producer: "bcpgen".into(),
        date: chrono::DateTime::parse_from_rfc3339("2025-03-15T09:00:00+08:00").unwrap(),
    };
    let doc = PdfDoc {
        id: "bcm-procedure".into(),
        markdown: &md,
        header,
        meta: meta.clone(),
    };
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut res = None;
    let t2 = Instant::now();
    for round in 0..n {
        res = Some(if std::env::var("SET").is_ok() {
            let cover = Cover {
                title: "營運持續計畫文件集".into(),
                organization: "南岳縣政府資訊處".into(),
                lines: vec!["第 3.2 版".into(), "中華民國一一四年三月十五日".into()],
                toc_title: "目錄".into(),
            };
            let mut d2 = doc.clone();
            d2.id = "second".into();
            d2.header.number = "NY-ISMS-P-008".into();
            d2.header.title = "第二份文件".into();
            render_set(&cover, &meta, &[doc.clone(), d2], &fonts).unwrap()
        } else {
            // `fonts` keeps every layout: a new id each round, so each
            // round lays the document out again.
            let mut d = doc.clone();
            d.id = format!("round-{round}");
            let laid = layout(&d, &fonts).unwrap();
            render_laid(&d, &laid, &fonts).unwrap()
        });
    }
    let t3 = Instant::now();
    let (bytes, warns) = res.unwrap();
    std::fs::write(out, &bytes).unwrap();
    for w in warns {
        eprintln!("warning: {w}");
    }
    // Layout alone (a document not laid out before).
    let mut d = doc.clone();
    d.id = "layout-only".into();
    let t4 = Instant::now();
    let laid = layout(&d, &fonts).unwrap();
    let t5 = Instant::now();
    let again = render_laid(&d, &laid, &fonts).unwrap().0;
    let t6 = Instant::now();
    eprintln!(
        "fonts load {:?}, render {:?}/doc (layout {:?}, write {:?}), {} pages, {} bytes ({})",
        t1 - t0,
        (t3 - t2) / n as u32,
        t5 - t4,
        t6 - t5,
        laid.pages(),
        bytes.len(),
        again.len()
    );
}
