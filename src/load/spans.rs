//! Source positions of every node of a YAML file, by field path.
//!
//! serde gives typed values but no positions; this walks the same text with
//! saphyr's event parser (which does not expand aliases, so it is cheap even
//! for an alias bomb) and records where each key and value starts.

use crate::diag::Loc;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::collections::HashMap;
use std::fmt;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A field path such as `processes[3].rto`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
    pub fn parent(&self) -> Self {
        let mut p = self.clone();
        p.0.pop();
        p
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy)]
struct NodePos {
    key: Option<Span>,
    value: Span,
}

/// Positions of the nodes of one file.
#[derive(Debug, Default)]
pub struct SpanIndex {
    nodes: HashMap<FieldPath, NodePos>,
    /// Byte offset of the start of each line (0-based line index).
    line_starts: Vec<usize>,
    text_len: usize,
    char_to_byte: Vec<usize>,
    /// The text of each plain (unquoted) scalar value as written: YAML reads
    /// `3.10` as the number 3.1, but a text field keeps what the user wrote.
    plain: HashMap<FieldPath, String>,
    /// Keys given twice in one mapping: the path and the position of the repeat,
    /// with the line of the first.
    pub duplicates: Vec<(FieldPath, Loc, usize)>,
    /// The first alias (`*name`), where an alias bomb is reported.
    pub first_alias: Option<Loc>,
}

enum Frame {
    Map {
        path: FieldPath,
        key: Option<(String, Span)>,
        /// Keys seen so far, with the line each was first given on.
        seen: HashMap<String, usize>,
    },
    Seq {
        path: FieldPath,
        next: usize,
    },
}

impl SpanIndex {
    /// Parses `text`; a syntax error comes back with its position.
    pub fn build(text: &str) -> Result<SpanIndex, (String, Loc)> {
        let mut idx = SpanIndex {
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            text_len: text.len(),
            char_to_byte: text.char_indices().map(|(b, _)| b).collect(),
            nodes: HashMap::new(),
            plain: HashMap::new(),
            duplicates: Vec::new(),
            first_alias: None,
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut docs = 0;
        for ev in Parser::new_from_str(text) {
            let (event, span) = ev.map_err(|e: ScanError| {
                let m = e.marker();
                (
                    e.info().to_string(),
                    idx.loc_of(m.line(), m.col(), m.index(), 1),
                )
            })?;
            match event {
                Event::DocumentStart(_) => {
                    docs += 1;
                    if docs > 1 {
                        let loc = idx.span_loc(span);
                        return Err((
                            "a data file holds one YAML document; found a second `---`".into(),
                            loc,
                        ));
                    }
                }
                Event::MappingStart(..) => {
                    let path = idx
                        .value_started(&mut stack, span)
                        // A mapping used as a key: unusual; give it a placeholder name.
                        .unwrap_or_else(|| FieldPath(vec![Seg::Key("?".into())]));
                    stack.push(Frame::Map {
                        path,
                        key: None,
                        seen: HashMap::new(),
                    });
                }
                Event::SequenceStart(..) => {
                    if let Some(path) = idx.value_started(&mut stack, span) {
                        stack.push(Frame::Seq { path, next: 0 });
                    } else {
                        stack.push(Frame::Seq {
                            path: FieldPath(vec![Seg::Key("?".into())]),
                            next: 0,
                        });
                    }
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    idx.value_finished(&mut stack);
                }
                Event::Scalar(value, style, ..) => {
                    if let Some(Frame::Map {
                        key: key @ None,
                        seen,
                        path,
                    }) = stack.last_mut()
                    {
                        let line = span.start.line();
                        if let Some(first) = seen.get(value.as_ref()) {
                            let loc = idx.span_loc(span);
                            idx.duplicates.push((path.key(&value), loc, *first));
                        } else {
                            seen.insert(value.to_string(), line);
                        }
                        *key = Some((value.to_string(), span));
                    } else if let Some(path) = idx.value_started(&mut stack, span) {
                        if style == ScalarStyle::Plain {
                            idx.plain.entry(path).or_insert_with(|| value.to_string());
                        }
                        idx.value_finished(&mut stack);
                    }
                }
                Event::Alias(_) => {
                    if idx.first_alias.is_none() {
                        idx.first_alias = Some(idx.span_loc(span));
                    }
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some(("*alias".into(), span));
                    } else if idx.value_started(&mut stack, span).is_some() {
                        idx.value_finished(&mut stack);
                    }
                }
                _ => {}
            }
        }
        Ok(idx)
    }

