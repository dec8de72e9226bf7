//! Load: a data directory of YAML files → the typed model, with diagnostics
//! that name file, line, column and field path. Every error of the run is
//! collected; nothing stops at the first one.

mod decode;
mod rules;
pub mod spans;
mod validate;

pub use decode::did_you_mean;
pub use rules::rule_set_errors;
pub use spans::{FieldPath, Seg, SpanIndex};

use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::model::*;
use decode::{FileCtx, decode};
use serde::de::DeserializeOwned;
use serde_yaml_ng::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest data file accepted (a continuity data file is a few KB).
const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The files of the contract and the top-level keys each holds.
pub const FILES: &[(&str, &[&str])] = &[
    (
        "organization.yaml",
        &["organization", "document_set", "policy"],
    ),
    ("people.yaml", &["people", "external"]),
    ("roles.yaml", &["roles"]),
    ("processes.yaml", &["processes"]),
    ("systems.yaml", &["systems"]),
    ("sites.yaml", &["sites"]),
    ("hazards.yaml", &["hazards"]),
    ("resources.yaml", &["resources"]),
];

/// Where an item of the model came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: String,
    pub path: FieldPath,
}

/// The result of loading: the model, the diagnostics, and positions.
#[derive(Debug, Default)]
pub struct Loaded {
    pub dir: PathBuf,
    pub data: Data,
    pub diags: Diagnostics,
    /// Origin of each item, by list name (`processes`) and index in `data`.
    pub origins: HashMap<&'static str, Vec<Origin>>,
    spans: HashMap<String, SpanIndex>,
    /// Newest modification of the data (for "last revised" on the index page).
    pub sources: BTreeMap<String, Arc<String>>,
    /// Files that exist but could not be read or parsed; errors that only
    /// follow from their absence (unknown ids they define) are not reported.
    pub failed: Vec<String>,
}

impl Loaded {
    /// The origin of item `idx` of list `list`.
    pub fn origin(&self, list: &str, idx: usize) -> Option<&Origin> {
        self.origins.get(list).and_then(|v| v.get(idx))
    }

    /// A diagnostic pointing at `sub` (a key path below item `idx` of `list`).
    pub fn diag_at(&self, mut d: Diagnostic, list: &str, idx: usize, sub: &[&str]) -> Diagnostic {
        if let Some(o) = self.origin(list, idx) {
            let mut p = o.path.clone();
            for s in sub {
                p = match s.parse::<usize>() {
                    Ok(i) => p.index(i),
                    Err(_) => p.key(s),
                };
            }
            d = d
                .in_file(o.file.clone())
                .at(self.locate(&o.file, &p))
                .field(p.to_string());
        }
        d
    }

    /// Position of the value at `path` in `file`.
    pub fn locate(&self, file: &str, path: &FieldPath) -> Option<Loc> {
        self.spans.get(file).and_then(|s| s.value(path))
    }
}

/// Loads every file of `dir`.
pub fn load_dir(dir: &Path) -> Loaded {
    let mut l = Loaded {
        dir: dir.to_path_buf(),
        ..Default::default()
    };
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            l.diags.push(
                Diagnostic::error(format!(
                    "`{}` is a file, not a data directory",
                    dir.display()
                ))
                .hint("pass the directory that holds organization.yaml"),
            );
            return l;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            l.diags.push(
                Diagnostic::error(format!("data directory `{}` not found", dir.display())).hint(
                    "run `bcpgen init DIR` to start a new data directory, or pass the right path",
                ),
            );
            return l;
        }
        Err(e) => {
            l.diags.push(
                Diagnostic::error(format!(
                    "cannot read the data directory `{}`: {e}",
                    dir.display()
                ))
                .io(),
            );
            return l;
        }
    }
    let mut have_org = false;
    for (name, keys) in FILES {
        let path = dir.join(name);
        let Some((file, top)) = read_yaml(&mut l, &path, *name == "organization.yaml") else {
            continue;
        };
        have_org |= *name == "organization.yaml";
        load_top(&mut l, &file, name, keys, top);
    }
    if !have_org && !l.diags.has_errors() {
        l.diags.push(
            Diagnostic::error("organization.yaml is missing")
                .in_file(dir.join("organization.yaml").display().to_string())
                .hint("it is the one required file; `bcpgen init DIR` writes a starting point"),
        );
    }
    for (sub, key) in [
        ("incidents", "incident"),
        ("drills", "drill"),
        ("rules", "rule_set"),
    ] {
        load_records(&mut l, &dir.join(sub), key);
    }
    warn_unknown_files(&mut l, dir);
    validate::validate(&mut l);
    rules::validate(&mut l);
    l
}

