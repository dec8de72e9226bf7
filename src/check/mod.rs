//! Check rules: what would make the plan fail, beyond what loading catches.
//!
//! Every rule has a stable kebab-case id (listed in README, "Check rules"), a
//! severity, a location (file, line, field path), a message and a hint. Dates
//! are judged against `as_of` so that a run is reproducible.
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
use crate::model::Person;
use chrono::{Months, NaiveDate};

/// Runs every rule on loaded data (without load errors), judging dates against `as_of`.
pub fn run(loaded: &Loaded, as_of: NaiveDate) -> Diagnostics {
    let mut cx = Ctx {
        l: loaded,
        as_of,
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
    pub out: Diagnostics,
}

impl Ctx<'_> {
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
        self.as_of
            .checked_sub_months(Months::new(months))
            .unwrap_or(NaiveDate::MIN)
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
