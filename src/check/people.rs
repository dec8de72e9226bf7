//! Rules on people and roles (people.yaml, roles.yaml): contact data that is
//! stale or unreachable, roles without alternates, single points of failure in
//! the call tree.

use super::{Ctx, blank, months_between};
use crate::model::Phones;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check(cx: &mut Ctx) {
    contacts(cx);
    roles(cx);
    call_tree(cx);
    reporting_cycles(cx);
}

/// role-reports-to-cycle: a role that reports to itself, directly or through
/// others, leaves the chain of command without a head. Reported once per
/// cycle, at its first role in the file.
fn reporting_cycles(cx: &mut Ctx) {
    let l = cx.l;
    let roles = &l.data.roles;
    let index = |id: &str| roles.iter().position(|r| r.id == id);
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for start in 0..roles.len() {
        let mut path: Vec<usize> = vec![start];
        let mut at = start;
        while let Some(next) = roles[at].reports_to.as_deref().and_then(index) {
            if let Some(pos) = path.iter().position(|&p| p == next) {
                let cycle: Vec<usize> = path[pos..].to_vec();
                if cycle.contains(&start) && !cycle.iter().any(|c| reported.contains(c)) {
                    reported.extend(cycle.iter().copied());
                    let first = *cycle.iter().min().unwrap_or(&start);
                    let chain = cycle
                        .iter()
                        .cycle()
                        .skip_while(|&&c| c != first)
                        .take(cycle.len() + 1)
                        .map(|&c| roles[c].id.as_str())
                        .collect::<Vec<_>>()
                        .join(" → ");
                    let key = if cycle.len() == 1 {
                        "role-reports-to-cycle.self"
                    } else {
                        "role-reports-to-cycle"
                    };
                    let d = cx.warning(key, &[("role", &roles[first].id), ("chain", &chain)]);
                    cx.at(d, "roles", first, &["reports_to"]);
                }
                break;
            }
            path.push(next);
            at = next;
        }
    }
}

/// True when the phones reach the person outside office hours and away from
/// the office (which may be the site of the disaster): a mobile or home number.
fn reachable(p: &Phones) -> bool {
    let has = |t: &Option<crate::model::Text>| t.as_ref().is_some_and(|t| !t.0.trim().is_empty());
    has(&p.mobile) || has(&p.home)
}

/// contact-stale: contact data not confirmed within policy.contact_verify_months.
fn contacts(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    let months = data.policy.contact_verify_months;
    let cutoff = cx.months_ago(months);
    for (i, p) in data.people.iter().enumerate() {
        match p.verified {
            None => cx.at(
                cx.warning(
                    "contact-stale.never",
                    &[("name", &p.name), ("id", &p.id), ("months", &months)],
                ),
                "people",
                i,
                &[],
            ),
            Some(d) if d.0 < cutoff => cx.at(
                cx.warning(
                    "contact-stale",
                    &[
                        ("name", &p.name),
                        ("id", &p.id),
                        ("ago", &months_between(d.0, cx.as_of)),
                        ("date", &d.0),
                        ("months", &months),
                    ],
                ),
                "people",
                i,
                &["verified"],
            ),
            Some(_) => {}
        }
    }
    // External contacts carry `verified` optionally; judge it when given.
    for (i, e) in data.external.iter().enumerate() {
        if let Some(d) = e.verified.filter(|d| d.0 < cutoff) {
            cx.at(
                cx.warning(
                    "contact-stale",
                    &[
                        ("name", &e.name),
                        ("id", &e.id),
                        ("ago", &months_between(d.0, cx.as_of)),
                        ("date", &d.0),
                        ("months", &months),
                    ],
                ),
                "external",
                i,
                &["verified"],
            );
        }
    }
}

/// role-no-primary, role-no-alternate, role-unreachable.
fn roles(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, r) in data.roles.iter().enumerate() {
        if blank(&r.primary) {
            cx.at_key(
                cx.warning("role-no-primary", &[("role", &r.id), ("title", &r.title)]),
                "roles",
                i,
                "primary",
            );
        }
        let alternates: Vec<&String> = r
            .alternates
            .iter()
            .filter(|a| Some(*a) != r.primary.as_ref())
            .collect();
        if alternates.is_empty() {
            cx.at_key(
                cx.warning("role-no-alternate", &[("role", &r.id), ("title", &r.title)]),
                "roles",
                i,
                "alternates",
            );
        }
        let mut holders: Vec<(String, &str, Vec<String>)> = Vec::new();
        if let Some(p) = &r.primary {
            holders.push((p.clone(), "primary", vec!["primary".into()]));
        }
        for (j, a) in r.alternates.iter().enumerate() {
            holders.push((
                a.clone(),
                "alternate",
                vec!["alternates".into(), j.to_string()],
            ));
        }
        for (id, what, sub) in holders {
            let Some(person) = cx.person(&id) else {
                continue;
            };
            if !reachable(&person.phones) {
                let sub: Vec<&str> = sub.iter().map(String::as_str).collect();
                let d = cx.warning(
                    if what == "primary" {
                        "role-unreachable"
                    } else {
                        "role-unreachable.alternate"
                    },
                    &[
                        ("name", &person.name),
                        ("id", &person.id),
                        ("role", &r.id),
                        ("title", &r.title),
                    ],
                );
                cx.at(d, "roles", i, &sub);
            }
        }
    }
}

/// call-tree-single-point: one person is primary for a role that passes calls
/// on (another role reports to it) and for any other role. When that person is
/// unreachable the call stops there and a second role is lost at the same time.
fn call_tree(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    let relays: BTreeSet<&str> = data
        .roles
        .iter()
        .filter_map(|r| r.reports_to.as_deref())
        .collect();
    let mut by_person: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in data.roles.iter().enumerate() {
        if let Some(p) = r.primary.as_deref().filter(|p| !p.trim().is_empty()) {
            by_person.entry(p).or_default().push(i);
        }
    }
    for (person, idx) in by_person {
        if idx.len() < 2 {
            continue;
        }
        let Some(&relay) = idx
            .iter()
            .find(|&&i| relays.contains(data.roles[i].id.as_str()))
        else {
            continue;
        };
        let ids: Vec<&str> = idx.iter().map(|&i| data.roles[i].id.as_str()).collect();
        let name = cx.person_name(person);
        let d = cx.warning(
            "call-tree-single-point",
            &[
                ("person", &name),
                ("count", &ids.len()),
                ("roles", &ids.join(", ")),
                ("relay", &data.roles[relay].id),
            ],
        );
        cx.at(d, "roles", relay, &["primary"]);
    }
}
