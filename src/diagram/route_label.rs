//! Edge-label placement: the first spot along the edge, from its start, that
//! covers no node, no other label and no other edge.

use super::Direction;
use super::Shape;
use super::route::Frame;

type Rect = (f32, f32, f32, f32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Distance from `v` to the interval `[lo, hi]` (0 inside).
fn gap(v: f32, lo: f32, hi: f32) -> f32 {
    if v < lo {
        lo - v
    } else if v > hi {
        v - hi
    } else {
        0.0
    }
}

fn hits_node(f: &Frame, r: Rect) -> bool {
    const PAD: f32 = 1.5;
    f.items.iter().filter(|it| it.node.is_some()).any(|it| {
        let (a, b) = (it.cs / 2.0 + PAD, it.ms / 2.0 + PAD);
        if !overlaps(r, (it.c - a, it.m - b, it.c + a, it.m + b)) {
            return false;
        }
        let dc = gap(it.c, r.0, r.2);
        let dm = gap(it.m, r.1, r.3);
        match it.shape {
            Shape::Diamond => dc / a + dm / b <= 1.0,
            Shape::Circle => dc * dc + dm * dm <= a.min(b) * a.min(b),
            _ => true,
        }
    })
}

/// Does the segment cross the interior of `r` (Liang–Barsky clipping)?
fn hits_segment(p: (f32, f32), q: (f32, f32), r: Rect) -> bool {
    let r = (r.0 + 0.5, r.1 + 0.5, r.2 - 0.5, r.3 - 0.5);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (pk, qk) in [
        (-dx, p.0 - r.0),
        (dx, r.2 - p.0),
        (-dy, p.1 - r.1),
        (dy, r.3 - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 <= t1
}

/// Point and unit direction at arc length `d` along `path`.
fn at(path: &[(f32, f32)], d: f32) -> ((f32, f32), (f32, f32)) {
    let mut left = d;
    for w in path.windows(2) {
        let (p, q) = (w[0], w[1]);
        let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
        if len <= 0.0 {
            continue;
        }
        let dir = ((q.0 - p.0) / len, (q.1 - p.1) / len);
        if left <= len {
            return ((p.0 + dir.0 * left, p.1 + dir.1 * left), dir);
        }
        left -= len;
    }
    let n = path.len();
    (path[n - 1], (0.0, 1.0))
}

fn length(path: &[(f32, f32)]) -> f32 {
    path.windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}

/// Centre of each edge label, in abstract coordinates; `labels` holds real
/// `(w, h)` sizes.
pub(super) fn place_labels(
    f: &Frame,
    paths: &[Vec<(f32, f32)>],
    labels: &[Option<(f32, f32)>],
) -> Vec<Option<(f32, f32)>> {
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = vec![None; paths.len()];
    for (e, size) in labels.iter().enumerate() {
        let (Some((w, h)), path) = (*size, &paths[e]) else {
            continue;
        };
        if path.len() < 2 {
            continue;
        }
        let (hc, hm) = match f.dir {
            Direction::TopDown => (w / 2.0, h / 2.0),
            Direction::LeftRight => (h / 2.0, w / 2.0),
        };
        let free = |c: f32, m: f32| {
            let r = (c - hc, m - hm, c + hc, m + hm);
            !hits_node(f, r)
                && !placed.iter().any(|&o| overlaps(o, r))
                && !paths
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != e)
                    .any(|(_, p)| p.windows(2).any(|s| hits_segment(s[0], s[1], r)))
        };
        let total = length(path);
        let mut found = None;
        'search: for pass in 0..3 {
            let limit = if pass < 2 { total * 0.7 } else { total };
            let mut d = 0.0;
            while d <= limit {
                let (p, dir) = at(path, d);
                let mut cands = Vec::new();
                if pass != 1 {
                    cands.push(p);
                }
                if pass != 0 {
                    // Beside the line, on either side.
                    let (oc, om) = (-dir.1 * (hc + 2.0), dir.0 * (hm + 2.0));
                    cands.push((p.0 + oc, p.1 + om));
                    cands.push((p.0 - oc, p.1 - om));
                }
                if let Some(&c) = cands.iter().find(|c| free(c.0, c.1)) {
                    found = Some(c);
                    break 'search;
                }
                d += 2.0;
            }
        }
        let c = found.unwrap_or_else(|| at(path, total / 2.0).0);
        placed.push((c.0 - hc, c.1 - hm, c.0 + hc, c.1 + hm));
        out[e] = Some(c);
    }
    out
}
