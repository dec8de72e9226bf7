//! The requirements crosswalk (`annex-crosswalk`): each requirement of
//! `assets/crosswalk.yaml` points at the document and heading of the set that
//! meets it. Rows are computed from the Markdown the set actually renders, so
//! a template that loses a section loses its row ("not covered").

use super::Rendered;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const SOURCE: &str = include_str!("../../assets/crosswalk.yaml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// A framework's name, or `rules` for the incident rule set in force.
    pub framework: String,
    pub clause: String,
    pub title: BTreeMap<String, String>,
    /// For `rules`: which of the rule set's articles it is
    /// (`notification`, `procedures`, `exercises`, `continuity`).
    #[serde(default)]
    pub topic: Option<String>,
    /// The document of the set that meets it.
    pub doc: String,
    /// The heading (without its number) that meets it, per locale.
    #[serde(default)]
    pub heading: Option<BTreeMap<String, String>>,
}

/// One row of the crosswalk as the template sees it.
#[derive(Debug, Serialize)]
pub struct Row {
    pub framework: String,
    pub clause: String,
    pub title: String,
    pub doc: String,
    /// The heading as printed (with its number); `None` for a whole document.
    pub heading: Option<String>,
    pub covered: bool,
}

/// The embedded requirements (tested to parse).
pub fn requirements() -> Vec<Requirement> {
    serde_yaml_ng::from_str(SOURCE).expect("assets/crosswalk.yaml is valid (tested)")
}

/// The documents the crosswalk reads headings from.
pub fn documents() -> Vec<String> {
    let mut v: Vec<String> = requirements().into_iter().map(|r| r.doc).collect();
    v.dedup();
    v.sort();
    v.dedup();
    v
}

/// The ATX headings of a Markdown text outside code blocks, with their
/// levels (1 for `#`).
fn leveled_headings(md: &str) -> Vec<(usize, String)> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            out.push((
                hashes,
                t[hashes..].trim().trim_end_matches('#').trim().to_string(),
            ));
        }
    }
    out
}

/// The heading whose text without its number is `want`, printed with the
/// numbers of the sections above it when its own number does not carry them
/// (「肆、二、計畫啟動」; "4.2 Invoking the plan" stays as it is).
pub fn find_heading(md: &str, want: &str) -> Option<String> {
    let mut path: Vec<(usize, String)> = Vec::new();
    for (level, h) in leveled_headings(md) {
        path.retain(|(l, _)| *l < level);
        if unnumbered(&h) == want {
            let number = &h[..h.len() - unnumbered(&h).len()];
            if number.is_empty() || number.starts_with(|c: char| c.is_ascii_digit()) {
                return Some(h);
            }
            let prefix: String = path
                .iter()
                .filter(|(l, _)| *l > 1)
                .map(|(_, p)| p[..p.len() - unnumbered(p).len()].trim_end())
                .collect();
            return Some(format!("{prefix}{h}"));
        }
        path.push((level, h));
    }
    None
}

/// A heading without its number: 「肆、」「三、」「（一）」, "4.", "4.1".
pub fn unnumbered(h: &str) -> &str {
    const NUMERALS: &str = "壹貳參肆伍陸柒捌玖拾一二三四五六七八九十百";
    let t = h.trim();
    if let Some(rest) = t.strip_prefix('（') {
        if let Some((n, after)) = rest.split_once('）') {
            if !n.is_empty() && n.chars().all(|c| NUMERALS.contains(c)) {
                return after.trim_start();
            }
        }
    }
    let n: usize = t
        .char_indices()
        .take_while(|(_, c)| NUMERALS.contains(*c) || c.is_ascii_digit() || *c == '.')
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    if n == 0 {
        return t;
    }
    let rest = &t[n..];
    if let Some(r) = rest.strip_prefix('、') {
        return r.trim_start();
    }
    if rest.starts_with(' ') {
        return rest.trim_start();
    }
    t
}

/// The incident regulation in force, as the crosswalk names it.
#[derive(Debug, Default)]
pub struct Regulation {
    pub name: String,
    /// Article per topic, in the document's locale.
    pub articles: BTreeMap<String, String>,
}

