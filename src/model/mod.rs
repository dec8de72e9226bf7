//! The typed data model: one struct per YAML file of the data contract
//! (`../shared/spec/data-model.md`). Unknown keys are errors.

mod enums;
mod records;
mod types;

pub use enums::*;
pub use records::*;
pub use types::*;

use serde::{Deserialize, Serialize};

/// Everything loaded from one data directory.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Data {
    pub organization: Organization,
    pub document_set: DocumentSet,
    pub policy: Policy,
    pub people: Vec<Person>,
    pub external: Vec<External>,
    pub roles: Vec<Role>,
    pub processes: Vec<Process>,
    pub systems: Vec<System>,
    pub sites: Vec<Site>,
    pub hazards: Vec<Hazard>,
    pub resources: Vec<ResourceGroup>,
    pub incidents: Vec<Incident>,
    pub drills: Vec<Drill>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    #[serde(default)]
    pub head_title: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub locale: Locale,
    #[serde(default)]
    pub calendar: Option<Calendar>,
    #[serde(default)]
    pub governance: Governance,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    pub ciso: Option<String>,
    pub team: Option<String>,
    pub team_lead: Option<String>,
    pub response_team: Option<String>,
    pub officer: Option<String>,
    pub liaison: Option<String>,
    pub committee: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSet {
    #[serde(default)]
    pub classification: Option<String>,
    #[serde(default)]
    pub documents: Vec<DocControl>,
    #[serde(default)]
    pub revisions: Vec<Revision>,
}

/// Document-control data of one generated document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocControl {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub number: Option<Text>,
    #[serde(default)]
    pub version: Option<Text>,
    #[serde(default)]
    pub issued: Option<Date>,
    #[serde(default)]
    pub owner_unit: Option<String>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub classification: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: Text,
    pub date: Date,
    pub summary: String,
    #[serde(default)]
    pub author: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(default = "twelve")]
    pub plan_review_months: u32,
    #[serde(default = "twenty_four")]
    pub core_system_drill_months: u32,
    #[serde(default = "twelve")]
    pub contact_verify_months: u32,
    #[serde(default = "tw_national")]
    pub incident_rules: String,
    #[serde(default)]
    pub overrides: Overrides,
    #[serde(default)]
    pub records: Vec<RecordRule>,
}

fn twelve() -> u32 {
    12
}
fn twenty_four() -> u32 {
    24
}
fn tw_national() -> String {
    "tw-national".into()
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            plan_review_months: 12,
            core_system_drill_months: 24,
            contact_verify_months: 12,
            incident_rules: tw_national(),
            overrides: Overrides::default(),
            records: Vec::new(),
        }
    }
}

/// Changes to the deadlines of the incident rule set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Internal report (seed 003: 15 minutes); no internal deadline when absent.
    #[serde(default)]
    pub internal_report_within: Option<Duration>,
    /// Notification of the national centre (default 1h).
    #[serde(default)]
    pub notify_within: Option<Duration>,
    /// Recovery or damage control for levels 1-2 (default 72h).
    #[serde(default)]
    pub recovery_within_level_1_2: Option<Duration>,
    /// Recovery or damage control for levels 3-4 (default 36h).
    #[serde(default)]
    pub recovery_within_level_3_4: Option<Duration>,
    /// Investigation report, in calendar months after recovery (default 1).
    #[serde(default)]
    pub report_within_months: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRule {
    pub form: String,
    #[serde(default)]
    pub kept_at: Option<String>,
    #[serde(default)]
    pub retention: Option<Text>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phones {
    #[serde(default)]
    pub office: Option<Text>,
    #[serde(default)]
    pub home: Option<Text>,
    #[serde(default)]
    pub mobile: Option<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub phones: Phones,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub verified: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct External {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kind: ExternalKind,
    #[serde(default)]
    pub phones: Phones,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub services: Option<String>,
    #[serde(default)]
    pub verified: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub duties: Vec<String>,
    #[serde(default)]
    pub primary: Option<String>,
    #[serde(default)]
    pub alternates: Vec<String>,
    #[serde(default)]
    pub reports_to: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Impacts {
    #[serde(default)]
    pub operational: Option<u8>,
    #[serde(default)]
    pub financial: Option<u8>,
    #[serde(default)]
    pub legal: Option<u8>,
    #[serde(default)]
    pub reputation: Option<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub deputy: Option<String>,
    #[serde(default)]
    pub core: bool,
    pub criticality: Criticality,
    #[serde(default)]
    pub mtpd: Option<Duration>,
    #[serde(default)]
    pub rto: Option<Duration>,
    #[serde(default)]
    pub rpo: Option<Duration>,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub impacts: Impacts,
    #[serde(default)]
    pub workaround: Option<String>,
    #[serde(default)]
    pub recovery_strategy: Option<String>,
    #[serde(default)]
    pub dependencies: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    #[serde(default)]
    pub interval: Option<Duration>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub offsite: Option<bool>,
    #[serde(default)]
    pub last_restore_test: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: String,
    pub name: String,
    pub protection_level: ProtectionLevel,
    #[serde(default)]
    pub site: Option<String>,
    #[serde(default)]
    pub admin: Option<String>,
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default)]
    pub backup: Option<Backup>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub kind: SiteKind,
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hazard {
    pub name: String,
    pub category: HazardCategory,
    #[serde(default)]
    pub prevention: Vec<String>,
    #[serde(default)]
    pub mitigation: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceGroup {
    pub group: String,
    #[serde(default)]
    pub items: Vec<String>,
}
