//! Command-line interface (clap derive) and the commands.

use bcpgen::build::{self, BuildError, BuildOptions, Format};
use bcpgen::diag::Diagnostics;
use bcpgen::model::Locale as LocaleId;
use bcpgen::render::{self, Edition};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const EXIT_DATA: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_ENV: u8 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "bcpgen",
    version,
    about = "Generate a business-continuity document set (Markdown, HTML, PDF) from YAML data"
)]
#[command(
    after_help = "Exit codes: 0 success, 1 the data has errors, 2 usage error, 3 environment or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate the document set from a data directory.
    #[command(
        after_help = "Examples:\n  bcpgen build                              # data/ → output/, all formats\n  bcpgen build mydata --out site --format md,html\n  bcpgen build --only bcp,annex-bia --as-of 2026-05-05\n  bcpgen build --edition public --out public/\n  bcpgen build --templates my-templates/     # override templates file by file"
    )]
    Build(BuildArgs),
    /// Load the data and report every problem found, with the check rules.
    Check(crate::cli_check::CheckArgs),
    /// Print the JSON Schema of the data files (for editors and validators).
    Schema(crate::cli_check::SchemaArgs),
    /// What changed between two versions of the data, as Markdown for the revision record.
    Diff(crate::cli_check::DiffArgs),
    /// Print an incident's level and deadlines, or a drill's results, for scripts and dashboards.
    Show(crate::cli_records::ShowArgs),
    /// Write a new incident or drill record with every key commented.
    New(crate::cli_records::NewArgs),
    /// Write a new data directory to start from, with a comment on every key.
    #[command(after_help = "Example:\n  bcpgen init my-agency && bcpgen check my-agency")]
    Init {
        /// Directory to create (must not exist or be empty).
        dir: PathBuf,
    },
    /// Typeset any Markdown file as PDF with the same engine and page header.
    #[command(
        after_help = "Examples:\n  bcpgen typeset procedure.md                       # → procedure.pdf\n  bcpgen typeset backup.md -o out/backup.pdf --number QS-ISMS-P-009 --version 1.2\n  bcpgen typeset notes.md --locale en --classification Internal"
    )]
    Typeset(TypesetArgs),
    /// Work with the built-in templates.
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
}

#[derive(Subcommand, Debug)]
enum TemplatesCommand {
    /// Write the built-in templates to DIR for editing (then use `build --templates DIR`).
    #[command(
        after_help = "Examples:\n  bcpgen templates export my-templates\n  bcpgen templates export my-templates --locale en"
    )]
    Export {
        /// Directory to write the templates into.
        dir: PathBuf,
        /// Which locale's templates.
        #[arg(long, default_value = "zh-TW", value_parser = parse_locale)]
        locale: LocaleId,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::Args, Debug)]
struct TypesetArgs {
    /// The Markdown file.
    file: PathBuf,
    /// Output PDF (default: the input with .pdf).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Document title in the page header (default: the first heading, else the file name).
    #[arg(long)]
    title: Option<String>,
    /// Document number in the page header.
    #[arg(long, default_value = "")]
    number: String,
    /// Version in the page header.
    #[arg(long, default_value = "")]
    version: String,
    /// Classification in the page header.
    #[arg(long, default_value = "")]
    classification: String,
    /// Language of the header labels and metadata.
    #[arg(long, default_value = "zh-TW", value_parser = parse_locale)]
    locale: LocaleId,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(clap::Args, Debug)]
struct BuildArgs {
    /// Data directory.
    #[arg(default_value = "data")]
    data_dir: PathBuf,
    /// Output directory.
    #[arg(long, short, default_value = "output")]
    out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(long, value_delimiter = ',', default_values = ["md", "html", "pdf"])]
    format: Vec<Format>,
    /// Only these document ids, comma-separated.
    #[arg(long, value_delimiter = ',')]
    only: Option<Vec<String>>,
    /// Directory of templates overriding the built-in ones file by file.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Judge dates (deadlines, overdue items) against this day (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// Which edition: full (with personal phone numbers) or public (masked).
    #[arg(long, value_enum, default_value_t = Edition::Full)]
    edition: Edition,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(clap::Args, Debug, Clone)]
