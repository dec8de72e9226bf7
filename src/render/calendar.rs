//! Dates and durations in the organization's calendar and locale.

use crate::locale::Locale;
use crate::model::{Calendar, Duration};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// How a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// 中華民國115年5月5日 / 2026-05-05
    Long,
    /// 115/05/05 / 2026-05-05
    Short,
}

pub fn format_date(d: NaiveDate, cal: Calendar, style: DateStyle) -> String {
    match (cal, style) {
        (Calendar::Roc, DateStyle::Long) => {
            format!(
                "中華民國{}年{}月{}日",
                roc_year(d.year()),
                d.month(),
                d.day()
            )
        }
        (Calendar::Roc, DateStyle::Short) => {
            format!("{}/{:02}/{:02}", roc_year(d.year()), d.month(), d.day())
        }
        (Calendar::Gregorian, _) => d.format("%Y-%m-%d").to_string(),
    }
}

/// A timestamp in the local time of its own offset.
pub fn format_datetime(t: DateTime<FixedOffset>, cal: Calendar, style: DateStyle) -> String {
    format!(
        "{} {}",
        format_date(t.date_naive(), cal, style),
        t.format("%H:%M")
    )
}

/// ROC year: 1912 is year 1. Years before 1912 are written 民前N年.
fn roc_year(y: i32) -> String {
    if y > 1911 {
        (y - 1911).to_string()
    } else {
        format!("前{}", 1912 - y)
    }
}

/// `1d12h` → `1日12小時` (zh-TW) or `1 d 12 h` (en).
pub fn format_duration(d: Duration, loc: &Locale) -> String {
    // A unit may be written `singular|plural` (English); otherwise it is used as is.
    let unit = |u: char, n: u64| -> String {
        let text = loc
            .duration_units
            .get(&u.to_string())
            .cloned()
            .unwrap_or_else(|| u.to_string());
        match text.split_once('|') {
            Some((one, many)) => {
                if n == 1 {
                    one.to_string()
                } else {
                    many.to_string()
                }
            }
            None => text,
        }
    };
    if d.minutes() == 0 {
        return format!("0{}", unit('m', 0));
    }
    let weeks = d.minutes() % (7 * 1440) == 0;
    let mut parts = Vec::new();
    for (u, n) in d.parts(weeks) {
        if n > 0 {
            parts.push(format!("{n}{}", unit(u, n)));
        }
    }
    parts.join(&loc.duration_separator)
}

/// Parses an ISO date or an RFC 3339 timestamp string from the context.
pub fn parse_date_or_time(s: &str) -> Option<(NaiveDate, Option<DateTime<FixedOffset>>)> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t.date_naive(), Some(t)));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| (d, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Locale as L;

    #[test]
    fn roc_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 5).unwrap();
        assert_eq!(
            format_date(d, Calendar::Roc, DateStyle::Long),
            "中華民國115年5月5日"
        );
        assert_eq!(format_date(d, Calendar::Roc, DateStyle::Short), "115/05/05");
        assert_eq!(
            format_date(d, Calendar::Gregorian, DateStyle::Long),
            "2026-05-05"
        );
        let t = DateTime::parse_from_rfc3339("2026-08-12T09:20:00+08:00").unwrap();
        assert_eq!(
            format_datetime(t, Calendar::Roc, DateStyle::Long),
            "中華民國115年8月12日 09:20"
        );
    }

    #[test]
    fn durations() {
        let zh = Locale::get(L::ZhTw);
        let en = Locale::get(L::En);
        let d = Duration::parse("1d12h").unwrap();
        assert_eq!(format_duration(d, &zh), "1日12小時");
        assert_eq!(format_duration(d, &en), "1 day 12 hours");
        assert_eq!(
            format_duration(Duration::parse("1h").unwrap(), &en),
            "1 hour"
        );
        assert_eq!(
            format_duration(Duration::parse("30m").unwrap(), &zh),
            "30分鐘"
        );
        assert_eq!(format_duration(Duration::parse("2w").unwrap(), &zh), "2週");
    }
}
