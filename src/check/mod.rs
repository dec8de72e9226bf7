//! Check rules: what would make the plan fail, beyond what loading catches.
//!
//! Every rule has a stable kebab-case id (listed in README, "Check rules"), a
//! severity, a location (file, line, field path), a message and a hint. Dates
//! are judged against `as_of` so that a run is reproducible.
//!
//! Messages and hints come from the `check:` table of the locale files
//! (`locales/<locale>.yaml`): a rule calls `cx.warning("rule-id", &[("name",
//! &value), ..])` (or `cx.error`), which looks up `check.rule-id.message` and
//! `.hint` and fills in `{name}`. A rule with several wordings uses keys
//! `rule-id.variant`; the rule id is the part before the first dot. Phrases
//! built into a message use `cx.phrase(key, args)`. A test keeps every key used
//! here present in every locale with the same parameters.
//!
//! Errors are reserved for a plan that contradicts itself (an RTO it cannot
//! meet by construction); everything that ages (reviews, drills, contact data)
//! or is missing is a warning, so an outdated plan can still be printed to be
//! reviewed.

mod documents;
mod people;
mod plan;
mod processes;
mod records;
mod systems;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{FieldPath, Loaded};
use crate::locale::Locale;
use crate::model::{Locale as LocaleId, Person};
use chrono::{Months, NaiveDate};
use std::fmt::Display;

/// Runs every rule on loaded data (without load errors), judging dates against
/// `as_of`, with messages in the organization's language.
pub fn run(loaded: &Loaded, as_of: NaiveDate) -> Diagnostics {
    run_in(loaded, as_of, loaded.data.organization.locale)
}

/// Runs every rule, with messages and hints in `lang`.
pub fn run_in(loaded: &Loaded, as_of: NaiveDate, lang: LocaleId) -> Diagnostics {
    let mut cx = Ctx {
        l: loaded,
        as_of,
        text: Locale::get(lang),
        lang,
        out: Diagnostics::default(),
    };
    processes::check(&mut cx);
    systems::check(&mut cx);
    people::check(&mut cx);
    plan::check(&mut cx);
    documents::check(&mut cx);
    records::check(&mut cx);
    // The sources let the result render with excerpts on its own.
    for (file, text) in &loaded.sources {
        cx.out.add_source(file, text.clone());
    }
    cx.out
}

/// What the rules share: the data, the day of judgement and the findings.
pub(crate) struct Ctx<'a> {
    pub l: &'a Loaded,
    pub as_of: NaiveDate,
    /// The locale of the messages.
    pub text: Locale,
    /// Its id (for the rule sets' names in that language).
    pub lang: LocaleId,
    pub out: Diagnostics,
}

/// Named parameters of a message: `&[("process", &p.id), ("rto", &rto)]`.
pub(crate) type Args<'a> = &'a [(&'a str, &'a dyn Display)];

/// `template` with every `{name}` of `args` replaced by its value.
fn fill(template: &str, args: Args) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

