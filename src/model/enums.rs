//! Enumerations of the data contract, written in English (kebab-case) in the data.

use serde::{Deserialize, Serialize};

macro_rules! data_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? } default $default:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $(
                #[serde(rename = $text)]
                $variant,
            )+
        }
        impl $name {
            /// The value as written in the data (and the key of its locale label).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }
        impl Default for $name {
            fn default() -> Self { $name::$default }
        }
    };
}

data_enum!(Locale { ZhTw = "zh-TW", En = "en" } default ZhTw);
data_enum!(Calendar { Roc = "roc", Gregorian = "gregorian" } default Roc);
data_enum!(Criticality { High = "high", Medium = "medium", Low = "low" } default High);
data_enum!(ProtectionLevel { High = "high", Medium = "medium", Normal = "normal" } default Normal);
data_enum!(SiteKind { Primary = "primary", Dr = "dr", CommandCenter = "command-center", Assembly = "assembly", Storage = "storage" } default Primary);
data_enum!(HazardCategory { Natural = "natural", Accident = "accident", Equipment = "equipment", Cyber = "cyber", Human = "human" } default Natural);
data_enum!(ExternalKind { Agency = "agency", Vendor = "vendor", Emergency = "emergency", Other = "other" } default Other);
data_enum!(IncidentCategory { Internal = "internal", Intrusion = "intrusion", Natural = "natural", Emergency = "emergency" } default Internal);
data_enum!(Business { NonCore = "non-core", Core = "core", CriticalInfrastructure = "critical-infrastructure" } default NonCore);
data_enum!(Information { Ordinary = "ordinary", Sensitive = "sensitive", OfficialSecret = "official-secret", StateSecret = "state-secret" } default Ordinary);
data_enum!(Severity { None = "none", Minor = "minor", Severe = "severe" } default None);
data_enum!(Availability { None = "none", WithinTolerance = "within-tolerance", Exceeded = "exceeded" } default None);
data_enum!(DrillMethod { Checklist = "checklist", Walkthrough = "walkthrough", Simulation = "simulation", Full = "full" } default Checklist);
data_enum!(DrillKind { Exercise = "exercise", Event = "event" } default Exercise);
data_enum!(PhaseRating { Good = "good", Adequate = "adequate", Poor = "poor", NotExercised = "not-exercised" } default Adequate);
data_enum!(ImprovementStatus { Open = "open", InProgress = "in-progress", Closed = "closed" } default Open);
