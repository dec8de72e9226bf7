//! What the plan needs beyond the inventory: how it is activated, who is told
//! what, and the steps that recover each process and system.

use super::Duration;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `plan:` in organization.yaml: overrides of the plan's defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    /// Who may activate the plan, on what criteria, and how the decision is recorded.
    #[serde(default)]
    pub activation: Activation,
}

/// `plan.activation`: every key is optional; an absent key keeps the default.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activation {
    /// Role ids that may activate the plan, in order (default: the role at
    /// the top of the call tree's first team, then the top of the tree).
    #[serde(default)]
    pub authority: Vec<String>,
    /// Incident level from which an incident triggers an activation
    /// assessment (default 3; rule sets that classify: a reportable class).
    #[serde(default)]
    #[schemars(range(min = 1, max = 4))]
    pub assessment_level: Option<u8>,
    /// Activation criteria, replacing the default ones.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// How the decision is taken and recorded, replacing the default text.
    #[serde(default)]
    pub decision: Option<String>,
}

/// One entry of `communications:` (organization.yaml): an interested party
/// to inform while the plan is active.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    /// regulator | parent | users | vendors | media | other.
    pub kind: super::PartyKind,
    /// Who is informed (free text); or give `external`.
    #[serde(default)]
    pub party: Option<String>,
    /// External id of the party (people.yaml `external`).
    #[serde(default)]
    pub external: Option<String>,
    /// Role id of who informs them.
    #[serde(default)]
    pub by: Option<String>,
    /// When they are informed (free text, e.g. "on activation").
    #[serde(default)]
    pub when: Option<String>,
    /// Deadline after activation (e.g. 1h), printed when `when` is absent.
    #[serde(default)]
    pub within: Option<Duration>,
    /// How they are informed (channel).
    #[serde(default)]
    pub how: Option<String>,
}

/// One step of a recovery procedure (`recovery_steps` on processes and systems).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryStep {
    /// Role id of who carries out the step.
    pub role: String,
    /// What is done.
    pub action: String,
    /// How long the step may take; the steps of a process should add up to
    /// no more than its RTO.
    #[serde(default)]
    pub within: Option<Duration>,
}

/// Sum of the steps' durations, `None` when a step has none.
pub fn steps_total(steps: &[RecoveryStep]) -> Option<Duration> {
    steps.iter().try_fold(Duration::from_minutes(0), |acc, s| {
        s.within
            .map(|w| Duration::from_minutes(acc.minutes().saturating_add(w.minutes())))
    })
}
