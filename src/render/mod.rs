//! Render: tera templates → Markdown, one document at a time.
//!
//! Templates are embedded from `templates/<locale>/`; a user's template
//! directory overrides them file by file.

pub mod calendar;
pub mod call_tree;
pub mod context;
pub mod escape;
pub mod filters;
pub mod plan;

pub use context::Edition;

use crate::diag::{Diagnostic, Loc};
use crate::locale::Locale;
use crate::model::{Calendar, Data, Locale as LocaleId};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The embedded default templates.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Where a template's text came from (for error messages).
#[derive(Debug, Clone)]
struct TemplateSource {
    shown_as: String,
    text: String,
}

pub struct Renderer {
    tera: tera::Tera,
    sources: BTreeMap<String, TemplateSource>,
    pub locale: Arc<Locale>,
    pub calendar: Calendar,
}

/// The embedded templates of `locale` as (file name, text).
pub fn embedded(locale: LocaleId) -> Vec<(String, String)> {
    let Some(dir) = TEMPLATES.get_dir(locale.as_str()) else {
        return Vec::new();
    };
    let mut v: Vec<(String, String)> = dir
        .files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_string_lossy().to_string();
            Some((name, f.contents_utf8()?.to_string()))
        })
        .collect();
    v.sort();
    v
}

impl Renderer {
    /// Loads the templates of `locale`, with `overrides` (a directory) on top.
    pub fn new(
        locale: LocaleId,
        calendar: Calendar,
        overrides: Option<&Path>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, TemplateSource> = embedded(locale)
            .into_iter()
            .map(|(name, text)| {
                let shown_as = format!("templates/{}/{name} (built in)", locale.as_str());
                (name, TemplateSource { shown_as, text })
            })
            .collect();
        let mut errors = Vec::new();
        if let Some(dir) = overrides {
            match read_override_dir(dir) {
                Ok(files) => {
                    for (name, path, text) in files {
                        sources.insert(
                            name,
                            TemplateSource {
                                shown_as: path.display().to_string(),
                                text,
                            },
                        );
                    }
                }
                Err(d) => errors.push(*d),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape::markdown);
        let loc = Arc::new(Locale::get(locale));
        filters::register(&mut tera, loc.clone(), calendar);
        crate::figures::view::register(&mut tera);
        // Parsing the templates is most of a build's time: parse them on every core.
        let parsed = parse_parallel(&sources);
        let mut errors = Vec::new();
        for (name, result) in parsed {
            match result {
                Ok(t) => {
                    tera.templates.insert(name, t);
                }
                Err(e) => errors.push(template_error(&e, &sources)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Err(e) = tera
            .build_inheritance_chains()
            .and_then(|_| tera.check_macro_files())
        {
            return Err(vec![template_error(&e, &sources)]);
        }
        Ok(Renderer {
            tera,
            sources,
            locale: loc,
            calendar,
        })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Box<Diagnostic>> {
        let out = self
            .tera
            .render(name, ctx)
            .map_err(|e| Box::new(template_error(&e, &self.sources)))?;
        Ok(tidy(&out))
    }
}

/// Parses every template (what `Tera::add_raw_templates` does, on all cores).
fn parse_parallel(
    sources: &BTreeMap<String, TemplateSource>,
) -> Vec<(String, tera::Result<tera::Template>)> {
    let items: Vec<(&String, &TemplateSource)> = sources.iter().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len().max(1));
    let parse = |(name, src): &(&String, &TemplateSource)| {
        let r = tera::Template::new(name, None, &src.text)
            .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e));
        ((*name).clone(), r)
    };
    if threads <= 1 {
        return items.iter().map(parse).collect();
    }
    let mut out: Vec<(String, tera::Result<tera::Template>)> = Vec::with_capacity(items.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let mine: Vec<&(&String, &TemplateSource)> =
                    items.iter().skip(t).step_by(threads).collect();
                s.spawn(move || mine.into_iter().map(parse).collect::<Vec<_>>())
            })
            .collect();
        for h in handles {
            out.extend(h.join().expect("template parser thread panicked"));
        }
    });
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Collapses runs of blank lines left by template logic and ends with one newline.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.trim_start_matches('\n').to_string()
}

fn read_override_dir(dir: &Path) -> Result<Vec<(String, PathBuf, String)>, Box<Diagnostic>> {
    let rd = std::fs::read_dir(dir).map_err(|e| {
        let d = Diagnostic::error(format!(
            "cannot read the template directory `{}`: {e}",
            dir.display()
        ))
        .hint("`bcpgen templates export DIR` writes the default templates to edit");
        Box::new(d)
    })?;
    let mut out = Vec::new();
    for entry in rd.flatten() {
        let path = entry.path();
        if !path.is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Box::new(
                Diagnostic::error(format!("cannot read the template: {e}"))
                    .in_file(path.display().to_string()),
            )
        })?;
        out.push((
            name,
            path,
            text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
        ));
    }
    out.sort();
    Ok(out)
}

/// A tera error as a diagnostic naming the template file and, when known, the line.
fn template_error(e: &tera::Error, sources: &BTreeMap<String, TemplateSource>) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push(s.to_string());
        src = s.source();
    }
    let full = chain.join("\n");
    // Which template: tera quotes it as 'name' or "name".
    let name = sources
        .keys()
        .find(|n| full.contains(&format!("'{n}'")) || full.contains(&format!("\"{n}\"")));
    let mut d = Diagnostic::error(format!(
        "template error: {}",
        chain.join(": ").replace('\n', " ")
    ));
    if let Some(n) = name {
        let s = &sources[n];
        d = d.in_file(s.shown_as.clone());
        // pest reports positions as ` --> line:col`.
        if let Some(pos) = full.find("--> ") {
            let rest = &full[pos + 4..];
            let lc: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            if let Some((l, c)) = lc.split_once(':') {
                if let (Ok(line), Ok(column)) = (l.parse::<usize>(), c.parse::<usize>()) {
                    let offset = s
                        .text
                        .lines()
                        .take(line.saturating_sub(1))
                        .map(|l| l.len() + 1)
                        .sum::<usize>()
                        + column.saturating_sub(1);
                    d = d.at(Some(Loc {
                        line,
                        column,
                        offset: offset.min(s.text.len()),
                        len: 1,
                    }));
                }
            }
        }
    }
    d.hint("fix the template, or remove it from --templates to use the built-in one")
}

/// The calendar in force for `data`.
pub fn calendar_of(data: &Data) -> Calendar {
    data.organization
        .calendar
        .unwrap_or(match data.organization.locale {
            LocaleId::ZhTw => Calendar::Roc,
            LocaleId::En => Calendar::Gregorian,
        })
}
