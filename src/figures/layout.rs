//! One layout of a figure, drawn by both the SVG writer and the PDF exporter.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::{Anchor, Chart, Drawing, Figure, Lang, MarkKind, Prim, Shape, State, Timeline};
use crate::diagram::Measure;
use crate::model::{Calendar, Locale as LocaleId};
use chrono::{Datelike, NaiveDate};

const FS: f32 = 9.0;
const SMALL: f32 = 8.0;
const ROW: f32 = 17.0;
const PAD: f32 = 6.0;
const AXIS_H: f32 = 28.0;
const INK: f32 = 0.15;
const GRID: f32 = 0.8;
const LABEL_W: f32 = 130.0;
/// Fill of a bar, and of its part beyond the target.
const BAR: f32 = 0.78;
const OVER: f32 = 0.3;

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

/// A tick step in minutes for a span.
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

/// The axis words of a figure's language: the `figure:` entries of its
/// locale file, and whether years are counted in the ROC calendar.
struct Words {
    t: &'static BTreeMap<String, String>,
    roc: bool,
}

impl Words {
    fn of(lang: Lang) -> Words {
        static ZH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        let cell = match lang.locale {
            LocaleId::ZhTw => &ZH,
            LocaleId::En => &EN,
        };
        Words {
            t: cell.get_or_init(|| crate::locale::Locale::get(lang.locale).figure),
            roc: lang.calendar == Calendar::Roc,
        }
    }

    fn fill(&self, key: &str, n: Option<&str>, at: Option<chrono::NaiveDateTime>) -> String {
        let mut s = self.t.get(key).cloned().unwrap_or_else(|| key.to_string());
        if let Some(n) = n {
            s = s.replace("{n}", n);
        }
        if let Some(t) = at {
            let y = t.year();
            let year = if self.roc && y > 1911 { y - 1911 } else { y };
            let mon = self
                .t
                .get("month_names")
                .and_then(|m| m.split_whitespace().nth(t.month0() as usize))
                .unwrap_or("")
                .to_string();
            s = s
                .replace("{y}", &year.to_string())
                .replace("{mon}", &mon)
                .replace("{m}", &t.month().to_string())
                .replace("{d}", &t.day().to_string())
                .replace("{time}", &t.format("%H:%M").to_string());
        }
        s
    }

    /// A duration in hours as an axis label: `15分`, `4 h`, `1 wk`, `30 d`.
    fn duration(&self, hours: f64) -> String {
        let (key, n) = if hours < 1.0 {
            ("minutes", hours * 60.0)
        } else if hours < 24.0 {
            ("hours", hours)
        } else if (168.0..720.0).contains(&hours) && (hours % 168.0).abs() < 1e-9 {
            ("weeks", hours / 168.0)
        } else {
            ("days", hours / 24.0)
        };
        self.fill(key, Some(&num(n)), None)
    }
}

/// How time ticks fall: every `step` minutes, or on month starts every
/// `months` months.
#[derive(Clone, Copy)]
enum TickRule {
    Minutes(i64),
    Months(u32),
}

/// Tick positions between `lo` and `hi` under a rule.
fn tick_positions(lo: i64, hi: i64, rule: TickRule) -> Vec<i64> {
    let mut out = Vec::new();
    match rule {
        TickRule::Months(every) => {
            let d = date_of(lo).date();
            let mut cur = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
            while let Some(next) = cur.checked_add_months(chrono::Months::new(1)) {
                let at = cur
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp() / 60);
                if at > hi {
                    break;
                }
                let index = cur.year() as i64 * 12 + cur.month0() as i64;
                if at >= lo && index % every as i64 == 0 {
                    out.push(at);
                }
                cur = next;
            }
        }
        TickRule::Minutes(step) => {
            let mut at = lo.div_euclid(step) * step;
            if at < lo {
                at += step;
            }
            while at <= hi {
                out.push(at);
                at += step;
            }
        }
    }
    out
}

