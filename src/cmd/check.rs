//! `bcpgen check`: every problem in the data, with the check rules.

use super::prelude::*;

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
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn execute(a: CheckArgs) -> ExitCode {
    let loaded = bcpgen::load::load_dir(&a.data_dir);
    let as_of = a.as_of.unwrap_or_else(today);
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
                eprint!("{}", diags.render_text(color_stderr()));
            }
        }
    }
    if diags.has_errors() || (a.deny_warnings && diags.warnings() > 0) {
        data_exit(&diags)
    } else {
        ExitCode::SUCCESS
    }
}
