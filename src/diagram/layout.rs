//! Layered (Sugiyama-style) layout.
//!
//! Work is done in abstract coordinates: `c` runs across the flow (x for
//! `TD`, y for `LR`) and `m` along it. Ranks become rows; a rank wider than
//! the budget is split into several stacked rows.

use std::collections::HashMap;

use super::place::{assign_cross, set_ports, size_rows, split_rows};
use super::rank::{back_edges, order_layers, ranks};

use super::route::{self, Chain, Frame, Hop, Item, Routed};
use super::{
    Direction, Graph, LINE_HEIGHT, Layout, Measure, PlacedEdge, PlacedLabel, PlacedNode, Shape,
    Style, text,
};

pub(super) fn layout(graph: &Graph, measure: &dyn Measure, style: &Style) -> Layout {
    let mut budget = style.max_width - 2.0 * style.padding;
    let mut best = layout_once(graph, measure, style, budget);
    if graph.direction == Direction::LeftRight {
        return best;
    }
    // Trunks, loop lanes and labels may stick out of the node window:
    // shrink the window until the whole drawing fits.
    let mut last = best.width;
    for _ in 0..10 {
        if best.width <= style.max_width || budget < 4.0 * style.font_size {
            break;
        }
        budget -= (last - style.max_width).max(4.0) + 2.0;
        let next = layout_once(graph, measure, style, budget);
        last = next.width;
        if next.width < best.width {
            best = next;
        }
    }
    best
}

/// Label lines and outer size `(w, h)` of a node.
fn node_box(label: &str, shape: Shape, m: &dyn Measure, style: &Style) -> (Vec<String>, f32, f32) {
    let fs = style.font_size;
    let pad = style.padding;
    let lines = text::wrap(label, m, fs, style.node_max_text_width);
    let tw = lines
        .iter()
        .map(|l| m.text_width(l, fs))
        .fold(0.0, f32::max);
    let th = lines.len() as f32 * fs * LINE_HEIGHT;
    let (w, h) = match shape {
        Shape::Rect | Shape::Rounded => (tw + 2.5 * pad, th + 1.6 * pad),
        Shape::Stadium => {
            let h = th + 1.6 * pad;
            (tw + 1.5 * pad + h * 0.6, h)
        }
        // The text box is inscribed: half-diagonals twice its half-size.
        Shape::Diamond => (2.0 * tw + 2.0 * pad, 2.0 * th + 1.6 * pad),
        Shape::Circle => {
            let d = (tw * tw + th * th).sqrt() + pad;
            (d, d)
        }
    };
    (lines, w.max(4.0 * fs), h)
}

fn layout_once(graph: &Graph, measure: &dyn Measure, style: &Style, budget: f32) -> Layout {
    let dir = graph.direction;
    let n = graph.nodes.len();
    let (cross_gap, main_gap) = match dir {
        Direction::TopDown => (style.h_gap, style.v_gap),
        Direction::LeftRight => (style.v_gap * 0.6, style.h_gap * 1.8),
    };
    let boxes: Vec<_> = graph
        .nodes
        .iter()
        .map(|nd| node_box(&nd.label, nd.shape, measure, style))
        .collect();

    // Edges by node index; unknown ids are skipped.
    let index: HashMap<&str, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, nd)| (nd.id.as_str(), i))
        .collect();
    let ends: Vec<Option<(usize, usize)>> = graph
        .edges
        .iter()
        .map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
        .collect();

    let back = back_edges(n, &ends);
    let rank = ranks(n, &ends, &back);

    // Items: real nodes first (item i = node i), then dummies of long edges.
    let mut items: Vec<Item> = (0..n)
        .map(|i| {
            let (w, h) = (boxes[i].1, boxes[i].2);
            let (cs, ms) = match dir {
                Direction::TopDown => (w, h),
                Direction::LeftRight => (h, w),
            };
            Item {
                node: Some(i),
                shape: graph.nodes[i].shape,
                layer: rank[i],
                row: 0,
                cs,
                ms,
                c: 0.0,
                m: 0.0,
                extra: 0.0,
            }
        })
        .collect();
    let mut hops: Vec<Hop> = Vec::new();
    let mut chains = Vec::new();
    for (ei, end) in ends.iter().enumerate() {
        let Some((a, b)) = *end else {
            chains.push(Chain::Invalid);
            continue;
        };
        if a == b {
            items[a].extra = cross_gap;
            chains.push(Chain::SelfLoop(a));
        } else if back[ei] {
            chains.push(Chain::Back { from: a, to: b });
        } else {
            let mut list = Vec::new();
            let mut prev = a;
            for layer in rank[a] + 1..rank[b] {
                items.push(Item {
                    node: None,
                    shape: Shape::Rect,
                    layer,
                    row: 0,
                    cs: 0.0,
                    ms: 0.0,
                    c: 0.0,
                    m: 0.0,
                    extra: 0.0,
                });
                let d = items.len() - 1;
                list.push(hops.len());
                hops.push(Hop {
                    from: prev,
                    to: d,
                    port: 0.0,
                });
                prev = d;
            }
            list.push(hops.len());
            hops.push(Hop {
                from: prev,
                to: b,
                port: 0.0,
            });
            chains.push(Chain::Forward(list));
        }
    }

    let layers = order_layers(&items, &hops);
    let mut rows = split_rows(&layers, &items, cross_gap, budget, dir);
    for (r, row) in rows.iter().enumerate() {
        for &it in &row.items {
            items[it].row = r;
        }
    }
    size_rows(&mut rows, &mut items, main_gap);
    set_ports(&rows, &items, &mut hops);
    let window = match dir {
        Direction::TopDown => budget,
        Direction::LeftRight => f32::MAX,
    };
    assign_cross(&rows, &mut items, &hops, cross_gap, window);

    let frame = Frame {
        dir,
        items,
        rows,
        hops,
        chains,
        cross_gap,
        main_gap,
    };
    let fs = style.font_size;
    // Edge labels are not wrapped: each line is cut (with an ellipsis) at twice
    // the width of a node's text.
    let edge_labels: Vec<Option<String>> = graph
        .edges
        .iter()
        .map(|e| {
            e.label
                .as_ref()
                .map(|t| text::fit_lines(t, measure, fs, 2.0 * style.node_max_text_width))
        })
        .collect();
    let label_sizes: Vec<Option<(f32, f32)>> = edge_labels
        .iter()
        .map(|t| {
            let t = t.as_ref()?;
            let w = t
                .lines()
                .map(|l| measure.text_width(l, fs))
                .fold(0.0, f32::max)
                + 8.0;
            let h = t.lines().count().max(1) as f32 * fs * LINE_HEIGHT + 3.0;
            Some((w, h))
        })
        .collect();
    let routed = route::route(&frame, &label_sizes);
    finish(
        graph,
        &frame,
        boxes,
        routed,
        &label_sizes,
        &edge_labels,
        style,
    )
}

