use super::*;

pub(super) const BCM: &str = "flowchart TD
  A([預防與減災]) --> B[資安事故緊急應變]
  B --> C{重要業務中斷且<br>短期無法復原？}
  C -- 否 --> A
  C -- 是 --> D[啟動營運持續作業]
  D --> E{原場所可否復原？}
  E -- 是 --> F[災害復原]
  E -- 否 --> G[啟用異地備援]
  G --> F
  F --> H[營運持續作業結束]
  H --> I([災害處理檢討])
  I --> A
";

pub(super) const TREE: &str = r#"flowchart TD
  ciso["資安長<br>林志明"] --> lead["ISMS執行小組組長<br>王小明"]
  lead --> resp["資通安全處理小組組長<br>陳雅玲"]
  resp --> r1["硬體設備復原負責人<br>李志豪"]
  resp --> r2["主機系統回復負責人<br>張家豪"]
  resp --> r3["網路通訊回復負責人<br>黃淑芬"]
  resp --> r4["應用系統回復負責人<br>吳建宏"]
  resp --> r5["資料庫回復負責人<br>劉怡君"]
  resp --> r6["資安事件分析負責人<br>蔡宗翰"]
  resp --> r7["對外聯繫窗口<br>鄭美玲"]
  resp --> r8["行政支援負責人<br>許志偉"]
  resp --> r9["法務諮詢負責人<br>周雅婷"]
"#;

fn node<'a>(g: &'a Graph, id: &str) -> &'a Node {
    g.nodes.iter().find(|n| n.id == id).expect(id)
}

#[test]
fn parses_shapes_labels_and_entities() {
    let g = parse(
        "graph LR\n  %% comment\n  a[Rect] --> b(Round)\n  b --> c([Stadium])\n  c --> d{Decide}\n  d --> e((Circle))\n  e --> f\n  q[\"text with (brackets)\"]\n  r[\"say #quot;hi#quot; #35;1 &lt;x&gt; &amp;\"]\n  s[one<br>two<br/>three]\n  classDef red fill:#f00\n  class a red\n  style b fill:#fff\n  linkStyle 0 stroke:#f00\n",
    )
    .unwrap();
    assert_eq!(g.direction, Direction::LeftRight);
    let shapes: Vec<Shape> = g.nodes.iter().take(6).map(|n| n.shape).collect();
    use Shape::*;
    assert_eq!(shapes, [Rect, Rounded, Stadium, Diamond, Circle, Rect]);
    assert_eq!(node(&g, "f").label, "f");
    assert_eq!(node(&g, "q").label, "text with (brackets)");
    assert_eq!(node(&g, "r").label, "say \"hi\" #1 <x> &");
    assert_eq!(node(&g, "s").label, "one\ntwo\nthree");
    assert_eq!(g.edges.len(), 5);
}

#[test]
fn parses_edges() {
    let g = parse(
        "flowchart TB\n A --> B\n A -->|yes| C\n A -- no --> D\n A --- E\n A -.-> F\n A --> B --> C\n G & H --> I\n A-->J\n J-.->K;\n K -. maybe .-> L\n",
    )
    .unwrap();
    assert_eq!(g.direction, Direction::TopDown);
    let e = |from: &str, to: &str| {
        g.edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .unwrap_or_else(|| panic!("{from}->{to}"))
    };
    assert_eq!(e("A", "B").style, EdgeStyle::Arrow);
    assert_eq!(e("A", "C").label.as_deref(), Some("yes"));
    assert_eq!(e("A", "D").label.as_deref(), Some("no"));
    assert_eq!(e("A", "D").style, EdgeStyle::Arrow);
    assert_eq!(e("A", "E").style, EdgeStyle::Line);
    assert_eq!(e("A", "F").style, EdgeStyle::Dotted);
    assert_eq!(e("B", "C").style, EdgeStyle::Arrow);
    assert_eq!(e("G", "I").style, EdgeStyle::Arrow);
    assert_eq!(e("H", "I").style, EdgeStyle::Arrow);
    assert_eq!(e("A", "J").style, EdgeStyle::Arrow);
    assert_eq!(e("J", "K").style, EdgeStyle::Dotted);
    assert_eq!(e("K", "L").label.as_deref(), Some("maybe"));
    assert_eq!(g.edges.len(), 12);
}

#[test]
fn first_declared_shape_wins() {
    let g = parse("graph TD\n A --> B\n B{Question} --> C\n B[Other] --> D\n").unwrap();
    assert_eq!(node(&g, "B").shape, Shape::Diamond);
    assert_eq!(node(&g, "B").label, "Question");
    assert_eq!(node(&g, "A").label, "A");
}

