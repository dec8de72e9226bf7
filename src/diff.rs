//! `bcpgen diff`: what changed between two versions of the data, as Markdown
//! for the revision record. Items are matched by id (hazards by name) and
//! compared field by field; every value is escaped for Markdown.

use crate::locale::Locale;
use crate::model::Data;
use crate::render::Edition;
use crate::render::escape::markdown as esc;
use crate::render::filters::mask_phone;
use serde::Serialize;
use serde_yaml_ng::Value;
use std::fmt::Write as _;

/// One compared item: its key, a label to show, and its fields in order.
struct Item {
    key: String,
    label: String,
    fields: Vec<(String, String)>,
}

/// The changes of one list.
#[derive(Default)]
struct Section {
    added: Vec<Item>,
    removed: Vec<Item>,
    changed: Vec<Changed>,
}

/// An item present in both versions whose fields differ.
struct Changed {
    key: String,
    label: String,
    /// (field, old, new), in field order.
    rows: Vec<Row>,
}

type Row = (String, String, String);

impl Section {
    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The Markdown report of the changes from `old` to `new`, in `locale`. In the
/// public edition home and mobile numbers are masked (all digits but the last three),
/// as in the public edition of the documents.
pub fn diff(old: &Data, new: &Data, locale: &Locale, edition: Edition) -> String {
    let sections = sections(old, new, &Shown { locale, edition });
    report(&sections, locale)
}

/// The documents whose content comes from each compared list.
const AFFECTS: &[(&str, &[&str])] = &[
    ("processes", &["bcp", "annex-bia"]),
    ("systems", &["bcp", "annex-systems"]),
    ("roles", &["annex-roles", "annex-contacts"]),
    ("people", &["annex-roles", "annex-contacts"]),
    ("external", &["annex-contacts"]),
    ("sites", &["bcp", "bcm-procedure"]),
    ("hazards", &["bcp", "annex-hazards"]),
];

/// A `document_set.revisions` entry for the changes from `old` to `new`, as
/// YAML ready to paste: the latest version of `new` bumped, `date`, a summary
/// of what changed and the documents it changed.
pub fn revision_entry(old: &Data, new: &Data, locale: &Locale, date: chrono::NaiveDate) -> String {
    // Only labels (names) go into the summary: no number to mask.
    let sections = sections(
        old,
        new,
        &Shown {
            locale,
            edition: Edition::Public,
        },
    );
    let t = |k: &str| locale.diff.get(k).cloned().unwrap_or_else(|| k.to_string());
    let mut clauses = Vec::new();
    let mut documents: Vec<&str> = Vec::new();
    for (name, s) in sections.iter().filter(|(_, s)| !s.is_empty()) {
        for (action, labels) in [
            (
                "added",
                s.added
                    .iter()
                    .map(|i| (&i.key, &i.label))
                    .collect::<Vec<_>>(),
            ),
            (
                "changed",
                s.changed.iter().map(|c| (&c.key, &c.label)).collect(),
            ),
            (
                "removed",
                s.removed.iter().map(|i| (&i.key, &i.label)).collect(),
            ),
        ] {
            if labels.is_empty() {
                continue;
            }
            let items: Vec<String> = labels
                .iter()
                .map(|(k, l)| {
                    if l.is_empty() {
                        (*k).clone()
                    } else {
                        (*l).clone()
                    }
                })
                .collect();
            clauses.push(
                t("summary_item")
                    .replace("{action}", &t(action))
                    .replace("{section}", &t(name))
                    .replace("{items}", &items.join(&t("summary_join"))),
            );
        }
        for (list, ids) in AFFECTS {
            if list == name {
                for id in *ids {
                    if !documents.contains(id) {
                        documents.push(id);
                    }
                }
            }
        }
    }
    // Documents in set order.
    documents.sort_by_key(|id| crate::docs::DOCUMENTS.iter().position(|d| d.id == *id));
    let summary = if clauses.is_empty() {
        t("no_changes")
    } else {
        clauses.join(&t("summary_sep"))
    };
    let latest = new
        .document_set
        .revisions
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.date, *i))
        .map(|(_, r)| r.version.0.clone());
    let version = latest.as_deref().map_or_else(|| "1.0".to_string(), bump);
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = format!("{}\n", t("paste_here"));
    let _ = writeln!(out, "    - version: {}", q(&version));
    let _ = writeln!(out, "      date: {}", date.format("%Y-%m-%d"));
    let _ = writeln!(out, "      summary: {}", q(&summary));
    if !documents.is_empty() {
        let _ = writeln!(out, "      documents: [{}]", documents.join(", "));
    }
    out
}

