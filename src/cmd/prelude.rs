//! What every subcommand shares: exit codes, argument parsers, font options
//! and how errors are reported.

pub use bcpgen::model::Locale as LocaleId;
pub use chrono::NaiveDate;
pub use std::path::{Path, PathBuf};
pub use std::process::ExitCode;

use bcpgen::build::BuildError;
use bcpgen::diag::Diagnostics;

pub const EXIT_DATA: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_ENV: u8 = 3;

#[derive(clap::Args, Debug, Clone)]
pub struct FontArgs {
    /// Font for body text (a .ttf/.otf/.ttc with Traditional Chinese); default: Noto Sans CJK TC found on the system.
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
    /// Bold font for headings and table headers; default: the bold face of the same family.
    #[arg(long, value_name = "PATH")]
    font_bold: Option<PathBuf>,
    /// Font family ODT and DOCX files name for their text (they do not embed fonts; recipients need it installed).
    #[arg(long, value_name = "FAMILY", default_value = bcpgen::export::DEFAULT_OFFICE_FONT)]
    office_font: String,
}

impl FontArgs {
    pub fn config(&self) -> bcpgen::build::FontConfig {
        bcpgen::build::FontConfig {
            regular: self.font.clone(),
            bold: self.font_bold.clone(),
        }
    }

    /// The exporters' options.
    pub fn export_options(&self) -> bcpgen::export::ExportOptions {
        bcpgen::export::ExportOptions {
            fonts: self.config(),
            office_font: self.office_font.clone(),
        }
    }
}

/// The `--format` / `--to` values: the exporters' names.
pub fn format_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(bcpgen::export::names())
}

pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

pub fn parse_locale(s: &str) -> Result<LocaleId, String> {
    LocaleId::ALL
        .iter()
        .copied()
        .find(|l| l.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| format!("unknown locale `{s}`; use zh-TW or en"))
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Prints diagnostics on stderr, coloured on a terminal.
pub fn report(d: &Diagnostics) {
    if !d.is_empty() {
        eprint!("{}", d.render_text(color_stderr()));
    }
}

/// True when diagnostics on stderr may be coloured.
pub fn color_stderr() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// The exit code for data that failed to load or check: 3 when a file could
/// not be read (I/O), 1 otherwise.
pub fn data_exit(d: &Diagnostics) -> ExitCode {
    if d.has_io_errors() {
        ExitCode::from(EXIT_ENV)
    } else {
        ExitCode::from(EXIT_DATA)
    }
}

/// Reports a build error and gives its exit code.
pub fn fail(e: BuildError) -> ExitCode {
    match e {
        BuildError::Data(d) => {
            report(&d);
            eprintln!("nothing was written");
            data_exit(&d)
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

/// The data directory, the same way for every subcommand: a positional
/// `DATA_DIR`, or `--data DIR` (kept for scripts written against `show` and
/// `new`). Default: the current directory when it holds an
/// `organization.yaml`, else `data/`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DataDirArgs {
    /// Data directory [default: . when it holds organization.yaml, else data/].
    #[arg(value_name = "DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Same as DATA_DIR.
    #[arg(long = "data", value_name = "DIR", conflicts_with = "data_dir")]
    data: Option<PathBuf>,
}

impl DataDirArgs {
    pub fn path(&self) -> PathBuf {
        self.data_dir
            .clone()
            .or_else(|| self.data.clone())
            .unwrap_or_else(default_data_dir)
    }
}

/// An error (exit 3) unless `dir` holds an `organization.yaml`.
pub fn require_data_dir(dir: &Path) -> Result<(), ExitCode> {
    if dir.join("organization.yaml").is_file() {
        return Ok(());
    }
    eprintln!(
        "error: `{}` is not a data directory (no organization.yaml)",
        dir.display()
    );
    Err(ExitCode::from(EXIT_ENV))
}

/// `.` when the current directory holds `organization.yaml`, else `data`.
pub fn default_data_dir() -> PathBuf {
    if Path::new("organization.yaml").is_file() {
        PathBuf::from(".")
    } else {
        PathBuf::from("data")
    }
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static LANG: std::sync::OnceLock<Option<LocaleId>> = std::sync::OnceLock::new();

/// Sets the global options (`--quiet`, `--lang`) once, before a subcommand runs.
pub fn set_globals(quiet: bool, lang: Option<LocaleId>) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
    let _ = LANG.set(lang);
}

pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// `--lang`: the language of check messages, when given.
pub fn lang() -> Option<LocaleId> {
    LANG.get().copied().flatten()
}

/// Prints a progress or success line on stderr, unless `--quiet`.
pub fn info(msg: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("{msg}");
    }
}

/// Prints warnings (a diagnostics set without errors) unless `--quiet`.
pub fn report_warnings(d: &Diagnostics) {
    if !quiet() {
        report(d);
    }
}

/// What the documents are made from besides the data: templates, the day of
/// judgement and the edition (`build` and `serve`).
#[derive(clap::Args, Debug, Clone)]
pub struct DocArgs {
    /// Directory of templates overriding the built-in ones file by file.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Judge dates (deadlines, overdue items) against this day (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,
    /// Which edition: full (with personal phone numbers) or public (masked).
    #[arg(long, value_enum, default_value_t = bcpgen::render::Edition::Full)]
    pub edition: bcpgen::render::Edition,
}