#[test]
fn errors_carry_line_numbers() {
    let err = parse("flowchart TD\n  A --> B\n  A ==x B ~~ C\n").unwrap_err();
    assert_eq!(err.line, 3);
    let err = parse("flowchart TD\n  A --> B\n\n  B --> C[oops\n").unwrap_err();
    assert_eq!(err.line, 4);
    assert!(err.message.contains("`]`"), "{}", err.message);
    let err = parse("sequenceDiagram\n").unwrap_err();
    assert_eq!(err.line, 1);
    let err = parse("graph TD\n A ~~> B\n").unwrap_err();
    assert!(err.message.contains("arrow"), "{}", err.message);
    assert!(parse("").is_err());
}

fn check_layout(l: &Layout, max_width: f32) {
    assert!(
        l.width <= max_width + 0.01,
        "width {} > {max_width}",
        l.width
    );
    for n in &l.nodes {
        assert!(n.x >= 0.0 && n.y >= 0.0, "{} outside", n.id);
        assert!(
            n.x + n.w <= l.width && n.y + n.h <= l.height,
            "{} outside",
            n.id
        );
    }
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            let apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(apart, "{} overlaps {}", a.id, b.id);
        }
    }
    for e in &l.edges {
        for &(x, y) in &e.points {
            assert!(x >= 0.0 && y >= 0.0 && x <= l.width && y <= l.height);
        }
        // No segment passes through the inside of a node.
        for s in e.points.windows(2) {
            for n in &l.nodes {
                let (x0, x1) = (n.x + 1.0, n.x + n.w - 1.0);
                let (y0, y1) = (n.y + 1.0, n.y + n.h - 1.0);
                let (p, q) = (s[0], s[1]);
                let inside = |t: f32| {
                    let (x, y) = (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t);
                    let (dx, dy) = ((x - n.x - n.w / 2.0).abs(), (y - n.y - n.h / 2.0).abs());
                    match n.shape {
                        Shape::Diamond => dx / (n.w / 2.0) + dy / (n.h / 2.0) < 0.95,
                        Shape::Circle => dx.hypot(dy) < n.w.min(n.h) / 2.0 - 1.0,
                        Shape::Stadium => {
                            let r = n.h / 2.0;
                            (dx - (n.w / 2.0 - r)).max(0.0).hypot(dy) < r - 1.0
                        }
                        _ => x > x0 && x < x1 && y > y0 && y < y1,
                    }
                };
                let hit = (1..20).any(|k| inside(k as f32 / 20.0));
                assert!(!hit, "edge segment {s:?} crosses {}", n.id);
            }
        }
    }
}

#[test]
fn bcm_flow_layout_is_clean() {
    let g = parse(BCM).unwrap();
    let l = layout(&g, &EstimateMeasure, &Style::default());
    check_layout(&l, 480.0);
    assert_eq!(l.edges.len(), g.edges.len());
    // Back edges C -> A and I -> A enter A from the side.
    let a = &l.nodes[0];
    for e in [&l.edges[2], &l.edges[10]] {
        let last = *e.points.last().unwrap();
        assert!((last.0 - (a.x + a.w)).abs() < 1.0, "{last:?}");
    }
    assert!(l.edges.iter().filter(|e| e.label.is_some()).count() == 4);
}

#[test]
fn wide_tree_fits_max_width() {
    let g = parse(TREE).unwrap();
    let l = layout(&g, &EstimateMeasure, &Style::default());
    check_layout(&l, 480.0);
    let rows: std::collections::BTreeSet<i32> =
        l.nodes[3..].iter().map(|n| n.y.round() as i32).collect();
    assert!(rows.len() >= 2, "children should wrap into rows");
}

#[test]
fn layout_is_deterministic() {
    for src in [BCM, TREE] {
        let g = parse(src).unwrap();
        let a = layout(&g, &EstimateMeasure, &Style::default());
        let b = layout(&g, &EstimateMeasure, &Style::default());
        assert_eq!(a, b);
        assert_eq!(to_svg(&a, "t"), to_svg(&b, "t"));
    }
}

#[test]
fn left_right_layout() {
    let g = parse("graph LR\n A[Start] --> B{OK?}\n B -->|Yes| C[Done]\n B -->|No| A\n").unwrap();
    let l = layout(&g, &EstimateMeasure, &Style::default());
    check_layout(&l, 480.0);
    assert!(l.nodes[0].x < l.nodes[1].x && l.nodes[1].x < l.nodes[2].x);
}

