//! Rules on the plan as a whole (organization.yaml, sites.yaml, hazards.yaml):
//! the last review, the sites the plan falls back on, hazard measures.

use super::{Ctx, months_between};
use crate::diag::Diagnostic;
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
            Diagnostic::warning("the plan has no revision record, so nothing shows it was ever reviewed")
                .rule("plan-review-overdue")
                .hint(format!(
                    "add `document_set.revisions` with the date of each review (at least every {months} months, policy.plan_review_months)"
                )),
            "organization.yaml",
            &root,
        ),
        Some((i, r)) if r.date.0 < cx.months_ago(months) => cx.in_file(
            Diagnostic::warning(format!(
                "the plan was last revised {} months ago (version {}, {}); the policy asks for a review every {months} months",
                months_between(r.date.0, cx.as_of),
                r.version,
                r.date.0
            ))
            .rule("plan-review-overdue")
            .hint("review the plan, then add a revision with its date to `document_set.revisions`"),
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
        cx.in_file(
            Diagnostic::warning("no disaster recovery site (kind: dr): the plan has nowhere to recover to when the primary site is lost")
                .rule("no-dr-site")
                .hint("add a site with `kind: dr` (異地備援場所) to sites.yaml"),
            "sites.yaml",
            &path,
        );
    }
    if !sites.iter().any(|s| s.kind == SiteKind::CommandCenter) {
        cx.in_file(
            Diagnostic::warning("no command centre (kind: command-center): the response team has no agreed place to meet")
                .rule("no-command-center")
                .hint("add a site with `kind: command-center` (臨時指揮中心) to sites.yaml"),
            "sites.yaml",
            &path,
        );
    }
}

/// hazard-no-prevention, hazard-no-mitigation.
fn hazards(cx: &mut Ctx) {
    let l = cx.l;
    for (i, h) in l.data.hazards.iter().enumerate() {
        for (key, list, rule, what) in [
            (
                "prevention",
                &h.prevention,
                "hazard-no-prevention",
                "prevention (預防措施): how it is kept from happening",
            ),
            (
                "mitigation",
                &h.mitigation,
                "hazard-no-mitigation",
                "mitigation (減災措施): how its damage is reduced",
            ),
        ] {
            if list.iter().all(|m| m.trim().is_empty()) {
                cx.at_key(
                    Diagnostic::warning(format!("hazard {} has no {key} measure", h.name))
                        .rule(rule)
                        .hint(format!("list at least one measure under `{key}:`, {what}")),
                    "hazards",
                    i,
                    key,
                );
            }
        }
    }
}
