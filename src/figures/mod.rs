//! Figures drawn from data: time lines and bar or dot charts.
//!
//! The Markdown of a document holds each figure as a Mermaid block that forges
//! render themselves (`gantt` for time lines, `xychart-beta horizontal` for
//! charts), so the Markdown stays the single source. The HTML and PDF
//! exporters read the same block back ([`parse`]), lay it out once
//! ([`layout`], measured by the caller) and draw the one [`Drawing`]: as SVG
//! ([`to_svg`]) or as PDF vectors (`export/pdf/figure.rs`).
//!
//! What Mermaid cannot say is written in `%%` comment lines, which Mermaid
//! ignores: `%% label N text` (the text written at the end of row N of a
//! chart), `%% legend text` (the name of each series, in order), `%% target N
//! value` (row N's target when not every row has one, so no `line` series can
//! be written), `%% locale zh-TW roc` (the language and calendar of the axis
//! labels, from the `figure:` entries of the locale files).
//!
//! In a `gantt` block the first letter of a task id says what the mark is:
//! `a` the start (awareness, the as-of day), `d` a deadline, `r` a report or
//! another thing done, `t` a test, `n` the next due date; the Mermaid tags say
//! its state: `done` met, `crit` missed or overdue, `active` open.

mod layout;
mod parse;
mod svg;
pub mod view;

#[cfg(test)]
mod tests;

pub use layout::layout;
pub use parse::{is_figure, parse};
pub use svg::to_svg;

/// What a mark on a time line stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// The time everything is counted from (`a…`).
    Start,
    /// A deadline or a due date (`d…`, `n…`).
    Deadline,
    /// Something done: a report, a drill (`r…`, `l…`).
    Done,
    /// A restore test (`t…`).
    Test,
}

impl MarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Start => "start",
            MarkKind::Deadline => "deadline",
            MarkKind::Done => "done",
            MarkKind::Test => "test",
        }
    }
}

/// State of a mark, from the Mermaid tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No tag.
    Plain,
    /// `done`: met.
    Met,
    /// `crit`: missed or overdue.
    Missed,
    /// `active`: open.
    Open,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Plain => "plain",
            State::Met => "met",
            State::Missed => "missed",
            State::Open => "open",
        }
    }
}

/// One task of a `gantt` block, drawn as a mark on its own row.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub label: String,
    pub kind: MarkKind,
    pub state: State,
    /// Minutes since 1970-01-01 00:00 of the wall clock the block is written in.
    pub at: i64,
}

/// A section of a time line: a name and its marks, each on its own row.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub name: String,
    pub marks: Vec<Mark>,
}

/// The language and calendar of a figure's axis labels (`%% locale`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lang {
    pub locale: crate::model::Locale,
    pub calendar: crate::model::Calendar,
}

impl Default for Lang {
    /// A block that names none: English, Gregorian.
    fn default() -> Self {
        Lang {
            locale: crate::model::Locale::En,
            calendar: crate::model::Calendar::Gregorian,
        }
    }
}

/// A `gantt` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub title: String,
    pub lang: Lang,
    /// True when the block gives dates only (`dateFormat YYYY-MM-DD`).
    pub dates_only: bool,
    pub sections: Vec<Section>,
}

/// An `xychart-beta horizontal` block: one row per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub lang: Lang,
    /// The value axis title (its unit).
    pub axis_title: String,
    pub categories: Vec<String>,
    /// `bar` series, each with one value per category.
    pub bars: Vec<Vec<f64>>,
    /// `line` series (targets), each with one value per category.
    pub lines: Vec<Vec<f64>>,
    /// `%% label N` texts, by category.
    pub labels: Vec<Option<String>>,
    /// `%% target N` values, by category (used where no `line` series is).
    pub targets: Vec<Option<f64>>,
    /// `%% legend` names: bar series first, then line series.
    pub legend: Vec<String>,
}

/// A parsed figure block.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Timeline(Timeline),
    Chart(Chart),
}

impl Figure {
    pub fn title(&self) -> &str {
        match self {
            Figure::Timeline(t) => &t.title,
            Figure::Chart(c) => &c.title,
        }
    }
}

/// Shape of a drawn mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Diamond,
    Square,
    Triangle,
    Cross,
}

/// Text alignment at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One drawing primitive; coordinates in points, origin top-left, y down.
/// `grey` values go from 0 (black) to 1 (white): figures print in grey scale.
#[derive(Debug, Clone, PartialEq)]
pub enum Prim {
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: f32,
        dash: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: f32,
        stroke: Option<f32>,
        /// What the bar stands for (`bar`, `target`…) and its value, for
        /// readers of the SVG.
        tag: Option<(String, f64)>,
    },
    Mark {
        shape: Shape,
        filled: bool,
        x: f32,
        y: f32,
        r: f32,
        /// Class and data attributes in the SVG: kind, state, value.
        tag: Option<(String, String, f64)>,
        /// The stretch of a broken time axis the mark lies on (0 when unbroken).
        segment: usize,
    },
    Text {
        x: f32,
        /// Baseline.
        y: f32,
        text: String,
        anchor: Anchor,
        size: f32,
        bold: bool,
    },
}

/// A laid-out figure: everything lies within `(0, 0, width, height)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    pub prims: Vec<Prim>,
}

/// Width of a figure's SVG, in points (the PDF draws it at the text width).
pub const SVG_WIDTH: f32 = 540.0;

/// The width of a chart's second layout in HTML, shown on a phone at the
/// screen's width instead of scrolling the wide one sideways.
pub const NARROW_WIDTH: f32 = 320.0;

/// `parse` + `layout` with estimated text widths + `to_svg`.
pub fn render_svg(
    src: &str,
    title: &str,
    width: f32,
) -> Result<String, crate::diagram::DiagramError> {
    let fig = parse(src)?;
    let d = layout(&fig, &crate::diagram::EstimateMeasure, width);
    Ok(to_svg(&d, title))
}
