//! `bcpgen build`: the document set from a data directory.

use super::prelude::*;
use bcpgen::build::{self, BuildOptions, Format};

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    data: DataDirArgs,
    /// Output directory.
    #[arg(long, short, default_value = "output")]
    out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(long, value_delimiter = ',', default_values = ["md", "html", "pdf"])]
    format: Vec<Format>,
    /// Only these document ids, comma-separated.
    #[arg(long, value_delimiter = ',')]
    only: Option<Vec<String>>,
    #[command(flatten)]
    doc: DocArgs,
    #[command(flatten)]
    fonts: FontArgs,
    /// Rebuild whenever the data or the templates change (Ctrl-C to stop).
    #[arg(long)]
    watch: bool,
}

pub fn execute(a: BuildArgs) -> ExitCode {
    let mut formats = a.format.clone();
    formats.sort();
    formats.dedup();
    let opts = BuildOptions {
        data_dir: a.data.path(),
        out_dir: a.out.clone(),
        formats,
        only: a.only,
        templates: a.doc.templates,
        as_of: a.doc.as_of.unwrap_or_else(today),
        edition: a.doc.edition,
        fonts: a.fonts.config(),
        lang: lang(),
    };
    if a.watch {
        return super::serve::watch_build(&opts);
    }
    build_once(&opts)
}

/// One build, reported on stderr; the exit code.
pub fn build_once(opts: &BuildOptions) -> ExitCode {
    let built = match build::build(opts) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    report_warnings(&built.warnings);
    match build::write(&built, &opts.out_dir) {
        Ok(paths) => {
            info(format!(
                "wrote {} files ({} documents) to {}",
                paths.len(),
                built.docs.len(),
                opts.out_dir.display()
            ));
            if let Some(e) = &built.pdf_error {
                eprintln!("error: no PDF was written: {e}");
                return ExitCode::from(EXIT_ENV);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
