//! The call tree cut into parts that each fit a page at a legible size.
//!
//! A tree of up to [`PART_SIZE`] roles is one part, drawn as one diagram. A
//! larger one is cut, top down: what is left under a part's root is shared
//! out evenly between as few parts as the limit allows, and a part takes its
//! root, then whole branches that fit (a team that would fit a part of its
//! own but not this one starts the next part instead of being split), then
//! single roles (breadth first) while there is room; the
//! children it has no room for go into a part of their own, headed by their
//! parent again (marked as continued), and the parent's node in the earlier
//! part names where its calls continue. The rest of a part's own root is
//! drawn right after it (a large part, then its small remainder, which can
//! share the large part's page), other continuations in the order they were
//! asked for. Every part has at most
//! [`PART_SIZE`] roles, so drawing the parts costs time in proportion to the
//! roles, and each is drawn at full size.

use crate::model::Role;
use serde::Serialize;
use std::collections::{HashMap, VecDeque};

/// Roles drawn in one diagram at most.
pub const PART_SIZE: usize = 24;

/// One diagram of the call tree.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Part {
    /// 1-based, in the order the parts are drawn.
    pub number: usize,
    /// Index (into the roles) of the role the part starts from.
    pub root: usize,
    /// The root's calls began in an earlier part: this part continues them.
    pub continued: bool,
    /// The roles of the part, the root first.
    pub nodes: Vec<PartNode>,
    /// (caller, called) as indexes into the roles.
    pub edges: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartNode {
    /// Index into the roles.
    pub role: usize,
    /// The parts where the rest of this role's calls are drawn.
    pub continued_in: Vec<usize>,
}

/// The parts of the call tree of `roles` (the order of the data kept).
///
/// Two cuts are made: the even one (each root's roles shared out evenly
/// between as few parts as the limit allows, a team that fits a part of its
/// own kept whole) and the plain one (each part filled to the limit); the one
/// whose diagrams stack fewer rows of boxes is kept, the even one on a tie.
pub fn parts(roles: &[Role]) -> Vec<Part> {
    let even = parts_of(roles, PART_SIZE, true);
    if even.len() <= 1 {
        return even;
    }
    let plain = parts_of(roles, PART_SIZE, false);
    let rows = |parts: &[Part]| parts.iter().map(part_rows).sum::<usize>();
    if rows(&plain) < rows(&even) {
        plain
    } else {
        even
    }
}

/// Boxes side by side in a row of a call-tree diagram, about: a rank wider
/// than the page is stacked in rows of about this many.
const BOXES_PER_ROW: usize = 4;

/// The rows of boxes a part's diagram stacks, estimated: each rank (depth
/// below the part's root) in rows of [`BOXES_PER_ROW`].
fn part_rows(part: &Part) -> usize {
    let mut depth: HashMap<usize, usize> = HashMap::from([(part.root, 0)]);
    for &(up, down) in &part.edges {
        let d = depth.get(&up).copied().unwrap_or(0) + 1;
        depth.insert(down, d);
    }
    let mut per_rank: Vec<usize> = Vec::new();
    for node in &part.nodes {
        let d = depth.get(&node.role).copied().unwrap_or(0);
        if per_rank.len() <= d {
            per_rank.resize(d + 1, 0);
        }
        per_rank[d] += 1;
    }
    per_rank.iter().map(|n| n.div_ceil(BOXES_PER_ROW)).sum()
}