pub struct FontArgs {
    /// Font for body text (a .ttf/.otf/.ttc with Traditional Chinese); default: Noto Sans CJK TC found on the system.
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
    /// Bold font for headings and table headers; default: the bold face of the same family.
    #[arg(long, value_name = "PATH")]
    font_bold: Option<PathBuf>,
}

impl FontArgs {
    fn config(&self) -> bcpgen::build::FontConfig {
        bcpgen::build::FontConfig {
            regular: self.font.clone(),
            bold: self.font_bold.clone(),
        }
    }
}

pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

fn parse_locale(s: &str) -> Result<LocaleId, String> {
    LocaleId::ALL
        .iter()
        .copied()
        .find(|l| l.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| format!("unknown locale `{s}`; use zh-TW or en"))
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn report(d: &Diagnostics) {
    if !d.is_empty() {
        eprint!("{}", d.render_text(crate::color_stderr()));
    }
}

fn fail(e: BuildError) -> ExitCode {
    match e {
        BuildError::Data(d) => {
            report(&d);
            eprintln!("nothing was written");
            ExitCode::from(EXIT_DATA)
        }
        BuildError::Usage(m) => {
            eprintln!("error: {m}");
            ExitCode::from(EXIT_USAGE)
        }
        BuildError::Env(m) => {
            eprintln!("error: {m}");
            ExitCode::from(EXIT_ENV)
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(a) => Ok(cmd_build(a)),
        Command::Check(a) => Ok(crate::cli_check::run_check(a)),
        Command::Schema(a) => Ok(crate::cli_check::run_schema(a)),
        Command::Diff(a) => Ok(crate::cli_check::run_diff(a)),
        Command::Show(a) => Ok(crate::cli_records::run_show(a)),
        Command::New(a) => Ok(crate::cli_records::run_new(a)),
        Command::Init { dir } => Ok(cmd_init(&dir)),
        Command::Typeset(a) => Ok(cmd_typeset(a)),
        Command::Templates {
            command: TemplatesCommand::Export { dir, locale, force },
        } => Ok(cmd_templates_export(&dir, locale, force)),
    }
}

fn cmd_build(a: BuildArgs) -> ExitCode {
    let mut formats = a.format.clone();
    formats.sort();
    formats.dedup();
    let opts = BuildOptions {
        data_dir: a.data_dir,
        out_dir: a.out.clone(),
        formats,
        only: a.only,
        templates: a.templates,
        as_of: a.as_of.unwrap_or_else(today),
        edition: a.edition,
        fonts: a.fonts.config(),
    };
    let built = match build::build(&opts) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    report(&built.warnings);
    match build::write(&built, &opts.out_dir) {
        Ok(paths) => {
            eprintln!(
                "wrote {} files ({} documents) to {}",
                paths.len(),
                built.docs.len(),
                opts.out_dir.display()
            );
            if let Some(e) = &built.pdf_error {
                eprintln!("error: no PDF was written: {e}");
                return ExitCode::from(EXIT_ENV);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn cmd_typeset(a: TypesetArgs) -> ExitCode {
    use bcpgen::export::pdf;
    let bytes = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", a.file.display());
            return ExitCode::from(EXIT_ENV);
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: `{}` is not valid UTF-8", a.file.display());
        return ExitCode::from(EXIT_DATA);
    };
    let markdown = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let stem = a
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let title = a
        .title
        .clone()
        .unwrap_or_else(|| first_heading(&markdown).unwrap_or_else(|| stem.clone()));
    let fonts = match pdf::Fonts::load(&a.fonts.config()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ENV);
        }
    };
    let loc = bcpgen::locale::Locale::get(a.locale);
    let offset = chrono::FixedOffset::east_opt(if a.locale == LocaleId::ZhTw {
        8 * 3600
    } else {
        0
    })
    .expect("valid offset");
    let doc = pdf::PdfDoc {
        id: stem.clone(),
        markdown: &markdown,
        header: pdf::PageHeader {
            labels: bcpgen::build::header_labels(&loc),
            number: a.number.clone(),
            title: title.clone(),
            classification: a.classification.clone(),
            version: a.version.clone(),
            edition: None,
        },
        meta: pdf::PdfMeta {
            title: title.clone(),
            author: String::new(),
            subject: title,
            language: a.locale.as_str().to_string(),
            producer: format!("bcpgen {}", env!("CARGO_PKG_VERSION")),
            date: bcpgen::build::stamp(None, offset),
        },
    };
    let (pdf_bytes, warnings) = match pdf::render_document(&doc, &fonts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ENV);
        }
    };
    for w in &warnings {
        eprintln!("warning: {}", w.message);
    }
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| a.file.with_extension("pdf"));
    if let Err(e) = bcpgen::output::write_one(&out, &pdf_bytes) {
        eprintln!("error: cannot write `{}`: {e}", out.display());
        return ExitCode::from(EXIT_ENV);
    }
    ExitCode::SUCCESS
}