/// The next minor version: 3.0 → 3.1, 2.9 → 2.10, 4 → 4.1, v1.2-rc → v1.2-rc.1.
fn bump(v: &str) -> String {
    let digits = v.len() - v.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, tail) = v.split_at(v.len() - digits);
    match tail.parse::<u64>() {
        Ok(n) if head.ends_with('.') => format!("{head}{}", n + 1),
        _ => format!("{v}.1"),
    }
}

fn sections(old: &Data, new: &Data, locale: &Shown) -> Vec<(&'static str, Section)> {
    vec![
        (
            "processes",
            compare(
                &items(&old.processes, locale, |p| (p.id.clone(), p.name.clone())),
                &items(&new.processes, locale, |p| (p.id.clone(), p.name.clone())),
            ),
        ),
        (
            "systems",
            compare(
                &items(&old.systems, locale, |s| (s.id.clone(), s.name.clone())),
                &items(&new.systems, locale, |s| (s.id.clone(), s.name.clone())),
            ),
        ),
        (
            "roles",
            compare(
                &items(&old.roles, locale, |r| (r.id.clone(), r.title.clone())),
                &items(&new.roles, locale, |r| (r.id.clone(), r.title.clone())),
            ),
        ),
        (
            "people",
            compare(
                &items(&old.people, locale, |p| (p.id.clone(), p.name.clone())),
                &items(&new.people, locale, |p| (p.id.clone(), p.name.clone())),
            ),
        ),
        (
            "external",
            compare(
                &items(&old.external, locale, |e| (e.id.clone(), e.name.clone())),
                &items(&new.external, locale, |e| (e.id.clone(), e.name.clone())),
            ),
        ),
        (
            "sites",
            compare(
                &items(&old.sites, locale, |s| (s.id.clone(), s.name.clone())),
                &items(&new.sites, locale, |s| (s.id.clone(), s.name.clone())),
            ),
        ),
        (
            "hazards",
            compare(
                &items(&old.hazards, locale, |h| (h.name.clone(), String::new())),
                &items(&new.hazards, locale, |h| (h.name.clone(), String::new())),
            ),
        ),
    ]
}

/// The sections as Markdown.
fn report(sections: &[(&'static str, Section)], locale: &Locale) -> String {
    let t = |k: &str| locale.diff.get(k).cloned().unwrap_or_else(|| k.to_string());
    let mut out = format!("## {}\n\n", esc(&t("title")));
    if sections.iter().all(|(_, s)| s.is_empty()) {
        let _ = writeln!(out, "{}", esc(&t("no_changes")));
        return out;
    }
    for (name, s) in sections.iter().filter(|(_, s)| !s.is_empty()) {
        let _ = writeln!(out, "### {} (`{name}`)\n", esc(&t(name)));
        for (heading, list) in [("added", &s.added), ("removed", &s.removed)] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "#### {}\n", esc(&t(heading)));
            for it in list {
                let _ = writeln!(out, "- {}", item_label(&it.key, &it.label));
            }
            out.push('\n');
        }
        if !s.changed.is_empty() {
            let _ = writeln!(out, "#### {}\n", esc(&t("changed")));
            for Changed { key, label, rows } in &s.changed {
                let _ = writeln!(out, "{}\n", item_label(key, label));
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    esc(&t("field")),
                    esc(&t("old")),
                    esc(&t("new"))
                );
                out.push_str("|---|---|---|\n");
                for (field, o, n) in rows {
                    let _ = writeln!(
                        out,
                        "| `{field}` | {} | {} |",
                        cell(o, locale),
                        cell(n, locale)
                    );
                }
                out.push('\n');
            }
        }
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}

