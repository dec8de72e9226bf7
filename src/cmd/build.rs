//! `bcpgen build`: the document set from a data directory.

use super::prelude::*;
use bcpgen::build::{self, BuildOptions};
use bcpgen::render::Edition;

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Data directory.
    #[arg(default_value = "data")]
    data_dir: PathBuf,
    /// Output directory.
    #[arg(long, short, default_value = "output")]
    out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = format_parser(),
          default_values = bcpgen::export::default_names())]
    format: Vec<String>,
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

pub fn execute(a: BuildArgs) -> ExitCode {
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
        export: a.fonts.export_options(),
    };
    let built = match build::build(&opts) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    report(&built.warnings);
    match build::write(&built, &opts) {
        Ok(w) => {
            for p in &w.kept_read_only {
                eprintln!(
                    "warning: `{}` is no longer produced but is read-only; it was left in place",
                    p.display()
                );
            }
            if !w.stale_temp.is_empty() {
                eprintln!(
                    "removed {} temporary file(s) an interrupted run left",
                    w.stale_temp.len()
                );
            }
            if !w.removed.is_empty() {
                let names: Vec<String> = w
                    .removed
                    .iter()
                    .map(|p| {
                        p.file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .into_owned()
                    })
                    .collect();
                let shown = names.len().min(6);
                let more = if names.len() > shown { ", …" } else { "" };
                eprintln!(
                    "removed {} output(s) of an earlier build this one no longer produces: {}{more}",
                    names.len(),
                    names[..shown].join(", ")
                );
            }
            eprintln!(
                "wrote {} files ({} documents) to {}",
                w.written.len(),
                built.docs.len(),
                opts.out_dir.display()
            );
            if let Some(e) = &built.export_error {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_ENV);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
