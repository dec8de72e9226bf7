//! Template filters: dates, durations, enum labels, lists for table cells,
//! phone numbers. See `docs/template-context.md`.

use super::calendar::{self, DateStyle};
use super::escape;
use crate::locale::Locale;
use crate::model::{Calendar, Duration};
use std::collections::HashMap;
use std::sync::Arc;
use tera::{Filter, Tera, Value};

type Args = HashMap<String, Value>;

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn style(args: &Args) -> DateStyle {
    match args.get("style").and_then(Value::as_str) {
        Some("short") => DateStyle::Short,
        _ => DateStyle::Long,
    }
}

struct DateFilter {
    cal: Calendar,
    loc: Arc<Locale>,
    with_time: bool,
}

impl Filter for DateFilter {
    fn filter(&self, v: &Value, args: &Args) -> tera::Result<Value> {
        let Some(s) = text(v) else {
            return Ok(Value::String(self.loc.none.clone()));
        };
        let Some((d, t)) = calendar::parse_date_or_time(&s) else {
            return Err(tera::Error::msg(format!(
                "`date` filter: `{s}` is not a date"
            )));
        };
        let out = match (t, self.with_time) {
            (Some(t), true) => calendar::format_datetime(t, self.cal, style(args)),
            _ => calendar::format_date(d, self.cal, style(args)),
        };
        Ok(Value::String(out))
    }
}

struct DurFilter {
    loc: Arc<Locale>,
}

impl Filter for DurFilter {
    fn filter(&self, v: &Value, _: &Args) -> tera::Result<Value> {
        let Some(s) = text(v) else {
            return Ok(Value::String(self.loc.none.clone()));
        };
        let d = Duration::parse(&s)
            .map_err(|e| tera::Error::msg(format!("`dur` filter: `{s}`: {e}")))?;
        Ok(Value::String(calendar::format_duration(d, &self.loc)))
    }
}

struct LabelFilter {
    loc: Arc<Locale>,
}

impl Filter for LabelFilter {
    fn filter(&self, v: &Value, args: &Args) -> tera::Result<Value> {
        let kind = args
            .get("kind")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("`label` filter needs kind=\"…\""))?;
        if !self.loc.labels.contains_key(kind) {
            return Err(tera::Error::msg(format!(
                "`label` filter: unknown kind `{kind}`"
            )));
        }
        let Some(s) = text(v) else {
            return Ok(Value::String(self.loc.none.clone()));
        };
        Ok(Value::String(self.loc.label(kind, &s)))
    }
}

struct YesNo {
    loc: Arc<Locale>,
}

impl Filter for YesNo {
    fn filter(&self, v: &Value, _: &Args) -> tera::Result<Value> {
        Ok(Value::String(match v {
            Value::Bool(true) => self.loc.yes.clone(),
            Value::Bool(false) => self.loc.no.clone(),
            _ => self.loc.none.clone(),
        }))
    }
}

/// Joins a list into one table cell (items escaped), optionally bulleted.
struct JoinCell {
    bullet: &'static str,
    none: String,
}

impl Filter for JoinCell {
    fn filter(&self, v: &Value, _: &Args) -> tera::Result<Value> {
        let items: Vec<String> = match v {
            Value::Array(a) => a.iter().filter_map(text).collect(),
            Value::Null => Vec::new(),
            other => vec![text(other).unwrap_or_default()],
        };
        if items.is_empty() {
            return Ok(Value::String(self.none.clone()));
        }
        let parts: Vec<String> = items
            .iter()
            .map(|s| format!("{}{}", self.bullet, escape::markdown(s)))
            .collect();
        Ok(Value::String(parts.join("<br>")))
    }
    fn is_safe(&self) -> bool {
        true
    }
}

/// `(O) … <br>(H) … <br>(M) …` from a phones object.
struct PhonesFilter {
    none: String,
}

impl Filter for PhonesFilter {
    fn filter(&self, v: &Value, _: &Args) -> tera::Result<Value> {
        let mut parts = Vec::new();
        for (key, tag) in [("office", "(O)"), ("home", "(H)"), ("mobile", "(M)")] {
            if let Some(n) = v.get(key).and_then(text) {
                parts.push(format!("{tag} {}", escape::markdown(&n)));
            }
        }
        if parts.is_empty() {
            return Ok(Value::String(self.none.clone()));
        }
        Ok(Value::String(parts.join("<br>")))
    }
    fn is_safe(&self) -> bool {
        true
    }
}

struct Mermaid;

impl Filter for Mermaid {
    fn filter(&self, v: &Value, _: &Args) -> tera::Result<Value> {
        Ok(Value::String(escape::mermaid(&text(v).unwrap_or_default())))
    }
    fn is_safe(&self) -> bool {
        true
    }
}

struct Mask;

impl Filter for Mask {
    fn filter(&self, v: &Value, _: &Args) -> tera::Result<Value> {
        Ok(match text(v) {
            Some(s) => Value::String(mask_phone(&s)),
            None => Value::Null,
        })
    }
}

/// Replaces every digit but the last three with `*`, keeping separators.
pub fn mask_phone(s: &str) -> String {
    let total = s.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 3 <= total { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

pub fn register(tera: &mut Tera, loc: Arc<Locale>, cal: Calendar) {
    tera.register_filter(
        "date",
        DateFilter {
            cal,
            loc: loc.clone(),
            with_time: false,
        },
    );
    tera.register_filter(
        "datetime",
        DateFilter {
            cal,
            loc: loc.clone(),
            with_time: true,
        },
    );
    tera.register_filter("dur", DurFilter { loc: loc.clone() });
    tera.register_filter("label", LabelFilter { loc: loc.clone() });
    tera.register_filter("yesno", YesNo { loc: loc.clone() });
    tera.register_filter(
        "br",
        JoinCell {
            bullet: "",
            none: loc.none.clone(),
        },
    );
    tera.register_filter(
        "bullets",
        JoinCell {
            bullet: "• ",
            none: loc.none.clone(),
        },
    );
    tera.register_filter(
        "phones",
        PhonesFilter {
            none: loc.none.clone(),
        },
    );
    tera.register_filter("mmd", Mermaid);
    tera.register_filter("mask", Mask);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_last_three_digits() {
        assert_eq!(mask_phone("0900-000-111"), "****-***-111");
        assert_eq!(mask_phone("05-0001-234"), "**-****-234");
        assert_eq!(mask_phone("12"), "12");
    }
}