impl Ctx<'_> {
    /// A warning of rule `key` (or `rule.variant`) with its message and hint
    /// from the locale's `check` table.
    pub fn warning(&self, key: &str, args: Args) -> Diagnostic {
        self.finding(Diagnostic::warning(self.message(key, args)), key, args)
    }

    /// An error of rule `key`, as `warning`.
    pub fn error(&self, key: &str, args: Args) -> Diagnostic {
        self.finding(Diagnostic::error(self.message(key, args)), key, args)
    }

    /// The message text of `key` alone, for a phrase built into another message.
    pub fn phrase(&self, key: &str, args: Args) -> String {
        self.message(key, args)
    }

    /// The label of an enum value in the message language.
    pub fn label(&self, kind: &str, value: &str) -> String {
        self.text.label(kind, value)
    }

    fn message(&self, key: &str, args: Args) -> String {
        match self.text.check.get(key) {
            Some(t) => fill(&t.message, args),
            None => key.to_string(),
        }
    }

    fn finding(&self, d: Diagnostic, key: &str, args: Args) -> Diagnostic {
        let rule = key.split('.').next().unwrap_or(key);
        let hint = self
            .text
            .check
            .get(key)
            .and_then(|t| t.hint.as_deref())
            .map(|h| fill(h, args));
        d.rule(rule).hint_opt(hint)
    }

    /// Records `d` at `sub` (a key path) below item `idx` of list `list`.
    pub fn at(&mut self, d: Diagnostic, list: &str, idx: usize, sub: &[&str]) {
        let d = self.l.diag_at(d, list, idx, sub);
        self.out.push(d);
    }

    /// Records `d` at `key` of item `idx` when the key is written (though
    /// empty), else at the item itself.
    pub fn at_key(&mut self, d: Diagnostic, list: &str, idx: usize, key: &str) {
        // Positions fall back to the nearest ancestor: a key is written when
        // its position differs from its item's.
        let written = self.l.origin(list, idx).is_some_and(|o| {
            let item = self.l.locate(&o.file, &o.path);
            let at = self.l.locate(&o.file, &o.path.key(key));
            at.is_some() && at != item
        });
        let sub: &[&str] = if written { &[key] } else { &[] };
        self.at(d, list, idx, sub);
    }

    /// Records `d` at `path` in the data file `name` (`organization.yaml`).
    pub fn in_file(&mut self, d: Diagnostic, name: &str, path: &FieldPath) {
        let file = self.l.dir.join(name).display().to_string();
        let loc = self.l.locate(&file, path);
        let d = d.in_file(file).at(loc).field(path.to_string());
        self.out.push(d);
    }

    /// The day `months` calendar months before `as_of`: anything older is overdue.
    pub fn months_ago(&self, months: u32) -> NaiveDate {
        crate::records::schedule::months_before(self.as_of, months)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.l.data.people.iter().find(|p| p.id == id)
    }

    /// `王小明 (wang-xm)`, or the id alone when it names nobody.
    pub fn person_name(&self, id: &str) -> String {
        match self.person(id) {
            Some(p) => format!("{} ({id})", p.name),
            None => id.to_string(),
        }
    }
}

/// True when an optional text is absent or blank.
pub(crate) fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// How many whole months lie between `from` and `to` (for messages).
pub(crate) fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    while from
        .checked_add_months(Months::new(n + 1))
        .is_some_and(|d| d <= to)
    {
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message key the rules use, from their source.
    fn keys_used() -> (Vec<String>, String) {
        let mut keys = Vec::new();
        let mut all = String::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check");
        for f in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            // Code only: the docs show the calls with made-up keys.
            let text: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            all.push_str(&text);
            for call in [".warning(", ".error(", ".phrase("] {
                for (at, _) in text.match_indices(call) {
                    let rest = text[at + call.len()..].trim_start();
                    if let Some(lit) = rest.strip_prefix('"') {
                        let key = &lit[..lit.find('"').unwrap()];
                        let slug = |c: char| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'
                        };
                        if !key.is_empty() && key.chars().all(slug) {
                            keys.push(key.to_string());
                        }
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        (keys, all)
    }

    fn params(s: &str) -> std::collections::BTreeSet<String> {
        s.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .collect()
    }

    #[test]
    fn every_message_key_is_in_every_locale_with_the_same_parameters() {
        let (keys, src) = keys_used();
        assert!(keys.len() > 20, "{keys:?}");
        let en = Locale::get(LocaleId::En);
        let zh = Locale::get(LocaleId::ZhTw);
        for k in &keys {
            assert!(en.check.contains_key(k), "en: no check.{k}");
            assert!(zh.check.contains_key(k), "zh-TW: no check.{k}");
        }
        assert_eq!(
            en.check.keys().collect::<Vec<_>>(),
            zh.check.keys().collect::<Vec<_>>(),
            "both locales have the same check keys"
        );
        for (k, e) in &en.check {
            assert!(
                src.contains(&format!("\"{k}\"")),
                "check.{k} is not used by any rule"
            );
            let z = &zh.check[k];
            assert_eq!(params(&e.message), params(&z.message), "check.{k}.message");
            assert_eq!(
                e.hint.as_deref().map(params),
                z.hint.as_deref().map(params),
                "check.{k}.hint"
            );
        }
    }

    #[test]
    fn parameters_are_filled() {
        let n = 4;
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", &"x"), ("b", &n)]),
            "x and 4, x"
        );
    }

    #[test]
    fn whole_months() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // A month after 31 January is the last day of February.
        assert_eq!(months_between(d("2026-01-31"), d("2026-02-28")), 1);
        assert_eq!(months_between(d("2026-01-31"), d("2026-02-27")), 0);
        assert_eq!(months_between(d("2026-01-15"), d("2026-02-15")), 1);
        assert_eq!(months_between(d("2025-11-22"), d("2026-11-22")), 12);
        assert_eq!(months_between(d("2026-11-22"), d("2025-11-22")), 0);
    }
}
