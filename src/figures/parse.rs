//! Reading a figure block back: the `gantt` and `xychart-beta horizontal`
//! subsets that the templates write.

use super::{Chart, Figure, Lang, Mark, MarkKind, Section, State, Timeline};
use crate::diagram::{DiagramError, decode_entities as dec};
use chrono::{NaiveDate, NaiveDateTime};

/// The first statement of a block (comments and blank lines skipped).
fn first_statement(src: &str) -> Option<&str> {
    src.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("%%"))
}

/// True when a Mermaid block is a figure this module draws (not a flowchart).
pub fn is_figure(src: &str) -> bool {
    first_statement(src).is_some_and(|l| {
        let word = l.split_whitespace().next().unwrap_or("");
        word == "gantt" || word == "xychart-beta"
    })
}

fn err(line: usize, message: impl Into<String>) -> DiagramError {
    DiagramError {
        line,
        message: message.into(),
    }
}

/// Parses a figure block.
pub fn parse(src: &str) -> Result<Figure, DiagramError> {
    match first_statement(src).and_then(|l| l.split_whitespace().next()) {
        Some("gantt") => gantt(src).map(Figure::Timeline),
        Some("xychart-beta") => chart(src).map(Figure::Chart),
        _ => Err(err(1, "not a gantt or xychart-beta block")),
    }
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
        .to_string()
}

/// Minutes since the epoch of a wall-clock time `YYYY-MM-DD HH:mm` or a date.
fn minutes(s: &str, line: usize) -> Result<(i64, bool), DiagramError> {
    let s = s.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
        return Ok((t.and_utc().timestamp() / 60, false));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok((
            d.and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp() / 60),
            true,
        ));
    }
    Err(err(
        line,
        format!("`{s}` is not a date (YYYY-MM-DD or YYYY-MM-DD HH:mm)"),
    ))
}

/// `%% locale zh-TW roc`: the locale and calendar of the axis labels (an
/// unknown word keeps the default).
fn lang(rest: &str) -> Lang {
    let mut lang = Lang::default();
    for w in rest.split_whitespace() {
        if let Some(l) = crate::model::Locale::ALL.iter().find(|l| l.as_str() == w) {
            lang.locale = *l;
        }
        if let Some(c) = crate::model::Calendar::ALL.iter().find(|c| c.as_str() == w) {
            lang.calendar = *c;
        }
    }
    lang
}

fn gantt(src: &str) -> Result<Timeline, DiagramError> {
    let mut t = Timeline {
        title: String::new(),
        lang: Lang::default(),
        dates_only: true,
        sections: Vec::new(),
    };
    let mut seen_head = false;
    for (i, raw) in src.lines().enumerate() {
        let line_no = i + 1;
        let l = raw.trim();
        if let Some(rest) = l.strip_prefix("%%").map(str::trim)
            && let Some(words) = rest.strip_prefix("locale ")
        {
            t.lang = lang(words);
            continue;
        }
        if l.is_empty() || l.starts_with("%%") {
            continue;
        }
        if !seen_head {
            seen_head = true;
            continue;
        }
        let (word, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
        match word {
            "title" => t.title = dec(rest.trim()),
            "dateFormat" | "axisFormat" | "todayMarker" | "tickInterval" | "excludes"
            | "weekday" | "displayMode" => {}
            "section" => t.sections.push(Section {
                name: dec(rest.trim()),
                marks: Vec::new(),
            }),
            _ => {
                let Some((name, data)) = l.split_once(':') else {
                    return Err(err(line_no, format!("`{l}`: a task needs `name : data`")));
                };
                let mut state = State::Plain;
                let mut items = Vec::new();
                for part in data.split(',').map(str::trim) {
                    match part {
                        "done" => state = State::Met,
                        "crit" => state = State::Missed,
                        "active" => state = State::Open,
                        "milestone" => {}
                        p => items.push(p),
                    }
                }
                let (id, start) = match items.as_slice() {
                    [id, start, _] => (*id, *start),
                    [id, start] if !id.starts_with(|c: char| c.is_ascii_digit()) => (*id, *start),
                    [start, ..] => ("", *start),
                    [] => return Err(err(line_no, "a task needs a start")),
                };
                let kind = match id.chars().next() {
                    Some('a') => MarkKind::Start,
                    Some('d' | 'n') => MarkKind::Deadline,
                    Some('t') => MarkKind::Test,
                    _ => MarkKind::Done,
                };
                let (at, date) = minutes(start, line_no)?;
                t.dates_only &= date;
                if t.sections.is_empty() {
                    t.sections.push(Section {
                        name: String::new(),
                        marks: Vec::new(),
                    });
                }
                if let Some(s) = t.sections.last_mut() {
                    s.marks.push(Mark {
                        label: dec(name.trim()),
                        kind,
                        state,
                        at,
                    });
                }
            }
        }
    }
    if t.sections.iter().all(|s| s.marks.is_empty()) {
        return Err(err(1, "the time line has no tasks"));
    }
    Ok(t)
}

/// `["a", "b, c", d]` → items.
fn list(s: &str, line: usize) -> Result<Vec<String>, DiagramError> {
    let s = s.trim();
    let inner = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .ok_or_else(|| err(line, "expected a list in brackets"))?;
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in inner.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    if !cur.trim().is_empty() || !out.is_empty() {
        out.push(cur.trim().to_string());
    }
    Ok(out)
}

fn numbers(s: &str, line: usize) -> Result<Vec<f64>, DiagramError> {
    list(s, line)?
        .iter()
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| err(line, format!("`{v}` is not a number")))
        })
        .collect()
}

