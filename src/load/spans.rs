//! Source positions of every node of a YAML file, by field path.
//!
//! serde gives typed values but no positions; this walks the same text with
//! saphyr's event parser (which does not expand aliases, so it is cheap even
//! for an alias bomb) and records where each key and value starts.

use crate::diag::Loc;
use rustc_hash::FxHashMap;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
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

/// A position kept in the index: a [`Loc`] in 16 bytes.
#[derive(Debug, Clone, Copy, Default)]
struct Pos {
    line: u32,
    column: u32,
    offset: u32,
    len: u32,
}

impl Pos {
    fn of(loc: Loc) -> Pos {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Pos {
            line: n(loc.line),
            column: n(loc.column),
            offset: n(loc.offset),
            len: n(loc.len),
        }
    }
    fn loc(self) -> Loc {
        Loc {
            line: self.line as usize,
            column: self.column as usize,
            offset: self.offset as usize,
            len: self.len as usize,
        }
    }
}

/// One node of the file's tree of field paths.
#[derive(Debug, Clone, Copy, Default)]
struct Node {
    parent: u32,
    /// The step from the parent: a key's id or an index with [`INDEX`] set.
    step: u32,
    /// Position of the key naming it, when it is a mapping's value.
    key: Option<Pos>,
    /// Position of its value; `None` for a path that was only passed through.
    value: Option<Pos>,
}

/// The root node (the path of the document itself).
const ROOT: u32 = 0;
/// Marks a step that is a sequence index rather than a key id.
const INDEX: u32 = 1 << 31;

/// Positions of the nodes of one file.
///
/// Field paths are kept as a tree rather than one key per node: each node is
/// a number, a child is found by (parent, step), and the names of keys are
/// stored once each. Positions are resolved to line, column and byte offset
/// when the file is parsed, so nothing of the text is kept.
#[derive(Debug, Default)]
pub struct SpanIndex {
    nodes: Vec<Node>,
    /// The child of a node by (parent, step); a step is a key's id or a
    /// sequence index with [`INDEX`] set.
    children: FxHashMap<(u32, u32), u32>,
    /// Ids of key names, and the names by id.
    keys: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// The text of each plain (unquoted) scalar value that YAML could read as
    /// a number, as written: YAML reads `3.10` as the number 3.1, but a text
    /// field keeps what the user wrote.
    plain: FxHashMap<u32, Box<str>>,
    /// Keys given twice in one mapping: the path and the position of the repeat,
    /// with the line of the first.
    pub duplicates: Vec<(FieldPath, Loc, usize)>,
    /// The first alias (`*name`), where an alias bomb is reported.
    pub first_alias: Option<Loc>,
}

enum Frame {
    Map {
        node: u32,
        key: Option<(u32, Pos)>,
        /// Keys seen so far (by id), with the line each was first given on.
        seen: FxHashMap<u32, usize>,
    },
    Seq {
        node: u32,
        next: usize,
    },
}

/// What is needed only while a file is parsed: the text's line starts and
/// the byte offset of each character (saphyr counts characters).
struct Text {
    line_starts: Vec<usize>,
    char_to_byte: Vec<u32>,
    len: usize,
}

impl Text {
    fn new(text: &str) -> Text {
        Text {
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            char_to_byte: text
                .char_indices()
                .map(|(b, _)| u32::try_from(b).unwrap_or(u32::MAX))
                .collect(),
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.char_to_byte
            .get(char_index)
            .map_or(self.len, |&b| b as usize)
    }

    fn loc_of(&self, line: usize, col: usize, char_index: usize, len: usize) -> Loc {
        Loc {
            line: line.max(1),
            column: col + 1,
            offset: self.byte(char_index),
            len,
        }
    }

    fn span_loc(&self, span: Span) -> Loc {
        let s = span.start;
        let start = self.byte(s.index());
        let end = self.byte(span.end.index());
        // Keep the label on one line: cut at the first line break.
        let line_end = self
            .line_starts
            .get(s.line())
            .copied()
            .unwrap_or(self.len)
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
}

fn value_finished(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { next, .. }) => *next += 1,
        None => {}
    }
}

/// Whether YAML could read a plain scalar as a number: after an optional
/// sign it starts with a digit or a point (`.5`, `.inf`, `0x1F`).
fn number_like(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    t.starts_with(|c: char| c.is_ascii_digit() || c == '.')
}