/// Why a file was not read.
enum Unread {
    /// It does not exist.
    Missing,
    /// It exists but cannot be used; the error has been recorded.
    Failed,
}

/// Reads one data file, refusing anything that is not a regular file inside
/// the data directory, and reading no more than the size limit (so a link to
/// `/dev/zero` or a FIFO never hangs the run or fills the memory).
fn read_bounded(l: &mut Loaded, path: &Path) -> Result<Vec<u8>, Unread> {
    use std::io::Read;
    let file = path.display().to_string();
    let fail = |l: &mut Loaded, d: Diagnostic| {
        l.diags.push(d.in_file(&file).cause());
        l.failed.push(file.clone());
        Err(Unread::Failed)
    };
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unread::Missing),
        Err(e) => {
            return fail(
                l,
                Diagnostic::error(format!("cannot read the file: {e}")).io(),
            );
        }
    };
    if link.file_type().is_symlink() {
        let inside = match (path.canonicalize(), l.dir.canonicalize()) {
            (Ok(target), Ok(dir)) => Some(target.starts_with(&dir)),
            _ => None,
        };
        match inside {
            Some(true) => {}
            Some(false) => {
                return fail(
                    l,
                    Diagnostic::error(
                        "the file is a symbolic link to a file outside the data directory; it is not read",
                    )
                    .hint("copy the file into the data directory (links may only point inside it)"),
                );
            }
            None => {
                return fail(
                    l,
                    Diagnostic::error("the file is a symbolic link that leads nowhere")
                        .hint("remove the link or point it at a file inside the data directory"),
                );
            }
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return fail(
                l,
                Diagnostic::error(format!("cannot read the file: {e}")).io(),
            );
        }
    };
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a device, a FIFO or a socket)"
        };
        return fail(
            l,
            Diagnostic::error(format!(
                "this is {what}; a data file must be a regular file"
            ))
            .io(),
        );
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| {
        // Refuse what turned into something else between the check and the open.
        if !f.metadata()?.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        return fail(
            l,
            Diagnostic::error(format!("cannot read the file: {e}")).io(),
        );
    }
    if bytes.len() > MAX_FILE_BYTES {
        return fail(
            l,
            Diagnostic::error(format!(
                "the file is larger than the limit of {} MB",
                MAX_FILE_BYTES / (1024 * 1024)
            ))
            .hint("a data file is a few kilobytes; is this the right file?"),
        );
    }
    Ok(bytes)
}

