//! Property test of the Markdown → PDF engine (`typeset`) and the HTML exporter:
//! random CommonMark (deep nesting, tables, Mermaid diagrams, long words, CJK,
//! markup characters, control characters) must always give a structurally valid
//! PDF and an HTML body, never a panic, a hang or a stack overflow.
//!
//! In CI it runs a fixed number of generated cases from a fixed seed, so a failure
//! is reproducible. For a long run:
//!
//! ```sh
//! FUZZ_SECONDS=1800 FUZZ_SEED=7 cargo test --release --test fuzz_typeset -- --nocapture
//! ```
//!
//! A failing input is saved under `target/fuzz-failures/` and the test fails.

use bcpgen::export::{html, pdf};
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// splitmix64: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const WORDS: &[&str] = &[
    "營運持續",
    "資通安全事件",
    "通報",
    "機房",
    "王小明",
    "（備援）",
    "「緊急」",
    "，",
    "。",
    "continuity",
    "plan",
    "R&amp;D",
    "&lt;b&gt;",
    "0900-000-101",
    "05-0000-101#123",
    "it@example.gov.tw",
    "https://example.gov.tw/a/b?c=d&e=f",
    "*",
    "_",
    "**",
    "`",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "|",
    "#",
    "\\",
    "~",
    "$",
    "<br>",
    "<span>",
    "</div>",
    "☐",
    "☑",
    "😀",
    "\u{200b}",
    "\u{7}",
    "\u{1b}[31m",
    "\t",
    "Ω≈ç√",
    "ﬁ",
    "a\u{301}",
    "supercalifragilisticexpialidocious",
];

fn word(r: &mut Rng) -> String {
    match r.below(40) {
        0 => "x".repeat(r.below(400) + 1),
        1 => "長".repeat(r.below(300) + 1),
        2 => char::from_u32(r.below(0x3_0000) as u32)
            .filter(|c| !c.is_control() || *c == '\t')
            .unwrap_or('?')
            .to_string(),
        _ => r.pick(WORDS).to_string(),
    }
}

fn inline(r: &mut Rng, out: &mut String) {
    let n = r.below(12) + 1;
    for i in 0..n {
        if i > 0 && r.chance(60) {
            out.push(' ');
        }
        match r.below(14) {
            0 => {
                let _ = write!(out, "**{}**", word(r));
            }
            1 => {
                let _ = write!(out, "*{}*", word(r));
            }
            2 => {
                let _ = write!(out, "`{}`", word(r));
            }
            3 => {
                let _ = write!(out, "[{}](https://example.org/{})", word(r), r.below(99));
            }
            4 => {
                let _ = write!(out, "~~{}~~", word(r));
            }
            5 => out.push_str("  \n"),
            6 => {
                let _ = write!(out, "![{}](x.png)", word(r));
            }
            _ => out.push_str(&word(r)),
        }
    }
}

fn table(r: &mut Rng, out: &mut String) {
    let cols = r.below(9) + 1;
    let aligns = [":---", "---", ":---:", "---:"];
    out.push('|');
    for _ in 0..cols {
        out.push(' ');
        inline(r, out);
        out.push_str(" |");
    }
    out.push_str("\n|");
    for _ in 0..cols {
        let _ = write!(out, "{}|", aligns[r.below(4)]);
    }
    out.push('\n');
    for _ in 0..r.below(12) {
        out.push('|');
        // Rows may have fewer or more cells than the header.
        for _ in 0..(cols + r.below(3)).saturating_sub(1) {
            out.push(' ');
            let mut cell = String::new();
            inline(r, &mut cell);
            out.push_str(&cell.replace('\n', " ").replace('|', "\\|"));
            out.push_str(" |");
        }
        out.push('\n');
    }
}