/// The tick rules for a span, finest first: the first whose labels do not
/// collide is used.
fn tick_rules(span: i64, dates_only: bool) -> Vec<TickRule> {
    if span > 60 * 1440 {
        return [1, 2, 3, 6, 12, 24, 60]
            .iter()
            .map(|m| TickRule::Months(*m))
            .collect();
    }
    let first = time_step(span);
    let mut steps: Vec<i64> = [
        15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080, 20160, 43200,
    ]
    .iter()
    .copied()
    .filter(|s| *s >= first && (!dates_only || s % 1440 == 0))
    .collect();
    if steps.is_empty() {
        steps.push(first);
    }
    let mut rules: Vec<TickRule> = steps.into_iter().map(TickRule::Minutes).collect();
    rules.push(TickRule::Months(1));
    rules
}

/// Labels of tick positions: a month start as the month (or the year), a
/// whole day as the day, a time with its day where the day changes (and at
/// the first tick).
fn tick_labels(ats: &[i64], rule: TickRule, dates_only: bool, w: &Words) -> Vec<String> {
    let mut last_day = None;
    ats.iter()
        .map(|at| {
            let t = date_of(*at);
            let label = match rule {
                TickRule::Months(every) if every % 12 == 0 => w.fill("year", None, Some(t)),
                TickRule::Months(_) => w.fill("month", None, Some(t)),
                TickRule::Minutes(step) if step % 1440 == 0 || dates_only => {
                    w.fill("day", None, Some(t))
                }
                TickRule::Minutes(_) if last_day != Some(t.date()) => {
                    w.fill("day_time", None, Some(t))
                }
                TickRule::Minutes(_) => t.format("%H:%M").to_string(),
            };
            last_day = Some(t.date());
            label
        })
        .collect()
}

/// True when labels centred at `xs` keep `gap` apart and inside `(left, right)`.
fn labels_fit(xs: &[f32], widths: &[f32], gap: f32, (left, right): (f32, f32)) -> bool {
    let inside = xs
        .iter()
        .zip(widths)
        .all(|(x, w)| x - w / 2.0 >= left && x + w / 2.0 <= right);
    inside
        && xs
            .windows(2)
            .zip(widths.windows(2))
            .all(|(x, w)| x[1] - x[0] >= (w[0] + w[1]) / 2.0 + gap)
}