fn parts_of(roles: &[Role], limit: usize, even: bool) -> Vec<Part> {
    let n = roles.len();
    if n == 0 {
        return Vec::new();
    }
    let index: HashMap<&str, usize> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let parent: Vec<Option<usize>> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.reports_to
                .as_deref()
                .and_then(|p| index.get(p).copied())
                .filter(|&p| p != i)
        })
        .collect();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = *p {
            kids[p].push(i);
        }
    }
    // Roots: no caller; then, for roles in a loop (the checks report those),
    // the first one not reached yet.
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut roots = Vec::new();
    let visit = |r: usize, order: &mut Vec<usize>, seen: &mut Vec<bool>| {
        let mut stack = vec![r];
        seen[r] = true;
        while let Some(v) = stack.pop() {
            order.push(v);
            for &c in kids[v].iter().rev() {
                if !seen[c] {
                    seen[c] = true;
                    stack.push(c);
                }
            }
        }
    };
    for r in (0..n).filter(|&i| parent[i].is_none()) {
        roots.push(r);
        visit(r, &mut order, &mut seen);
    }
    for r in 0..n {
        if !seen[r] {
            roots.push(r);
            visit(r, &mut order, &mut seen);
        }
    }
    // A role in a loop is reached once: keep only the edges of the walk.
    let mut tree_kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    {
        let mut placed = vec![false; n];
        for &r in &roots {
            placed[r] = true;
        }
        for &v in &order {
            for &c in &kids[v] {
                if !placed[c] {
                    placed[c] = true;
                    tree_kids[v].push(c);
                }
            }
        }
    }
    let mut size = vec![1usize; n];
    for &v in order.iter().rev() {
        size[v] += tree_kids[v].iter().map(|&c| size[c]).sum::<usize>();
    }
    if n <= limit {
        // One diagram of everything, in the data's order.
        let edges = (0..n)
            .flat_map(|v| tree_kids[v].iter().map(move |&c| (v, c)))
            .collect();
        return vec![Part {
            number: 1,
            root: roots[0],
            continued: false,
            nodes: (0..n)
                .map(|role| PartNode {
                    role,
                    continued_in: Vec::new(),
                })
                .collect(),
            edges,
        }];
    }

    // (root, first child of it to take, the (part, node) that names this
    // continuation) for each part to make.
    type Todo = (usize, usize, Option<(usize, usize)>);
    let mut queue: VecDeque<Todo> = roots.iter().map(|&r| (r, 0, None)).collect();
    let mut parts: Vec<Part> = Vec::new();
    while let Some((root, start, named_at)) = queue.pop_front() {
        let me = parts.len();
        let continued = named_at.is_some();
        if let Some((part, node)) = named_at {
            parts[part].nodes[node].continued_in.push(me + 1);
        }
        let mut nodes = vec![PartNode {
            role: root,
            continued_in: Vec::new(),
        }];
        let mut edges = Vec::new();
        // What is left to draw from this root, cut into as few parts as the
        // limit allows and shared out evenly between them (30 roles: two
        // parts of about 15, not 24 and 6), so parts in a row can share a page.
        let left: usize = tree_kids[root][start..].iter().map(|&c| size[c]).sum();
        let cuts = left.div_ceil(limit - 1).max(1);
        let mut budget = if even {
            left.div_ceil(cuts).min(limit - 1)
        } else {
            limit - 1
        };
        let mut frontier: VecDeque<(usize, usize, usize)> = VecDeque::from([(root, start, 0)]);
        while let Some((v, from, at)) = frontier.pop_front() {
            for (k, &c) in tree_kids[v].iter().enumerate().skip(from) {
                if budget == 0 {
                    if v == root {
                        // The rest of this part's own root comes next, so a
                        // small remainder follows the large part it was cut
                        // from and can share its page.
                        queue.push_front((v, k, Some((me, at))));
                    } else {
                        queue.push_back((v, k, Some((me, at))));
                    }
                    break;
                }
                if even && size[c] > budget && size[c] < limit && nodes.len() > 1 {
                    // A team that fits a part of its own is not split: it
                    // starts the part that continues its caller.
                    if v == root {
                        queue.push_front((v, k, Some((me, at))));
                    } else {
                        queue.push_back((v, k, Some((me, at))));
                    }
                    break;
                }
                edges.push((v, c));
                let node = nodes.len();
                nodes.push(PartNode {
                    role: c,
                    continued_in: Vec::new(),
                });
                if size[c] <= budget {
                    // The whole branch.
                    budget -= size[c];
                    let mut stack = vec![c];
                    while let Some(u) = stack.pop() {
                        for &w in tree_kids[u].iter().rev() {
                            edges.push((u, w));
                            nodes.push(PartNode {
                                role: w,
                                continued_in: Vec::new(),
                            });
                            stack.push(w);
                        }
                    }
                } else {
                    budget -= 1;
                    frontier.push_back((c, 0, node));
                }
            }
        }
        parts.push(Part {
            number: me + 1,
            root,
            continued,
            nodes,
            edges,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: &str, up: Option<&str>) -> Role {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": id, "duties": [], "reports_to": up,
        }))
        .unwrap()
    }

    /// A tree of `teams` teams of `per` members under two levels of leads.
    fn org(teams: usize, per: usize) -> Vec<Role> {
        let mut v = vec![role("top", None), role("lead", Some("top"))];
        for t in 0..teams {
            let team = format!("t{t}");
            v.push(role(&team, Some("lead")));
            for m in 0..per {
                v.push(role(&format!("t{t}m{m}"), Some(&team)));
            }
        }
        v
    }

    fn check(roles: &[Role], parts: &[Part], limit: usize) {
        let mut drawn = vec![0; roles.len()];
        let mut edges = 0;
        for (i, p) in parts.iter().enumerate() {
            assert_eq!(p.number, i + 1);
            assert!(
                p.nodes.len() <= limit,
                "part {} has {}",
                p.number,
                p.nodes.len()
            );
            assert_eq!(p.nodes[0].role, p.root);
            for (k, n) in p.nodes.iter().enumerate() {
                if !(n.role == p.root && p.continued) {
                    drawn[n.role] += 1;
                }
                if k == 0 {
                    // The rest of a part's root is the next part.
                    assert!(
                        n.continued_in.iter().all(|&c| c == p.number + 1),
                        "part {} continues in {:?}",
                        p.number,
                        n.continued_in
                    );
                }
                for &k in &n.continued_in {
                    let q = &parts[k - 1];
                    assert!(
                        q.continued && q.root == n.role,
                        "part {k} continues {}",
                        n.role
                    );
                }
            }
            edges += p.edges.len();
        }
        assert!(
            drawn.iter().all(|&d| d == 1),
            "each role drawn once: {drawn:?}"
        );
        assert_eq!(edges, roles.len() - 1, "each call drawn once");
    }

    #[test]
    fn a_small_tree_is_one_part_in_data_order() {
        let roles = org(3, 4);
        let parts = parts_of(&roles, 24, true);
        assert_eq!(parts.len(), 1);
        let order: Vec<usize> = parts[0].nodes.iter().map(|n| n.role).collect();
        assert_eq!(order, (0..roles.len()).collect::<Vec<_>>());
        check(&roles, &parts, 24);
    }

    #[test]
    fn a_large_tree_is_cut_into_parts_that_fit() {
        for (teams, per) in [(150, 9), (3, 400), (40, 0), (1, 1)] {
            for even in [true, false] {
                let roles = org(teams, per);
                let parts = parts_of(&roles, 24, even);
                check(&roles, &parts, 24);
                if roles.len() > 24 {
                    assert!(parts.len() >= roles.len() / 24, "{} parts", parts.len());
                    assert!(
                        parts.len() <= 3 * roles.len() / 24 + 2,
                        "{} parts",
                        parts.len()
                    );
                }
            }
        }
    }

    #[test]
    fn a_tree_just_over_the_limit_is_cut_evenly_with_its_teams_whole() {
        // A lead with five teams of six (the team's head and five members).
        let roles = org(5, 5);
        assert_eq!(roles.len(), 32);
        let parts = parts_of(&roles, 24, true);
        check(&roles, &parts, 24);
        let sizes: Vec<usize> = parts.iter().map(|p| p.nodes.len()).collect();
        assert_eq!(parts.len(), 2, "{sizes:?}");
        assert!(sizes.iter().all(|&s| s <= 19), "{sizes:?}");
        // Each team's head is drawn with all its members.
        for p in &parts {
            for n in &p.nodes {
                let members = roles
                    .iter()
                    .filter(|r| r.reports_to.as_deref() == Some(roles[n.role].id.as_str()))
                    .count();
                if n.role != p.root && n.continued_in.is_empty() && members > 0 {
                    assert_eq!(
                        p.edges.iter().filter(|e| e.0 == n.role).count(),
                        members,
                        "{sizes:?}"
                    );
                }
            }
        }
        // The plain cut fills the first part.
        let plain = parts_of(&roles, 24, false);
        assert_eq!(plain[0].nodes.len(), 24);
    }

    #[test]
    fn a_long_chain_and_a_loop_are_cut_too() {
        let mut roles = vec![role("r0", None)];
        for i in 1..100 {
            roles.push(role(&format!("r{i}"), Some(&format!("r{}", i - 1))));
        }
        let parts = parts_of(&roles, 24, true);
        check(&roles, &parts, 24);
        assert!(parts.len() <= 6, "{} parts", parts.len());
        // a loop: a -> b -> a, with no root
        let roles = vec![role("a", Some("b")), role("b", Some("a")), role("c", None)];
        let parts = parts_of(&roles, 2, true);
        assert!(parts.iter().all(|p| p.nodes.len() <= 2));
    }
}
