//! One layout of a figure, drawn by both the SVG writer and the PDF exporter.

use super::{Anchor, Chart, Drawing, Figure, MarkKind, Prim, Shape, State, Timeline};
use crate::diagram::Measure;
use chrono::{Datelike, NaiveDate};

const FS: f32 = 9.0;
const SMALL: f32 = 8.0;
const ROW: f32 = 17.0;
const PAD: f32 = 6.0;
const AXIS_H: f32 = 28.0;
const INK: f32 = 0.15;
const GRID: f32 = 0.8;
const LABEL_W: f32 = 130.0;

/// Lays a figure out in `width` points.
pub fn layout(fig: &Figure, m: &dyn Measure, width: f32) -> Drawing {
    match fig {
        Figure::Timeline(t) => timeline(t, m, width.max(200.0)),
        Figure::Chart(c) => chart(c, m, width.max(200.0)),
    }
}

fn text(x: f32, y: f32, s: &str, anchor: Anchor, size: f32, bold: bool) -> Prim {
    Prim::Text {
        x,
        y,
        text: s.to_string(),
        anchor,
        size,
        bold,
    }
}

fn line(x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32, dash: bool) -> Prim {
    Prim::Line {
        x1,
        y1,
        x2,
        y2,
        width,
        grey,
        dash,
    }
}

/// Greedy wrap of `s` into lines of at most `w` points (breaks at spaces, or
/// between wide characters).
fn wrap(s: &str, m: &dyn Measure, size: f32, w: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        cur.push(c);
        if m.text_width(&cur, size) > w && cur.chars().count() > 1 {
            let cut = cur.rfind(' ').filter(|&i| i > 0);
            let rest = match cut {
                Some(i) => {
                    let rest = cur[i + 1..].to_string();
                    cur.truncate(i);
                    rest
                }
                None => cur.pop().map(String::from).unwrap_or_default(),
            };
            lines.push(std::mem::take(&mut cur).trim_end().to_string());
            cur = rest;
        }
    }
    if !cur.trim().is_empty() {
        lines.push(cur.trim().to_string());
    }
    lines
}

/// A label next to a mark at `x` on a row at baseline `y`: to the right when it
/// fits before `right`, else to the left when it fits after `left`, else on
/// the line below, starting where it fits. Returns the text and whether it
/// took a line of its own.
fn beside(
    label: &str,
    m: &dyn Measure,
    x: f32,
    y: f32,
    gap: f32,
    (left, right): (f32, f32),
) -> (Prim, bool) {
    let w = m.text_width(label, FS);
    if x + gap + w <= right {
        (text(x + gap, y, label, Anchor::Start, FS, false), false)
    } else if x - gap - w >= left {
        (text(x - gap, y, label, Anchor::End, FS, false), false)
    } else {
        let start = (x - w / 2.0).clamp(left, (right - w).max(left));
        (
            text(start, y + ROW - 2.0, label, Anchor::Start, FS, false),
            true,
        )
    }
}

/// A tick step in minutes for a span, and whether ticks fall on month starts.
fn time_step(span: i64) -> i64 {
    const STEPS: [i64; 14] = [
        15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080, 20160, 43200, 129600,
    ];
    STEPS
        .iter()
        .copied()
        .find(|s| span / s <= 6)
        .unwrap_or(525_600)
}

fn date_of(min: i64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(min.saturating_mul(60), 0)
        .unwrap_or_default()
        .naive_utc()
}

/// Ticks (minute, label) between `lo` and `hi`.
fn time_ticks(lo: i64, hi: i64, dates_only: bool) -> Vec<(i64, String)> {
    let span = (hi - lo).max(1);
    let mut out = Vec::new();
    if span > 60 * 1440 {
        // Month starts.
        let d = date_of(lo).date();
        let mut cur = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
        let every = if span > 400 * 1440 {
            3
        } else if span > 200 * 1440 {
            2
        } else {
            1
        };
        while let Some(next) = cur.checked_add_months(chrono::Months::new(1)) {
            let at = cur
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp() / 60);
            if at > hi {
                break;
            }
            if at >= lo && (cur.month0() % every) == 0 {
                out.push((at, cur.format("%Y-%m").to_string()));
            }
            cur = next;
        }
        return out;
    }
    let step = time_step(span);
    let mut at = lo.div_euclid(step) * step;
    if at < lo {
        at += step;
    }
    let whole_days = step % 1440 == 0;
    let mut last_day = None;
    while at <= hi {
        let t = date_of(at);
        let label = if whole_days || dates_only {
            t.format("%m-%d").to_string()
        } else if last_day != Some(t.date()) {
            t.format("%m-%d %H:%M").to_string()
        } else {
            t.format("%H:%M").to_string()
        };
        last_day = Some(t.date());
        out.push((at, label));
        at += step;
    }
    out
}

