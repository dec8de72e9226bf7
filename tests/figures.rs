//! Figures drawn from data, read back from the HTML's SVG: the incident time
//! line, the drill's recovery bars, the BIA chart, and the readiness part of
//! the index page.

mod common;

use common::*;
use std::path::Path;

/// The SVG elements of the first chart figure (`<svg class="figure"`) of a page.
fn figures(html: &str) -> Vec<String> {
    html.split("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"figure\"")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap().to_string())
        .collect()
}

fn attr(el: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = el.find(&key)? + key.len();
    Some(el[i..].split('"').next()?.to_string())
}

/// Elements of an SVG whose class starts with `class`.
fn elements<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    svg.lines()
        .filter(|l| l.contains(&format!("class=\"{class}")))
        .collect()
}

fn texts(svg: &str) -> Vec<String> {
    svg.lines()
        .filter(|l| l.starts_with("<text"))
        .map(|l| {
            let s = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            s.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect()
}

fn num(el: &str, name: &str) -> f64 {
    attr(el, name).unwrap().parse().unwrap()
}

#[test]
fn incident_time_line_marks_each_deadline_and_report_at_its_time() {
    let (out, r) = build(
        &fixture("check/incident-deadline-missed"),
        &["--format", "html,md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = read(out.path(), "incident-2026-001.md");
    assert!(md.contains("```mermaid\ngantt\n"), "{md}");
    let html = read(out.path(), "incident-2026-001.html");
    let figs = figures(&html);
    assert_eq!(figs.len(), 1);
    let svg = &figs[0];
    // Four deadlines with a due time, three done at a recorded time (the
    // report submitted on a date alone has no point), one start.
    let deadlines = elements(svg, "mark deadline");
    let done = elements(svg, "mark done");
    assert_eq!(deadlines.len(), 4, "{svg}");
    assert_eq!(done.len(), 3, "{svg}");
    assert_eq!(elements(svg, "mark start").len(), 1);
    // States by shape and data: the external notification is missed.
    let states: Vec<String> = deadlines
        .iter()
        .map(|e| attr(e, "data-state").unwrap())
        .collect();
    assert_eq!(states, ["met", "missed", "met", "met"]);
    assert!(
        done[1].starts_with("<path"),
        "a missed report is a cross: {}",
        done[1]
    );
    assert!(done[0].starts_with("<circle"));
    // x is proportional to time within each stretch of the axis; the axis
    // breaks where a month-long gap would squeeze minutes together.
    let marks: Vec<(f64, f64, String)> = elements(svg, "mark ")
        .iter()
        .map(|e| {
            (
                num(e, "data-value"),
                num(e, "data-x"),
                attr(e, "data-segment").unwrap(),
            )
        })
        .collect();
    let mut segments: Vec<String> = marks.iter().map(|m| m.2.clone()).collect();
    segments.dedup();
    segments.sort();
    segments.dedup();
    assert!(segments.len() >= 2, "{svg}");
    for seg in &segments {
        let on: Vec<(f64, f64)> = marks
            .iter()
            .filter(|m| &m.2 == seg)
            .map(|m| (m.0, m.1))
            .collect();
        let (t0, x0) = on
            .iter()
            .cloned()
            .fold((f64::MAX, 0.0), |a, m| if m.0 < a.0 { m } else { a });
        let (t1, x1) = on
            .iter()
            .cloned()
            .fold((f64::MIN, 0.0), |a, m| if m.0 > a.0 { m } else { a });
        for (t, x) in &on {
            if t1 > t0 {
                let expect = x0 + (x1 - x0) * (t - t0) / (t1 - t0);
                assert!(
                    (x - expect).abs() < 0.15,
                    "mark at {t} drawn at {x}, expected {expect}"
                );
            }
        }
    }
    // Later stretches lie to the right, in time order.
    let mut by_time = marks.clone();
    by_time.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(by_time.windows(2).all(|w| w[1].1 >= w[0].1), "{by_time:?}");
    // The internal report done at 09:30 and due at 09:35 stay apart.
    let x_at = |t: f64| marks.iter().find(|m| m.0 == t).unwrap().1;
    let start = num(elements(svg, "mark start")[0], "data-value");
    assert!(x_at(start + 15.0) - x_at(start + 10.0) > 4.0, "{svg}");
    // Tick labels in the document's language: month/day, with the day at a
    // stretch's first tick.
    let ticks: Vec<String> = texts(svg)
        .into_iter()
        .filter(|t| t.len() < 14 && t.contains(':') && !t.contains('：'))
        .collect();
    assert!(
        ticks
            .iter()
            .any(|t| t == "8/12 09:00" || t.starts_with("8/12 ")),
        "{ticks:?}"
    );
    assert!(ticks.iter().any(|t| t.starts_with("9/13 ")), "{ticks:?}");
    // 09:20 → 09:35 is 15 minutes: the due mark of the internal report.
    assert_eq!(
        num(deadlines[0], "data-value") - num(elements(svg, "mark start")[0], "data-value"),
        15.0
    );
    // Labels say met / missed with the amounts and the elapsed time.
    let t = texts(svg).join("\n");
    assert!(t.contains("完成：知悉後10分鐘，如期完成，提前5分鐘"), "{t}");
    assert!(
        t.contains("完成：知悉後1小時45分鐘，逾期完成，逾45分鐘"),
        "{t}"
    );
    assert!(t.contains("期限：知悉後1小時"), "{t}");
    // Captioned and named for screen readers.
    assert!(html.contains("<figcaption>圖 1：自知悉"), "{html}");
    assert!(svg.contains("<title>圖 1：自知悉"));
}

fn english_with(drills: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_tree(&fixture("english"), d.path());
    for (name, text) in drills {
        std::fs::write(d.path().join("drills").join(name), text).unwrap();
    }
    d
}

const DRILL_B: &str = "drill:\n  id: 2026-DR-02\n  title: Two processes\n  method: walkthrough\n  date: 2026-09-01\n  processes: [P01, P02]\n  results:\n    - { process: P01, recovered_in: 2h }\n";

#[test]
fn drill_bars_are_proportional_and_a_process_without_result_has_none() {
    let two = "drill:\n  id: 2026-DR-03\n  title: Both processes\n  method: simulation\n  date: 2026-09-15\n  processes: [P01, P02]\n  results:\n    - { process: P01, recovered_in: 6h, data_loss: 3h }\n    - { process: P02, recovered_in: 9d }\n";
    let both = "drill:\n  id: 2026-DR-04\n  title: Data loss of both\n  method: full\n  date: 2026-10-01\n  processes: [P01, P02]\n  results:\n    - { process: P01, recovered_in: 6h, data_loss: 3h }\n    - { process: P02, recovered_in: 9d, data_loss: 1d12h }\n";
    let data = english_with(&[
        ("2026-DR-02.yaml", DRILL_B),
        ("2026-DR-03.yaml", two),
        ("2026-DR-04.yaml", both),
    ]);
    let (out, r) = build(data.path(), &["--format", "html,md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let svg = &figures(&read(out.path(), "drill-2026-DR-03.html"))[0];
    let bars = elements(svg, "bar");
    assert_eq!(bars.len(), 2);
    let (w1, w2) = (num(bars[0], "width"), num(bars[1], "width"));
    assert_eq!(num(bars[0], "data-value"), 6.0);
    assert_eq!(num(bars[1], "data-value"), 216.0);
    assert!((w2 / w1 - 36.0).abs() < 0.5, "{w1} {w2}");
    // The RTO targets: 1d12h and 1w, in hours.
    let targets: Vec<f64> = elements(svg, "target")
        .iter()
        .map(|e| num(e, "data-value"))
        .collect();
    assert_eq!(targets, [36.0, 168.0]);
    let t = texts(svg).join("\n");
    assert!(t.contains("6 hours — met, 1 day 6 hours to spare"), "{t}");
    assert!(t.contains("9 days — missed, 2 days over"), "{t}");

    // The data lost against the RPO: drawn for the process that recorded it,
    // none for the other.
    let html = read(out.path(), "drill-2026-DR-03.html");
    let figs = figures(&html);
    assert_eq!(figs.len(), 2);
    assert_eq!(elements(&figs[1], "bar").len(), 1);
    assert!(
        html.contains("Figure 2: Data lost in the drill (bars) against each process&#39;s RPO")
            || html.contains("Figure 2: Data lost in the drill (bars) against each process's RPO"),
        "{html}"
    );
    assert!(
        html.contains("no data loss recorded, so not drawn: Staff Time and Attendance"),
        "{html}"
    );
    let svg = &figures(&read(out.path(), "drill-2026-DR-04.html"))[1];
    let bars = elements(svg, "bar");
    assert_eq!(bars.len(), 2);
    let values: Vec<f64> = bars.iter().map(|b| num(b, "data-value")).collect();
    assert_eq!(values, [3.0, 36.0]);
    let (w1, w2) = (num(bars[0], "width"), num(bars[1], "width"));
    assert!((w2 / w1 - 12.0).abs() < 0.3, "{w1} {w2}");
    let targets: Vec<f64> = elements(svg, "target")
        .iter()
        .map(|e| num(e, "data-value"))
        .collect();
    assert_eq!(targets, [24.0, 24.0]);
    // The 12 hours beyond the RPO drawn dark, as wide as 12 hours are.
    let over = elements(svg, "over");
    assert_eq!(over.len(), 1);
    assert_eq!(num(over[0], "data-value"), 12.0);
    assert!((num(over[0], "width") / w1 - 4.0).abs() < 0.2);
    let t = texts(svg).join("\n");
    assert!(t.contains("3 hours — met, 21 hours to spare"), "{t}");
    assert!(t.contains("1 day 12 hours — missed, 12 hours over"), "{t}");
    assert!(t.contains("Beyond the RPO"), "{t}");

    let html = read(out.path(), "drill-2026-DR-02.html");
    let figs = figures(&html);
    assert_eq!(figs.len(), 1, "no data-loss figure without a data loss");
    let svg = &figs[0];
    assert_eq!(elements(svg, "bar").len(), 1, "no bar without a result");
    assert!(
        !texts(svg).iter().any(|t| t.contains("Staff Time")),
        "{svg}"
    );
    assert!(
        html.contains("no recovery time recorded, so not drawn: Staff Time and Attendance"),
        "{html}"
    );
    // The Markdown keeps the figure for forges: the bar in hours, the RTO line.
    let md = read(out.path(), "drill-2026-DR-02.md");
    assert!(
        md.contains("y-axis \"Hours\"\n    bar [2]\n    line [36]"),
        "{md}"
    );
}

#[test]
fn bia_figure_follows_the_table_order() {
    let (out, r) = build(&fixture("english"), &["--format", "html,md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = read(out.path(), "annex-bia.html");
    let table: Vec<String> = table_rows(&read(out.path(), "annex-bia.md"))
        .into_iter()
        .filter(|row| row.len() == 10 && row[0] != "ID")
        .map(|row| row[1].clone())
        .collect();
    assert_eq!(table.len(), 2, "{table:?}");
    let svg = &figures(&html)[0];
    let names: Vec<String> = svg
        .lines()
        .filter(|l| {
            l.starts_with("<text")
                && l.contains("text-anchor=\"end\"")
                && l.contains("font-size=\"9\"")
        })
        .map(|l| {
            l.split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names, table);
    // One mark per objective, on one axis: MTPD 3 days = 72 h for the first.
    let mut series: Vec<(String, f64)> = elements(svg, "mark series")
        .iter()
        .map(|e| (attr(e, "data-state").unwrap(), num(e, "data-value")))
        .collect();
    assert_eq!(series.len(), 6);
    series.truncate(3);
    series.sort_by(|a, b| b.1.total_cmp(&a.1));
    assert_eq!(
        &series[..],
        [
            ("MTPD".to_string(), 72.0),
            ("RTO".to_string(), 36.0),
            ("RPO".to_string(), 24.0)
        ]
    );
}

/// The warnings `check` reports for a data directory, as (rule, message).
fn check_warnings(data: &Path) -> Vec<(String, String)> {
    let r = run(&[
        "check",
        data.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn index_lists_exactly_what_check_warns_about_with_working_links() {
    let data = english_with(&[("2026-DR-02.yaml", DRILL_B)]);
    // Age the contacts and leave an improvement open past its due date.
    let drill = std::fs::read_to_string(data.path().join("drills/2026-DR-01.yaml")).unwrap();
    std::fs::write(
        data.path().join("drills/2026-DR-01.yaml"),
        drill.replace("status: closed", "status: open"),
    )
    .unwrap();
    let mut dirs = vec![data.path().to_path_buf()];
    for f in [
        "check/core-system-not-drilled",
        "check/contact-stale",
        "check/incident-deadline-missed",
        "check/plan-review-overdue",
    ] {
        dirs.push(fixture(f));
    }
    let mut rules_seen = Vec::new();
    for dir in dirs {
        let warnings = check_warnings(&dir);
        let (out, r) = build(&dir, &["--format", "html"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let index = read(out.path(), "index.html");
        let section = index
            .split("<section class=\"readiness\">")
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap();
        let items: Vec<&str> = section.lines().filter(|l| l.starts_with("<li")).collect();
        assert_eq!(items.len(), warnings.len(), "{dir:?}: {section}");
        for ((rule, message), li) in warnings.iter().zip(&items) {
            assert_eq!(attr(li, "data-rule").as_deref(), Some(rule.as_str()));
            assert!(html_text(li).contains(message.as_str()), "{li} / {message}");
            let href = attr(li, "href").unwrap_or_else(|| panic!("no link: {li}"));
            let (file, anchor) = href.split_once('#').unwrap_or((&href, ""));
            let page = read(out.path(), file);
            assert!(!anchor.is_empty(), "{rule} links to a heading: {href}");
            assert!(
                page.contains(&format!(" id=\"{anchor}\"")),
                "{href} has no such heading"
            );
            if rule.starts_with("core-system-not-drilled") {
                assert!(href.starts_with("annex-test-schedule.html#"), "{href}");
            }
            rules_seen.push(rule.clone());
        }
        assert!(section.contains("class=\"next-review\""), "{section}");
        // Beside the list of documents in every format and the whole set.
        assert!(index.contains("bcp-set.pdf") || !index.contains(".pdf\""));
    }
    for rule in [
        "improvement-overdue",
        "core-system-not-drilled",
        "contact-stale",
        "incident-deadline-missed",
        "plan-review-overdue",
    ] {
        assert!(
            rules_seen.iter().any(|r| r == rule),
            "{rule} not covered: {rules_seen:?}"
        );
    }
}

#[test]
fn pdf_draws_the_same_figures_as_vectors() {
    let (out, r) = build(
        &fixture("check/incident-deadline-missed"),
        &["--format", "pdf"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (file, expect) in [
        (
            "incident-2026-001.pdf",
            "完成：知悉後1小時45分鐘，逾期完成，逾45分鐘",
        ),
        ("annex-test-schedule.pdf", "圖1：各核心資通系統最近一次演練"),
    ] {
        let p = out.path().join(file);
        let text = std::process::Command::new("pdftotext")
            .arg(&p)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout).replace([' ', '\n'], "");
        assert!(text.contains(expect), "{file}: {text}");
        let check = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&p)
            .output()
            .unwrap();
        assert!(check.status.success(), "{file}: qpdf --check");
    }
}

/// (data-value, data-x) of the marks of an SVG whose class starts with `class`.
/// The marks with the smallest and the largest value.
fn extremes(m: &[(f64, f64)]) -> ((f64, f64), (f64, f64)) {
    let lo = m
        .iter()
        .cloned()
        .fold((f64::MAX, 0.0), |a, v| if v.0 < a.0 { v } else { a });
    let hi = m
        .iter()
        .cloned()
        .fold((f64::MIN, 0.0), |a, v| if v.0 > a.0 { v } else { a });
    (lo, hi)
}

fn marks_of(svg: &str, class: &str) -> Vec<(f64, f64)> {
    elements(svg, class)
        .iter()
        .map(|e| (num(e, "data-value"), num(e, "data-x")))
        .collect()
}

#[test]
fn year_view_is_in_the_test_schedule_judged_as_check_judges() {
    let (out, r) = build(&fixture("english"), &["--format", "html,md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Only the BIA chart stays in the BIA annex.
    let bia = read(out.path(), "annex-bia.html");
    assert_eq!(figures(&bia).len(), 1);
    assert!(!bia.contains("restore test"), "{bia}");
    let md = read(out.path(), "annex-test-schedule.md");
    assert!(md.contains("```mermaid\ngantt\n"), "{md}");
    let html = read(out.path(), "annex-test-schedule.html");
    let figs = figures(&html);
    assert_eq!(figs.len(), 1);
    let svg = &figs[0];
    assert!(
        html.contains("<figcaption>Figure 1: For each core system"),
        "{html}"
    );
    // The one core system: last exercise 2026-06-10, restore test
    // 2026-04-10; next due 24 and 12 months later; the as-of day.
    let day = 1440.0;
    let start = marks_of(svg, "mark start");
    let done = marks_of(svg, "mark done");
    let test = marks_of(svg, "mark test");
    let due = marks_of(svg, "mark deadline");
    assert_eq!(
        (start.len(), done.len(), test.len(), due.len()),
        (1, 1, 1, 2)
    );
    assert_eq!((due[0].0 - done[0].0) / day, 731.0);
    assert_eq!((due[1].0 - test[0].0) / day, 365.0);
    assert_eq!((start[0].0 - done[0].0) / day, 165.0);
    let all: Vec<(f64, f64)> = [start, done, test, due.clone()].concat();
    let (a, b) = (all[1], all[4]);
    for (t, x) in &all {
        let expect = a.1 + (b.1 - a.1) * (t - a.0) / (b.0 - a.0);
        assert!((x - expect).abs() < 0.15, "{t} at {x}, expected {expect}");
    }
    assert!(
        elements(svg, "mark deadline")
            .iter()
            .all(|e| attr(e, "data-state").as_deref() == Some("plain"))
    );
    // English month ticks.
    let t = texts(svg);
    assert!(
        t.iter().any(|l| l.ends_with(" 2027") && l.len() == 8),
        "{t:?}"
    );

    // A core system never exercised: due now, drawn as missed, as `check`
    // warns; the ticks in the ROC calendar.
    let data = fixture("check/core-system-not-drilled");
    assert!(
        check_warnings(&data)
            .iter()
            .any(|w| w.0 == "core-system-not-drilled")
    );
    let (out, r) = build(&data, &["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = &figures(&read(out.path(), "annex-test-schedule.html"))[0];
    let t = texts(svg);
    assert!(
        t.iter()
            .any(|l| l.contains("演練") && l.ends_with("（已逾期）")),
        "{t:?}"
    );
    assert!(
        elements(svg, "mark deadline")
            .iter()
            .any(|e| attr(e, "data-state").as_deref() == Some("missed")),
        "{svg}"
    );
    assert!(
        t.iter()
            .any(|l| l.starts_with("115年") || l.starts_with("116年")),
        "{t:?}"
    );
}

#[test]
fn bia_axis_is_linear_for_a_small_spread_and_logarithmic_for_a_large_one() {
    // The English processes spread over a factor of 14: a linear axis from 0.
    let (out, r) = build(&fixture("english"), &["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = &figures(&read(out.path(), "annex-bia.html"))[0];
    let m = marks_of(svg, "mark series");
    let (lo, hi) = extremes(&m);
    assert_eq!((lo.0, hi.0), (24.0, 336.0));
    for (v, x) in &m {
        let expect = lo.1 + (hi.1 - lo.1) * (v - lo.0) / (hi.0 - lo.0);
        assert!((x - expect).abs() < 0.15, "{v} at {x}, expected {expect}");
    }
    assert!(texts(svg).iter().any(|t| t == "0"), "{svg}");
    assert!(texts(svg).iter().any(|t| t == "Hours"), "{svg}");

    // An RPO of a day beside an MTPD of 90 days: a log axis, its ticks
    // written as durations.
    let d = tempfile::tempdir().unwrap();
    copy_tree(&fixture("english"), d.path());
    let p = d.path().join("processes.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("mtpd: 2w", "mtpd: 90d", 1)).unwrap();
    let (out, r) = build(d.path(), &["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = &figures(&read(out.path(), "annex-bia.html"))[0];
    let m = marks_of(svg, "mark series");
    let (lo, hi) = extremes(&m);
    assert_eq!((lo.0, hi.0), (24.0, 2160.0));
    for (v, x) in &m {
        let f = (v.ln() - lo.0.ln()) / (hi.0.ln() - lo.0.ln());
        let expect = lo.1 + (hi.1 - lo.1) * f;
        assert!((x - expect).abs() < 0.15, "{v} at {x}, expected {expect}");
    }
    let t = texts(svg);
    for tick in ["1 d", "1 wk", "30 d", "90 d"] {
        assert!(t.iter().any(|l| l == tick), "{tick}: {t:?}");
    }
    assert!(!t.iter().any(|l| l == "Hours"), "{t:?}");
}

#[test]
fn index_links_every_document_in_every_format_and_the_whole_set() {
    let (out, r) = build(&fixture("english"), &["--format", "html,pdf,md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let index = read(out.path(), "index.html");
    let nav = index
        .split("<nav class=\"set\">")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    let items: Vec<&str> = nav.lines().filter(|l| l.starts_with("<li")).collect();
    let documents = std::fs::read_dir(out.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_str().unwrap();
            name.ends_with(".md")
        })
        .count();
    assert_eq!(items.len(), documents, "{nav}");
    for li in items {
        let hrefs: Vec<&str> = li
            .split("href=\"")
            .skip(1)
            .map(|h| h.split('"').next().unwrap())
            .collect();
        for ext in ["html", "pdf", "md"] {
            let href = hrefs
                .iter()
                .find(|h| h.ends_with(&format!(".{ext}")))
                .unwrap_or_else(|| panic!("no {ext}: {li}"));
            assert!(out.path().join(href).is_file(), "{href}");
        }
    }
    assert!(index.contains("href=\"bcp-set.pdf\""), "{index}");
    assert!(out.path().join("bcp-set.pdf").is_file());
    // What needs attention comes first, then the documents.
    assert!(index.find("class=\"readiness\"") < index.find("<nav class=\"set\">"));
}

/// The narrow layouts (`<svg class="figure narrow"`) of a page.
fn narrow_figures(html: &str) -> Vec<String> {
    html.split("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"figure narrow\"")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap().to_string())
        .collect()
}

#[test]
fn every_chart_has_a_narrow_layout_for_phones_with_the_same_marks() {
    let (out, r) = build(&root().join("data"), &["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut pages = 0;
    for page in [
        "incident-2026-002.html",
        "drill-2026-DR-02.html",
        "annex-bia.html",
        "annex-test-schedule.html",
    ] {
        let html = read(out.path(), page);
        let (wide, narrow) = (figures(&html), narrow_figures(&html));
        assert!(!wide.is_empty(), "{page}: no chart");
        assert_eq!(wide.len(), narrow.len(), "{page}");
        for (w, n) in wide.iter().zip(&narrow) {
            assert!(n.contains("viewBox=\"0 0 320 "), "{page}: {n}");
            assert_eq!(attr(w, "aria-label"), attr(n, "aria-label"));
            for class in ["bar", "mark", "target"] {
                assert_eq!(
                    elements(w, class).len(),
                    elements(n, class).len(),
                    "{page}: {class}"
                );
            }
            // Nothing drawn beyond the narrow width.
            for x in n.split(" x=\"").skip(1) {
                let x: f32 = x.split('"').next().unwrap().parse().unwrap();
                assert!(x <= 320.5, "{page}: text at x={x}");
            }
        }
        pages += 1;
    }
    assert_eq!(pages, 4);
    // The stylesheet shows one layout or the other.
    let css = std::fs::read_to_string(root().join("assets/style.css")).unwrap();
    assert!(css.contains("figure.diagram svg.figure.narrow { display: none; }"));
    assert!(
        css.contains("figure.diagram:has(svg.narrow) svg.figure:not(.narrow) { display: none; }")
    );
}