#[test]
fn svg_is_escaped_and_self_contained() {
    let svg = render_svg("graph TD\n A[\"a <b> & c\"] --> B\n", "T & <x>").unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 "));
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title>T &amp; &lt;x&gt;</title>"));
    assert!(svg.contains("a &lt;b&gt; &amp; c"));
    assert!(svg.contains("Noto Sans CJK TC"));
}

#[test]
fn write_samples() {
    for (src, path, title) in [
        (BCM, "/tmp/diagram-bcm.svg", "BCM flow"),
        (TREE, "/tmp/diagram-tree.svg", "Call tree"),
    ] {
        let svg = render_svg(src, title).unwrap();
        std::fs::write(path, svg).unwrap();
    }
}

#[test]
fn write_extra_samples() {
    let lr = "graph LR\n A([Start]) --> B[Assess damage]\n B --> C{Site usable?}\n C -->|Yes| D[Restore on site]\n C -->|No| E[Move to backup site]\n E --> F([Resume operations])\n D --> F\n F -.-> G((Review))\n G -- lessons --> A\n";
    let mixed = "flowchart TD\n S[Incident reported] --> T{Severity?}\n T -->|High| U[Notify CISO]\n T -->|Medium| V[Notify team lead]\n T -->|Low| W[Log ticket]\n U --> X[Activate BCP]\n V --> X\n W --> Y[Close]\n X --> Y\n V -- escalate --> U\n Y -.->|reopen| T\n X --> X\n";
    for (src, path) in [
        (lr, "/tmp/diagram-lr.svg"),
        (mixed, "/tmp/diagram-mixed.svg"),
    ] {
        let svg = render_svg(src, "sample").unwrap();
        std::fs::write(path, svg).unwrap();
    }
}

#[test]
fn empty_graph_lays_out() {
    let l = layout(
        &parse("graph TD\n").unwrap(),
        &EstimateMeasure,
        &Style::default(),
    );
    assert!(l.nodes.is_empty() && l.width > 0.0);
}

#[test]
fn labels_stay_off_boxes() {
    let l = layout(&parse(BCM).unwrap(), &EstimateMeasure, &Style::default());
    for lb in l.edges.iter().filter_map(|e| e.label.as_ref()) {
        for n in l.nodes.iter().filter(|n| n.shape != Shape::Diamond) {
            let apart = lb.x + lb.w / 2.0 <= n.x
                || n.x + n.w <= lb.x - lb.w / 2.0
                || lb.y + lb.h / 2.0 <= n.y
                || n.y + n.h <= lb.y - lb.h / 2.0;
            assert!(apart, "label {} on {}", lb.text, n.id);
        }
    }
}

/// Pseudo-random graphs: no overlaps, no edge through a box, within width.
#[test]
fn random_graphs_are_clean() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let shapes = [
        ("[", "]"),
        ("(", ")"),
        ("([", "])"),
        ("{", "}"),
        ("((", "))"),
    ];
    let words = [
        "備援",
        "Restore service",
        "通報主管機關",
        "Check",
        "啟動緊急應變小組",
        "OK",
    ];
    for round in 0..60 {
        let dir = if round % 4 == 3 { "LR" } else { "TD" };
        let n = 3 + next(12) as usize;
        let mut src = format!("flowchart {dir}\n");
        for i in 0..n {
            let (o, c) = shapes[next(5) as usize];
            src += &format!("  n{i}{o}\"{} {i}\"{c}\n", words[next(6) as usize]);
        }
        for _ in 0..n + next(n as u64) as usize {
            let (a, b) = (next(n as u64), next(n as u64));
            let label = if next(3) == 0 { "|是|" } else { "" };
            src += &format!("  n{a} -->{label} n{b}\n");
        }
        let g = parse(&src).unwrap();
        let l = layout(&g, &EstimateMeasure, &Style::default());
        if std::env::var_os("DIAGRAM_DUMP").is_some() {
            std::fs::write("/tmp/diagram-fail.svg", to_svg(&l, "x")).unwrap();
            std::fs::write("/tmp/diagram-fail.mmd", &src).unwrap();
        }
        if dir == "TD" {
            check_layout(&l, 480.0);
        } else {
            check_layout(&l, f32::MAX);
        }
        assert_eq!(l, layout(&g, &EstimateMeasure, &Style::default()));
    }
}
