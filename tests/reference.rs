//! docs/data.md, the data reference, against the JSON Schema of `bcpgen schema`:
//! every key of the schema is documented, every documented key exists, and the
//! keys marked required are those the schema requires.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// The schema node a `$ref` points at (the node itself when it is no reference).
fn resolve<'a>(defs: &'a Value, mut v: &'a Value) -> &'a Value {
    while let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        v = &defs[name];
    }
    v
}

/// The node and every alternative it allows (`anyOf`, `oneOf`, `allOf`), resolved.
fn alternatives<'a>(defs: &'a Value, v: &'a Value) -> Vec<&'a Value> {
    let v = resolve(defs, v);
    let mut out = vec![v];
    for k in ["anyOf", "oneOf", "allOf"] {
        for alt in v.get(k).and_then(Value::as_array).into_iter().flatten() {
            out.extend(alternatives(defs, alt));
        }
    }
    out
}

/// Every key path of the schema (`processes[].rto`) and whether it is required.
fn walk(defs: &Value, v: &Value, path: &str, out: &mut BTreeMap<String, bool>) {
    for x in alternatives(defs, v) {
        if let Some(items) = x.get("items").filter(|i| i.is_object()) {
            walk(defs, items, &format!("{path}[]"), out);
        }
        if let Some(ap) = x
            .get("additionalProperties")
            .filter(|a| a.get("properties").is_some() || a.get("$ref").is_some())
        {
            walk(defs, ap, &format!("{path}.<name>"), out);
        }
        let required: Vec<&str> = x
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (k, pv) in x
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            *out.entry(p.clone()).or_default() |= required.contains(&k.as_str());
            walk(defs, pv, &p, out);
        }
    }
}

fn schema_keys() -> BTreeMap<String, bool> {
    let r = run(&["schema"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s: Value = serde_json::from_str(&r.stdout).unwrap();
    let mut out = BTreeMap::new();
    walk(&s["definitions"], &s, "", &mut out);
    out
}

/// The keys the reference documents: the first cell of every table row that is
/// code, with whether its meaning starts "Required.".
fn documented_keys(md: &str) -> BTreeMap<String, bool> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = BTreeMap::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let mut first_is_code = false;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableRow) => {
                cells.clear();
                first_is_code = false;
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => cells.extend(cell.take()),
            Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    if cells.is_empty() && c.is_empty() {
                        first_is_code = true;
                    }
                    c.push_str(&t);
                }
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::TableRow)
                if first_is_code && cells.len() == 3 && !cells[0].trim().contains(' ') =>
            {
                let key = cells[0].trim().to_string();
                let required = cells[2].trim_start().starts_with("Required.");
                assert!(
                    out.insert(key.clone(), required).is_none(),
                    "docs/data.md documents `{key}` twice"
                );
            }
            _ => {}
        }
    }
    out
}

#[test]
fn data_reference_matches_the_schema() {
    let md = std::fs::read_to_string(root().join("docs/data.md")).unwrap();
    let documented = documented_keys(&md);
    let schema = schema_keys();
    assert!(
        schema.len() > 150,
        "only {} keys in the schema",
        schema.len()
    );
    let missing: Vec<&String> = schema
        .keys()
        .filter(|k| !documented.contains_key(*k))
        .collect();
    let unknown: Vec<&String> = documented
        .keys()
        .filter(|k| !schema.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "keys of the schema missing from docs/data.md: {missing:#?}"
    );
    assert!(
        unknown.is_empty(),
        "keys in docs/data.md that the schema lacks: {unknown:#?}"
    );
    let wrong: Vec<String> = schema
        .iter()
        .filter(|(k, req)| documented[*k] != **req)
        .map(|(k, req)| {
            format!(
                "{k}: required in the schema {req}, in docs/data.md {}",
                !req
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_reference_check_notices_a_missing_and_an_invented_key() {
    let md = std::fs::read_to_string(root().join("docs/data.md")).unwrap();
    let documented = documented_keys(&md);
    assert_eq!(documented.get("processes[].rto"), Some(&false));
    assert_eq!(documented.get("organization.name"), Some(&true));
    let without = md.replace("| `processes[].rto` |", "| processes rto |");
    assert!(!documented_keys(&without).contains_key("processes[].rto"));
    let schema = schema_keys();
    assert!(schema.contains_key("processes[].rto"));
    assert!(!schema.contains_key("processes[].rtoo"));
    assert_eq!(schema.get("organization.name"), Some(&true));
}

#[test]
fn readme_points_at_the_data_reference() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("(docs/data.md)"));
}
