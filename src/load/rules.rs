//! Validation that needs the incident rule sets: user-defined sets
//! (`rules/<name>.yaml`), `policy.incident_rules`, `policy.overrides.reports`,
//! `organization.timezone`, and each incident's keys against its set (the
//! level inputs a computed set needs, a stated classification, report ids).

use super::{FieldPath, Loaded, did_you_mean};
use crate::diag::Diagnostic;
use crate::model::{LevelBasis, LimitFrom, RuleSet, is_slug};
use crate::ruleset;
use crate::zone::Zone;

pub fn validate(l: &mut Loaded) {
    let mut out: Vec<Diagnostic> = Vec::new();
    let org_file = l.dir.join("organization.yaml").display().to_string();
    let at = |l: &Loaded, file: &str, path: &FieldPath, d: Diagnostic| {
        d.in_file(file.to_string())
            .at(l.locate(file, path))
            .field(path.to_string())
    };

    for (i, set) in l.data.rule_sets.iter().enumerate() {
        let Some(o) = l.origin("rule_sets", i) else {
            continue;
        };
        let (file, root) = (o.file.clone(), o.path.clone());
        for e in rule_set_errors(set) {
            let mut p = root.clone();
            for seg in &e.path {
                p = match seg.parse::<usize>() {
                    Ok(n) => p.index(n),
                    Err(_) => p.key(seg),
                };
            }
            out.push(at(
                l,
                &file,
                &p,
                Diagnostic::error(e.message).hint_opt(e.hint),
            ));
        }
    }

    let policy_path = FieldPath::root().key("policy").key("incident_rules");
    let name = l.data.policy.incident_rules.clone();
    if !ruleset::is_known(&l.data, &name) {
        let names = ruleset::names(&l.data);
        let hint = did_you_mean(&name, names.iter().map(String::as_str)).or_else(|| {
            Some(format!(
                "the rule sets are: {}; a set of your own goes in rules/<name>.yaml",
                names.join(", ")
            ))
        });
        out.push(at(
            l,
            &org_file,
            &policy_path,
            Diagnostic::error(format!("unknown incident rule set `{name}`")).hint_opt(hint),
        ));
    }

    if let Some(tz) = &l.data.organization.timezone
        && Zone::parse(tz).is_err()
    {
        let p = FieldPath::root().key("organization").key("timezone");
        out.push(at(
            l,
            &org_file,
            &p,
            Diagnostic::error(format!("unknown time zone `{tz}`"))
                .hint("give an IANA time zone name such as Asia/Taipei, Europe/Berlin or UTC"),
        ));
    }

    let known = ruleset::is_known(&l.data, &name);
    if known {
        // Report ids an override may name: those of every set the policy can resolve to.
        let mut ids: Vec<String> = Vec::new();
        for s in ruleset::builtin().iter().chain(l.data.rule_sets.iter()) {
            let member = s.id == name.trim_start_matches("rules/").trim_end_matches(".yaml")
                || s.series.as_deref() == Some(name.as_str());
            if member {
                ids.extend(s.reports.iter().map(|r| r.id.clone()));
            }
        }
        for key in l.data.policy.overrides.reports.keys() {
            if !ids.contains(key) {
                let p = FieldPath::root()
                    .key("policy")
                    .key("overrides")
                    .key("reports")
                    .key(key);
                let hint = did_you_mean(key, ids.iter().map(String::as_str))
                    .or_else(|| Some(format!("the reports of `{name}` are: {}", ids.join(", "))));
                out.push(at(
                    l,
                    &org_file,
                    &p,
                    Diagnostic::error(format!("`{name}` has no report `{key}`")).hint_opt(hint),
                ));
            }
        }
    }

    for (i, inc) in l.data.incidents.iter().enumerate() {
        if !known {
            break;
        }
        let Some(o) = l.origin("incidents", i) else {
            continue;
        };
        let (file, root) = (o.file.clone(), o.path.clone());
        let set = ruleset::for_incident(&l.data, inc);
        let regulation = format!("{} ({})", set.name_in("en"), set.id);
        if set.computed() {
            for (key, missing) in [
                ("business", inc.business.is_none()),
                ("information", inc.information.is_none()),
            ] {
                if missing {
                    out.push(at(
                        l,
                        &file,
                        &root,
                        Diagnostic::error(format!("missing required key `{key}`")).hint(format!(
                            "the incident falls under {regulation}, which computes the level from `business`, `information` and `impact`"
                        )),
                    ));
                }
            }
            if inc.classification.is_some() {
                out.push(at(
                    l,
                    &file,
                    &root.key("classification"),
                    Diagnostic::warning(format!(
                        "`classification` is not used by {regulation}: its level is computed"
                    ))
                    .hint("state a level with `level:` if you want it checked against the computed one"),
                ));
            }
        } else {
            if let Some(c) = &inc.classification
                && set.class(c).is_none()
            {
                let ids: Vec<&str> = set.classes.iter().map(|c| c.id.as_str()).collect();
                out.push(at(
                    l,
                    &file,
                    &root.key("classification"),
                    Diagnostic::error(format!("{regulation} has no class `{c}`")).hint_opt(
                        did_you_mean(c, ids.iter().copied())
                            .or_else(|| Some(format!("the classes are: {}", ids.join(", ")))),
                    ),
                ));
            }
            if inc.level.is_some() {
                out.push(at(
                    l,
                    &file,
                    &root.key("level"),
                    Diagnostic::warning(format!(
                        "`level` is not used by {regulation}: the organization states a `classification`"
                    ))
                    .hint("remove `level`, or state the classification in `classification`"),
                ));
            }
        }
        for key in inc.reports.keys() {
            if set.report(key).is_none() {
                let ids: Vec<&str> = set.reports.iter().map(|r| r.id.as_str()).collect();
                out.push(at(
                    l,
                    &file,
                    &root.key("reports").key(key),
                    Diagnostic::error(format!("{regulation} has no report `{key}`")).hint_opt(
                        did_you_mean(key, ids.iter().copied())
                            .or_else(|| Some(format!("its reports are: {}", ids.join(", ")))),
                    ),
                ));
            }
        }
    }
    for d in out {
        l.diags.push(d);
    }
}

