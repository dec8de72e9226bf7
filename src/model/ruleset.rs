//! Incident rule sets (`rule_set:` in `rules/<name>.yaml`, and the built-in
//! sets embedded from `rulesets/`): the regulation's name, its levels or
//! classes, and the reports it requires with their deadlines.
//!
//! The logic that applies a rule set to an incident is in `crate::ruleset`.

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text per locale (`zh-TW`, `en`); a user-defined set may give one only.
pub type Localized = BTreeMap<String, String>;

/// How an incident's level or class is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LevelBasis {
    /// Computed from the incident's `business`, `information` and `impact` by
    /// the four-level criteria (Taiwan).
    Computed,
    /// Stated by the organization in the incident (`classification`,
    /// `classified_at`), e.g. NIS2 "significant", DORA "major".
    Stated,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleLevel {
    /// 1 (lowest) to 4.
    #[schemars(range(min = 1, max = 4))]
    pub level: u8,
    /// Name per locale (第一級 / Level 1).
    pub name: Localized,
    /// Per locale: the three criteria of the level, in the order leak,
    /// tampering, effect on operations.
    #[serde(default)]
    pub criteria: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleClass {
    /// The value an incident's `classification` takes (`significant`).
    #[schemars(pattern(r"^[a-z0-9-]{1,64}$"))]
    pub id: String,
    /// Name per locale.
    pub name: Localized,
    /// True when incidents of this class must be reported.
    #[serde(default)]
    pub reportable: bool,
    /// What makes an incident fall in this class, per locale (a summary for
    /// the procedure; the organization decides).
    #[serde(default)]
    pub description: Localized,
}

/// The instant a deadline counts from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum LimitFrom {
    /// `discovered_at`.
    Awareness,
    /// `classified_at` (rule sets whose classes are stated).
    Classification,
    /// `recovered_at`.
    Recovery,
    /// When another report of the set was made (or, until it is, its own deadline).
    Report(String),
}

impl LimitFrom {
    pub fn kind(&self) -> &'static str {
        match self {
            LimitFrom::Awareness => "awareness",
            LimitFrom::Classification => "classification",
            LimitFrom::Recovery => "recovery",
            LimitFrom::Report(_) => "report",
        }
    }
}

impl JsonSchema for LimitFrom {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LimitFrom".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(awareness|classification|recovery|report:[a-z0-9-]{1,64})$",
            "description": "The instant a deadline counts from: awareness (discovered_at), classification (classified_at), recovery (recovered_at) or report:<id> (when that report was made).",
            "examples": ["awareness", "report:notification"]
        })
    }
}

impl TryFrom<String> for LimitFrom {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "awareness" => Ok(LimitFrom::Awareness),
            "classification" => Ok(LimitFrom::Classification),
            "recovery" => Ok(LimitFrom::Recovery),
            _ => match s.strip_prefix("report:") {
                Some(id) if !id.is_empty() => Ok(LimitFrom::Report(id.to_string())),
                _ => Err(format!(
                    "unknown starting point `{s}`: expected awareness, classification, recovery or report:<report id>"
                )),
            },
        }
    }
}

impl From<LimitFrom> for String {
    fn from(f: LimitFrom) -> String {
        match f {
            LimitFrom::Report(id) => format!("report:{id}"),
            other => other.kind().to_string(),
        }
    }
}

/// One time limit of a report: `within` (or `within_months`) of `from`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleLimit {
    /// A duration (`1h`, `72h`); stated in hours as regulations do.
    #[serde(default)]
    pub within: Option<Duration>,
    /// Calendar months (the 31st becomes the month's last day).
    #[serde(default)]
    pub within_months: Option<u32>,
    /// awareness | classification | recovery | report:<report id>
    pub from: LimitFrom,
    /// The levels this limit applies to (computed rule sets); all when empty.
    #[serde(default)]
    pub levels: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleReport {
    /// The key under an incident's `reports:` (`notification`).
    #[schemars(pattern(r"^[a-z0-9-]{1,64}$"))]
    pub id: String,
    /// Name per locale.
    pub name: Localized,
    /// Who receives it, per locale (the competent authority, the CSIRT).
    #[serde(default)]
    pub recipient: Localized,
    /// Made only when the authority asks for it; no deadline of its own.
    #[serde(default)]
    pub on_request: bool,
    /// Its deadline is the organization's own (`policy.overrides`); the
    /// report is left out while the organization sets none.
    #[serde(default)]
    pub set_by_organization: bool,
    /// The older incident key that also records when it was made
    /// (`reported_internal_at`, `notified_at`, `recovered_at`, `report_submitted_at`).
    #[serde(default)]
    pub recorded_by: Option<String>,
    /// Every limit that applies must be met; the earliest due is the deadline.
    #[serde(default)]
    pub limits: Vec<RuleLimit>,
}

/// What an article of a regulation is about, as the crosswalk groups them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ArticleTopic {
    /// The duty to report an incident.
    Notification,
    /// What the organization's notification and response procedures contain.
    Procedures,
    /// Exercises and drills.
    Exercises,
    /// Business continuity and recovery.
    Continuity,
}

/// An incident rule set (`rule_set:`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// The set's id: the file name without `.yaml`.
    #[serde(skip)]
    pub id: String,
    /// The regulation's name per locale.
    pub name: Localized,
    /// A short name per locale (`NIS2`).
    #[serde(default)]
    pub short_name: Localized,
    /// The legal reference per locale (act and article).
    #[serde(default)]
    pub reference: Localized,
    /// Articles of the regulation by topic, per locale, for the crosswalk:
    /// `notification` (the duty to report), `procedures` (what the
    /// organization's procedures must contain), `exercises`, `continuity`.
    #[serde(default)]
    pub articles: BTreeMap<ArticleTopic, Localized>,
    /// A family of versions (`tw-national`): `policy.incident_rules` naming the
    /// family picks, per incident, the version in force on its `discovered_at`.
    #[serde(default)]
    pub series: Option<String>,
    /// First day in force.
    #[serde(default)]
    pub effective: Option<Date>,
    /// computed (four levels from the incident's data) | stated (the organization's classification).
    pub basis: LevelBasis,
    /// Levels 1-4 with their criteria (basis computed).
    #[serde(default)]
    pub levels: Vec<RuleLevel>,
    /// Classes the organization states (basis stated).
    #[serde(default)]
    pub classes: Vec<RuleClass>,
    /// The reports and deadlines, in the order they fall due.
    pub reports: Vec<RuleReport>,
}

/// Picks the text for `locale` (then English, then any).
pub fn localized<'a>(t: &'a Localized, locale: &str) -> Option<&'a str> {
    t.get(locale)
        .or_else(|| t.get("en"))
        .or_else(|| t.values().next())
        .map(String::as_str)
}
