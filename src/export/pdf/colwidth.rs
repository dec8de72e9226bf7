//! Table column widths.
//!
//! Like a browser's automatic table layout, every column gets at least the
//! width of its longest unbreakable piece and at most its natural (unwrapped)
//! width, but the width in between is not shared out in proportion: it goes
//! where it makes the table shortest. The height of every row at any set of
//! widths is estimated by breaking the cells' segments exactly as the line
//! breaker will ([`count_lines`]), and the widths are searched (a greedy
//! shrink from the natural widths, then moves of width between columns) to
//! minimise
//!
//! - the table height in lines, plus
//! - a penalty for each wrapped line of a short cell (a name, a category
//!   label: reading "主管及協處/機關" is worse than one more line of prose),
//! - a small cost for every wrapped line, so that among equally tall tables
//!   the one with fewer broken lines (the widest text in the widest column)
//!   wins.
//!
//! No column whose content is longer is made narrower than about four CJK
//! characters.

use super::text::{Metrics, count_lines};

/// Wrapping a tiny cell (a name) costs this much (in lines) per extra line,
/// a cell in a column of labels this much.
const TINY_PENALTY: f32 = 5.0;
const SHORT_PENALTY: f32 = 2.0;
/// Every other extra line costs this much, a line of Latin words, a URL or an
/// e-mail address more.
const WRAP_COST: f32 = 0.1;
const WORD_WRAP_COST: f32 = 0.3;
/// A wrapped line ending in a runt (one character alone) costs this much,
/// twice as much in a column of labels.
const RUNT_PENALTY: f32 = 1.0;
/// Width (em) of a runt.
const RUNT_EM: f32 = 1.2;
/// A cell is tiny when its natural width is at most this many em; a column
/// is one of labels (categories, titles) when none of its cells is wider
/// than `SHORT_EM`.
const TINY_EM: f32 = 5.2;
const SHORT_EM: f32 = 8.2;
/// A column heading ("核心業務" over a column of "是") may wrap more readily:
/// it is one line of the whole table.
const HEADER_PENALTY: f32 = 1.0;
/// Between equally good layouts, prefer the one closest to the natural
/// widths scaled down: this much per ten em of difference.
const SHAPE_COST: f32 = 0.02;
/// Minimum width (em) of a column whose body content is longer.
const FLOOR_EM: f32 = 4.0;

/// Widths (pt, summing to `avail`) of the columns of `cells` (rows of equal
/// length, the first the header; `cells[r][c]` measured without padding).
/// `pad` is the horizontal padding of a cell, `em` the font size.
pub(crate) fn allocate(cells: &[Vec<Metrics>], avail: f32, pad: f32, em: f32) -> Vec<f32> {
    let n = cells.first().map_or(0, Vec::len);
    if n == 0 {
        return Vec::new();
    }
    let mut min = vec![0f32; n];
    let mut max = vec![0f32; n];
    // Natural width of the body alone: a heading wider than its column's
    // content may wrap.
    let mut body = vec![0f32; n];
    for (r, row) in cells.iter().enumerate() {
        for (c, m) in row.iter().enumerate() {
            min[c] = min[c].max(m.min + pad);
            max[c] = max[c].max(m.max + pad);
            if r > 0 {
                body[c] = body[c].max(m.max + pad);
            }
        }
    }
    // A single huge token must not starve the other columns: it is broken
    // between characters anyway.
    for c in 0..n {
        min[c] = min[c].min(avail * 0.4);
        max[c] = max[c].max(min[c]);
    }
    let total_max: f32 = max.iter().sum();
    if total_max <= avail {
        // Everything fits unwrapped: widen in proportion to fill the width.
        let k = avail / total_max.max(1.0);
        return max.iter().map(|m| m * k).collect();
    }
    let floor: Vec<f32> = (0..n)
        .map(|c| min[c].max(body[c].min(FLOOR_EM * em + pad)))
        .collect();
    let total_floor: f32 = floor.iter().sum();
    if total_floor >= avail {
        let k = avail / total_floor;
        return floor.iter().map(|m| m * k).collect();
    }
    let prop = proportional(&floor, &max, avail);
    let s = Search::new(cells, (&floor, &max, &prop), avail, pad, em);
    // Local search from several starts: the greedy shrink, the natural widths
    // scaled down, and each column in turn at its natural width or its floor
    // with the others scaled (moves between two columns cannot always find
    // a change that needs three).
    let mut starts = vec![s.shrink(), s.fit(prop.clone())];
    if cells.len() * n <= 2000 {
        for c in 0..n {
            for pin in [max[c], floor[c]] {
                if (pin - prop[c]).abs() < 1.0 {
                    continue;
                }
                let (mut f, mut m) = (floor.clone(), max.clone());
                f[c] = pin;
                m[c] = pin;
                starts.push(s.fit(proportional(&f, &m, avail)));
            }
        }
    }
    starts.sort();
    starts.dedup();
    let mut best = Vec::new();
    let mut best_cost = f32::INFINITY;
    for w in starts {
        let w = s.improve(w);
        let cost = s.cost(&w);
        if cost < best_cost - 1e-4 {
            best = w;
            best_cost = cost;
        }
    }
    s.finish(&best, avail)
}

