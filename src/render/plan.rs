//! The plan's typed view (`plan` in the template context): the response
//! structure as teams, who may activate the plan, the call order, the
//! interested parties to inform, and the recovery procedures in recovery order.

use super::context::processes_by_priority;
use crate::model::{Data, Duration, Person, RecoveryStep, Role, steps_total};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Serialize)]
pub struct PlanView {
    /// Teams of the response structure: each role that others report to
    /// leads a team of its direct reports; top-down, in the data's order.
    pub teams: Vec<Team>,
    /// Every role in call order (breadth first from the top of the tree).
    pub call_order: Vec<RoleView>,
    pub activation: ActivationView,
    /// Interested parties; the defaults when the data lists none.
    pub communications: Vec<CommView>,
    /// True when `communications` are the defaults.
    pub communications_default: bool,
    /// Processes in recovery order with their steps.
    pub procedures: Vec<Procedure>,
    /// Systems that have technical recovery steps, in the data's order.
    pub system_procedures: Vec<Procedure>,
}

#[derive(Debug, Serialize)]
pub struct Team {
    pub lead: RoleView,
    pub members: Vec<RoleView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub id: String,
    pub title: String,
    /// Name of the holder.
    pub primary: Option<String>,
    /// Names of the deputies, in call order.
    pub alternates: Vec<String>,
    pub duties: Vec<String>,
    pub authority: Vec<String>,
    /// Title of the role it reports to.
    pub reports_to: Option<String>,
    /// Depth in the call tree (0 at the top).
    pub depth: usize,
}