fn mermaid(r: &mut Rng, out: &mut String) {
    let dir = r.pick(&["TD", "LR", "TB", "RL", "BT"]);
    let _ = writeln!(out, "```mermaid\nflowchart {dir}");
    let n = r.below(14) + 1;
    for i in 0..r.below(20) + 1 {
        let a = r.below(n);
        let b = r.below(n);
        let shape = |r: &mut Rng, id: usize| {
            let mut label = String::new();
            inline(r, &mut label);
            let label = label.replace(['"', '\n'], " ");
            match r.below(5) {
                0 => format!("N{id}[\"{label}\"]"),
                1 => format!("N{id}{{\"{label}\"}}"),
                2 => format!("N{id}([\"{label}\"])"),
                3 => format!("N{id}((\"{label}\"))"),
                _ => format!("N{id}"),
            }
        };
        let (sa, sb) = (shape(r, a), shape(r, b));
        let arrow = r.pick(&["-->", "---", "-.->", "==>"]);
        if r.chance(30) {
            let _ = writeln!(
                out,
                "    {sa} {arrow}|{} {i}| {sb}",
                word(r).replace(['|', '\n'], " ")
            );
        } else {
            let _ = writeln!(out, "    {sa} {arrow} {sb}");
        }
    }
    out.push_str("```\n\n");
}

fn block(r: &mut Rng, depth: usize, out: &mut String, prefix: &str) {
    let kind = if depth > 60 { 0 } else { r.below(13) };
    match kind {
        0..=2 => {
            let mut p = String::new();
            inline(r, &mut p);
            for line in p.split('\n') {
                let _ = writeln!(out, "{prefix}{line}");
            }
        }
        3 => {
            let mut h = String::new();
            inline(r, &mut h);
            let _ = writeln!(
                out,
                "{prefix}{} {}",
                "#".repeat(r.below(7) + 1),
                h.replace('\n', " ")
            );
        }
        4 => {
            // Quotes, nested.
            let inner = format!("{prefix}> ");
            for _ in 0..r.below(3) + 1 {
                block(r, depth + 1, out, &inner);
            }
        }
        5 => {
            // A list, nested.
            let ordered = r.chance(40);
            for i in 0..r.below(4) + 1 {
                let marker = if ordered {
                    format!("{}. ", i + 1)
                } else if r.chance(20) {
                    format!("- [{}] ", if r.chance(50) { "x" } else { " " })
                } else {
                    "- ".to_string()
                };
                let mut first = String::new();
                inline(r, &mut first);
                let _ = writeln!(out, "{prefix}{marker}{}", first.replace('\n', " "));
                if r.chance(50) {
                    let inner = format!("{prefix}{}", " ".repeat(marker.len()));
                    block(r, depth + 1, out, &inner);
                }
            }
        }
        6 => {
            // Very deep nesting on one line.
            let n = r.below(3000);
            let unit = r.pick(&["> ", "- ", "1. ", "* > ", "> - "]);
            let _ = writeln!(out, "{prefix}{}{}", unit.repeat(n), word(r));
        }
        7 => {
            let mut t = String::new();
            table(r, &mut t);
            for line in t.lines() {
                let _ = writeln!(out, "{prefix}{line}");
            }
        }
        8 => {
            let _ = writeln!(out, "{prefix}```{}", r.pick(&["", "rust", "yaml"]));
            for _ in 0..r.below(5) {
                let _ = writeln!(out, "{prefix}{}", word(r));
            }
            let _ = writeln!(out, "{prefix}```");
        }
        9 => {
            let mut m = String::new();
            mermaid(r, &mut m);
            for line in m.lines() {
                let _ = writeln!(out, "{prefix}{line}");
            }
        }
        10 => {
            let _ = writeln!(out, "{prefix}{}", r.pick(&["---", "***", "___"]));
        }
        11 => {
            let _ = writeln!(out, "{prefix}<div>{}<br>{}</div>", word(r), word(r));
        }
        _ => {
            let _ = writeln!(out, "{prefix}{}", "x ".repeat(r.below(2000)));
        }
    }
    let _ = writeln!(out, "{}", prefix.trim_end());
}

