//! The JSON Schema of the data files, generated from the model types so that it
//! cannot drift from what the loader accepts.
//!
//! One schema covers every file: the root object has a property for each
//! top-level key of the contract (`organization`, `people`, `incident`, ...), so
//! the same `# yaml-language-server: $schema=./schema.json` modeline works in
//! every file. Which key belongs in which file is checked by the loader.

use super::*;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

/// The shape of any one data file: each file holds some of these keys.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "bcpgen data file",
    description = "One file of a bcpgen data directory: organization.yaml (organization, document_set, policy), people.yaml (people, external), roles.yaml, processes.yaml, systems.yaml, sites.yaml, hazards.yaml, resources.yaml, incidents/*.yaml (incident), drills/*.yaml (drill), rules/*.yaml (rule_set)."
)]
#[allow(dead_code)]
struct DataFile {
    /// organization.yaml: who the documents are for (the only required file).
    organization: Option<Organization>,
    /// organization.yaml: document-control data of the generated set.
    document_set: Option<DocumentSet>,
    /// organization.yaml: review intervals, incident rules, records retention.
    policy: Option<Policy>,
    /// people.yaml: the organization's own staff.
    people: Option<Vec<Person>>,
    /// people.yaml: agencies, vendors, emergency services.
    external: Option<Vec<External>>,
    /// roles.yaml: emergency response roles; `reports_to` builds the call tree.
    roles: Option<Vec<Role>>,
    /// processes.yaml: critical business processes and the business impact analysis.
    processes: Option<Vec<Process>>,
    /// systems.yaml: information systems and their backups.
    systems: Option<Vec<System>>,
    /// sites.yaml: primary site, DR site, command centre, assembly point, storage.
    sites: Option<Vec<Site>>,
    /// hazards.yaml: hazards with prevention and mitigation measures.
    hazards: Option<Vec<Hazard>>,
    /// resources.yaml: the resource checklist.
    resources: Option<Vec<ResourceGroup>>,
    /// incidents/<id>.yaml: one incident per file.
    incident: Option<Incident>,
    /// drills/<id>.yaml: one drill or test per file.
    drill: Option<Drill>,
    /// rules/<name>.yaml: a user-defined incident rule set (`policy.incident_rules: <name>`).
    rule_set: Option<RuleSet>,
}

/// The schema as a JSON value (JSON Schema draft-07, which every YAML language
/// server understands).
pub fn schema() -> serde_json::Value {
    let generator = SchemaSettings::draft07().for_deserialize().into_generator();
    let mut value = generator.into_root_schema_for::<DataFile>().to_value();
    // A data file may be empty (an optional list with nothing in it yet).
    if let Some(obj) = value.as_object_mut() {
        obj.insert("type".into(), serde_json::json!(["object", "null"]));
    }
    drop_empty_defaults(&mut value);
    value
}

/// Removes `"default": null` and object defaults (`{"home": null, ...}`): they
/// say nothing a reader needs and editors would insert them on completion.
fn drop_empty_defaults(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            if m.get("default")
                .is_some_and(|d| d.is_null() || d.is_object())
            {
                m.remove("default");
            }
            m.values_mut().for_each(drop_empty_defaults);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_empty_defaults),
        _ => {}
    }
}

/// The schema as pretty-printed JSON, with a final newline.
pub fn schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_has_every_top_level_key_and_no_unknown_ones() {
        let s = schema();
        let props = s["properties"].as_object().unwrap();
        for (_, keys) in crate::load::FILES {
            for k in *keys {
                assert!(props.contains_key(*k), "{k}");
            }
        }
        assert!(props.contains_key("incident") && props.contains_key("drill"));
        assert!(props.contains_key("rule_set"));
        assert_eq!(s["additionalProperties"], serde_json::json!(false));
    }
}
