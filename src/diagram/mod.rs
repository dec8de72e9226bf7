//! Flow diagrams: a small Mermaid subset, laid out and drawn by the tool itself.
//!
//! The same [`Graph`] definition feeds both outputs: [`to_svg`] for HTML and the
//! PDF exporter, which draws a [`Layout`] with its own vector primitives. The
//! pipeline is [`parse`] → [`layout`] → [`to_svg`] (or the PDF painter).
//!
//! Coordinates are in points, origin top-left, y growing downward. Label lines
//! are drawn centred, [`LINE_HEIGHT`] × `font_size` apart.

mod layout;
mod parse;
pub(crate) use parse::decode_entities;
mod place;
mod rank;
mod route;
mod route_label;
mod svg;
mod text;

#[cfg(test)]
mod tests;

/// Distance between two label lines, as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.3;

/// Main flow direction of a flowchart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `TD` / `TB`: ranks stacked from top to bottom.
    TopDown,
    /// `LR`: ranks placed from left to right.
    LeftRight,
}

/// Node outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `A[text]`
    Rect,
    /// `A(text)`: rectangle with rounded corners.
    Rounded,
    /// `A([text])`: fully rounded ends (start / end of a flow).
    Stadium,
    /// `A{text}`: decision.
    Diamond,
    /// `A((text))`
    Circle,
}

/// Line style of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeStyle {
    /// `-->`: solid line with an arrow head at the target.
    Arrow,
    /// `---`: solid line without an arrow head.
    Line,
    /// `-.->` (also `-.-`): dotted line. Drawn with an arrow head at the
    /// target, as Mermaid draws `-.->`.
    Dotted,
}

/// A node of the parsed graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    /// Label text; explicit line breaks (`<br>`) are kept as `'\n'`.
    pub label: String,
    pub shape: Shape,
}

/// An edge of the parsed graph, by node id.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    pub style: EdgeStyle,
}

/// A parsed flowchart. Nodes are in order of first appearance, edges in
/// declaration order.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub direction: Direction,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// A syntax error in a diagram definition; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("diagram line {line}: {message}")]
pub struct DiagramError {
    pub line: usize,
    pub message: String,
}

/// Parses the supported Mermaid flowchart subset.
pub fn parse(src: &str) -> Result<Graph, DiagramError> {
    parse::parse(src)
}

/// Text measurement supplied by the caller (PDF uses real font advances).
pub trait Measure {
    /// Advance width of `text` (a single line) in points.
    fn text_width(&self, text: &str, font_size: f32) -> f32;
}

/// Estimate: CJK/fullwidth chars 1.0 em, other chars 0.55 em.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EstimateMeasure;

impl Measure for EstimateMeasure {
    fn text_width(&self, text: &str, font_size: f32) -> f32 {
        let ems: f32 = text
            .chars()
            .map(|c| if text::is_wide(c) { 1.0 } else { 0.55 })
            .sum();
        ems * font_size
    }
}

/// Layout parameters, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Label font size.
    pub font_size: f32,
    /// Maximum total width of the diagram; wide ranks are split into rows.
    pub max_width: f32,
    /// Labels wider than this are wrapped.
    pub node_max_text_width: f32,
    /// Gap between neighbouring nodes of a rank (across the flow).
    pub h_gap: f32,
    /// Gap between ranks (along the flow).
    pub v_gap: f32,
    /// Padding between a label and its node outline; also the outer margin.
    pub padding: f32,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            font_size: 10.0,
            max_width: 480.0,
            node_max_text_width: 80.0,
            h_gap: 22.0,
            v_gap: 30.0,
            padding: 8.0,
        }
    }
}

/// Lays a graph out. Deterministic: the same input gives the same output.
pub fn layout(graph: &Graph, measure: &dyn Measure, style: &Style) -> Layout {
    layout::layout(graph, measure, style)
}

/// A laid-out diagram; everything lies within `(0, 0, width, height)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    /// One entry per graph node, in graph order.
    pub nodes: Vec<PlacedNode>,
    /// One entry per graph edge, in graph order.
    pub edges: Vec<PlacedEdge>,
    pub font_size: f32,
}

/// A positioned node.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    pub id: String,
    pub shape: Shape,
    /// Top-left corner; y grows downward, points.
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// Wrapped label lines, drawn centred.
    pub lines: Vec<String>,
}

/// A routed edge.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge {
    /// Polyline; the arrow head (Arrow and Dotted) is at the last point.
    pub points: Vec<(f32, f32)>,
    pub style: EdgeStyle,
    pub label: Option<PlacedLabel>,
}

/// An edge label box; `text` may contain `'\n'` line breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    pub text: String,
    /// Centre of the label.
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// Whether a paragraph is a figure caption ("圖 1：…", "Figure 1: …"): it stays
/// with the diagram before it and names it for screen readers.
pub fn is_caption(text: &str) -> bool {
    ["圖", "Figure", "Fig.", "Diagram"]
        .iter()
        .any(|p| text.starts_with(p))
}

/// Renders a layout as a self-contained inline `<svg>` element.
pub fn to_svg(layout: &Layout, title: &str) -> String {
    svg::to_svg(layout, title)
}

/// `parse` + `layout` (with [`EstimateMeasure`] and the default [`Style`]) +
/// `to_svg`.
///
/// A `gantt` or `xychart-beta` block is a figure drawn from data: it goes
/// through [`crate::figures`] instead.
pub fn render_svg(src: &str, title: &str) -> Result<String, DiagramError> {
    if crate::figures::is_figure(src) {
        return crate::figures::render_svg(src, title, crate::figures::SVG_WIDTH);
    }
    let graph = parse(src)?;
    let laid = layout(&graph, &EstimateMeasure, &Style::default());
    Ok(to_svg(&laid, title))
}