/// Reads and parses one file. Returns None when it is absent or unusable.
fn read_yaml(l: &mut Loaded, path: &Path, required: bool) -> Option<(String, Value)> {
    let file = path.display().to_string();
    let bytes = match read_bounded(l, path) {
        Ok(b) => b,
        Err(Unread::Missing) => {
            if required {
                l.diags.push(
                    Diagnostic::error(format!(
                        "{} is missing",
                        path.file_name()?.to_string_lossy()
                    ))
                    .in_file(file)
                    .hint("it is the one required file; `bcpgen init DIR` writes a starting point"),
                );
            }
            return None;
        }
        Err(Unread::Failed) => return None,
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(body) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let loc = SpanIndex::loc_at_byte(body, e.valid_up_to());
            l.diags.push(
                Diagnostic::error("the file is not valid UTF-8")
                    .in_file(&file)
                    .at(Some(loc))
                    .hint("save the file as UTF-8 (Big5 and other encodings are not supported)")
                    .cause(),
            );
            l.failed.push(file);
            return None;
        }
    };
    let text = Arc::new(text);
    l.diags.add_source(&file, text.clone());
    l.sources.insert(file.clone(), text.clone());
    if raw_controls(l, &file, &text) {
        l.failed.push(file);
        return None;
    }
    let spans = match SpanIndex::build(&text) {
        Ok(s) => s,
        Err((msg, loc)) => {
            l.diags.push(
                Diagnostic::error(format!("YAML syntax error: {msg}"))
                    .in_file(&file)
                    .at(Some(loc))
                    .hint(syntax_hint(&text, loc.line))
                    .cause(),
            );
            l.failed.push(file);
            return None;
        }
    };
    if !spans.duplicates.is_empty() {
        for (path, loc, first) in &spans.duplicates {
            let key = match path.0.last() {
                Some(Seg::Key(k)) => k.as_str(),
                _ => "",
            };
            l.diags.push(
                Diagnostic::error(format!("duplicate key `{key}`"))
                    .in_file(&file)
                    .at(Some(*loc))
                    .field(path.to_string())
                    .hint(format!(
                        "`{key}` is already given on line {first}; a key may appear once in a mapping"
                    ))
                    .cause(),
            );
        }
        l.failed.push(file);
        return None;
    }
    let mut value: Value = match serde_yaml_ng::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let msg = e.to_string();
            let msg = match msg.find(" at line ") {
                Some(p) => msg[..p].to_string(),
                None => msg,
            };
            let bomb = msg.contains("repetition limit");
            let loc = match e.location() {
                Some(m) => Some(SpanIndex::loc_at_byte(
                    text.as_bytes(),
                    m.index().min(text.len()),
                )),
                None if bomb => spans.first_alias,
                None => Some(SpanIndex::loc_at_byte(text.as_bytes(), 0)),
            };
            let hint = bomb.then(|| {
                "the file expands aliases (`*name`) too many times; write the values out"
                    .to_string()
            });
            l.diags.push(
                Diagnostic::error(format!("YAML error: {msg}"))
                    .in_file(&file)
                    .at(loc)
                    .hint_opt(hint)
                    .cause(),
            );
            l.failed.push(file);
            return None;
        }
    };
    keep_plain_text(&mut value, &FieldPath::root(), &spans);
    {
        let mut ctx = FileCtx {
            file: &file,
            spans: &spans,
            diags: &mut l.diags,
        };
        reject_controls(&mut value, &FieldPath::root(), &mut ctx);
    }
    l.spans.insert(file.clone(), spans);
    if value.is_null() && required {
        l.diags.push(
            Diagnostic::error("the file is empty")
                .in_file(&file)
                .at(Some(SpanIndex::loc_at_byte(b"", 0)))
                .hint("organization.yaml needs at least `organization: { name: … }`"),
        );
        return None;
    }
    Some((file, value))
}

/// Control characters written into the file itself (not as `\e` escapes):
/// each is an error at its position. True when there was one.
fn raw_controls(l: &mut Loaded, file: &str, text: &str) -> bool {
    let bad = |c: char| c != '\r' && crate::diag::is_forbidden_control(c);
    if !text.contains(bad) {
        return false;
    }
    for (offset, c) in text.match_indices(bad).take(10) {
        let c = c.chars().next().unwrap_or('\0');
        l.diags.push(
            Diagnostic::error(format!(
                "the file contains the control character U+{:04X}",
                c as u32
            ))
            .in_file(file)
            .at(Some(SpanIndex::loc_at_byte(text.as_bytes(), offset)))
            .hint(
                "control characters (terminal escapes and the like) are not allowed in data; \
                 remove it",
            )
            .cause(),
        );
    }
    true
}