    /// Records the start of a value node; returns its path (None when it is a key).
    fn value_started(&mut self, stack: &mut [Frame], span: Span) -> Option<FieldPath> {
        let (path, key_span) = match stack.last() {
            None => (FieldPath::root(), None),
            Some(Frame::Map { key: None, .. }) => return None,
            Some(Frame::Map {
                path,
                key: Some((k, ks)),
                ..
            }) => (path.key(k), Some(*ks)),
            Some(Frame::Seq { path, next }) => (path.index(*next), None),
        };
        self.nodes.entry(path.clone()).or_insert(NodePos {
            key: key_span,
            value: span,
        });
        Some(path)
    }

    fn value_finished(&mut self, stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { next, .. }) => *next += 1,
            None => {}
        }
    }

    fn loc_of(&self, line: usize, col: usize, char_index: usize, len: usize) -> Loc {
        let offset = self
            .char_to_byte
            .get(char_index)
            .copied()
            .unwrap_or(self.text_len);
        Loc {
            line: line.max(1),
            column: col + 1,
            offset,
            len,
        }
    }

    fn span_loc(&self, span: Span) -> Loc {
        let s = span.start;
        let start = self
            .char_to_byte
            .get(s.index())
            .copied()
            .unwrap_or(self.text_len);
        let end = self
            .char_to_byte
            .get(span.end.index())
            .copied()
            .unwrap_or(self.text_len);
        // Keep the label on one line: cut at the first line break.
        let line_end = self
            .line_starts
            .get(s.line())
            .copied()
            .unwrap_or(self.text_len)
            .saturating_sub(1)
            .max(start);
        let len = end.min(line_end).saturating_sub(start).max(1);
        Loc {
            line: s.line().max(1),
            column: s.col() + 1,
            offset: start,
            len,
        }
    }

    /// Position of the value at `path`, or of its nearest recorded ancestor.
    pub fn value(&self, path: &FieldPath) -> Option<Loc> {
        let mut p = path.clone();
        loop {
            if let Some(n) = self.nodes.get(&p) {
                return Some(self.span_loc(n.value));
            }
            p.0.pop()?;
        }
    }

    /// The text of the plain (unquoted) scalar at `path`, as written.
    pub fn plain_scalar(&self, path: &FieldPath) -> Option<&str> {
        self.plain.get(path).map(String::as_str)
    }

    /// Position of the key naming `path` (falls back to the value).
    pub fn key(&self, path: &FieldPath) -> Option<Loc> {
        match self.nodes.get(path) {
            Some(NodePos { key: Some(k), .. }) => Some(self.span_loc(*k)),
            _ => self.value(path),
        }
    }

    /// Location of a byte offset (for errors found before parsing, e.g. bad UTF-8).
    pub fn loc_at_byte(text: &[u8], offset: usize) -> Loc {
        let before = &text[..offset.min(text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Loc {
            line,
            column,
            offset,
            len: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_nested_positions() {
        let text = "processes:\n  - id: P01\n    rto: 1d\n  - id: P02\n    systems: [S1, S2]\n";
        let idx = SpanIndex::build(text).unwrap();
        let p = FieldPath::root()
            .key("processes")
            .index(1)
            .key("systems")
            .index(1);
        let loc = idx.value(&p).unwrap();
        assert_eq!((loc.line, loc.column), (5, 19));
        let k = idx
            .key(&FieldPath::root().key("processes").index(0).key("rto"))
            .unwrap();
        assert_eq!((k.line, k.column), (3, 5));
        assert_eq!(p.to_string(), "processes[1].systems[1]");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let (msg, loc) = SpanIndex::build("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(!msg.is_empty());
        assert!(loc.line >= 1);
    }
}
