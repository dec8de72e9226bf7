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
    match build::write(&built, &opts.out_dir) {
        Ok(paths) => {
            eprintln!(
                "wrote {} files ({} documents) to {}",
                paths.len(),
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
