//! `check`, `schema` and `diff` commands (issue 5).

use chrono::NaiveDate;
use std::path::PathBuf;
use std::process::ExitCode;

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  bcpgen check\n  bcpgen check mydata --as-of 2026-05-05 --format json\n  bcpgen check --deny-warnings   # for CI"
)]
pub struct CheckArgs {
    /// Data directory.
    #[arg(default_value = "data")]
    pub data_dir: PathBuf,
    /// Judge dates against this day (YYYY-MM-DD; default today).
    #[arg(long, value_parser = crate::cli::parse_day)]
    pub as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run_check(a: CheckArgs) -> ExitCode {
    let loaded = bcpgen::load::load_dir(&a.data_dir);
    let as_of = a.as_of.unwrap_or_else(crate::cli::today);
    let mut diags = loaded.diags.clone();
    if !loaded.diags.has_errors() {
        diags.extend(bcpgen::check::run(&loaded, as_of));
    }
    match a.format {
        CheckFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&diags.to_json()).unwrap_or_default()
        ),
        CheckFormat::Text => {
            if diags.is_empty() {
                eprintln!("{}: no problems found", a.data_dir.display());
            } else {
                eprint!("{}", diags.render_text(crate::color_stderr()));
            }
        }
    }
    if diags.has_errors() || (a.deny_warnings && diags.warnings() > 0) {
        ExitCode::from(crate::cli::EXIT_DATA)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  bcpgen schema > data/schema.json")]
pub struct SchemaArgs {}

pub fn run_schema(_a: SchemaArgs) -> ExitCode {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(bcpgen::model::schema::schema_json().as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            ExitCode::from(crate::cli::EXIT_ENV)
        }
    }
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  bcpgen diff old-data/ data/ > changes.md")]
pub struct DiffArgs {
    /// The earlier data directory.
    pub old: PathBuf,
    /// The later data directory.
    pub new: PathBuf,
}

pub fn run_diff(a: DiffArgs) -> ExitCode {
    let old = bcpgen::load::load_dir(&a.old);
    let new = bcpgen::load::load_dir(&a.new);
    let mut diags = old.diags.clone();
    diags.extend(new.diags.clone());
    if diags.has_errors() {
        eprint!("{}", diags.render_text(crate::color_stderr()));
        eprintln!("fix the errors above; nothing was compared");
        return ExitCode::from(crate::cli::EXIT_DATA);
    }
    let locale = bcpgen::locale::Locale::get(new.data.organization.locale);
    print!("{}", bcpgen::diff::diff(&old.data, &new.data, &locale));
    ExitCode::SUCCESS
}