fn document(r: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..r.below(25) + 1 {
        block(r, 0, &mut out, "");
    }
    // Occasionally, a random slice of bytes-as-text.
    if r.chance(10) {
        for _ in 0..r.below(200) {
            out.push(char::from_u32(r.below(0x800) as u32).unwrap_or(' '));
        }
    }
    out
}

fn doc_for<'a>(id: usize, markdown: &'a str, r: &mut Rng) -> pdf::PdfDoc<'a> {
    let loc = bcpgen::locale::Locale::get(bcpgen::model::Locale::ZhTw);
    let mut field = || {
        if r.chance(10) {
            "文件編號".repeat(r.below(60) + 1)
        } else {
            word(r)
        }
    };
    pdf::PdfDoc {
        id: format!("case-{id}"),
        markdown,
        header: pdf::PageHeader {
            labels: pdf::HeaderLabels::from_locale(&loc),
            number: field(),
            title: field(),
            classification: field(),
            version: field(),
            issued: field(),
            edition: None,
            draft: None,
        },
        meta: pdf::PdfMeta {
            title: "fuzz".into(),
            author: String::new(),
            subject: String::new(),
            language: "zh-TW".into(),
            producer: "bcpgen fuzz".into(),
            date: pdf::stamp(None, chrono::FixedOffset::east_opt(0).unwrap()),
        },
    }
}

fn check_pdf(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("no %PDF header".into());
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("lopdf: {e}"))?;
    if doc.get_pages().is_empty() {
        return Err("no pages".into());
    }
    Ok(())
}

/// Runs one case; `Err` describes the failure.
fn one_case(seed: u64, fonts: &pdf::Fonts) -> Result<(), String> {
    let mut r = Rng(seed);
    let md = document(&mut r);
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        let (_body, _warnings) = html::body(&md);
        let doc = doc_for(seed as usize, &md, &mut r);
        let (bytes, _) = pdf::render_document(&doc, fonts).map_err(|e| e.to_string())?;
        check_pdf(&bytes)?;
        if r.chance(15) {
            // The combined set: cover and contents with these header values.
            let other = document(&mut r);
            let docs = [doc.clone(), doc_for(seed as usize + 1, &other, &mut r)];
            let cover = pdf::Cover {
                title: word(&mut r),
                organization: word(&mut r),
                lines: vec![word(&mut r)],
                toc_title: "目錄".into(),
            };
            let (bytes, _) =
                pdf::render_set(&cover, &doc.meta, &docs, fonts).map_err(|e| e.to_string())?;
            check_pdf(&bytes)?;
        }
        Ok(())
    }));
    let failure = match result {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(e)) => e,
        Err(p) => p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into()),
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("typeset-{seed}.md"));
    let _ = std::fs::write(&path, &md);
    Err(format!(
        "seed {seed}: {failure} (input saved to {})",
        path.display()
    ))
}

#[test]
fn random_commonmark_always_typesets() {
    let fonts = match pdf::Fonts::load(&pdf::FontConfig::default()) {
        Ok(f) => f,
        Err(e) => panic!("fonts (scripts/install-deps.sh installs them): {e}"),
    };
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00B0_C9E2);
    let deadline = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(|s| Instant::now() + Duration::from_secs(s));
    let cases: u64 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    // Panics are caught and reported per case; keep the default hook quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    let mut ran = 0u64;
    let mut rng = Rng(seed);
    loop {
        let more = match deadline {
            Some(d) => Instant::now() < d,
            None => ran < cases,
        };
        if !more {
            break;
        }
        if let Err(e) = one_case(rng.next(), &fonts) {
            eprintln!("{e}");
            failures.push(e);
        }
        ran += 1;
        if deadline.is_some() && ran % 500 == 0 {
            eprintln!("{ran} cases, {} failures", failures.len());
        }
    }
    let _ = std::panic::take_hook();
    eprintln!(
        "fuzz_typeset: {ran} cases from seed {seed}, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