/// The text of the first heading of a Markdown document.
fn first_heading(md: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut in_heading = false;
    let mut text = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) if in_heading => return Some(text.trim().to_string()),
            Event::Text(t) | Event::Code(t) if in_heading => text.push_str(&t),
            _ => {}
        }
    }
    None
}

fn cmd_init(dir: &Path) -> ExitCode {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut r| r.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: `{}` exists and is not empty; choose a new directory",
            dir.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let Some(init) = render::TEMPLATES.get_dir("init") else {
        eprintln!("error: the starter files are missing from this build");
        return ExitCode::from(EXIT_ENV);
    };
    let mut files: Vec<bcpgen::output::OutFile> = init
        .files()
        .map(|f| bcpgen::output::OutFile {
            name: f
                .path()
                .strip_prefix("init")
                .unwrap_or(f.path())
                .display()
                .to_string(),
            bytes: f.contents().to_vec(),
        })
        .collect();
    // The modelines of the starter files point editors at this schema.
    files.push(bcpgen::output::OutFile {
        name: "schema.json".into(),
        bytes: bcpgen::model::schema::schema_json().into_bytes(),
    });
    files.sort_by(|a, b| a.name.cmp(&b.name));
    match bcpgen::output::write_all(dir, &files) {
        Ok(p) => {
            eprintln!(
                "wrote {} files to {}; edit them, then run `bcpgen check {}`",
                p.len(),
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to `{}`: {e}", dir.display());
            ExitCode::from(EXIT_ENV)
        }
    }
}

fn cmd_templates_export(dir: &Path, locale: LocaleId, force: bool) -> ExitCode {
    let files = render::embedded(locale);
    if !force {
        let existing: Vec<&str> = files
            .iter()
            .filter(|(n, _)| dir.join(n).exists())
            .map(|(n, _)| n.as_str())
            .collect();
        if !existing.is_empty() {
            eprintln!(
                "error: these files exist in `{}`: {}; use --force to overwrite",
                dir.display(),
                existing.join(", ")
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let out: Vec<bcpgen::output::OutFile> = files
        .into_iter()
        .map(|(name, text)| bcpgen::output::OutFile {
            name,
            bytes: text.into_bytes(),
        })
        .collect();
    match bcpgen::output::write_all(dir, &out) {
        Ok(p) => {
            eprintln!(
                "wrote {} templates to {}; build with `bcpgen build --templates {}`",
                p.len(),
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to `{}`: {e}", dir.display());
            ExitCode::from(EXIT_ENV)
        }
    }
}
