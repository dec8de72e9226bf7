//! Incident and drill records (`incidents/*.yaml`, `drills/*.yaml`).

use super::*;
use serde::{Deserialize, Serialize};

/// A person given either by id or inline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PersonRef {
    Id(String),
    Inline(InlinePerson),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlinePerson {
    pub name: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub phone: Option<Text>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    #[serde(default)]
    pub confidentiality: Severity,
    #[serde(default)]
    pub integrity: Severity,
    #[serde(default)]
    pub availability: Availability,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentAction {
    pub at: Timestamp,
    #[serde(default)]
    pub by: Option<String>,
    pub action: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub id: String,
    pub title: String,
    pub category: IncidentCategory,
    #[serde(default)]
    pub occurred_at: Option<Timestamp>,
    pub discovered_at: Timestamp,
    #[serde(default)]
    pub reported_internal_at: Option<Timestamp>,
    #[serde(default)]
    pub notified_at: Option<Timestamp>,
    #[serde(default)]
    pub reporter: Option<PersonRef>,
    #[serde(default)]
    pub handler: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub business: Business,
    pub information: Information,
    #[serde(default)]
    pub impact: Impact,
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub affected_systems: Vec<String>,
    #[serde(default)]
    pub damage: Option<String>,
    #[serde(default)]
    pub actions: Vec<IncidentAction>,
    #[serde(default)]
    pub support_requested: Option<String>,
    #[serde(default)]
    pub recovered_at: Option<Timestamp>,
    #[serde(default)]
    pub report_submitted_at: Option<DateOrTime>,
    #[serde(default)]
    pub root_cause: Option<String>,
    #[serde(default)]
    pub improvements: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillStep {
    pub at: ClockTime,
    #[serde(default)]
    pub actor: Option<String>,
    pub action: String,
    #[serde(default)]
    pub result: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillResult {
    pub process: String,
    pub recovered_in: Duration,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactCheck {
    pub reached: u32,
    pub total: u32,
    #[serde(default)]
    pub within: Option<Duration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    pub issue: String,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub status: ImprovementStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drill {
    pub id: String,
    pub title: String,
    pub method: DrillMethod,
    pub date: Date,
    #[serde(default)]
    pub start: Option<ClockTime>,
    #[serde(default)]
    pub end: Option<ClockTime>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub scope: Vec<String>,
    #[serde(default)]
    pub scenario: Option<String>,
    #[serde(default)]
    pub processes: Vec<String>,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub steps: Vec<DrillStep>,
    #[serde(default)]
    pub results: Vec<DrillResult>,
    #[serde(default)]
    pub contact_check: Option<ContactCheck>,
    #[serde(default)]
    pub findings: Vec<String>,
    #[serde(default)]
    pub improvements: Vec<Improvement>,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
}