fn mark_shape(kind: MarkKind, state: State) -> (Shape, bool) {
    match (kind, state) {
        (MarkKind::Start, _) => (Shape::Triangle, true),
        (MarkKind::Deadline, State::Missed) => (Shape::Diamond, true),
        (MarkKind::Deadline, _) => (Shape::Diamond, false),
        (MarkKind::Test, _) => (Shape::Square, state != State::Open),
        (MarkKind::Done, State::Missed) => (Shape::Cross, true),
        (MarkKind::Done, State::Open) => (Shape::Circle, false),
        (MarkKind::Done, _) => (Shape::Circle, true),
    }
}

fn timeline(t: &Timeline, m: &dyn Measure, width: f32) -> Drawing {
    let all: Vec<i64> = t
        .sections
        .iter()
        .flat_map(|s| s.marks.iter().map(|k| k.at))
        .collect();
    let (min, max) = (
        all.iter().copied().min().unwrap_or(0),
        all.iter().copied().max().unwrap_or(0),
    );
    let span = (max - min).max(if t.dates_only { 2 * 1440 } else { 60 });
    let margin = span / 20 + 1;
    let (lo, hi) = (min - margin, min + span + margin);

    let names_w = t
        .sections
        .iter()
        .flat_map(|s| wrap(&s.name, m, FS, LABEL_W))
        .map(|l| m.text_width(&l, FS))
        .fold(0.0_f32, f32::max);
    let left = PAD + names_w + PAD * 2.0;
    let right = width - PAD;
    let x_of = |at: i64| left + (right - left) * ((at - lo) as f32 / (hi - lo) as f32);

    let mut prims = Vec::new();
    let mut guides = Vec::new();
    let mut y = PAD;
    for (si, s) in t.sections.iter().enumerate() {
        let top = y;
        if si > 0 {
            prims.push(line(PAD, y, right, y, 0.5, 0.6, false));
        }
        let mut deadlines = Vec::new();
        for k in &s.marks {
            let cy = y + ROW / 2.0;
            let x = x_of(k.at);
            let (shape, filled) = mark_shape(k.kind, k.state);
            prims.push(Prim::Mark {
                shape,
                filled,
                x,
                y: cy,
                r: 4.5,
                tag: Some((k.kind.as_str().into(), k.state.as_str().into(), k.at as f64)),
            });
            if k.kind == MarkKind::Deadline {
                deadlines.push(x);
            }
            let (p, own_line) = beside(&k.label, m, x, cy + FS * 0.35, 8.0, (left, right));
            prims.push(p);
            y += if own_line { 2.0 * ROW } else { ROW };
        }
        for x in deadlines {
            guides.push(line(x, top + 1.0, x, y - 1.0, 0.6, 0.45, true));
        }
        let name_lines = wrap(&s.name, m, FS, LABEL_W);
        for (i, l) in name_lines.iter().enumerate() {
            prims.push(text(
                PAD,
                top + ROW / 2.0 + FS * 0.35 + i as f32 * FS * 1.25,
                l,
                Anchor::Start,
                FS,
                true,
            ));
        }
        y = y.max(top + name_lines.len() as f32 * FS * 1.25 + 4.0);
    }
    let plot_bottom = y + 2.0;
    let mut back = Vec::new();
    for (at, label) in time_ticks(lo, hi, t.dates_only) {
        let x = x_of(at);
        back.push(line(x, PAD, x, plot_bottom, 0.4, GRID, false));
        back.push(line(x, plot_bottom, x, plot_bottom + 3.0, 0.6, INK, false));
        back.push(text(
            x,
            plot_bottom + 3.0 + SMALL + 1.0,
            &label,
            Anchor::Middle,
            SMALL,
            false,
        ));
    }
    back.push(line(left, plot_bottom, right, plot_bottom, 0.8, INK, false));
    back.extend(guides);
    back.extend(prims);
    Drawing {
        width,
        height: plot_bottom + AXIS_H - 8.0,
        prims: back,
    }
}

