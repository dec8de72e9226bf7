//! Tables: column widths from content ([`super::colwidth`]), wrapped cells
//! with hanging indents for list lines, ruled borders, a shaded header row
//! repeated on every page, rows split across pages when taller than a page,
//! no lone first or last row on a page, short tables kept whole.

use std::rc::Rc;

use super::colwidth::allocate;
use super::fonts::Shaper;
use super::frame::{Item, VBox};
use super::markdown::{self, Align, Inlines, align_of};
use super::style::Role;
use super::style::{BODY_BOTTOM, HEAD_BG, TStyle, body_top};
use super::text::{Line, Metrics, ParaOpts, break_lines, metrics, runs};

const SIZE: f32 = 9.5;
const PAD_X: f32 = 5.0;
const PAD_Y: f32 = 3.5;
const BORDER: [f32; 3] = [0.45, 0.45, 0.45];

/// Rows (after the header) looked at when choosing column widths, besides
/// the rows holding each column's widest piece: enough to see the content's
/// shape without making a 1,000-row table slow.
const SAMPLE_ROWS: usize = 120;
/// A table at most this tall (pt) is kept on one page.
const KEEP_WHOLE: f32 = 230.0;

struct Cell {
    lines: Vec<Line>,
}

/// The boxes of a table set in the column that starts at `x` and is `w`
/// wide: its header row (or the parts of a header taller than a page), then
/// each row's boxes, each carrying the header to repeat on a page it starts;
/// `gap` is the space above the table. The flow places them like any other
/// boxes.
pub(crate) fn table(
    sh: &mut Shaper,
    aligns: &[Align],
    head: &[Inlines],
    rows: &[Vec<Inlines>],
    (x, w): (f32, f32),
    gap: f32,
) -> Vec<VBox> {
    let ncols = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return Vec::new();
    }
    let body = TStyle::new(Role::Body, SIZE);
    let bold = TStyle::new(Role::Bold, SIZE);
    let empty: Inlines = Vec::new();
    let cell_runs = |r: &[Inlines], c: usize, st: TStyle| {
        runs(&markdown::trim(r.get(c).unwrap_or(&empty).clone()), st)
    };
    let widths = column_widths(sh, head, rows, ncols, w);
    let mut xs = vec![x];
    for w in &widths {
        xs.push(xs.last().copied().unwrap_or(x) + w);
    }
    let max_row = BODY_BOTTOM - body_top(true) - 40.0;

    let lay_row = |sh: &mut Shaper, row: &[Inlines], st: TStyle| -> Vec<Cell> {
        (0..ncols)
            .map(|c| {
                let o = ParaOpts {
                    width: widths[c] - 2.0 * PAD_X,
                    justify: false,
                    align: align_of(aligns, c),
                    leading: 1.45,
                    base: st,
                    hang: true,
                };
                Cell {
                    lines: break_lines(sh, &cell_runs(row, c, st), &o),
                }
            })
            .collect()
    };

    let head_cells = lay_row(sh, head, bold);
    let head_boxes = row_boxes(head_cells, &xs, true, max_row);
    let head_box = head_boxes.first().cloned().map(Rc::new);
    let mut out = Vec::with_capacity(head_boxes.len() + rows.len());
    let mut first = true;
    for mut b in head_boxes {
        b.gap = if first { gap } else { 0.0 };
        b.keep_next = true;
        first = false;
        out.push(b);
    }
    let head_h = head_box.as_ref().map_or(0.0, |h| h.h);
    // Index of each row's last box.
    let mut ends = Vec::with_capacity(rows.len());
    let mut rows_h = 0.0;
    for row in rows {
        let cells = lay_row(sh, row, body);
        for b in row_boxes(cells, &xs, false, max_row - head_h) {
            rows_h += b.h;
            out.push(VBox {
                header: head_box.clone(),
                ..b
            });
        }
        ends.push(out.len() - 1);
    }
    // No lone first or last row on a page; a short table stays whole.
    let n = ends.len();
    let total: f32 = head_h + rows_h;
    for (k, &end) in ends.iter().enumerate() {
        out[end].keep_next =
            k + 1 < n && (total <= KEEP_WHOLE || (k == 0 && n >= 3) || (k + 2 == n && n >= 4));
    }
    out
}

