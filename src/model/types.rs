//! Value types of the data contract: durations, dates, timestamps, ids.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A duration written as `30m`, `4h`, `1d`, `2w` or combinations (`1d12h`).
///
/// Stored in minutes; displayed back in the canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    minutes: u64,
}

impl Duration {
    pub const fn from_minutes(minutes: u64) -> Self {
        Duration { minutes }
    }
    pub const fn from_hours(hours: u64) -> Self {
        Duration {
            minutes: hours * 60,
        }
    }
    pub fn minutes(self) -> u64 {
        self.minutes
    }
    pub fn to_chrono(self) -> chrono::Duration {
        chrono::Duration::minutes(self.minutes as i64)
    }

    /// Parses the contract's grammar: one or more `<digits><unit>` with unit in
    /// `w d h m`, each unit at most once, largest first.
    pub fn parse(text: &str) -> Result<Self, String> {
        let s = text.trim();
        if s.is_empty() {
            return Err("empty duration".into());
        }
        let mut total: u64 = 0;
        let mut digits = String::new();
        let mut last_rank = 0u8;
        for c in s.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let (mult, rank) = match c {
                'w' => (7 * 24 * 60, 4),
                'd' => (24 * 60, 3),
                'h' => (60, 2),
                'm' => (1, 1),
                _ => return Err(format!("unexpected `{c}`")),
            };
            if digits.is_empty() {
                return Err(format!("missing number before `{c}`"));
            }
            if last_rank != 0 && rank >= last_rank {
                return Err("units must be given largest first, each once".into());
            }
            last_rank = rank;
            let n: u64 = digits.parse().map_err(|_| "number too large".to_string())?;
            total = n
                .checked_mul(mult)
                .and_then(|v| total.checked_add(v))
                .ok_or("duration too large")?;
            digits.clear();
        }
        if !digits.is_empty() {
            return Err(format!("number `{digits}` has no unit"));
        }
        Ok(Duration { minutes: total })
    }

    /// Splits into (weeks, days, hours, minutes) without weeks when `weeks` is false.
    pub fn parts(self, weeks: bool) -> [(char, u64); 4] {
        let mut m = self.minutes;
        let w = if weeks { m / (7 * 1440) } else { 0 };
        m -= w * 7 * 1440;
        let d = m / 1440;
        m -= d * 1440;
        let h = m / 60;
        m -= h * 60;
        [('w', w), ('d', d), ('h', h), ('m', m)]
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.minutes == 0 {
            return f.write_str("0m");
        }
        // Weeks only when the value is a whole number of weeks, as users write it.
        let weeks = self.minutes % (7 * 1440) == 0;
        for (unit, n) in self.parts(weeks) {
            if n > 0 {
                write!(f, "{n}{unit}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar_string(d)?;
        Duration::parse(&s).map_err(|why| {
            serde::de::Error::custom(format!(
                "invalid duration `{s}`: {why}; write e.g. 30m, 4h, 1d, 2w or 1d12h"
            ))
        })
    }
}

/// A calendar date written as ISO `2026-05-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar_string(d)?;
        parse_date(&s).map(Date).map_err(serde::de::Error::custom)
    }
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("invalid date `{s}`: {e}; write an ISO date such as 2026-05-05"))
}

/// A point in time written as RFC 3339 with an offset (`2026-08-12T09:20:00+08:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar_string(d)?;
        parse_timestamp(&s)
            .map(Timestamp)
            .map_err(serde::de::Error::custom)
    }
}

pub fn parse_timestamp(s: &str) -> Result<DateTime<FixedOffset>, String> {
    let t = s.trim();
    DateTime::parse_from_rfc3339(t).map_err(|e| {
        let no_offset = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").is_ok()
            || chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").is_ok()
            || chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").is_ok();
        if no_offset {
            format!("timestamp `{s}` has no UTC offset; write it as e.g. 2026-08-12T09:20:00+08:00")
        } else {
            format!("invalid timestamp `{s}`: {e}; write RFC 3339 with an offset, e.g. 2026-08-12T09:20:00+08:00")
        }
    })
}