/// Natural widths scaled down to the room, never below the floors.
fn proportional(floor: &[f32], max: &[f32], avail: f32) -> Vec<f32> {
    let over: f32 = max.iter().zip(floor).map(|(m, f)| m - f).sum();
    let room = avail - floor.iter().sum::<f32>();
    let k = (room / over.max(1e-3)).clamp(0.0, 1.0);
    floor
        .iter()
        .zip(max)
        .map(|(f, m)| f + (m - f) * k)
        .collect()
}

/// `at(k)` (lines, runts) for `k` in `0..span`. A long cell (many segments)
/// is bisected: the line count never grows with the width, so where it is
/// the same at both ends of a range it is the same throughout (its runt
/// count is taken from the wider end).
fn wrap_table(span: usize, at: impl Fn(usize) -> (u32, u32), segments: usize) -> Vec<(u32, u32)> {
    if segments <= 64 {
        return (0..span).map(at).collect();
    }
    let mut out = vec![(0, 0); span];
    let mut todo = vec![(0, span - 1, at(0), at(span - 1))];
    while let Some((a, b, fa, fb)) = todo.pop() {
        out[a] = fa;
        out[b] = fb;
        if b <= a + 1 {
            continue;
        }
        if fa.0 == fb.0 {
            out[a + 1..b].fill(fb);
            continue;
        }
        let m = (a + b) / 2;
        let fm = at(m);
        todo.push((a, m, fa, fm));
        todo.push((m, b, fm, fb));
    }
    out
}

/// The search space: integer widths (pt) per column, `lo..=hi`, summing to
/// at most `budget`, and the precomputed line counts of every cell.
struct Search {
    lo: Vec<usize>,
    hi: Vec<usize>,
    budget: usize,
    rows: usize,
    /// lines[c][r][w - lo[c]]
    lines: Vec<Vec<Vec<u16>>>,
    /// Penalties of column c at width w (summed over its cells).
    pen: Vec<Vec<f32>>,
}

