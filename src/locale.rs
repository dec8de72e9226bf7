//! Locale files (`locales/<locale>.yaml`, embedded): labels, titles, headings.

use crate::model::Locale as LocaleId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The message and hint of a check finding (`check:` in the locale files),
/// with `{name}` parameters.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckText {
    pub message: String,
    #[serde(default)]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Locale {
    pub none: String,
    pub yes: String,
    pub no: String,
    pub duration_units: BTreeMap<String, String>,
    pub duration_separator: String,
    pub documents: BTreeMap<String, String>,
    pub governance: BTreeMap<String, String>,
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    pub edition_notice: BTreeMap<String, String>,
    pub header: BTreeMap<String, String>,
    pub index: BTreeMap<String, String>,
    /// Headings of `bcpgen diff`.
    pub diff: BTreeMap<String, String>,
    /// Axis labels of the figures drawn from data (units, dates, month names).
    #[serde(default)]
    pub figure: BTreeMap<String, String>,
    /// Document control: how a signer is written, notices, status words.
    #[serde(default)]
    pub control: BTreeMap<String, String>,
    /// The preview server's page toolbar, error banner and terminal lines.
    pub serve: BTreeMap<String, String>,
    /// Messages and hints of the check rules, by rule id (or `rule-id.variant`).
    #[serde(default)]
    pub check: BTreeMap<String, CheckText>,
    /// One term per concept: the preferred term and the variants the
    /// generated set must not use (a test holds the templates to it).
    #[serde(default)]
    pub glossary: BTreeMap<String, Vec<String>>,
}

const ZH_TW: &str = include_str!("../locales/zh-TW.yaml");
const EN: &str = include_str!("../locales/en.yaml");

impl Locale {
    /// The embedded locale (its files are part of the binary and tested).
    pub fn get(id: LocaleId) -> Locale {
        let src = match id {
            LocaleId::ZhTw => ZH_TW,
            LocaleId::En => EN,
        };
        serde_yaml_ng::from_str(src).expect("embedded locale file is valid (tested)")
    }

    /// The label of an enum value, or the value itself when the locale lacks it.
    pub fn label(&self, kind: &str, value: &str) -> String {
        self.labels
            .get(kind)
            .and_then(|m| m.get(value))
            .cloned()
            .unwrap_or_else(|| value.to_string())
    }

    pub fn title(&self, doc_id: &str) -> String {
        if let Some(t) = self.documents.get(doc_id) {
            return t.clone();
        }
        for (prefix, key) in [("incident-", "incident"), ("drill-", "drill")] {
            if let Some(rest) = doc_id.strip_prefix(prefix) {
                return self
                    .documents
                    .get(key)
                    .map(|t| t.replace("{id}", rest))
                    .unwrap_or_default();
            }
        }
        doc_id.to_string()
    }

    /// A `serve:` entry with its `{name}` parameters filled in.
    pub fn serve_text(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.text(&self.serve, key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub fn text<'a>(&'a self, table: &'a BTreeMap<String, String>, key: &'a str) -> &'a str {
        table.get(key).map(String::as_str).unwrap_or(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_parse_and_have_the_same_keys() {
        let zh = Locale::get(LocaleId::ZhTw);
        let en = Locale::get(LocaleId::En);
        assert_eq!(
            zh.documents.keys().collect::<Vec<_>>(),
            en.documents.keys().collect::<Vec<_>>()
        );
        for (kind, m) in &zh.labels {
            let e = en.labels.get(kind).expect(kind);
            assert_eq!(
                m.keys().collect::<Vec<_>>(),
                e.keys().collect::<Vec<_>>(),
                "{kind}"
            );
        }
        assert_eq!(
            zh.serve.keys().collect::<Vec<_>>(),
            en.serve.keys().collect::<Vec<_>>()
        );
        assert_eq!(
            zh.figure.keys().collect::<Vec<_>>(),
            en.figure.keys().collect::<Vec<_>>()
        );
        for l in [&zh, &en] {
            assert_eq!(l.figure["month_names"].split_whitespace().count(), 12);
        }
        for (key, text) in &zh.serve {
            let params = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(params(text), params(&en.serve[key]), "serve.{key}");
        }
        assert_eq!(
            en.serve_text("serving", &[("url", "http://127.0.0.1:4000/")]),
            "serving http://127.0.0.1:4000/ (Ctrl-C to stop)"
        );
        assert_eq!(
            zh.title("incident-2026-001"),
            "資通安全事件通報單（2026-001）"
        );
    }
}
