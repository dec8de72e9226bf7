//! Rules on people and roles (people.yaml, roles.yaml): contact data that is
//! stale or unreachable, roles without alternates, single points of failure in
//! the call tree.

use super::{Ctx, blank, months_between};
use crate::diag::Diagnostic;
use crate::model::{Person, Phones};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check(cx: &mut Ctx) {
    contacts(cx);
    roles(cx);
    call_tree(cx);
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
    let hint = format!(
        "call the person, confirm the phones and e-mail, then set `verified:` to that day (policy.contact_verify_months is {months})"
    );
    for (i, p) in data.people.iter().enumerate() {
        match p.verified {
            None => cx.at(
                Diagnostic::warning(format!(
                    "the contact data of {} ({}) has never been verified",
                    p.name, p.id
                ))
                .rule("contact-stale")
                .hint(hint.clone()),
                "people",
                i,
                &[],
            ),
            Some(d) if d.0 < cutoff => cx.at(
                Diagnostic::warning(format!(
                    "the contact data of {} ({}) was last verified {} months ago ({})",
                    p.name,
                    p.id,
                    months_between(d.0, cx.as_of),
                    d.0
                ))
                .rule("contact-stale")
                .hint(hint.clone()),
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
                Diagnostic::warning(format!(
                    "the contact data of {} ({}) was last verified {} months ago ({})",
                    e.name,
                    e.id,
                    months_between(d.0, cx.as_of),
                    d.0
                ))
                .rule("contact-stale")
                .hint(hint.clone()),
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
                Diagnostic::warning(format!("role {} ({}) has no primary", r.id, r.title))
                    .rule("role-no-primary")
                    .hint("name the person who holds the role in `primary:`"),
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
                Diagnostic::warning(format!(
                    "role {} ({}) has no alternate: nobody takes over when its holder is unavailable",
                    r.id, r.title
                ))
                .rule("role-no-alternate")
                .hint("list at least one deputy other than the primary in `alternates:` (職務代理人)"),
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
                let d = unreachable(person, &r.id, &r.title, what);
                cx.at(d, "roles", i, &sub);
            }
        }
    }
}

fn unreachable(p: &Person, role: &str, title: &str, what: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "{} ({}), {what} of role {role} ({title}), has no mobile or home number: they cannot be called outside office hours or away from the office",
        p.name, p.id
    ))
    .rule("role-unreachable")
    .hint(format!(
        "add `phones.mobile` (or `phones.home`) for {} in people.yaml",
        p.id
    ))
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
        cx.at(
            Diagnostic::warning(format!(
                "{name} is primary for {} roles ({}), including {}, which passes calls on: a single point of failure of the call tree",
                ids.len(),
                ids.join(", "),
                data.roles[relay].id
            ))
            .rule("call-tree-single-point")
            .hint("give one of these roles another primary, so that one unreachable person does not stop the call tree"),
            "roles",
            relay,
            &["primary"],
        );
    }
}