impl Search {
    /// `bounds`: the floor, natural and scaled-down natural width of every column.
    fn new(
        cells: &[Vec<Metrics>],
        (floor, max, prop): (&[f32], &[f32], &[f32]),
        avail: f32,
        pad: f32,
        em: f32,
    ) -> Self {
        let n = floor.len();
        let lo: Vec<usize> = floor.iter().map(|f| f.ceil() as usize).collect();
        // No column is wider than the room the others' floors leave.
        let floors: usize = lo.iter().sum();
        let room = (avail.floor() as usize).saturating_sub(floors);
        let hi: Vec<usize> = (0..n)
            .map(|c| (max[c].ceil() as usize).min(lo[c] + room).max(lo[c]))
            .collect();
        let mut lines = Vec::with_capacity(n);
        let mut pen = Vec::with_capacity(n);
        for c in 0..n {
            let span = hi[c] - lo[c] + 1;
            let mut col = Vec::with_capacity(cells.len());
            let mut p: Vec<f32> = (0..span)
                .map(|k| SHAPE_COST * ((lo[c] + k) as f32 - prop[c]).abs() / (10.0 * em))
                .collect();
            let labels = max[c] - pad <= SHORT_EM * em;
            for (r, row) in cells.iter().enumerate() {
                let m = &row[c];
                let forced = m.paras.len().max(1) as f32;
                let runt_cost = RUNT_PENALTY * if labels { 2.0 } else { 1.0 };
                let weight = if m.max <= TINY_EM * em {
                    TINY_PENALTY
                } else if labels {
                    SHORT_PENALTY
                } else if m.words {
                    WORD_WRAP_COST
                } else {
                    WRAP_COST
                };
                let weight = if r == 0 {
                    weight.min(HEADER_PENALTY)
                } else {
                    weight
                };
                let at = |k: usize| {
                    let width = (lo[c] + k) as f32 - pad;
                    // (a cell as wide as its content needs no line breaking)
                    if width >= m.max + 0.02 {
                        (m.paras.len().max(1) as u32, 0)
                    } else {
                        count_lines(&m.paras, width, RUNT_EM * em)
                    }
                };
                let fill = wrap_table(span, at, m.paras.iter().map(|p| p.segs.len()).sum());
                for (pk, (l, runts)) in p.iter_mut().zip(&fill) {
                    *pk += (*l as f32 - forced).max(0.0) * weight + *runts as f32 * runt_cost;
                }
                col.push(
                    fill.iter()
                        .map(|f| f.0.min(u16::MAX.into()) as u16)
                        .collect(),
                );
            }
            lines.push(col);
            pen.push(p);
        }
        Search {
            lo,
            hi,
            budget: avail.floor() as usize,
            rows: cells.len(),
            lines,
            pen,
        }
    }

    fn at(&self, c: usize, r: usize, w: usize) -> u16 {
        self.lines[c][r][w - self.lo[c]]
    }

    fn cost(&self, w: &[usize]) -> f32 {
        let height: u32 = (0..self.rows)
            .map(|r| {
                (0..w.len())
                    .map(|c| u32::from(self.at(c, r, w[c])))
                    .max()
                    .unwrap_or(1)
            })
            .sum();
        height as f32
            + (0..w.len())
                .map(|c| self.pen[c][w[c] - self.lo[c]])
                .sum::<f32>()
    }

    /// Start from the natural widths and repeatedly narrow the column whose
    /// next narrowing costs least per point gained, until the table fits.
    fn shrink(&self) -> Vec<usize> {
        let n = self.lo.len();
        let mut w = self.hi.clone();
        // Next width of each column: one point narrower, then as far as its
        // line counts stay the same.
        let next = |c: usize, w: usize| {
            let mut t = w - 1;
            while t > self.lo[c]
                && (0..self.rows).all(|r| self.at(c, r, t - 1) == self.at(c, r, w - 1))
            {
                t -= 1;
            }
            t
        };
        let mut nexts: Vec<Option<usize>> = (0..n)
            .map(|c| (w[c] > self.lo[c]).then(|| next(c, w[c])))
            .collect();
        while w.iter().sum::<usize>() > self.budget {
            let base = self.cost(&w);
            let mut pick: Option<(usize, usize, f32)> = None;
            for c in 0..n {
                let Some(t) = nexts[c] else { continue };
                let old = w[c];
                w[c] = t;
                let rate = (self.cost(&w) - base) / (old - t) as f32;
                w[c] = old;
                if pick.is_none_or(|(_, _, r)| rate < r - 1e-6) {
                    pick = Some((c, t, rate));
                }
            }
            let Some((c, t, _)) = pick else { break };
            w[c] = t;
            nexts[c] = (t > self.lo[c]).then(|| next(c, t));
        }
        self.fill(w)
    }