/// Keeps every k-th of the ticks (1, 2, 3…) for the smallest k at which the
/// labels fit; at worst the first alone.
fn thin(ticks: Vec<(f32, String)>, m: &dyn Measure, bounds: (f32, f32)) -> Vec<(f32, String)> {
    let inside: Vec<(f32, String)> = ticks
        .into_iter()
        .filter(|(x, l)| {
            let w = m.text_width(l, SMALL);
            x - w / 2.0 >= bounds.0 - 0.5 && x + w / 2.0 <= bounds.1 + 0.5
        })
        .collect();
    for k in 1..=inside.len().max(1) {
        let kept: Vec<(f32, String)> = inside.iter().step_by(k).cloned().collect();
        let xs: Vec<f32> = kept.iter().map(|t| t.0).collect();
        let ws: Vec<f32> = kept.iter().map(|t| m.text_width(&t.1, SMALL)).collect();
        if labels_fit(&xs, &ws, 6.0, (bounds.0 - 0.5, bounds.1 + 0.5)) {
            return kept;
        }
    }
    inside.into_iter().take(1).collect()
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

/// Groups of times with long empty stretches between them, so that marks
/// minutes apart stay apart on an axis that also reaches days or a month
/// away: the gap that takes the largest share of its group's span is cut
/// while that share is above `ratio` and the gap longer than `least`, into
/// at most four groups.
fn clusters(mut times: Vec<i64>, ratio: f64, least: i64) -> Vec<(i64, i64)> {
    times.sort_unstable();
    times.dedup();
    let mut groups: Vec<Vec<i64>> = vec![times];
    while groups.len() < 4 {
        let cut = groups
            .iter()
            .enumerate()
            .filter_map(|(gi, g)| {
                let (i, gap) = g
                    .windows(2)
                    .enumerate()
                    .map(|(i, w)| (i, w[1] - w[0]))
                    .max_by_key(|(_, gap)| *gap)?;
                let span = (g.last()? - g.first()?).max(1);
                let share = gap as f64 / span as f64;
                (share > ratio && gap > least).then_some((gi, i, share))
            })
            .max_by(|a, b| a.2.total_cmp(&b.2));
        let Some((gi, i, _)) = cut else { break };
        let tail = groups[gi].split_off(i + 1);
        groups.insert(gi + 1, tail);
    }
    groups
        .iter()
        .filter_map(|g| Some((*g.first()?, *g.last()?)))
        .collect()
}

/// One stretch of a (possibly broken) time axis: minutes `lo..hi` drawn
/// from `x0` to `x1`.
struct Stretch {
    lo: i64,
    hi: i64,
    x0: f32,
    x1: f32,
}

/// Gap between the stretches of a broken axis.
const BREAK: f32 = 16.0;

fn stretches(all: &[i64], dates_only: bool, left: f32, right: f32) -> Vec<Stretch> {
    let least = if dates_only { 2 * 1440 } else { 60 };
    // A time line of minutes breaks readily; a year view only across a
    // stretch of more than a year that is most of its span.
    let (ratio, longest) = if dates_only {
        (0.6, 365 * 1440)
    } else {
        (0.25, 6 * 60)
    };
    let ranges: Vec<(i64, i64)> = clusters(all.to_vec(), ratio, longest)
        .into_iter()
        .map(|(min, max)| {
            let s = max - min;
            let base = s.max(least);
            let pad = (base - s) / 2 + base / 20 + 1;
            (min - pad, max + pad)
        })
        .collect();
    let n = ranges.len().max(1) as f32;
    let total: i64 = ranges.iter().map(|(lo, hi)| hi - lo).sum();
    let avail = (right - left) - BREAK * (n - 1.0);
    let mut x = left;
    ranges
        .into_iter()
        .map(|(lo, hi)| {
            let share = 0.4 / n + 0.6 * (hi - lo) as f32 / total.max(1) as f32;
            let w = avail * share;
            let s = Stretch {
                lo,
                hi,
                x0: x,
                x1: x + w,
            };
            x += w + BREAK;
            s
        })
        .collect()
}

fn timeline(t: &Timeline, m: &dyn Measure, width: f32) -> Drawing {
    let words = Words::of(t.lang);
    let all: Vec<i64> = t
        .sections
        .iter()
        .flat_map(|s| s.marks.iter().map(|k| k.at))
        .collect();
    let names_w = t
        .sections
        .iter()
        .flat_map(|s| wrap(&s.name, m, FS, LABEL_W))
        .map(|l| m.text_width(&l, FS))
        .fold(0.0_f32, f32::max);
    let left = PAD + names_w + PAD * 2.0;
    let right = width - PAD;
    let segs = stretches(&all, t.dates_only, left, right);
    let x_of = |at: i64| -> (f32, usize) {
        let i = segs
            .iter()
            .position(|s| at <= s.hi)
            .unwrap_or(segs.len() - 1);
        let s = &segs[i];
        let f = (at - s.lo) as f32 / (s.hi - s.lo).max(1) as f32;
        (s.x0 + (s.x1 - s.x0) * f, i)
    };

    let mut prims = Vec::new();
    let mut guides = Vec::new();
    let mut starts = Vec::new();
    let mut y = PAD;
    for (si, s) in t.sections.iter().enumerate() {
        let top = y;
        if si > 0 {
            prims.push(line(PAD, y, right, y, 0.5, 0.6, false));
        }
        let mut deadlines = Vec::new();
        for k in &s.marks {
            let cy = y + ROW / 2.0;
            let (x, segment) = x_of(k.at);
            let (shape, filled) = mark_shape(k.kind, k.state);
            prims.push(Prim::Mark {
                shape,
                filled,
                x,
                y: cy,
                r: 4.5,
                tag: Some((k.kind.as_str().into(), k.state.as_str().into(), k.at as f64)),
                segment,
            });
            match k.kind {
                MarkKind::Deadline => deadlines.push(x),
                MarkKind::Start => starts.push(x),
                _ => {}
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
    for (i, s) in segs.iter().enumerate() {
        let bounds = (
            if i == 0 {
                PAD
            } else {
                s.x0 - BREAK / 2.0 + 1.0
            },
            if i + 1 == segs.len() {
                width - 1.0
            } else {
                s.x1 + BREAK / 2.0 - 1.0
            },
        );
        let x_in = |at: i64| s.x0 + (s.x1 - s.x0) * ((at - s.lo) as f32 / (s.hi - s.lo) as f32);
        // The finest rule whose labels fit, else the first that gives ticks.
        let mut chosen: Option<(TickRule, Vec<i64>)> = None;
        for rule in tick_rules(s.hi - s.lo, t.dates_only) {
            let ats = tick_positions(s.lo, s.hi, rule);
            if ats.is_empty() {
                continue;
            }
            let labels = tick_labels(&ats, rule, t.dates_only, &words);
            // A label that would stick out at an end is dropped anyway.
            let (xs, ws): (Vec<f32>, Vec<f32>) = ats
                .iter()
                .zip(&labels)
                .map(|(a, l)| (x_in(*a), m.text_width(l, SMALL)))
                .filter(|(x, w)| x - w / 2.0 >= bounds.0 - 0.5 && x + w / 2.0 <= bounds.1 + 0.5)
                .unzip();
            let fits =
                !xs.is_empty() && labels_fit(&xs, &ws, 6.0, (bounds.0 - 0.5, bounds.1 + 0.5));
            if fits || chosen.is_none() {
                chosen = Some((rule, ats));
            }
            if fits {
                break;
            }
        }
        // Thinned until stable: what is kept is labelled again, so the first
        // tick of a stretch always names its day.
        let mut ticks: Vec<(f32, String)> = Vec::new();
        if let Some((rule, mut ats)) = chosen {
            loop {
                let labels = tick_labels(&ats, rule, t.dates_only, &words);
                let all: Vec<(f32, String)> = ats.iter().map(|a| x_in(*a)).zip(labels).collect();
                let kept = thin(all.clone(), m, bounds);
                if kept.len() == all.len() || kept.is_empty() {
                    ticks = kept;
                    break;
                }
                ats.retain(|a| kept.iter().any(|k| k.0 == x_in(*a)));
            }
        }
        for (x, label) in ticks {
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
        back.push(line(s.x0, plot_bottom, s.x1, plot_bottom, 0.8, INK, false));
        if i + 1 < segs.len() {
            // The break: two slanted strokes across the axis, and a light
            // band through the rows so no one reads across it.
            let xm = s.x1 + BREAK / 2.0;
            back.push(line(xm - 1.0, PAD, xm - 1.0, plot_bottom, 0.4, GRID, true));
            back.push(line(xm + 1.0, PAD, xm + 1.0, plot_bottom, 0.4, GRID, true));
            for dx in [-3.0, 1.0] {
                back.push(line(
                    xm + dx - 1.5,
                    plot_bottom + 4.0,
                    xm + dx + 1.5,
                    plot_bottom - 4.0,
                    0.8,
                    INK,
                    false,
                ));
            }
        }
    }
    for x in starts {
        back.push(line(x, PAD, x, plot_bottom, 0.7, 0.35, false));
    }
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

/// Log-axis ticks, in hours.
const LOG_TICKS: [f64; 12] = [
    5.0 / 60.0,
    0.25,
    1.0,
    4.0,
    8.0,
    24.0,
    72.0,
    168.0,
    336.0,
    720.0,
    2160.0,
    8760.0,
];

/// Series shapes of a dot chart, in order.
const DOTS: [(Shape, bool); 4] = [
    (Shape::Triangle, true),
    (Shape::Circle, true),
    (Shape::Diamond, false),
    (Shape::Square, false),
];

fn chart(c: &Chart, m: &dyn Measure, width: f32) -> Drawing {
    let words = Words::of(c.lang);
    let dots = c.bars.len() > 1 || (c.bars.is_empty() && !c.lines.is_empty());
    // A bar chart's target per row: the first `line` series, else `%% target`.
    let target_of = |i: usize| c.lines.first().map(|l| l[i]).or(c.targets[i]);
    let values: Vec<f64> = c
        .bars
        .iter()
        .chain(&c.lines)
        .flatten()
        .copied()
        .chain(c.targets.iter().flatten().copied())
        .collect();
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
            .copied()
            .find(|t| *t <= vmin_pos)
            .unwrap_or(vmin_pos)
            .min(vmin_pos);
        let hi = LOG_TICKS
            .iter()
            .copied()
            .find(|t| *t >= vmax)
            .unwrap_or(vmax);
        let ticks = LOG_TICKS
            .iter()
            .filter(|t| **t >= lo && **t <= hi)
            .map(|t| (*t, words.duration(*t)))
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
    // Room at the right for the amounts written at the bars' ends.
    let label_room = if dots {
        0.0
    } else {
        c.labels
            .iter()
            .flatten()
            .map(|l| m.text_width(l, FS) + 10.0)
            .fold(0.0_f32, f32::max)
            .min((right - left) * 0.4)
    };
    let plot_right = right - label_room;
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
                    segment: 0,
                });
            }
            if let Some(l) = &c.labels[i] {
                fore.push(text(left, cy + ROW - 2.0, l, Anchor::Start, SMALL, false));
            }
        } else {
            let bh = 11.0;
            let mut bar_end = None;
            let target_v = target_of(i);
            if let Some(v) = c.bars.first().map(|b| b[i]) {
                let x = x_of(v);
                bar_end = Some(x);
                fore.push(Prim::Rect {
                    x: left,
                    y: cy - bh / 2.0,
                    w: x - left,
                    h: bh,
                    fill: BAR,
                    stroke: Some(INK),
                    tag: Some(("bar".into(), v)),
                });
                // What lies beyond the target, dark: the overrun reads
                // without colour and without the label.
                if let Some(t) = target_v.filter(|t| v > *t) {
                    let xt = x_of(t);
                    fore.push(Prim::Rect {
                        x: xt,
                        y: cy - bh / 2.0,
                        w: x - xt,
                        h: bh,
                        fill: OVER,
                        stroke: Some(INK),
                        tag: Some(("over".into(), ((v - t) * 100.0).round() / 100.0)),
                    });
                }
            }
            let mut target = None;
            if let Some(v) = target_v {
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
            // past the target line, else under the bar, ending where it ends.
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
                    let x = end.max(left + w).min(right);
                    fore.push(text(x, cy + ROW - 1.0, l, Anchor::End, FS, false));
                }
            }
        }
        y += h;
    }
    let plot_bottom = y;
    let mut prims = Vec::new();
    let ticks: Vec<(f32, String)> = ticks.into_iter().map(|(v, l)| (x_of(v), l)).collect();
    // The end ticks may lean inwards: their labels end (or start) at the tick.
    for (x, label) in &thin(ticks, m, (-width, 2.0 * width)) {
        let x = *x;
        let w = m.text_width(label, SMALL);
        let anchor = if x + w / 2.0 > width {
            Anchor::End
        } else if x - w / 2.0 < 0.0 {
            Anchor::Start
        } else {
            Anchor::Middle
        };
        prims.push(line(x, PAD, x, plot_bottom, 0.4, GRID, false));
        prims.push(line(x, plot_bottom, x, plot_bottom + 3.0, 0.6, INK, false));
        prims.push(text(
            x,
            plot_bottom + 4.0 + SMALL,
            label,
            anchor,
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
    // A log axis's ticks name their unit; its title would mislead.
    if !c.axis_title.is_empty() && !log {
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
                    segment: 0,
                });
            } else if s == 1 {
                prims.push(Prim::Rect {
                    x: x + 4.0,
                    y: ly - 6.0,
                    w: 2.0,
                    h: 12.0,
                    fill: 0.0,
                    stroke: None,
                    tag: None,
                });
            } else {
                prims.push(Prim::Rect {
                    x,
                    y: ly - 4.0,
                    w: 10.0,
                    h: 8.0,
                    fill: if s == 0 { BAR } else { OVER },
                    stroke: Some(INK),
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