/// A date or a timestamp (for fields where either precision is natural).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrTime {
    Date(NaiveDate),
    Time(DateTime<FixedOffset>),
}

impl Serialize for DateOrTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DateOrTime::Date(d) => s.collect_str(&d.format("%Y-%m-%d")),
            DateOrTime::Time(t) => s.collect_str(&t.to_rfc3339()),
        }
    }
}

impl<'de> Deserialize<'de> for DateOrTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar_string(d)?;
        if s.trim().len() <= 10 {
            parse_date(&s).map(DateOrTime::Date)
        } else {
            parse_timestamp(&s).map(DateOrTime::Time)
        }
        .map_err(serde::de::Error::custom)
    }
}

/// A clock time `HH:MM` (drill steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(pub chrono::NaiveTime);

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%H:%M"))
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar_string(d)?;
        chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M")
            .map(ClockTime)
            .map_err(|_| {
                serde::de::Error::custom(format!("invalid time `{s}`: write HH:MM, e.g. 09:05"))
            })
    }
}

/// Accepts a YAML scalar as text, whatever its inferred type (`2026-05-05`, `4h`, `2.4`).
fn scalar_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(V)
}

/// Text that may be written as a YAML number (`version: 2.4`) but is kept as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(transparent)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar_string(d).map(Text)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True when `s` is a valid id: ASCII letters, digits, `-`, `_`, not empty.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

// JSON Schema of the scalar types, as written in the YAML files.

macro_rules! string_schema {
    ($ty:ty, $name:literal, $schema:tt) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!($schema)
            }
        }
    };
}

string_schema!(Duration, "Duration", {
    "type": "string",
    "minLength": 2,
    "pattern": "^([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?$",
    "description": "A duration: minutes, hours, days, weeks, largest first (30m, 4h, 1d, 2w, 1d12h).",
    "examples": ["30m", "4h", "1d", "1d12h"]
});
string_schema!(Date, "Date", {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "An ISO date (2026-05-05).",
    "examples": ["2026-05-05"]
});
string_schema!(Timestamp, "Timestamp", {
    "type": "string",
    "format": "date-time",
    "description": "An RFC 3339 timestamp with a UTC offset (2026-08-12T09:20:00+08:00).",
    "examples": ["2026-08-12T09:20:00+08:00"]
});
string_schema!(DateOrTime, "DateOrTime", {
    "type": "string",
    "anyOf": [
        { "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
        { "format": "date-time" }
    ],
    "description": "An ISO date (2026-09-05) or an RFC 3339 timestamp with an offset."
});
string_schema!(ClockTime, "ClockTime", {
    "type": "string",
    "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
    "description": "A clock time HH:MM (09:05); quote it in YAML.",
    "examples": ["09:05"]
});
string_schema!(Text, "Text", {
    "type": ["string", "number"],
    "description": "Text; a number (version: 2.4) is read as text, but quote it (\"2.10\") to keep it as written."
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        for (s, m, back) in [
            ("30m", 30, "30m"),
            ("4h", 240, "4h"),
            ("1d", 1440, "1d"),
            ("2w", 20160, "2w"),
            ("1d12h", 2160, "1d12h"),
            ("5h30m", 330, "5h30m"),
            ("1w2d", 12960, "9d"),
        ] {
            let d = Duration::parse(s).unwrap();
            assert_eq!(d.minutes(), m, "{s}");
            assert_eq!(d.to_string(), back);
        }
        for bad in ["", "3x", "h", "12", "1h1d", "1h1h", "1.5h", "-1h"] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps_need_offsets() {
        assert!(parse_timestamp("2026-08-12T09:20:00+08:00").is_ok());
        let e = parse_timestamp("2026-08-12T09:20:00").unwrap_err();
        assert!(e.contains("no UTC offset"), "{e}");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("wang-xm"));
        assert!(is_slug("2026-DR_01"));
        assert!(!is_slug("../x"));
        assert!(!is_slug("王"));
        assert!(!is_slug(""));
    }
}
