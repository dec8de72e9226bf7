//! The typed data model: one struct per YAML file of the data contract
//! (documented in the README's "Data format"). Unknown keys are errors.

mod enums;
mod plan;
mod records;
mod ruleset;
pub mod schema;
mod types;

pub use enums::*;
pub use plan::*;
pub use records::*;
pub use ruleset::*;
pub use types::*;

use schemars::JsonSchema;
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
    /// User-defined incident rule sets (`rules/<name>.yaml`).
    pub rule_sets: Vec<RuleSet>,
    /// Overrides of the plan's defaults (`plan:` in organization.yaml).
    pub plan: PlanSettings,
    /// Interested parties to inform while the plan is active.
    pub communications: Vec<Communication>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Full name of the organization (機關全銜); required.
    pub name: String,
    /// How the documents refer to the organization (本所).
    #[serde(default)]
    pub short_name: Option<String>,
    /// Title of the head of the organization (鎮長).
    #[serde(default)]
    pub head_title: Option<String>,
    /// Postal address printed in the documents.
    #[serde(default)]
    pub address: Option<String>,
    /// Organizational units.
    #[serde(default)]
    pub units: Vec<String>,
    /// Output language: zh-TW (default) or en.
    #[serde(default)]
    pub locale: Locale,
    /// Date display: roc (default for zh-TW) or gregorian.
    #[serde(default)]
    pub calendar: Option<Calendar>,
    /// IANA time zone every timestamp is shown in (default Asia/Taipei for
    /// zh-TW; required for other locales when timestamps carry different offsets).
    #[serde(default)]
    pub timezone: Option<String>,
    /// agency (default) | school | company: the words that differ (機關/學校/公司).
    #[serde(default)]
    pub kind: Option<OrgKind>,
    /// Names of the bodies the procedures refer to.
    #[serde(default)]
    pub governance: Governance,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    pub ciso: Option<String>,
    pub team: Option<String>,
    pub team_lead: Option<String>,
    pub response_team: Option<String>,
    pub officer: Option<String>,
    pub liaison: Option<String>,
    pub committee: Option<String>,
    /// Who supervises outsourced suppliers (委外廠商督導).
    pub vendor_supervisor: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentSet {
    /// Default classification (機密等級) printed on every page.
    #[serde(default)]
    pub classification: Option<String>,
    /// Document-control data per generated document id.
    #[serde(default)]
    pub documents: Vec<DocControl>,
    /// Revision history (修訂紀錄); the latest date is the last plan review.
    #[serde(default)]
    pub revisions: Vec<Revision>,
    /// Added key: values every document takes unless its entry (or, for an
    /// annex or form, its parent) gives them.
    #[serde(default)]
    pub defaults: DocDefaults,
    /// Added key: documents every procedure cites, after the defaults (the
    /// regulation of the rule set and the set's other procedures).
    #[serde(default)]
    pub references: Vec<Reference>,
}

/// A document cited under 參考文件: a title, or a title and a number.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Reference {
    Title(String),
    Entry(ReferenceEntry),
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceEntry {
    /// Title of the cited document.
    pub title: String,
    /// Its number, printed before the title.
    #[serde(default)]
    pub number: Option<Text>,
}

impl Reference {
    pub fn title(&self) -> &str {
        match self {
            Reference::Title(t) => t,
            Reference::Entry(e) => &e.title,
        }
    }
    pub fn number(&self) -> Option<&str> {
        match self {
            Reference::Title(_) => None,
            Reference::Entry(e) => e.number.as_ref().map(|t| t.0.as_str()),
        }
    }
}

/// Whether a document is approved or still a draft.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocStatus {
    /// Approved and in force (default).
    #[default]
    Approved,
    /// A draft: 草案 on every page.
    Draft,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Approved => "approved",
            DocStatus::Draft => "draft",
        }
    }
}

/// Document-control values for every document (`document_set.defaults`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocDefaults {
    /// Version (版次).
    #[serde(default)]
    pub version: Option<Text>,
    /// Issue date (發行日期).
    #[serde(default)]
    pub issued: Option<Date>,
    /// Unit that owns the documents (權責單位, 訂修廢單位).
    #[serde(default)]
    pub owner_unit: Option<String>,
    /// Who approves them (核准): a person id or text.
    #[serde(default)]
    pub approved_by: Option<String>,
    /// Who reviews them (審查): a person id or text.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// Who drafts and maintains them (訂修廢): a person id or text.
    #[serde(default)]
    pub prepared_by: Option<String>,
    /// Classification (機密等級).
    #[serde(default)]
    pub classification: Option<String>,
    /// Document level (文件類別), e.g. 第二階文件.
    #[serde(default)]
    pub level: Option<String>,
    /// Units or scope the documents apply to (適用單位/範圍).
    #[serde(default)]
    pub scope: Option<String>,
    /// approved (default) | draft.
    #[serde(default)]
    pub status: Option<DocStatus>,
}

