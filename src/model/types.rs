//! Value types of the data contract: durations, dates, timestamps, ids.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
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
    /// The longest duration the data may give: ten years (`3650d`). Longer
    /// values are typing slips, and date arithmetic stays far from overflow.
    pub const MAX: Duration = Duration::from_minutes(3650 * 24 * 60);

    /// As a chrono duration (saturating: never panics).
    pub fn to_chrono(self) -> chrono::TimeDelta {
        i64::try_from(self.minutes)
            .ok()
            .and_then(chrono::TimeDelta::try_minutes)
            .unwrap_or(chrono::TimeDelta::MAX)
    }

    /// `t` plus this duration; the latest representable time if that overflows.
    pub fn after(self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        t.checked_add_signed(self.to_chrono())
            .unwrap_or_else(|| DateTime::<chrono::Utc>::MAX_UTC.with_timezone(t.offset()))
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
            let too_long = || "longer than the limit of 3650d (ten years)".to_string();
            let n: u64 = digits.parse().map_err(|_| too_long())?;
            total = n
                .checked_mul(mult)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(too_long)?;
            digits.clear();
        }
        if !digits.is_empty() {
            return Err(format!("number `{digits}` has no unit"));
        }
        if total > Duration::MAX.minutes {
            return Err("longer than the limit of 3650d (ten years)".into());
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

/// Parses an ISO date (`2026-05-05`) or an explicit ROC date
/// (`民國115年5月5日`, also with `中華民國`). A year of one to three digits
/// (`115-05-05`) is refused with the Gregorian date it likely means.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    if let Some(d) = parse_roc_date(t) {
        return d;
    }
    let year_digits = t.split('-').next().unwrap_or("");
    if year_digits.len() < 4
        && !year_digits.is_empty()
        && year_digits.bytes().all(|b| b.is_ascii_digit())
    {
        let roc: i32 = year_digits.parse().unwrap_or(0);
        let rest = &t[year_digits.len()..];
        let hint = if (1..=200).contains(&roc) {
            format!(
                "; if {roc} is an ROC (民國) year, write {}{rest} or 民國{roc}年…",
                roc + 1911
            )
        } else {
            String::new()
        };
        return Err(format!(
            "invalid date `{s}`: the year needs four digits{hint}"
        ));
    }
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|e| format!("invalid date `{s}`: {e}; write an ISO date such as 2026-05-05"))?;
    if !(1900..=2999).contains(&d.year()) {
        return Err(format!(
            "invalid date `{s}`: the year {} is out of range; write an ISO date such as 2026-05-05",
            d.year()
        ));
    }
    Ok(d)
}

/// `民國115年5月5日` or `中華民國115年5月5日` (digits ASCII or full-width).
fn parse_roc_date(t: &str) -> Option<Result<NaiveDate, String>> {
    let rest = t
        .strip_prefix("中華民國")
        .or_else(|| t.strip_prefix("民國"))?;
    let ascii: String = rest
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    let bad = || format!("invalid date `{t}`: write 民國115年5月5日 or the ISO date 2026-05-05");
    let parse = || -> Option<NaiveDate> {
        let (y, rest) = ascii.split_once('年')?;
        let (m, rest) = rest.split_once('月')?;
        let d = rest.strip_suffix('日')?;
        let y: i32 = y.trim().parse().ok()?;
        if !(1..=1000).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y + 1911, m.trim().parse().ok()?, d.trim().parse().ok()?)
    };
    Some(parse().ok_or_else(bad))
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
    "anyOf": [
        { "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
        { "pattern": "^(中華)?民國[0-9０-９]{1,3}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日$" }
    ],
    "description": "An ISO date (2026-05-05), or an ROC date written out (民國115年5月5日).",
    "examples": ["2026-05-05", "民國115年5月5日"]
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
    "description": "Text; an unquoted number is kept as written (version: 3.10, mobile: +886912000111)."
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
        assert_eq!(Duration::parse("3650d").unwrap(), Duration::MAX);
        for long in ["3651d", "99999999999d", "99999999999999999999999m", "1000w"] {
            let e = Duration::parse(long).unwrap_err();
            assert!(e.contains("limit of 3650d"), "{long}: {e}");
        }
    }

    #[test]
    fn chrono_arithmetic_saturates() {
        let t = parse_timestamp("9999-12-31T23:00:00+08:00").unwrap();
        let huge = Duration::from_minutes(u64::MAX);
        assert_eq!(huge.to_chrono(), chrono::TimeDelta::MAX);
        assert!(huge.after(t) >= t);
        assert!(Duration::MAX.after(t) > t);
    }

    #[test]
    fn roc_dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_date("民國115年5月5日").unwrap(), d(2026, 5, 5));
        assert_eq!(
            parse_date("中華民國115年12月31日").unwrap(),
            d(2026, 12, 31)
        );
        assert_eq!(parse_date("民國１１５年５月５日").unwrap(), d(2026, 5, 5));
        let e = parse_date("115-05-05").unwrap_err();
        assert!(e.contains("2026-05-05"), "{e}");
        assert!(parse_date("民國115年2月30日").is_err());
        assert!(parse_date("0115-05-05").is_err());
        assert!(parse_date("2026-05-05").is_ok());
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