impl Regulation {
    /// Reads the `rules` value of the template context.
    pub fn from_context(rules: Option<&tera::Value>) -> Self {
        let Some(r) = rules else {
            return Self::default();
        };
        Regulation {
            name: r["name"].as_str().unwrap_or_default().to_string(),
            articles: r["articles"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// The rows for `locale`, reading the rendered documents through `doc`;
/// `rules` is the incident regulation in force.
pub fn rows<'a>(
    locale: &str,
    doc: &dyn Fn(&str) -> Option<&'a Rendered>,
    rules: &Regulation,
) -> Vec<Row> {
    let pick = |m: &BTreeMap<String, String>| {
        m.get(locale)
            .or_else(|| m.get("en"))
            .cloned()
            .unwrap_or_default()
    };
    requirements()
        .into_iter()
        .map(|r| {
            let rendered = doc(&r.doc);
            let (heading, covered) = match (&r.heading, rendered) {
                (_, None) => (None, false),
                (None, Some(_)) => (None, true),
                (Some(h), Some(d)) => {
                    let found = find_heading(&d.markdown, &pick(h));
                    let ok = found.is_some();
                    (found, ok)
                }
            };
            let is_rules = r.framework == "rules";
            Row {
                framework: if is_rules {
                    rules.name.clone()
                } else {
                    r.framework.clone()
                },
                clause: match (&r.topic, is_rules) {
                    (Some(t), true) => rules.articles.get(t).cloned().unwrap_or_default(),
                    _ => r.clause.clone(),
                },
                title: pick(&r.title),
                doc: r.doc.clone(),
                heading,
                covered,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_parse_and_name_documents_of_the_set() {
        let reqs = requirements();
        assert!(reqs.len() > 10);
        for r in &reqs {
            assert!(crate::docs::find(&r.doc).is_some(), "{}", r.doc);
            assert!(r.title.contains_key("zh-TW") && r.title.contains_key("en"));
            if let Some(h) = &r.heading {
                assert!(h.contains_key("zh-TW") && h.contains_key("en"));
            }
            if r.framework == "rules" {
                let topic = r.topic.as_deref().expect("a rules row names its topic");
                let known: crate::model::ArticleTopic =
                    serde_yaml_ng::from_str(topic).expect("a known topic");
                let _ = known;
            }
        }
    }

    #[test]
    fn numbers_are_stripped() {
        assert_eq!(unnumbered("肆、應變處理"), "應變處理");
        assert_eq!(unnumbered("三、通報及聯繫"), "通報及聯繫");
        assert_eq!(unnumbered("（一）緊急聯絡順序"), "緊急聯絡順序");
        assert_eq!(unnumbered("4.2 Invoking the plan"), "Invoking the plan");
        assert_eq!(unnumbered("7. Validation"), "Validation");
        assert_eq!(unnumbered("Annexes"), "Annexes");
        assert_eq!(unnumbered("一般資訊"), "一般資訊");
    }

    #[test]
    fn headings_are_found_with_the_numbers_of_their_sections() {
        let md = "# 計畫\n## 肆、應變處理\n### 二、計畫啟動\n### 三、通報及聯繫\n#### （一）緊急聯絡順序\n## 伍、策略\n### 一、回復原則\n";
        assert_eq!(find_heading(md, "計畫啟動").unwrap(), "肆、二、計畫啟動");
        assert_eq!(
            find_heading(md, "緊急聯絡順序").unwrap(),
            "肆、三、（一）緊急聯絡順序"
        );
        assert_eq!(find_heading(md, "回復原則").unwrap(), "伍、一、回復原則");
        assert_eq!(find_heading(md, "應變處理").unwrap(), "肆、應變處理");
        let en = "# Plan\n## 4. Response\n### 4.2 Invoking the plan\n";
        assert_eq!(
            find_heading(en, "Invoking the plan").unwrap(),
            "4.2 Invoking the plan"
        );
        assert_eq!(find_heading(en, "Missing"), None);
    }

    #[test]
    fn headings_skip_code_blocks() {
        let md = "# A\n```\n# not\n```\n## 二、B\ntext #x\n";
        assert_eq!(
            leveled_headings(md),
            vec![(1, "A".to_string()), (2, "二、B".to_string())]
        );
    }
}
