//! Incidents and drills: computed values (level, deadlines, RTO results) and the
//! template context of the filled documents `incident-<id>` and `drill-<id>`.

use crate::load::Loaded;
use crate::model::{Drill, Incident};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// Context of the `incident` template (the record plus computed values).
pub fn incident_context(inc: &Incident, _loaded: &Loaded, _as_of: NaiveDate) -> Value {
    json!(inc)
}

/// Context of the `drill` template (the record plus computed values).
pub fn drill_context(drill: &Drill, _loaded: &Loaded, _as_of: NaiveDate) -> Value {
    json!(drill)
}