    /// Widths `f` rounded into the search space.
    fn fit(&self, f: Vec<f32>) -> Vec<usize> {
        let w: Vec<usize> = f
            .iter()
            .enumerate()
            .map(|(c, x)| (x.floor() as usize).clamp(self.lo[c], self.hi[c]))
            .collect();
        self.fill(w)
    }

    /// Trim to the budget, then hand out what is left to wrapping columns.
    fn fill(&self, mut w: Vec<usize>) -> Vec<usize> {
        let n = w.len();
        while w.iter().sum::<usize>() > self.budget {
            let Some(c) = (0..n).filter(|&c| w[c] > self.lo[c]).max_by_key(|&c| w[c]) else {
                break;
            };
            w[c] -= 1;
        }
        while w.iter().sum::<usize>() < self.budget {
            let base = self.cost(&w);
            let best = (0..n).filter(|&c| w[c] < self.hi[c]).min_by(|&a, &b| {
                let gain = |c: usize| {
                    let mut v = w.clone();
                    v[c] += 1;
                    self.cost(&v) - base
                };
                gain(a).total_cmp(&gain(b))
            });
            let Some(c) = best else { break };
            w[c] += 1;
        }
        w
    }

    /// Move width between pairs of columns while that lowers the cost.
    fn improve(&self, mut w: Vec<usize>) -> Vec<usize> {
        let n = w.len();
        let mut cost = self.cost(&w);
        let steps = [1usize, 2, 4, 8, 16, 32, 64];
        for _ in 0..400 {
            let mut found: Option<(usize, usize, usize, f32)> = None;
            for a in 0..n {
                for b in 0..n {
                    if a == b {
                        continue;
                    }
                    // Height of every row without columns a and b.
                    let rest: Vec<u16> = (0..self.rows)
                        .map(|r| {
                            (0..n)
                                .filter(|&c| c != a && c != b)
                                .map(|c| self.at(c, r, w[c]))
                                .max()
                                .unwrap_or(0)
                        })
                        .collect();
                    let fixed: f32 = (0..n)
                        .filter(|&c| c != a && c != b)
                        .map(|c| self.pen[c][w[c] - self.lo[c]])
                        .sum();
                    for &d in &steps {
                        if w[a] < self.lo[a] + d || w[b] + d > self.hi[b] {
                            continue;
                        }
                        let (wa, wb) = (w[a] - d, w[b] + d);
                        let h: u32 = (0..self.rows)
                            .map(|r| {
                                u32::from(rest[r].max(self.at(a, r, wa)).max(self.at(b, r, wb)))
                            })
                            .sum();
                        let c = h as f32
                            + fixed
                            + self.pen[a][wa - self.lo[a]]
                            + self.pen[b][wb - self.lo[b]];
                        if c < cost - 1e-4 && found.is_none_or(|f| c < f.3 - 1e-6) {
                            found = Some((a, b, d, c));
                        }
                    }
                }
            }
            let Some((a, b, d, c)) = found else { break };
            w[a] -= d;
            w[b] += d;
            cost = c;
        }
        w
    }

    /// Points to widths summing to `avail`: the fraction left over goes to
    /// the columns that still wrap, in proportion to their width.
    fn finish(&self, w: &[usize], avail: f32) -> Vec<f32> {
        let mut out: Vec<f32> = w.iter().map(|&x| x as f32).collect();
        let left = avail - out.iter().sum::<f32>();
        let wrapping: Vec<usize> = (0..w.len()).filter(|&c| w[c] < self.hi[c]).collect();
        let take: Vec<usize> = if wrapping.is_empty() {
            (0..w.len()).collect()
        } else {
            wrapping
        };
        let sum: f32 = take.iter().map(|&c| out[c]).sum();
        for c in take {
            out[c] += left * out[c] / sum.max(1.0);
        }
        out
    }
}

#[cfg(test)]
#[path = "colwidth_tests.rs"]
mod tests;
