//! Orthogonal edge routing and edge-label placement, in abstract
//! coordinates (`c` across the flow, `m` along it).

use super::{Direction, Shape};

/// A node or a dummy (one per rank crossed by a long edge).
pub(super) struct Item {
    pub node: Option<usize>,
    pub shape: Shape,
    pub layer: usize,
    pub row: usize,
    /// Size across / along the flow.
    pub cs: f32,
    pub ms: f32,
    /// Centre.
    pub c: f32,
    pub m: f32,
    /// Space reserved after the item (for a self loop).
    pub extra: f32,
}

/// An edge segment between items of consecutive layers.
pub(super) struct Hop {
    pub from: usize,
    pub to: usize,
    /// Cross offset of a decision's corner exit; 0 leaves from the bottom.
    pub port: f32,
}

pub(super) struct Row {
    /// Items in cross order.
    pub items: Vec<usize>,
    pub top: f32,
    pub size: f32,
}

/// How a graph edge is drawn.
pub(super) enum Chain {
    Forward(Vec<usize>),
    Back { from: usize, to: usize },
    SelfLoop(usize),
    Invalid,
}

pub(super) struct Frame {
    pub dir: Direction,
    pub items: Vec<Item>,
    pub rows: Vec<Row>,
    pub hops: Vec<Hop>,
    pub chains: Vec<Chain>,
    pub cross_gap: f32,
    pub main_gap: f32,
}

/// A routed edge: polyline and label centre.
pub(super) type Routed = (Vec<(f32, f32)>, Option<(f32, f32)>);

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Start,
    End,
    CrossEnd,
}

/// Distance from an item's centre to its outline on `side`, at `off` along
/// the side.
fn ext(f: &Frame, it: &Item, side: Side, off: f32) -> f32 {
    let (w, h) = match f.dir {
        Direction::TopDown => (it.cs, it.ms),
        Direction::LeftRight => (it.ms, it.cs),
    };
    // Is the side horizontal (top/bottom) in real coordinates?
    let horizontal = (side == Side::CrossEnd) == (f.dir == Direction::LeftRight);
    let (a, b) = if horizontal {
        (h / 2.0, w / 2.0)
    } else {
        (w / 2.0, h / 2.0)
    };
    let off = off.abs();
    if it.node.is_none() {
        return a;
    }
    match it.shape {
        Shape::Rect | Shape::Rounded => a,
        Shape::Diamond => a * (1.0 - off / b).max(0.0),
        Shape::Circle => {
            let r = w.min(h) / 2.0;
            (r * r - off * off).max(0.0).sqrt()
        }
        Shape::Stadium => {
            let r = h / 2.0;
            let flat = (w / 2.0 - r).max(0.0);
            if horizontal {
                if off <= flat {
                    a
                } else {
                    (r * r - (off - flat).powi(2)).max(0.0).sqrt()
                }
            } else {
                flat + (r * r - off * off).max(0.0).sqrt()
            }
        }
    }
}

/// Main-axis coordinate: absolute, or a track of a channel to be resolved.
#[derive(Clone, Copy)]
enum M {
    At(f32),
    Track(usize, usize),
}

#[derive(Clone, Copy, PartialEq)]
enum Key {
    Bus(usize),
    Into(usize),
    Trunk(usize),
    BackOut(usize),
    BackIn(usize),
}

struct Planner<'a> {
    f: &'a Frame,
    /// Per channel (channel k lies above row k), the keys of its tracks.
    channels: Vec<Vec<Key>>,
    trunks: Vec<usize>,
}

