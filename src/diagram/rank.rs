//! Cycle breaking, ranking and ordering within ranks.

use std::collections::VecDeque;

use super::route::{Hop, Item};

/// DFS from sources (then any unvisited node) in declaration order; edges to
/// a node on the DFS stack are back edges.
pub(super) fn back_edges(n: usize, ends: &[Option<(usize, usize)>]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (ei, (a, b)) in ends
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.map(|e| (i, e)))
    {
        if a != b {
            out[a].push((ei, b));
            indeg[b] += 1;
        }
    }
    let mut back = vec![false; ends.len()];
    let mut state = vec![0u8; n];
    let starts = (0..n).filter(|&v| indeg[v] == 0).chain(0..n);
    for s in starts {
        if state[s] != 0 {
            continue;
        }
        let mut stack = vec![(s, 0usize)];
        state[s] = 1;
        while let Some(top) = stack.last_mut() {
            let (v, k) = *top;
            if k < out[v].len() {
                top.1 += 1;
                let (ei, w) = out[v][k];
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[ei] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Longest-path ranks with back edges reversed; sources are then pulled
/// down next to their first successor.
pub(super) fn ranks(n: usize, ends: &[Option<(usize, usize)>], back: &[bool]) -> Vec<usize> {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (ei, (a, b)) in ends
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.map(|e| (i, e)))
    {
        if a == b {
            continue;
        }
        let (u, v) = if back[ei] { (b, a) } else { (a, b) };
        succ[u].push(v);
        indeg[v] += 1;
    }
    let sources: Vec<bool> = indeg.iter().map(|&d| d == 0).collect();
    let mut rank = vec![0usize; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(u) = queue.pop_front() {
        for &v in &succ[u] {
            rank[v] = rank[v].max(rank[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push_back(v);
            }
        }
    }
    for v in 0..n {
        if let Some(min) = succ[v]
            .iter()
            .map(|&s| rank[s])
            .min()
            .filter(|_| sources[v])
        {
            rank[v] = rank[v].max(min.saturating_sub(1));
        }
    }
    rank
}

/// Initial DFS order per layer, then barycentre sweeps keeping the ordering
/// with the fewest crossings.
pub(super) fn order_layers(items: &[Item], hops: &[Hop]) -> Vec<Vec<usize>> {
    let count = items.iter().map(|it| it.layer + 1).max().unwrap_or(0);
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut inn: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for h in hops {
        out[h.from].push(h.to);
        inn[h.to].push(h.from);
    }
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut seen = vec![false; items.len()];
    for s in 0..items.len() {
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut seen[v], true) {
                continue;
            }
            layers[items[v].layer].push(v);
            stack.extend(out[v].iter().rev().filter(|&&w| !seen[w]));
        }
    }
    let mut pos = vec![0.0f32; items.len()];
    let set_pos = |layers: &Vec<Vec<usize>>, pos: &mut Vec<f32>| {
        for l in layers {
            for (i, &v) in l.iter().enumerate() {
                pos[v] = i as f32;
            }
        }
    };
    set_pos(&layers, &mut pos);
    let crossings = |pos: &[f32]| {
        let mut total = 0;
        for (i, a) in hops.iter().enumerate() {
            for b in &hops[i + 1..] {
                if items[a.from].layer == items[b.from].layer
                    && (pos[a.from] - pos[b.from]) * (pos[a.to] - pos[b.to]) < 0.0
                {
                    total += 1;
                }
            }
        }
        total
    };
    let mut best = (crossings(&pos), layers.clone());
    for _ in 0..6 {
        for pass in 0..2 {
            let idx: Vec<usize> = if pass == 0 {
                (1..count).collect()
            } else {
                (0..count.saturating_sub(1)).rev().collect()
            };
            let nbrs = if pass == 0 { &inn } else { &out };
            for l in idx {
                let key = |v: usize| {
                    let ns = &nbrs[v];
                    if ns.is_empty() {
                        pos[v]
                    } else {
                        ns.iter().map(|&w| pos[w]).sum::<f32>() / ns.len() as f32
                    }
                };
                let mut keyed: Vec<(f32, f32, usize)> =
                    layers[l].iter().map(|&v| (key(v), pos[v], v)).collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
                layers[l] = keyed.into_iter().map(|k| k.2).collect();
                for (i, &v) in layers[l].iter().enumerate() {
                    pos[v] = i as f32;
                }
            }
        }
        let c = crossings(&pos);
        if c < best.0 {
            best = (c, layers.clone());
        }
    }
    best.1
}