/// A "nice" step for a linear axis up to `max`.
fn nice_step(max: f64) -> f64 {
    let raw = (max / 5.0).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|f| f * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Log-axis ticks in hours, labelled in the data's own duration notation.
const LOG_TICKS: [(f64, &str); 11] = [
    (0.25, "15m"),
    (1.0, "1h"),
    (4.0, "4h"),
    (8.0, "8h"),
    (24.0, "1d"),
    (72.0, "3d"),
    (168.0, "1w"),
    (336.0, "2w"),
    (720.0, "30d"),
    (2160.0, "90d"),
    (8760.0, "365d"),
];

/// Series shapes of a dot chart, in order.
const DOTS: [(Shape, bool); 4] = [
    (Shape::Triangle, true),
    (Shape::Circle, true),
    (Shape::Diamond, false),
    (Shape::Square, false),
];

fn chart(c: &Chart, m: &dyn Measure, width: f32) -> Drawing {
    let dots = c.bars.len() > 1 || (c.bars.is_empty() && !c.lines.is_empty());
    let values: Vec<f64> = c.bars.iter().chain(&c.lines).flatten().copied().collect();
    let vmax = values.iter().copied().fold(0.0_f64, f64::max).max(1e-6);
    let vmin_pos = values
        .iter()
        .copied()
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let log = dots && vmin_pos.is_finite() && vmax / vmin_pos > 20.0;

    let cat_lines: Vec<Vec<String>> = c
        .categories
        .iter()
        .map(|s| wrap(s, m, FS, LABEL_W))
        .collect();
    let names_w = cat_lines
        .iter()
        .flatten()
        .map(|l| m.text_width(l, FS))
        .fold(0.0_f32, f32::max);
    let left = PAD + names_w + PAD * 2.0;
    let right = width - PAD;
    let (lo, hi, ticks): (f64, f64, Vec<(f64, String)>) = if log {
        let lo = LOG_TICKS
            .iter()
            .rev()
            .map(|t| t.0)
            .find(|t| *t <= vmin_pos)
            .unwrap_or(vmin_pos)
            .min(vmin_pos);
        let hi = LOG_TICKS
            .iter()
            .map(|t| t.0)
            .find(|t| *t >= vmax)
            .unwrap_or(vmax);
        let ticks = LOG_TICKS
            .iter()
            .filter(|t| t.0 >= lo && t.0 <= hi)
            .map(|t| (t.0, t.1.to_string()))
            .collect();
        (lo, hi, ticks)
    } else {
        let step = nice_step(vmax);
        let hi = (vmax / step).ceil() * step;
        let n = (hi / step).round() as usize;
        let ticks = (0..=n)
            .map(|i| (i as f64 * step, num(i as f64 * step)))
            .collect();
        (0.0, hi, ticks)
    };
    let plot_right = right;
    let x_of = |v: f64| -> f32 {
        let f = if log {
            (v.max(lo).ln() - lo.ln()) / (hi.ln() - lo.ln())
        } else {
            v / hi
        };
        left + (plot_right - left) * f.clamp(0.0, 1.0) as f32
    };

    let mut fore = Vec::new();
    let mut y = PAD;
    let row_h = ROW * 2.0 + 2.0;
    for (i, name) in cat_lines.iter().enumerate() {
        let h = row_h.max(name.len() as f32 * FS * 1.25 + 6.0);
        let cy = y + ROW / 2.0 + 2.0;
        for (k, l) in name.iter().enumerate() {
            let base =
                cy + FS * 0.35 - (name.len() as f32 - 1.0) * FS * 0.625 + k as f32 * FS * 1.25;
            fore.push(text(left - PAD, base, l, Anchor::End, FS, false));
        }
        if i > 0 {
            fore.push(line(PAD, y, right, y, 0.3, 0.75, false));
        }
        if dots {
            fore.push(line(left, cy, plot_right, cy, 0.4, 0.7, true));
            let series: Vec<&Vec<f64>> = c.bars.iter().chain(&c.lines).collect();
            // Hollow shapes first, so a filled one at the same value shows inside.
            let mut order: Vec<usize> = (0..series.len()).collect();
            order.sort_by_key(|s| DOTS[s % DOTS.len()].1);
            for s in order {
                let vals = series[s];
                let v = vals[i];
                if v <= 0.0 {
                    continue;
                }
                let (shape, filled) = DOTS[s % DOTS.len()];
                let name = c
                    .legend
                    .get(s)
                    .cloned()
                    .unwrap_or_else(|| format!("{}", s + 1));
                fore.push(Prim::Mark {
                    shape,
                    filled,
                    x: x_of(v),
                    y: cy,
                    r: 4.0,
                    tag: Some(("series".into(), name, v)),
                });
            }
            if let Some(l) = &c.labels[i] {
                fore.push(text(left, cy + ROW - 2.0, l, Anchor::Start, SMALL, false));
            }
        } else {
            let bh = 11.0;
            let mut bar_end = None;
            if let Some(v) = c.bars.first().map(|b| b[i]) {
                let x = x_of(v);
                bar_end = Some(x);
                fore.push(Prim::Rect {
                    x: left,
                    y: cy - bh / 2.0,
                    w: x - left,
                    h: bh,
                    fill: 0.62,
                    stroke: Some(INK),
                    tag: Some(("bar".into(), v)),
                });
            }
            let mut target = None;
            if let Some(v) = c.lines.first().map(|b| b[i]) {
                let x = x_of(v);
                target = Some(x);
                fore.push(Prim::Rect {
                    x: x - 1.0,
                    y: cy - 8.0,
                    w: 2.0,
                    h: 16.0,
                    fill: 0.0,
                    stroke: None,
                    tag: Some(("target".into(), v)),
                });
            }
            // The amount at the bar's end (not across the target line), else
            // past the target line, else under the bar.
            if let Some(l) = &c.labels[i] {
                let w = m.text_width(l, FS);
                let end = bar_end.unwrap_or(left);
                let at = match target {
                    Some(t) if t > end && end + 5.0 + w > t - 3.0 => t + 5.0,
                    _ => end + 5.0,
                };
                if at + w <= right {
                    fore.push(text(at, cy + FS * 0.35, l, Anchor::Start, FS, false));
                } else {
                    fore.push(text(left, cy + ROW - 1.0, l, Anchor::Start, FS, false));
                }
            }
        }
        y += h;
    }
    let plot_bottom = y;
    let mut prims = Vec::new();
    for (v, label) in &ticks {
        let x = x_of(*v);
        prims.push(line(x, PAD, x, plot_bottom, 0.4, GRID, false));
        prims.push(line(x, plot_bottom, x, plot_bottom + 3.0, 0.6, INK, false));
        prims.push(text(
            x,
            plot_bottom + 4.0 + SMALL,
            label,
            Anchor::Middle,
            SMALL,
            false,
        ));
    }
    prims.push(line(left, PAD, left, plot_bottom, 0.8, INK, false));
    prims.push(line(
        left,
        plot_bottom,
        plot_right,
        plot_bottom,
        0.8,
        INK,
        false,
    ));
    prims.extend(fore);
    let mut bottom = plot_bottom + 6.0 + SMALL * 2.0;
    if !c.axis_title.is_empty() {
        prims.push(text(
            (left + plot_right) / 2.0,
            bottom + 2.0,
            &c.axis_title,
            Anchor::Middle,
            SMALL,
            false,
        ));
        bottom += SMALL + 6.0;
    }
    // Legend: a shape or swatch and the series name, in one row.
    if !c.legend.is_empty() {
        let mut x = left;
        let ly = bottom + 4.0;
        for (s, name) in c.legend.iter().enumerate() {
            if dots {
                let (shape, filled) = DOTS[s % DOTS.len()];
                prims.push(Prim::Mark {
                    shape,
                    filled,
                    x: x + 4.0,
                    y: ly,
                    r: 4.0,
                    tag: None,
                });
            } else if s < c.bars.len() {
                prims.push(Prim::Rect {
                    x,
                    y: ly - 4.0,
                    w: 10.0,
                    h: 8.0,
                    fill: 0.62,
                    stroke: Some(INK),
                    tag: None,
                });
            } else {
                prims.push(Prim::Rect {
                    x: x + 4.0,
                    y: ly - 6.0,
                    w: 2.0,
                    h: 12.0,
                    fill: 0.0,
                    stroke: None,
                    tag: None,
                });
            }
            prims.push(text(
                x + 14.0,
                ly + SMALL * 0.35,
                name,
                Anchor::Start,
                SMALL,
                false,
            ));
            x += 14.0 + m.text_width(name, SMALL) + 16.0;
        }
        bottom += 16.0;
    }
    Drawing {
        width,
        height: bottom + 2.0,
        prims,
    }
}