impl Planner<'_> {
    fn track(&mut self, ch: usize, key: Key) -> M {
        let list = &mut self.channels[ch];
        let i = list.iter().position(|k| *k == key).unwrap_or_else(|| {
            list.push(key);
            list.len() - 1
        });
        M::Track(ch, i)
    }

    fn others_in(&self, row: usize, not: usize, lo: f32, hi: f32) -> bool {
        self.f.rows[row].items.iter().any(|&v| {
            let it = &self.f.items[v];
            v != not && it.c + it.cs / 2.0 + 3.0 > lo && it.c - it.cs / 2.0 - 3.0 < hi
        })
    }

    fn hop(&mut self, h: &Hop) -> Vec<(f32, M)> {
        let f = self.f;
        let (a, b) = (&f.items[h.from], &f.items[h.to]);
        let end = (b.c, M::At(b.m - ext(f, b, Side::Start, 0.0)));
        if h.port != 0.0 && b.row == a.row + 1 {
            let vx = a.c + h.port;
            let outward = h.port.signum() * (b.c - vx) >= -1.0;
            if outward && !self.others_in(a.row, h.from, vx.min(b.c), vx.max(b.c)) {
                if (b.c - vx).abs() < 1.0 {
                    return vec![(vx, M::At(a.m)), (vx, end.1)];
                }
                return vec![(vx, M::At(a.m)), (b.c, M::At(a.m)), end];
            }
        }
        let start = (a.c, M::At(a.m + ext(f, a, Side::End, 0.0)));
        if b.row == a.row + 1 {
            if (a.c - b.c).abs() < 1.0 {
                return vec![start, (a.c, end.1)];
            }
            // A lone hop shares its track with others entering the same item.
            let single = f.hops.iter().filter(|g| g.from == h.from).count() == 1;
            let key = if single {
                Key::Into(h.to)
            } else {
                Key::Bus(h.from)
            };
            let t = self.track(b.row, key);
            return vec![start, (a.c, t), (b.c, t), end];
        }
        // Rows in between (a split rank): go round them on the start side.
        // One trunk per source, left of every row any of its trunk hops passes.
        let last = f
            .hops
            .iter()
            .filter(|g| g.from == h.from)
            .map(|g| f.items[g.to].row)
            .max()
            .unwrap_or(b.row);
        let left = (a.row + 1..last)
            .flat_map(|r| f.rows[r].items.iter())
            .map(|&v| f.items[v].c - f.items[v].cs / 2.0)
            .fold(f32::MAX, f32::min);
        let idx = self
            .trunks
            .iter()
            .position(|&t| t == h.from)
            .unwrap_or_else(|| {
                self.trunks.push(h.from);
                self.trunks.len() - 1
            });
        let tc = left - f.cross_gap * 0.5 - idx as f32 * 5.0;
        let t1 = self.track(a.row + 1, Key::Bus(h.from));
        let t2 = self.track(b.row, Key::Trunk(h.from));
        vec![start, (a.c, t1), (tc, t1), (tc, t2), (b.c, t2), end]
    }

    /// No other item to the end side of `v` in its row, and no corner exit
    /// on that side.
    fn free_end_side(&self, v: usize) -> bool {
        let row = &self.f.rows[self.f.items[v].row].items;
        row.last() == Some(&v) && !self.f.hops.iter().any(|h| h.from == v && h.port > 0.0)
    }

    fn back(&mut self, e: usize, s: usize, t: usize, lane: f32) -> Vec<(f32, M)> {
        let f = self.f;
        let (si, ti) = (&f.items[s], &f.items[t]);
        let mut pts = Vec::new();
        if self.free_end_side(s) {
            pts.push((si.c + ext(f, si, Side::CrossEnd, 0.0), M::At(si.m)));
            pts.push((lane, M::At(si.m)));
        } else {
            let q = si.cs / 4.0;
            let tr = self.track(si.row + 1, Key::BackOut(e));
            pts.push((si.c + q, M::At(si.m + ext(f, si, Side::End, q))));
            pts.push((si.c + q, tr));
            pts.push((lane, tr));
        }
        if self.free_end_side(t) {
            pts.push((lane, M::At(ti.m)));
            pts.push((ti.c + ext(f, ti, Side::CrossEnd, 0.0), M::At(ti.m)));
        } else {
            let q = ti.cs / 4.0;
            let tr = self.track(ti.row, Key::BackIn(e));
            pts.push((lane, tr));
            pts.push((ti.c + q, tr));
            pts.push((ti.c + q, M::At(ti.m - ext(f, ti, Side::Start, q))));
        }
        pts
    }

    fn resolve(&self, pts: &[(f32, M)]) -> Vec<(f32, f32)> {
        let f = self.f;
        let last = f.rows.len();
        let mut out: Vec<(f32, f32)> = Vec::new();
        for &(c, m) in pts {
            let m = match m {
                M::At(m) => m,
                M::Track(ch, i) => {
                    let top = if ch == 0 {
                        -f.main_gap
                    } else {
                        f.rows[ch - 1].top + f.rows[ch - 1].size
                    };
                    let bottom = if ch == last {
                        top + f.main_gap
                    } else {
                        f.rows[ch].top
                    };
                    let n = self.channels[ch].len() as f32;
                    top + (bottom - top) * (i as f32 + 1.0) / (n + 1.0)
                }
            };
            out.push((c, m));
        }
        simplify(out)
    }
}

