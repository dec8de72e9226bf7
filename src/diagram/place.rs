//! Splitting ranks into rows and placing items within rows.

use super::Direction;
use super::Shape;
use super::route::{Hop, Item, Row};

fn gap_between(items: &[Item], a: usize, b: usize, gap: f32) -> f32 {
    let base = if items[a].node.is_none() || items[b].node.is_none() {
        gap * 0.5
    } else {
        gap
    };
    base + items[a].extra
}

fn row_width(items: &[Item], row: &[usize], gap: f32) -> f32 {
    let sizes: f32 = row.iter().map(|&v| items[v].cs).sum();
    let gaps: f32 = row
        .windows(2)
        .map(|w| gap_between(items, w[0], w[1], gap))
        .sum();
    sizes + gaps
}

/// One row per layer, except that (top-down only) a layer wider than
/// `budget` is split into balanced consecutive rows.
pub(super) fn split_rows(
    layers: &[Vec<usize>],
    items: &[Item],
    gap: f32,
    budget: f32,
    dir: Direction,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for layer in layers {
        let n = layer.len();
        let total = row_width(items, layer, gap);
        let mut k = 1;
        if dir == Direction::TopDown && total > budget && n > 1 {
            k = ((total / budget.max(1.0)).ceil() as usize).clamp(2, n);
            while k < n
                && chunks(layer, k)
                    .iter()
                    .any(|c| row_width(items, c, gap) > budget)
            {
                k += 1;
            }
        }
        for chunk in chunks(layer, k) {
            rows.push(Row {
                items: chunk,
                top: 0.0,
                size: 0.0,
            });
        }
    }
    rows
}

fn chunks(layer: &[usize], k: usize) -> Vec<Vec<usize>> {
    let (base, extra) = (layer.len() / k, layer.len() % k);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..k {
        let len = base + usize::from(i < extra);
        out.push(layer[start..start + len].to_vec());
        start += len;
    }
    out
}

/// Row heights (equal for box-like nodes of a row) and main-axis positions.
pub(super) fn size_rows(rows: &mut [Row], items: &mut [Item], gap: f32) {
    let mut top = 0.0;
    for row in rows.iter_mut() {
        let boxy = |it: &Item| {
            it.node.is_some() && matches!(it.shape, Shape::Rect | Shape::Rounded | Shape::Stadium)
        };
        let eq = row
            .items
            .iter()
            .filter(|&&v| boxy(&items[v]))
            .map(|&v| items[v].ms)
            .fold(0.0, f32::max);
        for &v in &row.items {
            if boxy(&items[v]) {
                items[v].ms = eq;
            }
        }
        row.size = row.items.iter().map(|&v| items[v].ms).fold(0.0, f32::max);
        row.top = top;
        for &v in &row.items {
            if items[v].node.is_none() {
                items[v].ms = row.size;
            }
            items[v].m = top + row.size / 2.0;
        }
        top += row.size + gap;
    }
}

/// A decision with several outgoing hops into the next row leaves from its
/// side corners: the first target from the start corner, the last from the end.
pub(super) fn set_ports(rows: &[Row], items: &[Item], hops: &mut [Hop]) {
    let pos = |v: usize| {
        rows[items[v].row]
            .items
            .iter()
            .position(|&x| x == v)
            .unwrap_or(0)
    };
    for (v, it) in items.iter().enumerate() {
        if it.node.is_none() || it.shape != Shape::Diamond {
            continue;
        }
        let mut outs: Vec<usize> = (0..hops.len())
            .filter(|&h| hops[h].from == v && items[hops[h].to].row == it.row + 1)
            .collect();
        if outs.len() < 2 {
            continue;
        }
        outs.sort_by_key(|&h| (pos(hops[h].to), h));
        hops[outs[0]].port = -it.cs / 2.0;
        hops[outs[outs.len() - 1]].port = it.cs / 2.0;
    }
}

/// Cross positions: rows packed, then alternating sweeps pulling each item
/// towards its neighbours (isotonic regression keeps order and gaps).
pub(super) fn assign_cross(rows: &[Row], items: &mut [Item], hops: &[Hop], gap: f32, budget: f32) {
    for row in rows {
        pack(row, items, gap, 0.0);
    }
    for _ in 0..8 {
        for row in rows.iter().skip(1) {
            let want = desired(row, items, hops, |h| (h.to, h.from, h.port));
            place_row(row, items, &want, gap);
        }
        for row in rows.iter().rev().skip(1) {
            let mut want = desired(row, items, hops, |h| (h.from, h.to, -h.port));
            // Targets of a decision's corner exit stay under that corner.
            for (i, &v) in row.items.iter().enumerate() {
                if let Some(h) = hops.iter().find(|h| h.to == v && h.port != 0.0) {
                    want[i] = Some(items[h.from].c + h.port);
                }
            }
            place_row(row, items, &want, gap);
        }
    }
    fit(rows, items, gap, budget);
}

