//! Tables: column widths from content (water-filling between each column's
//! unbreakable minimum and natural width), wrapped cells, ruled borders, a
//! shaded header row repeated on every page, and rows split across pages when
//! taller than a page.

use std::rc::Rc;

use super::fonts::Role;
use super::layout::{self, Ctx, HEAD_BG, Item, Layouter, VBox, body_top, runs};
use super::markdown::{self, Align, Inlines, align_of};
use super::text::{Line, ParaOpts, TStyle, break_lines, measure};

const SIZE: f32 = 9.5;
const PAD_X: f32 = 5.0;
const PAD_Y: f32 = 3.5;
const BORDER: [f32; 3] = [0.45, 0.45, 0.45];

/// Column widths summing to `avail`, given each column's minimum (longest
/// unbreakable piece) and maximum (natural, unwrapped) width.
pub(crate) fn column_widths(min: &[f32], max: &[f32], avail: f32) -> Vec<f32> {
    let n = min.len();
    if n == 0 {
        return Vec::new();
    }
    // A single huge token (a URL) must not starve the other columns: it is
    // broken between characters anyway.
    let min: Vec<f32> = min.iter().map(|m| m.min(avail * 0.4)).collect();
    let max: Vec<f32> = max.iter().zip(&min).map(|(a, b)| a.max(*b)).collect();
    let total_max: f32 = max.iter().sum();
    if total_max <= avail {
        // Everything fits unwrapped: widen proportionally to full width.
        let k = avail / total_max.max(1.0);
        return max.iter().map(|m| m * k).collect();
    }
    let total_min: f32 = min.iter().sum();
    if total_min >= avail {
        let k = avail / total_min;
        return min.iter().map(|m| m * k).collect();
    }
    // Water-filling: columns whose natural width is at most the fair share get
    // it (no wrapping for short columns); the rest share what remains in
    // proportion to their natural width, never below their minimum.
    let mut w = vec![0f32; n];
    let mut open: Vec<usize> = (0..n).collect();
    let mut rem = avail;
    loop {
        let fair = rem / open.len() as f32;
        let (fixed, rest): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&c| max[c] <= fair);
        if fixed.is_empty() {
            break;
        }
        for c in fixed {
            w[c] = max[c];
            rem -= max[c];
        }
        open = rest;
        if open.is_empty() {
            return w;
        }
    }
    loop {
        let sum_max: f32 = open.iter().map(|&c| max[c]).sum();
        let (small, rest): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| rem * max[c] / sum_max < min[c]);
        if small.is_empty() || rest.is_empty() {
            for &c in &open {
                w[c] = (rem * max[c] / sum_max).max(min[c]);
            }
            break;
        }
        for c in small {
            w[c] = min[c];
            rem -= min[c];
        }
        open = rest;
    }
    let sum: f32 = w.iter().sum();
    if sum > avail {
        let k = avail / sum;
        w.iter_mut().for_each(|x| *x *= k);
    }
    w
}

/// Rows looked at when balancing column widths (enough to see the content's
/// shape without making a 1,000-row table quadratic).
const SAMPLE_ROWS: usize = 120;

/// Estimated lines of a cell whose forced lines have widths `lines`, in a
/// column `w` wide.
fn est_lines(lines: &[f32], w: f32) -> f32 {
    let room = (w - 2.0 * PAD_X).max(1.0);
    lines
        .iter()
        .map(|l| (l / room - 0.02).ceil().max(1.0))
        .sum()
}

/// Estimated table height in lines, plus a penalty for every wrapped cell
/// line: wrapping a short phrase ("知悉後一小時內") only pays off if it saves
/// real height elsewhere.
fn est_height(rows: &[Vec<Vec<f32>>], w: &[f32]) -> f32 {
    rows.iter()
        .map(|cells| {
            let (mut max, mut wrapped) = (0f32, 0f32);
            for (l, &w) in cells.iter().zip(w) {
                let n = est_lines(l, w);
                max = max.max(n);
                // Breaking a short phrase reads worse than wrapping prose.
                let short = l.len() == 1 && l[0] <= 12.0 * SIZE;
                wrapped += (n - l.len() as f32) * if short { 0.6 } else { 0.25 };
            }
            max + 0.25 * wrapped
        })
        .sum()
}