/// Drops repeated points and middle points of straight runs.
fn simplify(pts: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::new();
    for p in pts {
        if out
            .last()
            .is_some_and(|q| (q.0 - p.0).abs() < 0.01 && (q.1 - p.1).abs() < 0.01)
        {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let cross = (b.0 - a.0) * (p.1 - b.1) - (b.1 - a.1) * (p.0 - b.0);
            let dot = (b.0 - a.0) * (p.0 - b.0) + (b.1 - a.1) * (p.1 - b.1);
            if cross.abs() < 0.01 && dot >= 0.0 {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Routes every edge; returns per graph edge its polyline and the centre of
/// its label (when `labels` gives it a size; sizes are real `(w, h)`).
pub(super) fn route(f: &Frame, labels: &[Option<(f32, f32)>]) -> Vec<Routed> {
    let mut p = Planner {
        f,
        channels: vec![Vec::new(); f.rows.len() + 1],
        trunks: Vec::new(),
    };
    let lanes = assign_lanes(f, labels);
    let mut planned: Vec<Vec<(f32, M)>> = Vec::new();
    for (e, chain) in f.chains.iter().enumerate() {
        let pts = match *chain {
            Chain::Invalid => Vec::new(),
            Chain::Forward(ref hs) => hs.iter().flat_map(|&h| p.hop(&f.hops[h])).collect(),
            Chain::Back { from, to } => p.back(e, from, to, lanes[e]),
            Chain::SelfLoop(v) => {
                let it = &f.items[v];
                let off = it.ms / 4.0;
                let r = it.c + it.cs / 2.0 + it.extra * 0.6;
                let at = |o: f32| it.c + ext(f, it, Side::CrossEnd, o);
                vec![
                    (at(off), M::At(it.m - off)),
                    (r, M::At(it.m - off)),
                    (r, M::At(it.m + off)),
                    (at(off), M::At(it.m + off)),
                ]
            }
        };
        planned.push(pts);
    }
    let paths: Vec<Vec<(f32, f32)>> = planned.iter().map(|pts| p.resolve(pts)).collect();
    let placed = super::route_label::place_labels(f, &paths, labels);
    paths.into_iter().zip(placed).collect()
}

/// Lane (cross coordinate) of each back edge, right of everything in the
/// rows it spans; shorter spans run inside longer ones.
fn assign_lanes(f: &Frame, labels: &[Option<(f32, f32)>]) -> Vec<f32> {
    let mut lanes = vec![0.0; f.chains.len()];
    let mut order: Vec<(usize, usize, usize)> = f
        .chains
        .iter()
        .enumerate()
        .filter_map(|(e, ch)| match *ch {
            Chain::Back { from, to } => {
                let (a, b) = (f.items[from].row, f.items[to].row);
                Some((e, a.min(b), a.max(b)))
            }
            _ => None,
        })
        .collect();
    order.sort_by_key(|&(e, lo, hi)| (hi - lo, e));
    let mut done: Vec<(usize, usize, f32)> = Vec::new();
    for (e, lo, hi) in order {
        let right = (lo..=hi)
            .flat_map(|r| f.rows[r].items.iter())
            .map(|&v| f.items[v].c + f.items[v].cs / 2.0 + f.items[v].extra)
            .fold(f32::MIN, f32::max);
        let label = labels[e].map_or(0.0, |(w, h)| match f.dir {
            Direction::TopDown => w,
            Direction::LeftRight => h,
        });
        let mut c = right + (f.cross_gap * 0.8).max(label + 10.0);
        for &(l2, h2, c2) in &done {
            if l2 <= hi && lo <= h2 {
                c = c.max(c2 + 8.0);
            }
        }
        lanes[e] = c;
        done.push((lo, hi, c));
    }
    lanes
}