/// A problem in a rule set, at a key path below `rule_set`.
#[derive(Debug)]
pub struct SetError {
    pub path: Vec<String>,
    pub message: String,
    pub hint: Option<String>,
}

fn err(path: &[String], message: impl Into<String>, hint: Option<&str>) -> SetError {
    SetError {
        path: path.to_vec(),
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}

/// Every problem of a rule set (user-defined sets; the built-in ones are tested with it).
pub fn rule_set_errors(set: &RuleSet) -> Vec<SetError> {
    let mut e = Vec::new();
    let p = |parts: &[&str]| parts.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let taken = ruleset::builtin()
        .iter()
        .any(|b| b.id == set.id && !std::ptr::eq(b, set))
        || set.id == ruleset::DEFAULT_SERIES;
    if taken {
        e.push(err(
            &[],
            format!("`{}` is the name of a built-in rule set", set.id),
            Some("rename the file (rules/<name>.yaml); the name is what `policy.incident_rules` refers to"),
        ));
    } else if !is_slug(&set.id) {
        e.push(err(
            &[],
            format!("`{}` cannot name a rule set", set.id),
            Some("name the file with letters, digits, - and _ (rules/my-rules.yaml)"),
        ));
    }
    if set.name.values().all(|n| n.trim().is_empty()) {
        e.push(err(
            &p(&["name"]),
            "the rule set needs the regulation's name",
            Some("name: { en: …, zh-TW: … } (one locale is enough)"),
        ));
    }
    match set.basis {
        LevelBasis::Computed => {
            let mut levels: Vec<u8> = set.levels.iter().map(|l| l.level).collect();
            levels.sort_unstable();
            if levels != [1, 2, 3, 4] {
                e.push(err(
                    &p(&["levels"]),
                    "a computed rule set has exactly the levels 1, 2, 3 and 4",
                    Some("the level is computed by the four-level criteria; give each level once"),
                ));
            }
            for (i, l) in set.levels.iter().enumerate() {
                for (loc, c) in &l.criteria {
                    if c.len() != 3 {
                        e.push(err(
                            &p(&["levels", &i.to_string(), "criteria", loc]),
                            format!("level {} has {} criteria; it needs three", l.level, c.len()),
                            Some("in the order: leak, tampering, effect on operations"),
                        ));
                    }
                }
            }
            if !set.classes.is_empty() {
                e.push(err(
                    &p(&["classes"]),
                    "`classes` belong to a rule set whose basis is `stated`",
                    None,
                ));
            }
        }
        LevelBasis::Stated => {
            if !set.classes.iter().any(|c| c.reportable) {
                e.push(err(
                    &p(&["classes"]),
                    "a stated rule set needs at least one class with `reportable: true`",
                    Some("classes: [{ id: significant, name: { en: Significant }, reportable: true }]"),
                ));
            }
            if !set.levels.is_empty() {
                e.push(err(
                    &p(&["levels"]),
                    "`levels` belong to a rule set whose basis is `computed`",
                    None,
                ));
            }
            for (i, c) in set.classes.iter().enumerate() {
                if set.classes[..i].iter().any(|x| x.id == c.id) {
                    e.push(err(
                        &p(&["classes", &i.to_string(), "id"]),
                        format!("duplicate class `{}`", c.id),
                        None,
                    ));
                }
            }
        }
    }
    if set.reports.is_empty() {
        e.push(err(&p(&["reports"]), "the rule set lists no reports", None));
    }
    for (i, r) in set.reports.iter().enumerate() {
        let ri = i.to_string();
        if set.reports[..i].iter().any(|x| x.id == r.id) {
            e.push(err(
                &p(&["reports", &ri, "id"]),
                format!("duplicate report `{}`", r.id),
                None,
            ));
        }
        if let Some(k) = &r.recorded_by
            && !ruleset::RECORDED_BY.contains(&k.as_str())
        {
            e.push(err(
                &p(&["reports", &ri, "recorded_by"]),
                format!("`{k}` is not an incident key a report can be recorded by"),
                Some("one of reported_internal_at, notified_at, recovered_at, report_submitted_at"),
            ));
        }
        let kind = if r.on_request {
            Some("on_request")
        } else if r.set_by_organization {
            Some("set_by_organization")
        } else {
            None
        };
        match (kind, r.limits.is_empty()) {
            (Some(k), false) => e.push(err(
                &p(&["reports", &ri, "limits"]),
                format!("a report with `{k}: true` has no statutory limits"),
                None,
            )),
            (None, true) => e.push(err(
                &p(&["reports", &ri]),
                format!("report `{}` has no limits", r.id),
                Some("limits: [{ within: 24h, from: awareness }], or `on_request: true`"),
            )),
            _ => {}
        }
        for (j, lim) in r.limits.iter().enumerate() {
            let lp = |k: &str| p(&["reports", &ri, "limits", &j.to_string(), k]);
            if lim.within.is_some() == lim.within_months.is_some() {
                e.push(err(
                    &p(&["reports", &ri, "limits", &j.to_string()]),
                    "give either `within` (a duration) or `within_months`",
                    None,
                ));
            }
            match &lim.from {
                LimitFrom::Report(id) if !set.reports[..i].iter().any(|x| &x.id == id) => {
                    e.push(err(
                        &lp("from"),
                        format!("`report:{id}` names no earlier report of this set"),
                        Some("a limit may count from a report listed before it"),
                    ))
                }
                LimitFrom::Classification if set.basis == LevelBasis::Computed => e.push(err(
                    &lp("from"),
                    "a computed rule set has no classification to count from",
                    None,
                )),
                _ => {}
            }
            if !lim.levels.is_empty() && set.basis == LevelBasis::Stated {
                e.push(err(
                    &lp("levels"),
                    "`levels` apply to computed rule sets only",
                    None,
                ));
            }
            if lim.levels.iter().any(|v| !(1..=4).contains(v)) {
                e.push(err(&lp("levels"), "levels are 1 to 4", None));
            }
        }
    }
    e
}
