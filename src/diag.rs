//! Diagnostics: errors and warnings with file, line, column, field path and hint.
//!
//! Rendered as text with source excerpts (coloured only on a terminal) or as
//! JSON for editors and CI.

use crate::cjk::display_width;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column, byte offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable rule id for check rules (`rto-exceeds-mtpd`); `None` for load errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub loc: Option<Loc>,
    /// Field path inside the file, e.g. `processes[3].rto`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The file could not be read or parsed: listed first, as the errors
    /// that follow from it are not shown.
    #[serde(skip)]
    pub cause: bool,
    /// An I/O failure (the file exists but cannot be read): exit code 3.
    #[serde(skip)]
    pub io: bool,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule: None,
            message: message.into(),
            file: None,
            loc: None,
            field: None,
            hint: None,
            cause: false,
            io: false,
        }
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
    pub fn at(mut self, loc: Option<Loc>) -> Self {
        self.loc = loc;
        self
    }
    pub fn field(mut self, field: impl Into<String>) -> Self {
        let f = field.into();
        if !f.is_empty() {
            self.field = Some(f);
        }
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
    /// Marks the error that kept a file from being read or parsed.
    pub fn cause(mut self) -> Self {
        self.cause = true;
        self
    }
    /// Marks an I/O failure (exit code 3).
    pub fn io(mut self) -> Self {
        self.io = true;
        self
    }
    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }
}

/// All diagnostics of a run plus the sources they point into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    /// Hashes of `items`, so that a repeat is found without comparing it
    /// with every diagnostic so far.
    seen: HashMap<u64, Vec<usize>>,
    /// How many of `items` `seen` holds.
    indexed: usize,
    sources: BTreeMap<String, Arc<String>>,
    /// Errors not shown because they only follow from a file that failed to parse.
    pub suppressed: usize,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        if self.indexed != self.items.len() {
            // `items` was changed from outside: index it again.
            self.seen.clear();
            for (i, x) in self.items.iter().enumerate() {
                self.seen.entry(hash_of(x)).or_default().push(i);
            }
            self.indexed = self.items.len();
        }
        let at = self.seen.entry(hash_of(&d)).or_default();
        if at.iter().any(|&i| self.items.get(i) == Some(&d)) {
            return;
        }
        at.push(self.items.len());
        self.items.push(d);
        self.indexed += 1;
    }
    pub fn add_source(&mut self, file: &str, text: Arc<String>) {
        self.sources.insert(file.to_string(), text);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        self.sources.extend(other.sources);
        self.suppressed += other.suppressed;
    }
    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }
    /// True when a file could not be read (exit code 3 rather than 1).
    pub fn has_io_errors(&self) -> bool {
        self.items
            .iter()
            .any(|d| d.io && d.severity == Severity::Error)
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Diagnostics sorted by file, then position, errors first within a line;
    /// files that could not be read or parsed come first of all.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        let cause_files: Vec<&Option<String>> =
            v.iter().filter(|d| d.cause).map(|d| &d.file).collect();
        let first = |d: &Diagnostic| !cause_files.contains(&&d.file);
        v.sort_by(|a, b| {
            (
                first(a),
                &a.file,
                a.loc.map(|l| (l.line, l.column)),
                a.severity,
            )
                .cmp(&(
                    first(b),
                    &b.file,
                    b.loc.map(|l| (l.line, l.column)),
                    b.severity,
                ))
        });
        v
    }

    /// Human-readable report grouped by file, with source excerpts.
    pub fn render_text(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let mut out = String::new();
        let mut current_file: Option<&str> = None;
        // Line starts of each file, found once however many diagnostics point into it.
        let mut starts: HashMap<&str, LineStarts> = HashMap::new();
        for d in self.sorted() {
            if d.file.as_deref() != current_file {
                current_file = d.file.as_deref();
                if let Some(f) = current_file {
                    let _ = writeln!(out, "{}", paint("1", &format!("── {}", escape_controls(f))));
                }
            }
            let tone = match d.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
            };
            let _ = writeln!(out, "{}", paint(tone, &escape_controls(&self.headline(d))));
            let src = d
                .file
                .as_deref()
                .and_then(|f| Some((f, self.sources.get(f)?)));
            if let (Some((file, text)), Some(loc)) = (src, d.loc) {
                let lines = starts.entry(file).or_insert_with(|| LineStarts::new(text));
                excerpt(
                    &mut out,
                    text,
                    lines,
                    loc,
                    d.field.as_deref().unwrap_or(""),
                    &|t| paint(tone, t),
                );
            }
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "  {} {}", paint("1;36", "hint:"), escape_controls(h));
            }
            out.push('\n');
        }
        let (e, w) = (self.errors(), self.warnings());
        let _ = write!(out, "{e} error(s), {w} warning(s)");
        if self.suppressed > 0 {
            let _ = write!(
                out,
                ", and {} error(s) that follow from a file that could not be read or parsed (not shown)",
                self.suppressed
            );
        }
        out.push('\n');
        out
    }

    /// One line per diagnostic: `file:line:col: severity: field: message`.
    pub fn headline(&self, d: &Diagnostic) -> String {
        let mut s = String::new();
        if let Some(f) = &d.file {
            s.push_str(f);
            if let Some(l) = d.loc {
                let _ = write!(s, ":{}:{}", l.line, l.column);
            }
            s.push_str(": ");
        }
        s.push_str(match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        });
        if let Some(r) = &d.rule {
            let _ = write!(s, "[{r}]");
        }
        s.push_str(": ");
        if let Some(field) = &d.field {
            let _ = write!(s, "{field}: ");
        }
        s.push_str(&d.message);
        s
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "errors": self.errors(),
            "warnings": self.warnings(),
            "diagnostics": self.sorted(),
        });
        if self.suppressed > 0 {
            v["suppressed"] = self.suppressed.into();
        }
        v
    }
}