/// Places a row's items side by side, centred on `mid`.
fn pack(row: &Row, items: &mut [Item], gap: f32, mid: f32) {
    let mut c = mid - row_width(items, &row.items, gap) / 2.0;
    for (i, &v) in row.items.iter().enumerate() {
        items[v].c = c + items[v].cs / 2.0;
        if let Some(&next) = row.items.get(i + 1) {
            c += items[v].cs + gap_between(items, v, next, gap);
        }
    }
}

/// Cross extent of a row's items.
fn extent(row: &Row, items: &[Item]) -> (f32, f32) {
    row.items.iter().fold((f32::MAX, f32::MIN), |(l, r), &v| {
        let it = &items[v];
        (
            l.min(it.c - it.cs / 2.0),
            r.max(it.c + it.cs / 2.0 + it.extra),
        )
    })
}

/// Keeps every row inside one window `budget` wide: a row spread wider than
/// the window is packed, then rows are shifted into the window.
fn fit(rows: &[Row], items: &mut [Item], gap: f32, budget: f32) {
    let all = rows
        .iter()
        .map(|r| extent(r, items))
        .fold((f32::MAX, f32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)));
    if rows.is_empty() || all.1 - all.0 <= budget {
        return;
    }
    let real: Vec<f32> = items
        .iter()
        .filter(|it| it.node.is_some())
        .map(|it| it.c)
        .collect();
    let centre = real.iter().sum::<f32>() / real.len().max(1) as f32;
    let (wl, wr) = (centre - budget / 2.0, centre + budget / 2.0);
    for row in rows {
        let (l, r) = extent(row, items);
        if r - l > budget {
            pack(row, items, gap, (l + r) / 2.0);
        }
        let (l, r) = extent(row, items);
        let shift = if r - l > budget {
            centre - (l + r) / 2.0
        } else if l < wl {
            wl - l
        } else if r > wr {
            wr - r
        } else {
            0.0
        };
        for &v in &row.items {
            items[v].c += shift;
        }
    }
}

/// Mean position wanted by each item of `row`; `pick` maps a hop to
/// (this end, other end, offset).
fn desired(
    row: &Row,
    items: &[Item],
    hops: &[Hop],
    pick: impl Fn(&Hop) -> (usize, usize, f32),
) -> Vec<Option<f32>> {
    row.items
        .iter()
        .map(|&v| {
            let (sum, n) = hops
                .iter()
                .map(&pick)
                .filter(|p| p.0 == v)
                .fold((0.0, 0), |(s, n), (_, o, off)| {
                    (s + items[o].c + off, n + 1)
                });
            (n > 0).then(|| sum / n as f32)
        })
        .collect()
}

/// Least-squares placement of a row towards `want`, keeping order and gaps
/// (pool-adjacent-violators on gap-shifted targets).
fn place_row(row: &Row, items: &mut [Item], want: &[Option<f32>], gap: f32) {
    let vs = &row.items;
    let mut offs = vec![0.0f32; vs.len()];
    for i in 1..vs.len() {
        offs[i] = offs[i - 1]
            + (items[vs[i - 1]].cs + items[vs[i]].cs) / 2.0
            + gap_between(items, vs[i - 1], vs[i], gap);
    }
    // Blocks of (sum, count).
    let mut blocks: Vec<(f32, f32, usize)> = Vec::new();
    for (i, &v) in vs.iter().enumerate() {
        let target = want[i].unwrap_or(items[v].c) - offs[i];
        blocks.push((target, 1.0, 1));
        while blocks.len() > 1 {
            let (s2, n2, l2) = blocks[blocks.len() - 1];
            let (s1, n1, l1) = blocks[blocks.len() - 2];
            if s1 / n1 <= s2 / n2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, n1 + n2, l1 + l2);
        }
    }
    let mut i = 0;
    for (s, n, l) in blocks {
        for _ in 0..l {
            items[vs[i]].c = s / n + offs[i];
            i += 1;
        }
    }
}