/// Move width between columns while that lowers the table's estimated height
/// (in lines), so no column is starved into one or two characters a line.
/// Columns that fit their content unwrapped are never made to wrap.
fn balance(mut w: Vec<f32>, min: &[f32], max: &[f32], rows: &[Vec<Vec<f32>>]) -> Vec<f32> {
    let n = w.len();
    if n < 2 || rows.is_empty() {
        return w;
    }
    let mut best = est_height(rows, &w);
    for _ in 0..100 {
        let mut found: Option<(usize, usize, f32, f32)> = None;
        // Several step sizes, so a plateau (one step gains no whole line)
        // does not stop the search.
        for step in [1.0, 2.0, 4.0, 7.0, 12.0].map(|k| k * SIZE) {
            for from in 0..n {
                // A column that shows its content unwrapped keeps doing so.
                let fits = w[from] >= max[from] - 0.01;
                if w[from] - step < min[from].max(2.0 * PAD_X + SIZE)
                    || fits && w[from] - step < max[from]
                {
                    continue;
                }
                for to in 0..n {
                    if to == from {
                        continue;
                    }
                    w[from] -= step;
                    w[to] += step;
                    let h = est_height(rows, &w);
                    w[from] += step;
                    w[to] -= step;
                    if h < best - 0.01 && found.is_none_or(|(_, _, _, fh)| h < fh) {
                        found = Some((from, to, step, h));
                    }
                }
            }
        }
        let Some((from, to, step, h)) = found else {
            break;
        };
        w[from] -= step;
        w[to] += step;
        best = h;
    }
    w
}

struct Cell {
    lines: Vec<Line>,
}

pub(crate) fn table(
    l: &mut Layouter,
    aligns: &[Align],
    head: &[Inlines],
    rows: &[Vec<Inlines>],
    ctx: &Ctx,
    gap: f32,
) {
    let ncols = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return;
    }
    let body = TStyle::new(Role::Body, SIZE);
    let bold = TStyle::new(Role::Bold, SIZE);
    let empty: Inlines = Vec::new();
    let cell_runs = |r: &[Inlines], c: usize, st: TStyle| {
        runs(&markdown::trim(r.get(c).unwrap_or(&empty).clone()), st)
    };

    let mut min = vec![0f32; ncols];
    let mut max = vec![0f32; ncols];
    let mut natural: Vec<Vec<Vec<f32>>> = Vec::new();
    let all = std::iter::once((head, bold)).chain(rows.iter().map(|r| (r.as_slice(), body)));
    for (k, (row, st)) in all.enumerate() {
        let mut cells = Vec::new();
        for c in 0..ncols {
            let (a, b, lines) = measure(l.sh, &cell_runs(row, c, st));
            min[c] = min[c].max(a + 2.0 * PAD_X + 0.5);
            max[c] = max[c].max(b + 2.0 * PAD_X + 0.5);
            cells.push(lines);
        }
        if k < SAMPLE_ROWS {
            natural.push(cells);
        }
    }
    let widths = column_widths(&min, &max, ctx.w);
    let widths = balance(widths, &min, &max, &natural);
    let mut xs = vec![ctx.x];
    for w in &widths {
        xs.push(xs.last().copied().unwrap_or(ctx.x) + w);
    }
    let max_row = layout::BODY_BOTTOM - body_top(true) - 40.0;

    let lay_row = |l: &mut Layouter, row: &[Inlines], st: TStyle| -> Vec<Cell> {
        (0..ncols)
            .map(|c| {
                let o = ParaOpts {
                    width: widths[c] - 2.0 * PAD_X,
                    justify: false,
                    align: align_of(aligns, c),
                    leading: 1.45,
                    base: st,
                };
                Cell {
                    lines: break_lines(l.sh, &cell_runs(row, c, st), &o),
                }
            })
            .collect()
    };

    let head_cells = lay_row(l, head, bold);
    let head_boxes = row_boxes(head_cells, &xs, true, max_row);
    let head_box = head_boxes.first().cloned().map(Rc::new);
    let mut first = true;
    for mut b in head_boxes {
        b.gap = if first { gap } else { 0.0 };
        b.keep_next = true;
        first = false;
        l.push(b, ctx);
    }
    let head_h = head_box.as_ref().map_or(0.0, |h| h.h);
    for row in rows {
        let cells = lay_row(l, row, body);
        for b in row_boxes(cells, &xs, false, max_row - head_h) {
            let b = VBox {
                header: head_box.clone(),
                ..b
            };
            l.push(b, ctx);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn short_columns_keep_their_natural_width() {
        let w = column_widths(&[30.0, 20.0, 80.0], &[40.0, 900.0, 80.0], 480.0);
        assert_eq!(w[0], 40.0);
        assert_eq!(w[2], 80.0);
        assert!((w.iter().sum::<f32>() - 480.0).abs() < 0.01);
    }

    #[test]
    fn natural_widths_are_widened_to_fill() {
        let w = column_widths(&[10.0, 10.0], &[100.0, 140.0], 480.0);
        assert!((w[0] - 200.0).abs() < 0.01 && (w[1] - 280.0).abs() < 0.01);
    }
}
