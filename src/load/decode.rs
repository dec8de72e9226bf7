//! Typed deserialization that reports every error of a file, not just the first.
//!
//! Each item of a top-level list is decoded on its own. When decoding fails, the
//! error is recorded with its path and position, the offending node is removed,
//! and decoding is retried, so one item with three bad fields gives three errors.

use super::spans::{FieldPath, Seg, SpanIndex};
use crate::diag::{Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;
use serde_yaml_ng::Value;
use std::collections::HashMap;

/// Decoding context of one file.
pub struct FileCtx<'a> {
    pub file: &'a str,
    pub spans: &'a SpanIndex,
    pub diags: &'a mut Diagnostics,
}

impl FileCtx<'_> {
    pub fn error(&mut self, path: &FieldPath, message: impl Into<String>, hint: Option<String>) {
        let d = Diagnostic::error(message)
            .in_file(self.file)
            .at(self.spans.value(path))
            .field(path.to_string())
            .hint_opt(hint);
        self.diags.push(d);
    }
    pub fn error_at_key(
        &mut self,
        path: &FieldPath,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let d = Diagnostic::error(message)
            .in_file(self.file)
            .at(self.spans.key(path))
            .field(path.to_string())
            .hint_opt(hint);
        self.diags.push(d);
    }
    pub fn warning(&mut self, path: &FieldPath, message: impl Into<String>, hint: Option<String>) {
        let d = Diagnostic::warning(message)
            .in_file(self.file)
            .at(self.spans.value(path))
            .field(path.to_string())
            .hint_opt(hint);
        self.diags.push(d);
    }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<String> {
    // A typo is a few edits away (transpositions count once) or shares most of its letters in order.
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, f64, &str)> = None;
    for c in candidates {
        let edits = strsim::damerau_levenshtein(word, c);
        let similar = strsim::jaro_winkler(word, c);
        if edits > limit && similar < 0.85 {
            continue;
        }
        if best.is_none_or(|(e, s, _)| (edits, -similar) < (e, -s)) {
            best = Some((edits, similar, c));
        }
    }
    best.map(|(_, _, c)| format!("did you mean `{c}`?"))
}

/// Decodes `value` (found at `base`) into `T`, recording every error found.
/// Returns the value decoded after removing the bad optional parts, or None.
pub fn decode<T: DeserializeOwned>(
    value: &Value,
    base: &FieldPath,
    ctx: &mut FileCtx,
) -> Option<T> {
    let mut value = value.clone();
    // Original indices removed so far, per sequence (keyed by its original path).
    let mut removed: HashMap<FieldPath, Vec<usize>> = HashMap::new();
    // Keys removed after an error was reported for them (original paths).
    let mut reported: Vec<FieldPath> = Vec::new();
    for _ in 0..200 {
        let err = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(t) => return Some(t),
            Err(e) => e,
        };
        let cur: Vec<Seg> = err.path().iter().filter_map(to_seg).collect();
        let orig = to_original(base, &cur, &removed);
        let message = err.inner().to_string();
        let message = strip_position(&message);
        if let Some(field) = between_backticks(&message, "unknown field `") {
            let expected = expected_list(&message);
            // The path may or may not already end at the unknown key.
            let ends_at_key = matches!(cur.last(), Some(Seg::Key(k)) if *k == field);
            let key_path = if ends_at_key {
                orig.clone()
            } else {
                orig.key(&field)
            };
            let hint = did_you_mean(&field, expected.iter().map(String::as_str)).or_else(|| {
                (!expected.is_empty()).then(|| format!("allowed keys: {}", expected.join(", ")))
            });
            ctx.error_at_key(&key_path, format!("unknown key `{field}`"), hint);
            let mut cur_key = cur.clone();
            if !ends_at_key {
                cur_key.push(Seg::Key(field));
            }
            if !remove(&mut value, &cur_key, &mut removed, base) {
                return None;
            }
            continue;
        }
        if let Some(field) = between_backticks(&message, "missing field `") {
            // Missing because we removed it after reporting why: say nothing more.
            if !reported.contains(&orig.key(&field)) {
                ctx.error(&orig, format!("missing required key `{field}`"), None);
            }
            return None;
        }
        // A number where text is expected (`name: 2026`): the text as written.
        let number = match get(&value, &cur) {
            Some(Value::Number(n)) if message.ends_with("expected a string") => Some(n.to_string()),
            _ => None,
        };
        if let Some(text) = number {
            if set(&mut value, &cur, Value::String(text)) {
                continue;
            }
        }
        let variants = if message.contains("unknown variant") {
            expected_list(&message)
        } else {
            Vec::new()
        };
        let (message, hint) = explain(&message);
        ctx.error(&orig, message, hint);
        // A bad enum value is replaced by a valid one so the rest of the item is still
        // checked (the run fails anyway); anything else is removed.
        if let Some(first) = variants.first() {
            if set(&mut value, &cur, Value::String(first.clone())) {
                continue;
            }
        }
        reported.push(orig.clone());
        if cur.is_empty() || !remove(&mut value, &cur, &mut removed, base) {
            return None;
        }
    }
    None
}