#[derive(Debug, Serialize)]
pub struct ActivationView {
    /// Roles that may activate the plan, in order.
    pub authority: Vec<RoleView>,
    /// Incident level from which an assessment is triggered.
    pub assessment_level: u8,
    /// The data's own criteria (empty: the template's defaults).
    pub criteria: Vec<String>,
    pub decision: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CommView {
    pub kind: &'static str,
    pub party: Option<String>,
    /// Title of the role that informs them.
    pub by: Option<String>,
    pub when: Option<String>,
    pub within: Option<Duration>,
    pub how: Option<String>,
    /// Phone and e-mail of an external party, as one line.
    pub contact: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Procedure {
    pub id: String,
    pub name: String,
    pub criticality: Option<&'static str>,
    pub rto: Option<Duration>,
    pub rpo: Option<Duration>,
    pub minimum_service: Option<String>,
    pub steps: Vec<Step>,
    /// Sum of the steps' durations when every step has one.
    pub total: Option<Duration>,
    /// The total exceeds the RTO.
    pub over_rto: bool,
    /// Names of the systems the process depends on that have steps of their own.
    pub system_steps: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub n: usize,
    pub role: String,
    pub person: Option<String>,
    pub action: String,
    pub within: Option<Duration>,
    /// Time from the start of the procedure to the end of this step, when
    /// every step so far has a duration.
    pub by: Option<Duration>,
}

pub fn view(data: &Data) -> PlanView {
    let people: HashMap<&str, &Person> = data.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let roles: HashMap<&str, &Role> = data.roles.iter().map(|r| (r.id.as_str(), r)).collect();
    let name = |id: &Option<String>| {
        id.as_deref()
            .and_then(|i| people.get(i))
            .map(|p| p.name.clone())
    };
    let depth_of = |r: &Role| {
        let mut d = 0;
        let mut cur = r.reports_to.as_deref();
        while let Some(up) = cur.and_then(|id| roles.get(id)) {
            d += 1;
            // A cycle is reported by `check`; stop rather than loop.
            if d > data.roles.len() {
                break;
            }
            cur = up.reports_to.as_deref();
        }
        d
    };
    let role_view = |r: &Role| RoleView {
        id: r.id.clone(),
        title: r.title.clone(),
        primary: name(&r.primary),
        alternates: r
            .alternates
            .iter()
            .filter_map(|a| people.get(a.as_str()).map(|p| p.name.clone()))
            .collect(),
        duties: r.duties.clone(),
        authority: r.authority.clone(),
        reports_to: r
            .reports_to
            .as_deref()
            .and_then(|id| roles.get(id))
            .map(|x| x.title.clone()),
        depth: depth_of(r),
    };
    let children = |id: &str| -> Vec<&Role> {
        data.roles
            .iter()
            .filter(|r| r.reports_to.as_deref() == Some(id))
            .collect()
    };
    let tops: Vec<&Role> = data
        .roles
        .iter()
        .filter(|r| {
            r.reports_to
                .as_deref()
                .is_none_or(|up| !roles.contains_key(up) || up == r.id)
        })
        .collect();

    // Breadth first from the tops; roles caught in a cycle come last.
    let mut call_order: Vec<&Role> = Vec::new();
    let mut queue: std::collections::VecDeque<&Role> = tops.iter().copied().collect();
    while let Some(r) = queue.pop_front() {
        if call_order.iter().any(|x| x.id == r.id) {
            continue;
        }
        call_order.push(r);
        queue.extend(children(&r.id));
    }
    for r in &data.roles {
        if !call_order.iter().any(|x| x.id == r.id) {
            call_order.push(r);
        }
    }
    let teams = call_order
        .iter()
        .filter_map(|r| {
            let members = children(&r.id);
            (!members.is_empty()).then(|| Team {
                lead: role_view(r),
                members: members.into_iter().map(role_view).collect(),
            })
        })
        .collect();

    let act = &data.plan.activation;
    let authority: Vec<RoleView> = if act.authority.is_empty() {
        // The top of the tree decides; with one top role that has a single
        // report, that report (the team lead) activates and the top consents.
        tops.iter()
            .flat_map(|t| {
                let c = children(&t.id);
                if c.len() == 1 {
                    vec![role_view(c[0]), role_view(t)]
                } else {
                    vec![role_view(t)]
                }
            })
            .collect()
    } else {
        act.authority
            .iter()
            .filter_map(|id| roles.get(id.as_str()).map(|r| role_view(r)))
            .collect()
    };
    let activation = ActivationView {
        authority,
        assessment_level: act.assessment_level.unwrap_or(3),
        criteria: act.criteria.clone(),
        decision: act.decision.clone(),
    };

    let ext: HashMap<&str, &crate::model::External> =
        data.external.iter().map(|e| (e.id.as_str(), e)).collect();
    let contact_of = |e: &crate::model::External| {
        let mut parts: Vec<String> = Vec::new();
        if let Some(o) = &e.phones.office {
            parts.push(o.0.clone());
        }
        if let Some(m) = &e.email {
            parts.push(m.clone());
        }
        (!parts.is_empty()).then(|| parts.join(" / "))
    };
    let communications_default = data.communications.is_empty();
    let communications = if communications_default {
        default_communications(data, &contact_of)
    } else {
        data.communications
            .iter()
            .map(|c| {
                let e = c.external.as_deref().and_then(|id| ext.get(id));
                CommView {
                    kind: c.kind.as_str(),
                    party: c.party.clone().or_else(|| e.map(|e| e.name.clone())),
                    by: c
                        .by
                        .as_deref()
                        .and_then(|id| roles.get(id))
                        .map(|r| r.title.clone()),
                    when: c.when.clone(),
                    within: c.within,
                    how: c.how.clone(),
                    contact: e.and_then(|e| contact_of(e)),
                }
            })
            .collect()
    };

    let step_views = |steps: &[RecoveryStep]| -> Vec<Step> {
        let mut acc = Some(0u64);
        steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                acc = acc.and_then(|a| s.within.map(|w| a.saturating_add(w.minutes())));
                let role = roles.get(s.role.as_str());
                Step {
                    n: i + 1,
                    role: role.map_or_else(|| s.role.clone(), |r| r.title.clone()),
                    person: role.and_then(|r| name(&r.primary)),
                    action: s.action.clone(),
                    within: s.within,
                    by: acc.map(Duration::from_minutes),
                }
            })
            .collect()
    };
    let system_has_steps = |id: &str| {
        data.systems
            .iter()
            .find(|s| s.id == id && !s.recovery_steps.is_empty())
            .map(|s| s.name.clone())
    };
    let procedures = processes_by_priority(data)
        .into_iter()
        .map(|p| {
            let total = steps_total(&p.recovery_steps);
            Procedure {
                id: p.id.clone(),
                name: p.name.clone(),
                criticality: Some(p.criticality.as_str()),
                rto: p.rto,
                rpo: p.rpo,
                minimum_service: p.minimum_service.clone(),
                steps: step_views(&p.recovery_steps),
                total,
                over_rto: matches!((total, p.rto), (Some(t), Some(r)) if t > r),
                system_steps: p
                    .systems
                    .iter()
                    .filter_map(|s| system_has_steps(s))
                    .collect(),
            }
        })
        .collect();
    let system_procedures = data
        .systems
        .iter()
        .filter(|s| !s.recovery_steps.is_empty())
        .map(|s| {
            let total = steps_total(&s.recovery_steps);
            Procedure {
                id: s.id.clone(),
                name: s.name.clone(),
                criticality: None,
                rto: None,
                rpo: None,
                minimum_service: None,
                steps: step_views(&s.recovery_steps),
                total,
                over_rto: false,
                system_steps: Vec::new(),
            }
        })
        .collect();

    PlanView {
        teams,
        call_order: call_order.into_iter().map(role_view).collect(),
        activation,
        communications,
        communications_default,
        procedures,
        system_procedures,
    }
}

/// Without a `communications:` list: the rule set's recipients of reports
/// made by the organization, every external agency and vendor, the users and
/// the media. Who informs them and how is left to the template's defaults.
fn default_communications(
    data: &Data,
    contact_of: &dyn Fn(&crate::model::External) -> Option<String>,
) -> Vec<CommView> {
    use crate::model::ExternalKind;
    let blank = |kind: &'static str, party: Option<String>, contact: Option<String>| CommView {
        kind,
        party,
        by: None,
        when: None,
        within: None,
        how: None,
        contact,
    };
    let mut v = vec![blank("regulator", None, None)];
    for e in &data.external {
        match e.kind {
            ExternalKind::Agency => v.push(blank("agency", Some(e.name.clone()), contact_of(e))),
            ExternalKind::Vendor => v.push(blank("vendors", Some(e.name.clone()), contact_of(e))),
            _ => {}
        }
    }
    v.push(blank("users", None, None));
    v.push(blank("media", None, None));
    v
}
