//! `bcpgen schema`: the JSON Schema of the data files, validated against the
//! example data and the starter files with a JSON Schema validator.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn schema() -> serde_json::Value {
    let r = run(&["schema"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("schema is JSON")
}

fn validator(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema is a valid JSON Schema")
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(yaml_files(&p));
        } else if p.extension().is_some_and(|e| e == "yaml") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn schema_is_draft_07_with_every_top_level_key() {
    let s = schema();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    let props = s["properties"].as_object().unwrap();
    for k in [
        "organization",
        "document_set",
        "policy",
        "people",
        "external",
        "roles",
        "processes",
        "systems",
        "sites",
        "hazards",
        "resources",
        "incident",
        "drill",
    ] {
        assert!(props.contains_key(k), "{k}");
    }
    // The library function and the command print the same text.
    assert_eq!(
        run(&["schema"]).stdout,
        bcpgen::model::schema::schema_json()
    );
}

#[test]
fn example_data_and_starter_files_validate() {
    let s = schema();
    let v = validator(&s);
    let mut n = 0;
    for dir in [
        "data",
        "templates/init",
        "rulesets",
        "tests/fixtures/user-rules/rules",
        "tests/fixtures/nis2/incidents",
        "tests/fixtures/dora/incidents",
    ] {
        for f in yaml_files(&root().join(dir)) {
            let doc = as_json(&f);
            let errs = errors(&v, &doc);
            assert!(errs.is_empty(), "{}: {errs:#?}", f.display());
            n += 1;
        }
    }
    assert!(n >= 15, "only {n} files validated");
}

#[test]
fn schema_rejects_what_the_loader_rejects() {
    let v = validator(&schema());
    let bad = [
        (
            "unknown key",
            "processes: [{ id: P01, name: x, criticality: high, rtoo: 4h }]",
        ),
        (
            "bad enum",
            "processes: [{ id: P01, name: x, criticality: urgent }]",
        ),
        (
            "bad duration",
            "processes: [{ id: P01, name: x, criticality: high, rto: 4 hours }]",
        ),
        (
            "bad date",
            "people: [{ id: a, name: x, verified: 2026-13-45 }]",
        ),
        ("bad slug", "roles: [{ id: ../x, title: x }]"),
        (
            "impact out of range",
            "processes: [{ id: P01, name: x, criticality: high, impacts: { legal: 9 } }]",
        ),
        (
            "timestamp without offset",
            "incident: { id: a, title: t, category: internal, discovered_at: '2026-08-12T09:20:00', business: core, information: ordinary }",
        ),
        ("unknown top-level key", "proceses: []"),
        ("missing required", "systems: [{ id: S01, name: x }]"),
    ];
    for (what, yaml) in bad {
        let doc: serde_json::Value = serde_yaml_ng::from_str(yaml).unwrap();
        assert!(!v.is_valid(&doc), "{what} should be rejected: {yaml}");
    }
    let good = [
        "",
        "document_set: { documents: [{ id: bcp, version: 2.4 }] }",
        "processes: [{ id: P01, name: x, criticality: high, rto: 1d12h }]",
        "document_set: { documents: [{ id: bcp, issued: 民國115年5月5日 }] }",
        "incident: { id: a, title: t, category: internal, discovered_at: 2026-08-12T09:20:00+08:00, business: core, information: ordinary, reporter: lee-zh, report_submitted_at: 2026-09-05 }",
    ];
    for yaml in good {
        let doc: serde_json::Value = serde_yaml_ng::from_str(yaml).unwrap();
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{yaml}: {errs:#?}");
    }
}

#[test]
fn starter_files_point_at_the_schema() {
    for f in yaml_files(&root().join("templates/init")) {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=./schema.json"),
            "{}",
            f.display()
        );
    }
}

/// The schema path a file's `yaml-language-server` modeline names, resolved
/// against the file's directory.
fn modeline_target(f: &Path) -> PathBuf {
    let text = std::fs::read_to_string(f).unwrap();
    let first = text.lines().next().unwrap_or_default();
    let rel = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{}: no schema modeline: {first}", f.display()));
    f.parent().unwrap().join(rel)
}

#[test]
fn example_data_ships_its_schema_and_modelines() {
    // data/schema.json is what `bcpgen schema` prints today (regenerate with
    // `bcpgen schema > data/schema.json` after a model change).
    let shipped = std::fs::read_to_string(root().join("data/schema.json")).unwrap();
    assert!(
        shipped == run(&["schema"]).stdout,
        "data/schema.json is stale: run `cargo run --release -- schema > data/schema.json`"
    );
    let files = yaml_files(&root().join("data"));
    assert!(files.len() >= 10, "{files:?}");
    for f in files {
        let target = modeline_target(&f);
        assert_eq!(
            target.canonicalize().unwrap(),
            root().join("data/schema.json").canonicalize().unwrap(),
            "{}",
            f.display()
        );
    }
}

#[test]
fn new_records_carry_the_modeline_and_validate() {
    let dir = example_copy();
    let d = dir.path().to_str().unwrap();
    let v = validator(&schema());
    for kind in ["incident", "drill"] {
        let r = run(&["new", kind, d]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let p = PathBuf::from(r.stdout.trim());
        let target = modeline_target(&p);
        assert_eq!(
            target.canonicalize().unwrap(),
            dir.path().join("schema.json").canonicalize().unwrap(),
            "{}",
            p.display()
        );
        let errs = errors(&v, &as_json(&p));
        assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
    }
}
