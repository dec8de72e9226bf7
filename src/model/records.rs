//! Incident and drill records (`incidents/*.yaml`, `drills/*.yaml`).

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A person given either by id or inline.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PersonRef {
    Id(String),
    Inline(InlinePerson),
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InlinePerson {
    pub name: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub phone: Option<Text>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    #[serde(default)]
    pub confidentiality: Severity,
    #[serde(default)]
    pub integrity: Severity,
    #[serde(default)]
    pub availability: Availability,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentAction {
    pub at: Timestamp,
    #[serde(default)]
    pub by: Option<String>,
    pub action: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    pub title: String,
    pub category: IncidentCategory,
    /// Added key: when the incident happened (before discovered_at).
    #[serde(default)]
    pub occurred_at: Option<Timestamp>,
    /// Awareness: every deadline counts from here.
    pub discovered_at: Timestamp,
    /// Internal report.
    #[serde(default)]
    pub reported_internal_at: Option<Timestamp>,
    /// Report to the national centre.
    #[serde(default)]
    pub notified_at: Option<Timestamp>,
    /// A person id or { name, unit, phone }.
    #[serde(default)]
    pub reporter: Option<PersonRef>,
    /// Person id of the handler (承辦人).
    #[serde(default)]
    pub handler: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Where the incident came from and how it happened (來源及如何發生).
    #[serde(default)]
    pub source: Option<String>,
    /// Effect on the organization's work (作業影響情況).
    #[serde(default)]
    pub operations_impact: Option<String>,
    /// When the handling of the incident began (處理資通安全事件時間).
    #[serde(default)]
    pub handling_started_at: Option<Timestamp>,
    /// The number the national reporting portal gave the notification.
    #[serde(default)]
    pub notification_ref: Option<Text>,
    /// Business the incident touches; required by rule sets that compute the level.
    #[serde(default)]
    pub business: Option<Business>,
    /// Kind of information affected; required by rule sets that compute the level.
    #[serde(default)]
    pub information: Option<Information>,
    #[serde(default)]
    pub impact: Impact,
    /// The organization's classification under a rule set whose classes are
    /// stated (NIS2 `significant`, DORA `major`); never computed by the tool.
    #[serde(default)]
    pub classification: Option<String>,
    /// When the incident was classified (DORA's initial notification counts from here).
    #[serde(default)]
    pub classified_at: Option<Timestamp>,
    /// When each report of the rule set was made, by report id
    /// (`notification: 2026-08-12T10:05:00+08:00`).
    #[serde(default)]
    pub reports: std::collections::BTreeMap<String, DateOrTime>,
    /// Optional stated level 1-4; checked against the computed level.
    #[serde(default)]
    #[schemars(range(min = 1, max = 4))]
    pub level: Option<u8>,
    /// System ids.
    #[serde(default)]
    pub affected_systems: Vec<String>,
    #[serde(default)]
    pub damage: Option<String>,
    #[serde(default)]
    pub actions: Vec<IncidentAction>,
    #[serde(default)]
    pub support_requested: Option<String>,
    /// Recovery or damage control completed.
    #[serde(default)]
    pub recovered_at: Option<Timestamp>,
    /// Investigation report submitted.
    #[serde(default)]
    pub report_submitted_at: Option<DateOrTime>,
    /// How the incident was investigated and what was found (調查經過).
    #[serde(default)]
    pub investigation: Option<String>,
    #[serde(default)]
    pub root_cause: Option<String>,
    /// Preventive measures: text, or `{ measure, owner, due, status, follow_up }`.
    #[serde(default)]
    pub improvements: Vec<IncidentImprovement>,
    /// When the incident was closed (結案): every report made, the cause and
    /// improvements recorded. Until then the investigation report is a draft.
    #[serde(default)]
    pub closed_at: Option<DateOrTime>,
}

/// A preventive measure of an incident: a line of text, or a measure with its
/// timetable and follow-up.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum IncidentImprovement {
    Text(String),
    Planned(PlannedMeasure),
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedMeasure {
    pub measure: String,
    /// Person id responsible.
    #[serde(default)]
    pub owner: Option<String>,
    /// Date it is to be done by.
    #[serde(default)]
    pub due: Option<Date>,
    /// open | in-progress | closed.
    #[serde(default)]
    pub status: ImprovementStatus,
    /// How it is followed up (追蹤).
    #[serde(default)]
    pub follow_up: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrillStep {
    pub at: ClockTime,
    #[serde(default)]
    pub actor: Option<String>,
    pub action: String,
    #[serde(default)]
    pub result: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrillResult {
    /// Process id.
    pub process: String,
    /// Achieved recovery time, compared with the process RTO (an estimate for
    /// checklist and walkthrough drills, which recover nothing).
    pub recovered_in: Duration,
    /// Data lost (time between the last restorable copy and the interruption),
    /// compared with the process RPO.
    #[serde(default)]
    pub data_loss: Option<Duration>,
    /// Added key: a remark on this result.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactCheck {
    pub reached: u32,
    pub total: u32,
    #[serde(default)]
    pub within: Option<Duration>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    pub issue: String,
    #[serde(default)]
    pub action: Option<String>,
    /// Person id responsible.
    #[serde(default)]
    pub owner: Option<String>,
    /// Due date.
    #[serde(default)]
    pub due: Option<Date>,
    /// open | in-progress | closed.
    #[serde(default)]
    pub status: ImprovementStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Drill {
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    pub title: String,
    pub method: DrillMethod,
    /// exercise (a planned drill, the default) | event (a real event handled
    /// and reported on the same form).
    #[serde(default)]
    pub kind: DrillKind,
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
    /// Assessment per phase: notification, response, failover, recovery.
    #[serde(default)]
    pub phases: Phases,
    #[serde(default)]
    pub findings: Vec<String>,
    #[serde(default)]
    pub improvements: Vec<Improvement>,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
}

/// The rating and notes of one phase of a drill.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseAssessment {
    /// good | adequate | poor | not-exercised.
    pub rating: PhaseRating,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The four phases a drill is assessed in (通報、應變、備援回復、復原).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phases {
    #[serde(default)]
    pub notification: Option<PhaseAssessment>,
    #[serde(default)]
    pub response: Option<PhaseAssessment>,
    #[serde(default)]
    pub failover: Option<PhaseAssessment>,
    #[serde(default)]
    pub recovery: Option<PhaseAssessment>,
}

impl Phases {
    /// (phase id, assessment) in the order of the procedure.
    pub fn list(&self) -> [(&'static str, Option<&PhaseAssessment>); 4] {
        [
            ("notification", self.notification.as_ref()),
            ("response", self.response.as_ref()),
            ("failover", self.failover.as_ref()),
            ("recovery", self.recovery.as_ref()),
        ]
    }
}