fn chart(src: &str) -> Result<Chart, DiagramError> {
    let mut c = Chart {
        title: String::new(),
        lang: Lang::default(),
        axis_title: String::new(),
        categories: Vec::new(),
        bars: Vec::new(),
        lines: Vec::new(),
        labels: Vec::new(),
        targets: Vec::new(),
        legend: Vec::new(),
    };
    let mut labels: Vec<(usize, String)> = Vec::new();
    let mut targets: Vec<(usize, f64)> = Vec::new();
    let mut seen_head = false;
    for (i, raw) in src.lines().enumerate() {
        let line_no = i + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(comment) = l.strip_prefix("%%") {
            let comment = comment.trim();
            let (word, rest) = comment.split_once(' ').unwrap_or((comment, ""));
            match word {
                "label" => {
                    let (n, text) = rest.split_once(' ').unwrap_or((rest, ""));
                    let n: usize = n
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| err(line_no, "`%% label N text`: N counts from 1"))?;
                    labels.push((n - 1, dec(text.trim())));
                }
                "legend" => c.legend.push(dec(rest.trim())),
                "locale" => c.lang = lang(rest),
                "target" => {
                    let (n, v) = rest.split_once(' ').unwrap_or((rest, ""));
                    let n: usize = n
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| err(line_no, "`%% target N value`: N counts from 1"))?;
                    let v = v
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| err(line_no, format!("`{}` is not a number", v.trim())))?;
                    targets.push((n - 1, v));
                }
                _ => {}
            }
            continue;
        }
        if !seen_head {
            seen_head = true;
            if !l.split_whitespace().any(|w| w == "horizontal") {
                return Err(err(line_no, "only `xychart-beta horizontal` is drawn"));
            }
            continue;
        }
        let (word, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
        match word {
            "title" => c.title = dec(&unquote(rest)),
            "x-axis" => {
                let rest = rest.trim();
                let list_at = rest.find('[').unwrap_or(0);
                c.categories = list(&rest[list_at..], line_no)?
                    .iter()
                    .map(|c| dec(c))
                    .collect();
            }
            "y-axis" => {
                let rest = rest.trim();
                if let Some(q) = rest.strip_prefix('"') {
                    c.axis_title = dec(q.split('"').next().unwrap_or(""));
                }
            }
            "bar" => c.bars.push(numbers(rest, line_no)?),
            "line" => c.lines.push(numbers(rest, line_no)?),
            _ => return Err(err(line_no, format!("`{word}` is not drawn in a chart"))),
        }
    }
    let n = c.categories.len();
    if n == 0 {
        return Err(err(1, "the chart has no categories"));
    }
    if c.bars.iter().chain(&c.lines).any(|s| s.len() != n) {
        return Err(err(1, "every series needs one value per category"));
    }
    c.labels = vec![None; n];
    for (i, text) in labels {
        if i >= n {
            return Err(err(1, format!("label {} names no category", i + 1)));
        }
        c.labels[i] = Some(text);
    }
    c.targets = vec![None; n];
    for (i, v) in targets {
        if i >= n {
            return Err(err(1, format!("target {} names no category", i + 1)));
        }
        c.targets[i] = Some(v);
    }
    Ok(c)
}