fn to_seg(s: &serde_path_to_error::Segment) -> Option<Seg> {
    use serde_path_to_error::Segment::*;
    match s {
        Seq { index } => Some(Seg::Index(*index)),
        Map { key } => Some(Seg::Key(key.clone())),
        Enum { variant } => Some(Seg::Key(variant.clone())),
        Unknown => None,
    }
}

/// Maps a path in the current (pruned) value to the path in the file.
fn to_original(
    base: &FieldPath,
    cur: &[Seg],
    removed: &HashMap<FieldPath, Vec<usize>>,
) -> FieldPath {
    let mut p = base.clone();
    for s in cur {
        match s {
            Seg::Key(k) => p = p.key(k),
            Seg::Index(i) => {
                let mut orig = *i;
                if let Some(r) = removed.get(&p) {
                    let mut sorted = r.clone();
                    sorted.sort_unstable();
                    for rm in sorted {
                        if rm <= orig {
                            orig += 1;
                        }
                    }
                }
                p = p.index(orig);
            }
        }
    }
    p
}

/// The node at `cur`, if any.
fn get<'v>(value: &'v Value, cur: &[Seg]) -> Option<&'v Value> {
    let mut node = value;
    for s in cur {
        node = match (s, node) {
            (Seg::Key(k), Value::Mapping(m)) => m.get(k.as_str())?,
            (Seg::Index(i), Value::Sequence(v)) => v.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Replaces the node at `cur`; false when there is none.
fn set(value: &mut Value, cur: &[Seg], new: Value) -> bool {
    let mut node = value;
    for s in cur {
        node = match (s, node) {
            (Seg::Key(k), Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Index(i), Value::Sequence(v)) => match v.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    *node = new;
    true
}

/// Removes the node at `cur` from `value`; false when that is impossible.
fn remove(
    value: &mut Value,
    cur: &[Seg],
    removed: &mut HashMap<FieldPath, Vec<usize>>,
    base: &FieldPath,
) -> bool {
    let Some((last, parent)) = cur.split_last() else {
        return false;
    };
    let mut node = &mut *value;
    for s in parent {
        node = match (s, node) {
            (Seg::Key(k), Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Index(i), Value::Sequence(v)) => match v.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            (_, Value::Tagged(_)) => return false,
            _ => return false,
        };
    }
    match (last, node) {
        (Seg::Key(k), Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        (Seg::Index(i), Value::Sequence(v)) if *i < v.len() => {
            let orig_parent = to_original(base, parent, removed);
            let orig = to_original(base, cur, removed);
            if let Some(Seg::Index(oi)) = orig.0.last() {
                removed.entry(orig_parent).or_default().push(*oi);
            }
            v.remove(*i);
            true
        }
        _ => false,
    }
}

fn between_backticks(msg: &str, prefix: &str) -> Option<String> {
    let rest = &msg[msg.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The `expected one of `a`, `b`` list of a serde message.
fn expected_list(msg: &str) -> Vec<String> {
    let Some(pos) = msg.find("expected") else {
        return Vec::new();
    };
    msg[pos..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// serde_yaml_ng appends " at line X column Y" for stream errors; positions come from spans.
fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(p) => msg[..p].to_string(),
        None => msg.to_string(),
    }
}

/// Rewrites serde's messages for people who edit YAML, with a hint.
fn explain(msg: &str) -> (String, Option<String>) {
    if let Some(v) = between_backticks(msg, "unknown variant `") {
        let allowed = expected_list(msg);
        let hint = did_you_mean(&v, allowed.iter().map(String::as_str));
        let list = allowed.join(", ");
        return (format!("unknown value `{v}`; allowed: {list}"), hint);
    }
    if msg.contains("untagged enum PersonRef") {
        return (
            "expected a person id or a mapping {name, unit, phone}".into(),
            Some("e.g. `reporter: wang-xm` or `reporter: { name: 張志豪, unit: 民政課 }`".into()),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let expected = match expected {
            "a sequence" => "a list",
            "u8" | "u32" | "u64" => "a whole number",
            "a boolean" => "true or false",
            e if e.starts_with("struct ") => "a mapping of keys",
            e => e,
        };
        let found = found.replace("sequence", "list").replace("map", "mapping");
        return (format!("expected {expected}, found {found}"), None);
    }
    (msg.to_string(), None)
}