/// A hint for a YAML syntax error at `line`: tabs, or the usual indentation slips.
fn syntax_hint(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let near = line.saturating_sub(2)..line.min(lines.len());
    let tab = lines.get(near).is_some_and(|ls| {
        ls.iter()
            .any(|l| l.trim_start_matches(' ').starts_with('\t'))
    });
    if tab {
        return "YAML does not allow tabs for indentation: indent with spaces".into();
    }
    "check the indentation of this line and the one above: keys of one mapping start in \
     the same column, list items start with `- `; quote a value that contains `: ` or \
     starts with `*`, `&`, `!`, `[`, `{`, `@` or `%`"
        .into()
}

/// YAML reads a plain `3.10` as the number 3.1, `0x1F` as 31 and `+886…` as
/// 886…. Where the number prints differently from what was written, the value
/// becomes the text as written, so text fields (versions, document numbers,
/// phone numbers) keep the user's characters; a numeric field then reports it.
fn keep_plain_text(v: &mut Value, path: &FieldPath, spans: &SpanIndex) {
    match v {
        Value::Number(n) => {
            if let Some(raw) = spans.plain_scalar(path) {
                if raw != n.to_string() {
                    *v = Value::String(raw.to_string());
                }
            }
        }
        Value::Sequence(items) => {
            for (i, x) in items.iter_mut().enumerate() {
                keep_plain_text(x, &path.index(i), spans);
            }
        }
        Value::Mapping(m) => {
            for (k, x) in m.iter_mut() {
                if let Some(k) = k.as_str() {
                    keep_plain_text(x, &path.key(k), spans);
                }
            }
        }
        _ => {}
    }
}

/// Control characters (terminal escapes and the like) are errors where they
/// stand, and are removed, so no document ever carries them.
fn reject_controls(v: &mut Value, path: &FieldPath, ctx: &mut FileCtx) {
    use crate::diag::is_forbidden_control;
    let report = |ctx: &mut FileCtx, p: &FieldPath, s: &str, key: bool| {
        let c = s.chars().find(|c| is_forbidden_control(*c)).unwrap_or('\0');
        let msg = format!("contains the control character U+{:04X}", c as u32);
        let hint = Some(
            "control characters (terminal escapes and the like) are not allowed in data; \
             remove it (in a quoted value, look for `\\e`, `\\x..` or `\\u....`)"
                .to_string(),
        );
        if key {
            ctx.error_at_key(p, msg, hint);
        } else {
            ctx.error(p, msg, hint);
        }
    };
    match v {
        Value::String(s) if s.chars().any(is_forbidden_control) => {
            report(ctx, path, s, false);
            s.retain(|c| !is_forbidden_control(c));
        }
        Value::Sequence(items) => {
            for (i, x) in items.iter_mut().enumerate() {
                reject_controls(x, &path.index(i), ctx);
            }
        }
        Value::Mapping(m) => {
            let bad_keys: Vec<Value> = m
                .keys()
                .filter(|k| {
                    k.as_str()
                        .is_some_and(|k| k.chars().any(is_forbidden_control))
                })
                .cloned()
                .collect();
            for k in bad_keys {
                let ks = k.as_str().unwrap_or_default().to_string();
                report(ctx, &path.key(&ks), &ks, true);
                m.remove(&k);
            }
            for (k, x) in m.iter_mut() {
                if let Some(k) = k.as_str() {
                    reject_controls(x, &path.key(k), ctx);
                }
            }
        }
        Value::Tagged(t) => reject_controls(&mut t.value, path, ctx),
        _ => {}
    }
}

