//! What a document's pages and file carry besides its body, and what its
//! typesetting tells the user: the labels of the document-control header,
//! the draft mark, the date embedded in the file and the producer named in
//! its metadata; the summary of a document's warnings (missing glyphs summed
//! up).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::Warning;
use crate::diag::Diagnostic;
use crate::locale::Locale;
use crate::model;

/// Labels of the document-control header ("文件編號", "文件名稱", "機密等級",
/// "版次", "發行日期", "頁次" or their English equivalents).
#[derive(Debug, Clone)]
pub struct HeaderLabels {
    pub number: String,
    pub title: String,
    pub classification: String,
    pub version: String,
    pub issued: String,
    pub page: String,
}

impl HeaderLabels {
    /// The labels in the locale's language (`header:` in the locale file).
    pub fn from_locale(loc: &Locale) -> HeaderLabels {
        let t = |k: &str| loc.text(&loc.header, k).to_string();
        HeaderLabels {
            number: t("number"),
            title: t("title"),
            classification: t("classification"),
            version: t("version"),
            issued: t("issued"),
            page: t("page"),
        }
    }
}

/// The mark a draft carries on every page (草案, DRAFT).
pub fn draft_mark(loc: &Locale) -> &str {
    loc.text(&loc.control, "draft")
}

/// "bcpgen VERSION", the producer named in metadata.
pub fn producer() -> String {
    format!("bcpgen {}", env!("CARGO_PKG_VERSION"))
}

/// The organization's UTC offset for embedded dates (Taiwan +08:00, else UTC).
pub fn org_offset(locale: model::Locale) -> FixedOffset {
    match locale {
        model::Locale::ZhTw => FixedOffset::east_opt(8 * 3600).expect("valid offset"),
        model::Locale::En => FixedOffset::east_opt(0).expect("valid offset"),
    }
}

/// The date embedded in a file: `SOURCE_DATE_EPOCH` when set, else the given
/// data date (midnight), never the clock.
pub fn stamp(date: Option<NaiveDate>, offset: FixedOffset) -> DateTime<FixedOffset> {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        if let Some(t) = DateTime::from_timestamp(epoch, 0) {
            return t.with_timezone(&offset);
        }
    }
    let d = date.unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"));
    offset
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("valid time"))
        .single()
        .expect("fixed offsets are unambiguous")
}

/// A document's typesetting warnings; missing glyphs come one per character
/// (a wrong --font would flood the terminal), so they are summed up.
pub(crate) fn summarize(ws: Vec<Warning>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (missing, other): (Vec<_>, Vec<_>) = ws
        .into_iter()
        .partition(|w| w.message.starts_with("no font has a glyph"));
    for w in other {
        out.push(Diagnostic::warning(w.message).in_file(format!("{}.pdf", w.document)));
    }
    if let Some(first) = missing.first() {
        let chars: Vec<String> = missing
            .iter()
            .filter_map(|w| {
                w.message
                    .rsplit_once(' ')
                    .map(|(_, c)| c.trim_matches('\'').to_string())
            })
            .collect();
        let shown: Vec<&str> = chars.iter().take(12).map(String::as_str).collect();
        let more = if chars.len() > shown.len() {
            format!(" and {} more", chars.len() - shown.len())
        } else {
            String::new()
        };
        let message = if missing.len() == 1 {
            first.message.clone()
        } else {
            format!(
                "no font has glyphs for {} characters: {}{more}; they are drawn as blanks",
                missing.len(),
                shown.join(" ")
            )
        };
        out.push(
            Diagnostic::warning(message)
                .in_file(format!("{}.pdf", first.document))
                .hint("install fonts-noto-cjk and fonts-dejavu-core, or pass a --font that covers these characters"),
        );
    }
    out
}