/// Byte offsets where the lines of a text start, for finding any line
/// without splitting the whole text again.
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> Self {
        LineStarts(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// Line `i` (0-based) of `text` without its line break, as
    /// [`str::lines`] gives it: a trailing `\r` is dropped and there is no
    /// line after a final line break.
    pub fn line<'t>(&self, text: &'t str, i: usize) -> Option<&'t str> {
        let start = *self.0.get(i)?;
        if start >= text.len() {
            return None;
        }
        let end = self.0.get(i + 1).map_or(text.len(), |&e| e - 1);
        let line = text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

fn hash_of(d: &Diagnostic) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    d.hash(&mut h);
    h.finish()
}

/// The offending line with the line before it, and a caret under the span
/// (aligned in display columns: CJK characters are two columns wide).
fn excerpt(
    out: &mut String,
    text: &str,
    lines: &LineStarts,
    loc: Loc,
    label: &str,
    paint: &dyn Fn(&str) -> String,
) {
    let Some(line) = lines.line(text, loc.line.saturating_sub(1)) else {
        return;
    };
    let width = (loc.line + 1).to_string().len();
    if loc.line >= 2 {
        if let Some(prev) = lines.line(text, loc.line - 2) {
            let _ = writeln!(
                out,
                "  {:>width$} │ {}",
                loc.line - 1,
                escape_controls(prev.trim_end())
            );
        }
    }
    let _ = writeln!(
        out,
        "  {:>width$} │ {}",
        loc.line,
        escape_controls(line.trim_end())
    );
    let before = escape_controls(
        &line
            .chars()
            .take(loc.column.saturating_sub(1))
            .collect::<String>(),
    )
    .into_owned();
    let span: String = escape_controls(
        &text
            .get(loc.offset..loc.offset + loc.len)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c != '\n')
            .collect::<String>(),
    )
    .into_owned();
    let pad = display_width(&before);
    let carets = "^".repeat(display_width(&span).max(1));
    let _ = writeln!(
        out,
        "  {:>width$} │ {}{} {}",
        "",
        " ".repeat(pad),
        paint(&carets),
        paint(label)
    );
}

/// True for the control characters data must not hold: C0 (but tab and line
/// feed), DEL and C1. A terminal would act on them (escape sequences).
pub fn is_forbidden_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// Shows control characters as `\u{1b}` so that printing a message cannot
/// drive the terminal. Tabs and line feeds are kept.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_forbidden_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_forbidden_control(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_give_the_lines_that_str_lines_gives() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "一二\n三\r\n\nx",
            "a\n\n",
        ] {
            let starts = LineStarts::new(text);
            let want: Vec<&str> = text.lines().collect();
            let got: Vec<&str> = (0..want.len() + 2)
                .map_while(|i| starts.line(text, i))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn a_repeated_diagnostic_is_kept_once() {
        let mut ds = Diagnostics::default();
        let d = Diagnostic::warning("w").in_file("a.yaml");
        ds.push(d.clone());
        ds.push(Diagnostic::warning("other").in_file("a.yaml"));
        ds.push(d.clone());
        assert_eq!(ds.items.len(), 2);
        // Pushed from outside, then again through `push`.
        ds.items.push(Diagnostic::error("e"));
        ds.push(Diagnostic::error("e"));
        assert_eq!(ds.items.len(), 3);
    }
}