/// Splits a file's top-level mapping into its sections.
fn load_top(l: &mut Loaded, file: &str, name: &str, keys: &[&str], top: Value) {
    let map = match top {
        Value::Null => return,
        Value::Mapping(m) => m,
        _ => {
            let loc = l.locate(file, &FieldPath::root());
            l.diags.push(
                Diagnostic::error(format!("expected a mapping with the key `{}:`", keys[0]))
                    .in_file(file)
                    .at(loc),
            );
            return;
        }
    };
    let spans = l.spans.remove(file).unwrap_or_default();
    let mut diags = std::mem::take(&mut l.diags);
    {
        let mut ctx = FileCtx {
            file,
            spans: &spans,
            diags: &mut diags,
        };
        for (k, v) in &map {
            let key = k.as_str().unwrap_or("").to_string();
            let path = FieldPath::root().key(&key);
            if keys.contains(&key.as_str()) {
                continue;
            }
            let home = FILES
                .iter()
                .find(|(_, ks)| ks.contains(&key.as_str()))
                .map(|(f, _)| *f);
            let hint = match home {
                Some(f) => Some(format!("`{key}` belongs in {f}")),
                None => did_you_mean(&key, keys.iter().copied())
                    .or_else(|| Some(format!("{name} holds: {}", keys.join(", ")))),
            };
            let _ = v;
            ctx.error_at_key(&path, format!("unknown key `{key}`"), hint);
        }
        for key in keys {
            let Some(v) = map.get(*key) else {
                if *key == "organization" {
                    ctx.error(
                        &FieldPath::root(),
                        "missing required key `organization`",
                        None,
                    );
                }
                continue;
            };
            let path = FieldPath::root().key(key);
            let d = &mut l.data;
            let o = &mut l.origins;
            match *key {
                "organization" => {
                    if let Some(x) = decode::<Organization>(v, &path, &mut ctx) {
                        d.organization = x;
                    }
                }
                "document_set" => {
                    if let Some(x) = decode::<DocumentSet>(v, &path, &mut ctx) {
                        d.document_set = x;
                    }
                }
                "policy" => {
                    if let Some(x) = decode::<Policy>(v, &path, &mut ctx) {
                        d.policy = x;
                    }
                }
                "people" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.people,
                    o.entry("people").or_default(),
                ),
                "external" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.external,
                    o.entry("external").or_default(),
                ),
                "roles" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.roles,
                    o.entry("roles").or_default(),
                ),
                "processes" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.processes,
                    o.entry("processes").or_default(),
                ),
                "systems" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.systems,
                    o.entry("systems").or_default(),
                ),
                "sites" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.sites,
                    o.entry("sites").or_default(),
                ),
                "hazards" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.hazards,
                    o.entry("hazards").or_default(),
                ),
                "resources" => list(
                    v,
                    &path,
                    &mut ctx,
                    &mut d.resources,
                    o.entry("resources").or_default(),
                ),
                _ => {}
            }
        }
    }
    l.diags = diags;
    l.spans.insert(file.to_string(), spans);
}

