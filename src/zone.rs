//! The time zone timestamps are shown and calendar arithmetic is done in:
//! `organization.timezone` (an IANA name, through chrono-tz), Asia/Taipei for
//! a zh-TW organization that names none, or else the offset of the record's
//! own first timestamp.
//!
//! Deadlines are instants: hours are added to instants; only "one month
//! later" and "the end of the day" depend on the zone.

use chrono::{
    DateTime, FixedOffset, LocalResult, Months, NaiveDate, NaiveDateTime, Offset, TimeZone,
};
use chrono_tz::Tz;

/// A named zone (with its daylight-saving rules) or a fixed offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Named(Tz),
    Fixed(FixedOffset),
}

impl Zone {
    /// Parses an IANA zone name (`Asia/Taipei`, `Europe/Berlin`, `UTC`).
    pub fn parse(name: &str) -> Result<Zone, String> {
        name.parse::<Tz>()
            .map(Zone::Named)
            .map_err(|_| format!("unknown time zone `{name}`"))
    }

    /// The zone of `data`: its `organization.timezone`, Asia/Taipei for a
    /// zh-TW organization, else `fallback` (the offset a record is written in).
    pub fn of(data: &crate::model::Data, fallback: FixedOffset) -> Zone {
        if let Some(z) = data
            .organization
            .timezone
            .as_deref()
            .and_then(|n| Zone::parse(n).ok())
        {
            return z;
        }
        match data.organization.locale {
            crate::model::Locale::ZhTw => Zone::Named(chrono_tz::Asia::Taipei),
            _ => Zone::Fixed(fallback),
        }
    }

    /// `t` in this zone.
    pub fn local(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => t.with_timezone(tz).fixed_offset(),
            Zone::Fixed(o) => t.with_timezone(o),
        }
    }

    /// The calendar day of `t` in this zone.
    pub fn date(&self, t: DateTime<FixedOffset>) -> NaiveDate {
        self.local(t).date_naive()
    }

    /// The instant of local time `n` (a time skipped by a daylight-saving
    /// change moves forward past the gap; a repeated time takes the earlier).
    pub fn at(&self, n: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => {
                let mut probe = n;
                for _ in 0..4 {
                    match tz.from_local_datetime(&probe) {
                        LocalResult::Single(t) => return t.fixed_offset(),
                        LocalResult::Ambiguous(a, _) => return a.fixed_offset(),
                        LocalResult::None => probe += chrono::Duration::minutes(30),
                    }
                }
                let utc = tz.offset_from_utc_datetime(&n).fix();
                DateTime::from_naive_utc_and_offset(n - utc, utc)
            }
            Zone::Fixed(o) => DateTime::from_naive_utc_and_offset(n - *o, *o),
        }
    }

    /// The last second of day `d` (23:59:59): the instant a date-only `--as-of` stands for.
    pub fn end_of_day(&self, d: NaiveDate) -> DateTime<FixedOffset> {
        self.at(d.and_hms_opt(23, 59, 59).expect("valid time"))
    }

    /// The first second of day `d`.
    pub fn start_of_day(&self, d: NaiveDate) -> DateTime<FixedOffset> {
        self.at(d.and_hms_opt(0, 0, 0).expect("valid time"))
    }

    /// `t` plus `n` calendar months in this zone (the local time of day is
    /// kept; the 31st becomes the month's last day).
    pub fn add_months(&self, t: DateTime<FixedOffset>, n: u32) -> DateTime<FixedOffset> {
        let local = self.local(t).naive_local();
        match local.checked_add_months(Months::new(n)) {
            Some(m) => self.at(m),
            None => t,
        }
    }

    /// The IANA name, or the offset (`+08:00`).
    pub fn name(&self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(o) => o.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn shows_instants_in_the_zone() {
        let z = Zone::parse("Asia/Taipei").unwrap();
        let l = z.local(t("2026-08-11T20:30:00-05:00"));
        assert_eq!(l.to_rfc3339(), "2026-08-12T09:30:00+08:00");
        assert_eq!(z.date(t("2026-01-04T17:00:00Z")).to_string(), "2026-01-05");
        assert!(Zone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn months_keep_the_local_time_across_daylight_saving() {
        let z = Zone::parse("Europe/Berlin").unwrap();
        // 10:00 CET in March, a month later 10:00 CEST (one hour less between them).
        let a = t("2026-03-10T10:00:00+01:00");
        assert_eq!(z.add_months(a, 1).to_rfc3339(), "2026-04-10T10:00:00+02:00");
        // The 31st becomes the last day of a shorter month; leap years kept.
        let b = t("2028-01-31T12:00:00+01:00");
        assert_eq!(z.add_months(b, 1).to_rfc3339(), "2028-02-29T12:00:00+01:00");
        // A local time skipped by the spring change moves past the gap.
        let gap = z.at(NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap());
        assert_eq!(gap.to_rfc3339(), "2026-03-29T03:00:00+02:00");
    }
}
