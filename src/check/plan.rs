//! Rules on the plan as a whole (organization.yaml, sites.yaml, hazards.yaml):
//! the last review, the sites the plan falls back on, hazard measures.

use super::{Ctx, months_between};
use crate::load::FieldPath;
use crate::model::SiteKind;

pub(super) fn check(cx: &mut Ctx) {
    review(cx);
    sites(cx);
    hazards(cx);
}

/// plan-review-overdue: the latest revision is older than policy.plan_review_months.
fn review(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    let months = data.policy.plan_review_months;
    let revisions = &data.document_set.revisions;
    let latest = revisions.iter().enumerate().max_by_key(|(_, r)| r.date);
    let root = FieldPath::root().key("document_set");
    match latest {
        None => cx.in_file(
            cx.warning("plan-review-overdue.none", &[("months", &months)]),
            "organization.yaml",
            &root,
        ),
        Some((i, r)) if r.date.0 < cx.months_ago(months) => cx.in_file(
            cx.warning(
                "plan-review-overdue",
                &[
                    ("ago", &months_between(r.date.0, cx.as_of)),
                    ("version", &r.version),
                    ("date", &r.date.0),
                    ("months", &months),
                ],
            ),
            "organization.yaml",
            &root.key("revisions").index(i).key("date"),
        ),
        Some(_) => {}
    }
}

/// no-dr-site, no-command-center: where recovery and command move to.
fn sites(cx: &mut Ctx) {
    let l = cx.l;
    let sites = &l.data.sites;
    let path = FieldPath::root().key("sites");
    if !sites.iter().any(|s| s.kind == SiteKind::Dr) {
        cx.in_file(cx.warning("no-dr-site", &[]), "sites.yaml", &path);
    }
    if !sites.iter().any(|s| s.kind == SiteKind::CommandCenter) {
        cx.in_file(cx.warning("no-command-center", &[]), "sites.yaml", &path);
    }
}

/// hazard-no-prevention, hazard-no-mitigation.
fn hazards(cx: &mut Ctx) {
    let l = cx.l;
    for (i, h) in l.data.hazards.iter().enumerate() {
        for (key, list, rule) in [
            ("prevention", &h.prevention, "hazard-no-prevention"),
            ("mitigation", &h.mitigation, "hazard-no-mitigation"),
        ] {
            if list.iter().all(|m| m.trim().is_empty()) {
                let d = if rule == "hazard-no-prevention" {
                    cx.warning("hazard-no-prevention", &[("hazard", &h.name)])
                } else {
                    cx.warning("hazard-no-mitigation", &[("hazard", &h.name)])
                };
                cx.at_key(d, "hazards", i, key);
            }
        }
    }
}
