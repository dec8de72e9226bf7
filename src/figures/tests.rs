use super::*;
use crate::diagram::EstimateMeasure;

const TIMELINE: &str = "gantt\n    title Deadlines #58; times\n    dateFormat YYYY-MM-DD HH:mm\n    todayMarker off\n    section Aware\n    Became aware :milestone, a0, 2026-05-05 09:00, 0m\n    section Early warning\n    Due 1 h after :done, milestone, d1, 2026-05-05 10:00, 0m\n    Reported after 37 min, met :done, milestone, r1, 2026-05-05 09:37, 0m\n    section Final\n    Due 3 h after :crit, milestone, d2, 2026-05-05 12:00, 0m\n";

#[test]
fn parses_a_timeline() {
    let Figure::Timeline(t) = parse(TIMELINE).unwrap() else {
        panic!("a timeline")
    };
    assert_eq!(t.title, "Deadlines : times");
    assert_eq!(t.sections.len(), 3);
    let m = &t.sections[1].marks;
    assert_eq!(m[0].kind, MarkKind::Deadline);
    assert_eq!(m[1].kind, MarkKind::Done);
    assert_eq!(m[1].state, State::Met);
    assert_eq!(m[0].at - m[1].at, 23);
    assert!(!t.dates_only);
    assert_eq!(t.sections[2].marks[0].state, State::Missed);
}

#[test]
fn timeline_x_is_proportional_to_time() {
    let fig = parse(TIMELINE).unwrap();
    let d = layout(&fig, &EstimateMeasure, 500.0);
    let xs: Vec<(f64, f32)> = d
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Mark {
                x,
                tag: Some((_, _, v)),
                ..
            } => Some((*v, *x)),
            _ => None,
        })
        .collect();
    assert_eq!(xs.len(), 4);
    let (t0, x0) = xs[0];
    let (t1, x1) = xs[3];
    for (t, x) in &xs {
        let expect = x0 + (x1 - x0) * ((t - t0) / (t1 - t0)) as f32;
        assert!((x - expect).abs() < 0.01, "{t} at {x}, expected {expect}");
    }
    assert!(d.prims.iter().all(|p| match p {
        Prim::Text { x, .. } => *x >= 0.0 && *x <= d.width,
        _ => true,
    }));
}

#[test]
fn chart_bars_and_labels() {
    let src = "xychart-beta horizontal\n    title \"Recovery\"\n    x-axis [\"Payroll #44; pay\", \"Mail\"]\n    y-axis \"Hours\" 0 --> 10\n    bar [2.5, 5]\n    line [4, 4]\n    %% label 1 2 h 30 min, 1 h 30 min to spare\n    %% legend Recovered in\n    %% legend RTO\n";
    let Figure::Chart(c) = parse(src).unwrap() else {
        panic!("a chart")
    };
    assert_eq!(c.categories, ["Payroll , pay", "Mail"]);
    assert_eq!(
        c.labels[0].as_deref(),
        Some("2 h 30 min, 1 h 30 min to spare")
    );
    assert_eq!(c.labels[1], None);
    let d = layout(&Figure::Chart(c), &EstimateMeasure, 500.0);
    let bars: Vec<(f64, f32)> = d
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Rect {
                w,
                tag: Some((k, v)),
                ..
            } if k == "bar" => Some((*v, *w)),
            _ => None,
        })
        .collect();
    assert_eq!(bars.len(), 2);
    assert!((bars[1].1 / bars[0].1 - 2.0).abs() < 0.01);
}

#[test]
fn bad_blocks_are_errors() {
    assert!(parse("xychart-beta\n x-axis [a]\n bar [1]\n").is_err());
    assert!(parse("xychart-beta horizontal\n x-axis [a, b]\n bar [1]\n").is_err());
    assert!(parse("gantt\n section s\n task :a1, 2026-13-01, 0d\n").is_err());
    assert!(is_figure("%% c\ngantt\n"));
    assert!(!is_figure("graph TD\n a --> b\n"));
}
