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
    #[command(flatten)]
    pub data: DataDirArgs,
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
    let dir = a.data.path();
    let loaded = bcpgen::load::load_dir(&dir);
    let as_of = a.as_of.unwrap_or_else(today);
    let mut diags = loaded.diags.clone();
    if !loaded.diags.has_errors() {
        let lang = lang().unwrap_or(loaded.data.organization.locale);
        diags.extend(bcpgen::check::run_in(&loaded, as_of, lang));
    }
    match a.format {
        CheckFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&diags.to_json()).unwrap_or_default()
        ),
        CheckFormat::Text => {
            if diags.is_empty() {
                info(format!("{}: no problems found", dir.display()));
            } else if diags.has_errors() || !quiet() {
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