/// Converts to real coordinates and moves everything inside the margins.
fn finish(
    graph: &Graph,
    f: &Frame,
    boxes: Vec<(Vec<String>, f32, f32)>,
    routed: Vec<Routed>,
    label_sizes: &[Option<(f32, f32)>],
    edge_labels: &[Option<String>],
    style: &Style,
) -> Layout {
    let real = |c: f32, m: f32| match f.dir {
        Direction::TopDown => (c, m),
        Direction::LeftRight => (m, c),
    };
    let mut nodes: Vec<PlacedNode> = boxes
        .into_iter()
        .enumerate()
        .map(|(i, (lines, _, _))| {
            let it = &f.items[i];
            let (x, y) = real(it.c, it.m);
            let (w, h) = real(it.cs, it.ms);
            PlacedNode {
                id: graph.nodes[i].id.clone(),
                shape: it.shape,
                x: x - w / 2.0,
                y: y - h / 2.0,
                w,
                h,
                lines,
            }
        })
        .collect();
    let mut edges: Vec<PlacedEdge> = Vec::new();
    for (i, (pts, label)) in routed.into_iter().enumerate() {
        let e = &graph.edges[i];
        let label = match (label, label_sizes[i], &edge_labels[i]) {
            (Some((c, m)), Some((w, h)), Some(t)) => {
                let (x, y) = real(c, m);
                Some(PlacedLabel {
                    text: t.clone(),
                    x,
                    y,
                    w,
                    h,
                })
            }
            _ => None,
        };
        let points = pts.into_iter().map(|(c, m)| real(c, m)).collect();
        edges.push(PlacedEdge {
            points,
            style: e.style,
            label,
        });
    }
    let mut bb = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    let mut grow = |x0: f32, y0: f32, x1: f32, y1: f32| {
        bb = (bb.0.min(x0), bb.1.min(y0), bb.2.max(x1), bb.3.max(y1));
    };
    for nd in &nodes {
        grow(nd.x, nd.y, nd.x + nd.w, nd.y + nd.h);
    }
    for e in &edges {
        for &(x, y) in &e.points {
            // Room for arrow heads.
            grow(x - 4.0, y - 4.0, x + 4.0, y + 4.0);
        }
        if let Some(l) = &e.label {
            grow(
                l.x - l.w / 2.0,
                l.y - l.h / 2.0,
                l.x + l.w / 2.0,
                l.y + l.h / 2.0,
            );
        }
    }
    if nodes.is_empty() && edges.is_empty() {
        bb = (0.0, 0.0, 0.0, 0.0);
    }
    let margin = style.padding;
    let (dx, dy) = (margin - bb.0, margin - bb.1);
    for nd in &mut nodes {
        nd.x += dx;
        nd.y += dy;
    }
    for e in &mut edges {
        for p in &mut e.points {
            *p = (p.0 + dx, p.1 + dy);
        }
        if let Some(l) = &mut e.label {
            l.x += dx;
            l.y += dy;
        }
    }
    Layout {
        width: bb.2 - bb.0 + 2.0 * margin,
        height: bb.3 - bb.1 + 2.0 * margin,
        nodes,
        edges,
        font_size: style.font_size,
    }
}
