//! Diagnostics: errors and warnings with file, line, column, field path and hint.
//!
//! Rendered as text with source excerpts (via miette; coloured only on a
//! terminal) or as JSON for editors and CI.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column, byte offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Loc {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }
}

/// Removes ANSI colour sequences (to inspect a rendered line).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// All diagnostics of a run plus the sources they point into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    sources: BTreeMap<String, Arc<String>>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        if !self.items.contains(&d) {
            self.items.push(d);
        }
    }
    pub fn add_source(&mut self, file: &str, text: Arc<String>) {
        self.sources.insert(file.to_string(), text);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        self.sources.extend(other.sources);
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
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Diagnostics sorted by file, then position, errors first within a line.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, a.loc.map(|l| (l.line, l.column)), a.severity).cmp(&(
                &b.file,
                b.loc.map(|l| (l.line, l.column)),
                b.severity,
            ))
        });
        v
    }

    /// Human-readable report grouped by file, with source excerpts.
    pub fn render_text(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        let mut current_file: Option<&str> = None;
        for d in self.sorted() {
            if d.file.as_deref() != current_file {
                current_file = d.file.as_deref();
                if let Some(f) = current_file {
                    let _ = writeln!(out, "── {f}");
                }
            }
            let _ = writeln!(out, "{}", self.headline(d));
            if d.loc.is_none()
                || d.file
                    .as_ref()
                    .is_none_or(|f| !self.sources.contains_key(f))
            {
                if let Some(h) = &d.hint {
                    let _ = writeln!(out, "  hint: {h}");
                }
                out.push('\n');
                continue;
            }
            let mut md = MietteDiagnostic::new(String::new()).with_severity(match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            });
            if let Some(h) = &d.hint {
                md = md.with_help(h.clone());
            }
            let src = d
                .file
                .as_ref()
                .and_then(|f| self.sources.get(f).map(|s| (f, s)));
            let rendered = match (src, d.loc) {
                (Some((f, s)), Some(loc)) => {
                    md = md.with_label(LabeledSpan::new(
                        d.field.clone(),
                        loc.offset,
                        loc.len.max(1),
                    ));
                    let report = miette::Report::new(md)
                        .with_source_code(NamedSource::new(f.clone(), s.to_string()));
                    let mut buf = String::new();
                    let _ = handler.render_report(&mut buf, report.as_ref());
                    buf
                }
                _ => {
                    let report = miette::Report::new(md);
                    let mut buf = String::new();
                    let _ = handler.render_report(&mut buf, report.as_ref());
                    buf
                }
            };
            // The headline already says what and where; drop miette's empty title line.
            for line in rendered.lines().skip_while(|l| {
                let t = strip_ansi(l);
                let t = t.trim();
                t.is_empty()
                    || t.chars()
                        .all(|c| matches!(c, '×' | '⚠' | '☞' | 'x' | '!' | ' '))
            }) {
                out.push_str(line);
                out.push('\n');
            }
            out.push('\n');
        }
        let (e, w) = (self.errors(), self.warnings());
        let _ = writeln!(out, "{e} error(s), {w} warning(s)");
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
        serde_json::json!({
            "errors": self.errors(),
            "warnings": self.warnings(),
            "diagnostics": self.sorted(),
        })
    }
}