impl SpanIndex {
    /// Parses `text`; a syntax error comes back with its position.
    pub fn build(text: &str) -> Result<SpanIndex, (String, Loc)> {
        let src = Text::new(text);
        let mut idx = SpanIndex {
            nodes: vec![Node::default()],
            ..SpanIndex::default()
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut docs = 0;
        for ev in Parser::new_from_str(text) {
            let (event, span) = ev.map_err(|e: ScanError| {
                let m = e.marker();
                (
                    e.info().to_string(),
                    src.loc_of(m.line(), m.col(), m.index(), 1),
                )
            })?;
            match event {
                Event::DocumentStart(_) => {
                    docs += 1;
                    if docs > 1 {
                        let loc = src.span_loc(span);
                        return Err((
                            "a data file holds one YAML document; found a second `---`".into(),
                            loc,
                        ));
                    }
                }
                Event::MappingStart(..) => {
                    let node = idx
                        .value_started(&stack, &src, span)
                        // A mapping used as a key: unusual; give it a placeholder name.
                        .unwrap_or_else(|| {
                            let k = idx.key_id("?");
                            idx.child(ROOT, k)
                        });
                    stack.push(Frame::Map {
                        node,
                        key: None,
                        seen: FxHashMap::default(),
                    });
                }
                Event::SequenceStart(..) => {
                    let node = idx.value_started(&stack, &src, span).unwrap_or_else(|| {
                        let k = idx.key_id("?");
                        idx.child(ROOT, k)
                    });
                    stack.push(Frame::Seq { node, next: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    value_finished(&mut stack);
                }
                Event::Scalar(value, style, ..) => {
                    if let Some(Frame::Map { key: None, .. }) = stack.last() {
                        let k = idx.key_id(&value);
                        let line = span.start.line();
                        let pos = Pos::of(src.span_loc(span));
                        if let Some(Frame::Map {
                            key, seen, node, ..
                        }) = stack.last_mut()
                        {
                            if let Some(first) = seen.get(&k) {
                                let path = idx.path_of(*node).key(&value);
                                idx.duplicates.push((path, pos.loc(), *first));
                            } else {
                                seen.insert(k, line);
                            }
                            *key = Some((k, pos));
                        }
                    } else if let Some(node) = idx.value_started(&stack, &src, span) {
                        if style == ScalarStyle::Plain && number_like(&value) {
                            idx.plain.entry(node).or_insert_with(|| value.into());
                        }
                        value_finished(&mut stack);
                    }
                }
                Event::Alias(_) => {
                    if idx.first_alias.is_none() {
                        idx.first_alias = Some(src.span_loc(span));
                    }
                    if let Some(Frame::Map { key: None, .. }) = stack.last() {
                        let k = idx.key_id("*alias");
                        let pos = Pos::of(src.span_loc(span));
                        if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                            *key = Some((k, pos));
                        }
                    } else if idx.value_started(&stack, &src, span).is_some() {
                        value_finished(&mut stack);
                    }
                }
                _ => {}
            }
        }
        idx.nodes.shrink_to_fit();
        idx.children.shrink_to_fit();
        idx.plain.shrink_to_fit();
        idx.keys.shrink_to_fit();
        Ok(idx)
    }

    /// The id of a key name.
    fn key_id(&mut self, name: &str) -> u32 {
        if let Some(&k) = self.keys.get(name) {
            return k;
        }
        let k = u32::try_from(self.names.len()).unwrap_or(INDEX - 1);
        self.keys.insert(name.into(), k);
        self.names.push(name.into());
        k
    }

    /// The child of `parent` by `step`, made when new.
    fn child(&mut self, parent: u32, step: u32) -> u32 {
        let next = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        let id = *self.children.entry((parent, step)).or_insert(next);
        if id == next {
            self.nodes.push(Node {
                parent,
                step,
                ..Node::default()
            });
        }
        id
    }

    /// The field path of a node (for messages).
    fn path_of(&self, node: u32) -> FieldPath {
        let mut steps = Vec::new();
        let mut at = node;
        while at != ROOT {
            let Some(n) = self.nodes.get(at as usize) else {
                break;
            };
            steps.push(n.step);
            at = n.parent;
        }
        FieldPath(
            steps
                .iter()
                .rev()
                .map(|&step| {
                    if step & INDEX != 0 {
                        Seg::Index((step & !INDEX) as usize)
                    } else {
                        Seg::Key(
                            self.names
                                .get(step as usize)
                                .map_or("?", |n| &**n)
                                .to_string(),
                        )
                    }
                })
                .collect(),
        )
    }

    /// Records the start of a value node; returns its node (None when it is a key).
    fn value_started(&mut self, stack: &[Frame], src: &Text, span: Span) -> Option<u32> {
        let (node, key) = match stack.last() {
            None => (ROOT, None),
            Some(Frame::Map { key: None, .. }) => return None,
            Some(Frame::Map {
                node,
                key: Some((k, kpos)),
                ..
            }) => (self.child(*node, *k), Some(*kpos)),
            Some(Frame::Seq { node, next }) => {
                let i = u32::try_from(*next).unwrap_or(INDEX - 1).min(INDEX - 1);
                (self.child(*node, INDEX | i), None)
            }
        };
        let n = &mut self.nodes[node as usize];
        if n.value.is_none() {
            n.key = key;
            n.value = Some(Pos::of(src.span_loc(span)));
        }
        Some(node)
    }

    /// The node at `path` and the deepest node on the way that has a position.
    fn find(&self, path: &FieldPath) -> (Option<u32>, Option<u32>) {
        let recorded = |n: u32| {
            self.nodes
                .get(n as usize)
                .is_some_and(|x| x.value.is_some())
        };
        let mut at = ROOT;
        let mut deepest = recorded(ROOT).then_some(ROOT);
        for seg in &path.0 {
            let step = match seg {
                Seg::Key(k) => match self.keys.get(k.as_str()) {
                    Some(&id) => id,
                    None => return (None, deepest),
                },
                Seg::Index(i) => match u32::try_from(*i) {
                    Ok(i) if i < INDEX => INDEX | i,
                    _ => return (None, deepest),
                },
            };
            match self.children.get(&(at, step)) {
                Some(&c) => at = c,
                None => return (None, deepest),
            }
            if recorded(at) {
                deepest = Some(at);
            }
        }
        (Some(at), deepest)
    }

    /// Position of the value at `path`, or of its nearest recorded ancestor.
    pub fn value(&self, path: &FieldPath) -> Option<Loc> {
        let (_, deepest) = self.find(path);
        deepest.and_then(|n| self.nodes[n as usize].value.map(Pos::loc))
    }

    /// The text of the plain (unquoted) scalar at `path`, as written, when YAML
    /// could read it as a number.
    pub fn plain_scalar(&self, path: &FieldPath) -> Option<&str> {
        let (node, _) = self.find(path);
        node.and_then(|n| self.plain.get(&n)).map(|s| &**s)
    }

    /// Position of the key naming `path` (falls back to the value).
    pub fn key(&self, path: &FieldPath) -> Option<Loc> {
        match self.find(path) {
            (Some(n), _) if self.nodes[n as usize].key.is_some() => {
                self.nodes[n as usize].key.map(Pos::loc)
            }
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
    fn repeats_number_texts_and_ancestors() {
        let text = "a:\n  - v: 3.10\n    w: P010\n    v: 2\n  - x: '7'\n";
        let idx = SpanIndex::build(text).unwrap();
        let item = FieldPath::root().key("a").index(0);
        assert_eq!(idx.plain_scalar(&item.key("v")), Some("3.10"));
        // Text YAML never reads as a number, and quoted scalars, are not kept.
        assert_eq!(idx.plain_scalar(&item.key("w")), None);
        assert_eq!(
            idx.plain_scalar(&FieldPath::root().key("a").index(1).key("x")),
            None
        );
        let (path, loc, first) = &idx.duplicates[0];
        assert_eq!(path.to_string(), "a[0].v");
        assert_eq!((loc.line, loc.column, *first), (4, 5, 2));
        // A path below what the file has falls back to its nearest ancestor.
        let deeper = item.key("w").key("nothing").index(3);
        let loc = idx.value(&deeper).unwrap();
        assert_eq!((loc.line, loc.column, loc.len), (3, 8, 4));
        assert_eq!(&text[loc.offset..loc.offset + loc.len], "P010");
        let key = idx.key(&item.key("w")).unwrap();
        assert_eq!((key.line, key.column), (3, 5));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let (msg, loc) = SpanIndex::build("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(!msg.is_empty());
        assert!(loc.line >= 1);
    }
}