/// Widths (pt, summing to `avail`) of the `ncols` columns of a table, from
/// its content measured in the table font: what the PDF draws, and what the
/// ODT and DOCX exporters write as their column widths.
pub(crate) fn column_widths(
    sh: &mut Shaper,
    head: &[Inlines],
    rows: &[Vec<Inlines>],
    ncols: usize,
    avail: f32,
) -> Vec<f32> {
    let body = TStyle::new(Role::Body, SIZE);
    let bold = TStyle::new(Role::Bold, SIZE);
    let empty: Inlines = Vec::new();
    let all: Vec<Vec<Metrics>> = std::iter::once((head, bold))
        .chain(rows.iter().map(|r| (r.as_slice(), body)))
        .map(|(row, st)| {
            (0..ncols)
                .map(|c| {
                    let cell = markdown::trim(row.get(c).unwrap_or(&empty).clone());
                    metrics(sh, &runs(&cell, st), true)
                })
                .collect()
        })
        .collect();
    allocate(&sample(all), avail, 2.0 * PAD_X + 0.5, SIZE)
}

/// The rows the widths are chosen from: the header, the first
/// [`SAMPLE_ROWS`] rows and, for every column, the rows with its widest
/// unbreakable piece and its widest line.
fn sample(mut all: Vec<Vec<Metrics>>) -> Vec<Vec<Metrics>> {
    if all.len() <= SAMPLE_ROWS + 1 {
        return all;
    }
    let ncols = all[0].len();
    let mut keep: Vec<usize> = (0..=SAMPLE_ROWS).collect();
    for c in 0..ncols {
        let widest = |f: fn(&Metrics) -> f32| {
            (0..all.len())
                .max_by(|&a, &b| f(&all[a][c]).total_cmp(&f(&all[b][c])))
                .unwrap_or(0)
        };
        keep.push(widest(|m| m.min));
        keep.push(widest(|m| m.max));
    }
    keep.sort_unstable();
    keep.dedup();
    keep.into_iter()
        .map(|r| std::mem::take(&mut all[r]))
        .collect()
}

/// The boxes of one row: one, or several when the row is taller than `max_h`.
fn row_boxes(mut cells: Vec<Cell>, xs: &[f32], header: bool, max_h: f32) -> Vec<VBox> {
    let mut out = Vec::new();
    loop {
        let room = max_h - 2.0 * PAD_Y;
        let mut chunk: Vec<Vec<Line>> = Vec::with_capacity(cells.len());
        let mut more = false;
        for cell in &mut cells {
            let mut h = 0.0;
            let mut k = 0;
            while k < cell.lines.len() && (k == 0 || h + cell.lines[k].height <= room) {
                h += cell.lines[k].height;
                k += 1;
            }
            more |= k < cell.lines.len();
            chunk.push(cell.lines.drain(..k).collect());
        }
        out.push(row_box(chunk, xs, header));
        if !more {
            return out;
        }
    }
}

fn row_box(cells: Vec<Vec<Line>>, xs: &[f32], header: bool) -> VBox {
    let content: f32 = cells
        .iter()
        .map(|ls| ls.iter().map(|l| l.height).sum::<f32>())
        .fold(0.0, f32::max);
    let h = content.max(SIZE * 1.45) + 2.0 * PAD_Y;
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let mut items = Vec::new();
    if header {
        items.push(Item::Rect {
            x: x0,
            y: 0.0,
            w: x1 - x0,
            h,
            fill: HEAD_BG,
        });
    }
    for (c, lines) in cells.into_iter().enumerate() {
        let mut y = PAD_Y;
        for line in lines {
            items.push(Item::Text {
                x: xs[c] + PAD_X,
                y: y + line.baseline,
                glyphs: line.glyphs,
            });
            y += line.height;
        }
    }
    items.push(Item::line(x0, 0.0, x1, 0.0, BORDER, 0.6));
    items.push(Item::line(x0, h, x1, h, BORDER, 0.6));
    for &x in xs {
        items.push(Item::line(x, 0.0, x, h, BORDER, 0.6));
    }
    VBox {
        h,
        items,
        ..Default::default()
    }
}