fn item_label(key: &str, label: &str) -> String {
    if label.is_empty() || label == key {
        format!("**{}**", esc(key))
    } else {
        format!("**{}** {}", esc(key), esc(label))
    }
}

fn cell(v: &str, locale: &Locale) -> String {
    if v.is_empty() {
        esc(&locale.none)
    } else {
        esc(v)
    }
}

/// How values are shown: the locale's words, and the edition's masking.
struct Shown<'a> {
    locale: &'a Locale,
    edition: Edition,
}

/// Whether a flattened field path holds a personal number (home or mobile).
fn is_personal_number(path: &str) -> bool {
    matches!(path, "phones.home" | "phones.mobile")
}

fn items<T: Serialize>(
    list: &[T],
    locale: &Shown,
    key: impl Fn(&T) -> (String, String),
) -> Vec<Item> {
    list.iter()
        .map(|x| {
            let (key, label) = key(x);
            let mut fields = Vec::new();
            if let Ok(v) = serde_yaml_ng::to_value(x) {
                flatten("", &v, locale, &mut fields);
            }
            Item { key, label, fields }
        })
        .collect()
}

/// Flattens a value into (dotted path, display text) pairs, in field order.
/// Empty values (null, empty text, empty lists) are left out: absent and empty
/// mean the same in the data.
fn flatten(prefix: &str, v: &Value, shown: &Shown, out: &mut Vec<(String, String)>) {
    let locale = shown.locale;
    let text = match v {
        Value::Null => return,
        Value::Mapping(m) => {
            for (k, v) in m {
                let k = k.as_str().unwrap_or_default();
                let path = if prefix.is_empty() {
                    k.to_string()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, shown, out);
            }
            return;
        }
        Value::Sequence(s)
            if s.iter()
                .all(|x| !matches!(x, Value::Mapping(_) | Value::Sequence(_))) =>
        {
            s.iter().map(scalar).collect::<Vec<_>>().join(", ")
        }
        Value::Sequence(_) => serde_json::to_string(v).unwrap_or_default(),
        Value::Bool(b) => {
            if *b {
                locale.yes.clone()
            } else {
                locale.no.clone()
            }
        }
        other => scalar(other),
    };
    let text = if shown.edition == Edition::Public && is_personal_number(prefix) {
        mask_phone(&text)
    } else {
        text
    };
    if !text.is_empty() {
        out.push((prefix.to_string(), text));
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => serde_yaml_ng::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn compare(old: &[Item], new: &[Item]) -> Section {
    let mut s = Section::default();
    for n in new {
        match old.iter().find(|o| o.key == n.key) {
            None => s.added.push(Item {
                key: n.key.clone(),
                label: n.label.clone(),
                fields: Vec::new(),
            }),
            Some(o) => {
                let rows = changed_fields(&o.fields, &n.fields);
                if !rows.is_empty() {
                    s.changed.push(Changed {
                        key: n.key.clone(),
                        label: n.label.clone(),
                        rows,
                    });
                }
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| n.key == o.key) {
            s.removed.push(Item {
                key: o.key.clone(),
                label: o.label.clone(),
                fields: Vec::new(),
            });
        }
    }
    s
}

/// Fields whose value differs, in the new item's field order, then fields only the old one has.
fn changed_fields(old: &[(String, String)], new: &[(String, String)]) -> Vec<Row> {
    let get = |list: &[(String, String)], k: &str| {
        list.iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    for (f, nv) in new {
        let ov = get(old, f);
        if &ov != nv {
            rows.push((f.clone(), ov, nv.clone()));
        }
    }
    for (f, ov) in old {
        if !new.iter().any(|(k, _)| k == f) {
            rows.push((f.clone(), ov.clone(), String::new()));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_their_last_number() {
        assert_eq!(bump("3.0"), "3.1");
        assert_eq!(bump("2.9"), "2.10");
        assert_eq!(bump("4"), "4.1");
        assert_eq!(bump("v1.2-rc"), "v1.2-rc.1");
    }
    use crate::model::{Locale as LocaleId, Person, Phones, Text};

    fn person(id: &str, mobile: &str) -> Person {
        Person {
            id: id.into(),
            name: "王|小明".into(),
            title: None,
            unit: None,
            phones: Phones {
                office: None,
                home: None,
                mobile: Some(Text(mobile.into())),
            },
            email: None,
            verified: None,
        }
    }

    #[test]
    fn both_locales_have_the_same_diff_keys() {
        let zh = Locale::get(LocaleId::ZhTw);
        let en = Locale::get(LocaleId::En);
        assert_eq!(
            zh.diff.keys().collect::<Vec<_>>(),
            en.diff.keys().collect::<Vec<_>>()
        );
        for k in [
            "title",
            "no_changes",
            "added",
            "removed",
            "changed",
            "field",
            "old",
            "new",
            "processes",
            "people",
        ] {
            assert!(en.diff.contains_key(k), "{k}");
        }
    }

    #[test]
    fn changed_field_is_a_table_row_with_escaped_values() {
        let en = Locale::get(LocaleId::En);
        let old = Data {
            people: vec![person("a", "0900-000-101"), person("gone", "1")],
            ..Default::default()
        };
        let new = Data {
            people: vec![person("a", "0900-000-999|x"), person("b", "2")],
            ..Default::default()
        };
        let md = diff(&old, &new, &en, Edition::Full);
        assert!(md.starts_with("## Changes to the data\n"), "{md}");
        assert!(
            md.contains("### People and contact data (`people`)"),
            "{md}"
        );
        assert!(md.contains("#### Added\n\n- **b** 王\\|小明"), "{md}");
        assert!(md.contains("#### Removed\n\n- **gone** 王\\|小明"), "{md}");
        assert!(
            md.contains("| `phones.mobile` | 0900-000-101 | 0900-000-999\\|x |"),
            "{md}"
        );
        assert!(!md.contains("external"), "{md}");
    }

    #[test]
    fn public_edition_masks_home_and_mobile_numbers() {
        let en = Locale::get(LocaleId::En);
        let old = Data {
            people: vec![person("a", "0900-000-101")],
            ..Default::default()
        };
        let mut changed = person("a", "0911-222-333");
        changed.phones.home = Some(Text("05-0001-201".into()));
        changed.phones.office = Some(Text("05-0000-100".into()));
        let new = Data {
            people: vec![changed],
            ..Default::default()
        };
        let md = diff(&old, &new, &en, Edition::Public);
        for n in ["0900-000-101", "0911-222-333", "05-0001-201"] {
            assert!(!md.contains(n), "{n} in {md}");
        }
        assert!(
            md.contains("| `phones.mobile` | \\*\\*\\*\\*-\\*\\*\\*-101 |"),
            "{md}"
        );
        assert!(
            md.contains("05-0000-100"),
            "office numbers are not personal: {md}"
        );
        let full = diff(&old, &new, &en, Edition::Full);
        assert!(full.contains("0911-222-333"), "{full}");
    }

    #[test]
    fn no_changes() {
        let en = Locale::get(LocaleId::En);
        let d = Data {
            people: vec![person("a", "1")],
            ..Default::default()
        };
        assert!(diff(&d, &d, &en, Edition::Full).contains("do not differ"));
    }
}