/// Decodes a top-level list item by item.
fn list<T: DeserializeOwned>(
    v: &Value,
    path: &FieldPath,
    ctx: &mut FileCtx,
    out: &mut Vec<T>,
    origins: &mut Vec<Origin>,
) {
    let items = match v {
        Value::Null => return,
        Value::Sequence(s) => s,
        _ => {
            ctx.error(path, "expected a list (items starting with `- `)", None);
            return;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        if let Some(x) = decode::<T>(item, &p, ctx) {
            out.push(x);
            origins.push(Origin {
                file: ctx.file.to_string(),
                path: p,
            });
        }
    }
}

/// Loads `incidents/*.yaml` or `drills/*.yaml`, one record per file, by file name.
/// Nothing there is dropped silently: what is not read gets a warning or an error.
fn load_records(l: &mut Loaded, dir: &Path, key: &'static str) {
    let sub = dir.display().to_string();
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            l.diags.push(
                Diagnostic::error(format!("cannot read the directory: {e}"))
                    .in_file(sub)
                    .io(),
            );
            return;
        }
        Ok(_) if dir.is_dir() => {}
        Ok(_) => {
            l.diags.push(
                Diagnostic::error(format!(
                    "`{}` must be a directory with one file per {key}",
                    dir.file_name().unwrap_or_default().to_string_lossy()
                ))
                .in_file(sub)
                .hint(format!(
                    "move it away and write records with `bcpgen new {key}`"
                )),
            );
            return;
        }
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            l.diags.push(
                Diagnostic::error(format!("cannot read the directory: {e}"))
                    .in_file(sub)
                    .io(),
            );
            return;
        }
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if name.starts_with('.') {
            continue;
        }
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if p.is_dir() {
            l.diags.push(
                Diagnostic::warning(format!(
                    "`{name}` is a directory; records in subdirectories are not read"
                ))
                .in_file(p.display().to_string())
                .hint(format!("move its files up into `{}`", dir.display())),
            );
        } else if yaml {
            files.push(p);
        } else {
            l.diags.push(
                Diagnostic::warning("this file does not end in .yaml and is not read")
                    .in_file(p.display().to_string())
                    .hint(format!("each {key} is a file `<id>.yaml`")),
            );
        }
    }
    let list_name: &'static str = match key {
        "incident" => "incidents",
        "drill" => "drills",
        _ => "rule_sets",
    };
    for path in files {
        let Some((file, top)) = read_yaml(l, &path, false) else {
            continue;
        };
        let spans = l.spans.remove(&file).unwrap_or_default();
        let mut diags = std::mem::take(&mut l.diags);
        {
            let mut ctx = FileCtx {
                file: &file,
                spans: &spans,
                diags: &mut diags,
            };
            match top {
                Value::Mapping(m) => {
                    for (k, _) in &m {
                        let k = k.as_str().unwrap_or("");
                        if k != key {
                            let hint = did_you_mean(k, [key])
                                .or_else(|| Some(format!("each file holds one `{key}:`")));
                            ctx.error_at_key(
                                &FieldPath::root().key(k),
                                format!("unknown key `{k}`"),
                                hint,
                            );
                        }
                    }
                    if let Some(v) = m.get(key) {
                        let p = FieldPath::root().key(key);
                        let origin = Origin {
                            file: file.clone(),
                            path: p.clone(),
                        };
                        if key == "incident" {
                            if let Some(x) = decode::<Incident>(v, &p, &mut ctx) {
                                l.data.incidents.push(x);
                                l.origins.entry(list_name).or_default().push(origin);
                            }
                        } else if key == "rule_set" {
                            if let Some(mut x) = decode::<RuleSet>(v, &p, &mut ctx) {
                                x.id = path
                                    .file_stem()
                                    .map(|s| s.to_string_lossy().to_string())
                                    .unwrap_or_default();
                                l.data.rule_sets.push(x);
                                l.origins.entry(list_name).or_default().push(origin);
                            }
                        } else if let Some(x) = decode::<Drill>(v, &p, &mut ctx) {
                            l.data.drills.push(x);
                            l.origins.entry(list_name).or_default().push(origin);
                        }
                    } else {
                        ctx.error(
                            &FieldPath::root(),
                            format!("missing required key `{key}`"),
                            None,
                        );
                    }
                }
                Value::Null => ctx.warning(
                    &FieldPath::root(),
                    "the file is empty and was skipped",
                    None,
                ),
                _ => ctx.error(
                    &FieldPath::root(),
                    format!("expected a mapping with the key `{key}:`"),
                    None,
                ),
            }
        }
        l.diags = diags;
        l.spans.insert(file, spans);
    }
}

/// Warns about YAML files the tool does not read (a misspelt file name loses data silently otherwise).
fn warn_unknown_files(l: &mut Loaded, dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    names.sort();
    for n in names {
        if FILES.iter().any(|(f, _)| *f == n) {
            continue;
        }
        let hint = did_you_mean(&n, FILES.iter().map(|(f, _)| *f)).or_else(|| {
            Some(format!(
                "the data files are: {}",
                FILES.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ")
            ))
        });
        l.diags.push(
            Diagnostic::warning("this file is not part of the data contract and is ignored")
                .in_file(dir.join(&n).display().to_string())
                .hint_opt(hint),
        );
    }
}