/// Document-control data of one generated document.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocControl {
    /// Generated document id (bcm-procedure, bcp, annex-bia, ...).
    pub id: String,
    /// Added key: overrides the document title.
    #[serde(default)]
    pub title: Option<String>,
    /// Document number (文件編號).
    #[serde(default)]
    pub number: Option<Text>,
    /// Version (版次), kept as written (1.10 stays 1.10).
    #[serde(default)]
    pub version: Option<Text>,
    /// Issue date (發行日期).
    #[serde(default)]
    pub issued: Option<Date>,
    /// Unit that owns the document.
    #[serde(default)]
    pub owner_unit: Option<String>,
    /// Who approved it (核准): a person id or text.
    #[serde(default)]
    pub approved_by: Option<String>,
    /// Overrides document_set.classification for this document.
    #[serde(default)]
    pub classification: Option<String>,
    /// Added key: who reviewed it (審查): a person id or text.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// Added key: who drafts and maintains it (訂修廢): a person id or text.
    #[serde(default)]
    pub prepared_by: Option<String>,
    /// Added key: document level (文件類別), e.g. 第二階文件.
    #[serde(default)]
    pub level: Option<String>,
    /// Added key: units or scope it applies to (適用單位/範圍).
    #[serde(default)]
    pub scope: Option<String>,
    /// Added key: approved (default) | draft.
    #[serde(default)]
    pub status: Option<DocStatus>,
    /// Added key: documents this one cites, after the defaults and
    /// document_set.references.
    #[serde(default)]
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// Version this entry describes.
    pub version: Text,
    /// Date of the revision.
    pub date: Date,
    /// What changed.
    pub summary: String,
    /// Person id or free text.
    #[serde(default)]
    pub author: Option<String>,
    /// Added key: the document ids this revision applies to (absent: every document).
    #[serde(default)]
    pub documents: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The plan is reviewed at least this often (months).
    #[serde(default = "twelve")]
    pub plan_review_months: u32,
    /// Each core system (protection_level high) is drilled at least this often (months).
    #[serde(default = "twenty_four")]
    pub core_system_drill_months: u32,
    /// Contact data confirmed longer ago than this is stale (months).
    #[serde(default = "twelve")]
    pub contact_verify_months: u32,
    /// Incident rule set: tw-national (the Taiwanese version in force on each
    /// incident's discovered_at), tw-2021, tw-2026, nis2, dora, or the name of
    /// a user-defined set in rules/<name>.yaml.
    #[serde(default = "tw_national")]
    pub incident_rules: String,
    /// Changes to the deadlines of the incident rule set.
    #[serde(default)]
    pub overrides: Overrides,
    /// Records retention table (紀錄保存).
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
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Internal report (e.g. 15m); no internal deadline when absent.
    #[serde(default)]
    pub internal_report_within: Option<Duration>,
    /// The rule set's `notification` report (Taiwan: the national centre).
    #[serde(default)]
    pub notify_within: Option<Duration>,
    /// The `recovery` limit of levels 1-2.
    #[serde(default)]
    pub recovery_within_level_1_2: Option<Duration>,
    /// The `recovery` limit of levels 3-4.
    #[serde(default)]
    pub recovery_within_level_3_4: Option<Duration>,
    /// The `investigation-report`, in calendar months after recovery.
    #[serde(default)]
    pub report_within_months: Option<u32>,
    /// Any report of the rule set by id (`early-warning: 12h`): replaces the
    /// deadline of each of its limits. Tighten only: a longer deadline than the
    /// statutory one is a warning.
    #[serde(default)]
    pub reports: std::collections::BTreeMap<String, Duration>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordRule {
    pub form: String,
    #[serde(default)]
    pub kept_at: Option<String>,
    #[serde(default)]
    pub retention: Option<Text>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phones {
    /// Office phone (O).
    #[serde(default)]
    pub office: Option<Text>,
    /// Home phone (H); personal data.
    #[serde(default)]
    pub home: Option<Text>,
    /// Mobile phone (M); personal data.
    #[serde(default)]
    pub mobile: Option<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Unique ASCII slug (letters, digits, - and _).
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    /// Full name.
    pub name: String,
    /// Job title (職稱).
    #[serde(default)]
    pub title: Option<String>,
    /// Organizational unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// Phone numbers, printed as (O) (H) (M); home and mobile are masked in the public edition.
    #[serde(default)]
    pub phones: Phones,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// When the contact data was last confirmed.
    #[serde(default)]
    pub verified: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct External {
    /// Unique ASCII slug.
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    /// Name of the agency or company.
    pub name: String,
    /// agency | vendor | emergency | other.
    #[serde(default)]
    pub kind: ExternalKind,
    /// Phone numbers.
    #[serde(default)]
    pub phones: Phones,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Web site.
    #[serde(default)]
    pub url: Option<String>,
    /// What they provide.
    #[serde(default)]
    pub services: Option<String>,
    /// Added key: when the contact was last confirmed.
    #[serde(default)]
    pub verified: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Unique role id.
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    /// Role title as printed.
    pub title: String,
    /// Duties (職掌), one per entry.
    #[serde(default)]
    pub duties: Vec<String>,
    /// Person id of the holder.
    #[serde(default)]
    pub primary: Option<String>,
    /// Person ids of the deputies, in call order (職務代理人).
    #[serde(default)]
    pub alternates: Vec<String>,
    /// Role id this role reports to; builds the call tree (omit at the top).
    #[serde(default)]
    pub reports_to: Option<String>,
    /// Decisions this role may take while the plan is active (授權).
    #[serde(default)]
    pub authority: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Impacts {
    #[serde(default)]
    #[schemars(range(min = 1, max = 5))]
    pub operational: Option<u8>,
    #[serde(default)]
    #[schemars(range(min = 1, max = 5))]
    pub financial: Option<u8>,
    #[serde(default)]
    #[schemars(range(min = 1, max = 5))]
    pub legal: Option<u8>,
    #[serde(default)]
    #[schemars(range(min = 1, max = 5))]
    pub reputation: Option<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Unique process id.
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    /// Process name.
    pub name: String,
    /// Owning unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// Person id of the process owner (流程負責人).
    #[serde(default)]
    pub owner: Option<String>,
    /// Person id of the deputy.
    #[serde(default)]
    pub deputy: Option<String>,
    /// True for a core business (核心業務).
    #[serde(default)]
    pub core: bool,
    /// high | medium | low (關鍵等級).
    pub criticality: Criticality,
    /// Maximum tolerable period of disruption.
    #[serde(default)]
    pub mtpd: Option<Duration>,
    /// Recovery time objective; must not exceed mtpd.
    #[serde(default)]
    pub rto: Option<Duration>,
    /// Recovery point objective; must not be shorter than the backup interval of its systems.
    #[serde(default)]
    pub rpo: Option<Duration>,
    /// System ids the process depends on.
    #[serde(default)]
    pub systems: Vec<String>,
    /// Impact of a disruption, 1 (low) .. 5 (severe).
    #[serde(default)]
    pub impacts: Impacts,
    /// Manual workaround while the systems are down.
    #[serde(default)]
    pub workaround: Option<String>,
    /// How the process is recovered.
    #[serde(default)]
    pub recovery_strategy: Option<String>,
    /// What else the process needs (free text).
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// The service kept while disrupted (最低服務水準).
    #[serde(default)]
    pub minimum_service: Option<String>,
    /// The recovery procedure, step by step, in order.
    #[serde(default)]
    pub recovery_steps: Vec<RecoveryStep>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// How often a backup is taken.
    #[serde(default)]
    pub interval: Option<Duration>,
    /// How backups are taken and kept.
    #[serde(default)]
    pub method: Option<String>,
    /// True if a copy is kept at another site.
    #[serde(default)]
    pub offsite: Option<bool>,
    /// Date of the last successful restore test.
    #[serde(default)]
    pub last_restore_test: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Unique system id.
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    /// System name.
    pub name: String,
    /// high | medium | normal (防護需求等級); high = core system.
    pub protection_level: ProtectionLevel,
    /// Site id where it runs.
    #[serde(default)]
    pub site: Option<String>,
    /// Person id of the administrator.
    #[serde(default)]
    pub admin: Option<String>,
    /// External id of the maintenance vendor.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Backup arrangements.
    #[serde(default)]
    pub backup: Option<Backup>,
    /// The technical recovery procedure of the system, step by step.
    #[serde(default)]
    pub recovery_steps: Vec<RecoveryStep>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Unique site id.
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,64}$"))]
    pub id: String,
    /// primary | dr | command-center | assembly | storage.
    pub kind: SiteKind,
    /// Site name.
    pub name: String,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Notes (equipment, capacity, access).
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hazard {
    /// Hazard name.
    pub name: String,
    /// natural | accident | equipment | cyber | human.
    pub category: HazardCategory,
    /// Measures that prevent the hazard (預防措施).
    #[serde(default)]
    pub prevention: Vec<String>,
    /// Measures that reduce the loss (減災措施).
    #[serde(default)]
    pub mitigation: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceGroup {
    /// Group heading.
    pub group: String,
    /// Items to prepare.
    #[serde(default)]
    pub items: Vec<String>,
}
