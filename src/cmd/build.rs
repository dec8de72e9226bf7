//! `bcpgen build`: the document set from a data directory.

use super::prelude::*;
use bcpgen::build::{self, BuildOptions};

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    data: DataDirArgs,
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
        export: a.fonts.export_options(),
        lang: lang(),
    };
    if a.watch {
        return super::serve::watch_build(&opts);
    }
    build_once(&opts)
}

/// One build, reported on stderr; the exit code.
pub fn build_once(opts: &BuildOptions) -> ExitCode {
    let mut built = match build::build_staged(opts) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    report_warnings(&built.warnings);
    match build::write(&mut built, opts) {
        Ok(w) => {
            for p in &w.kept_read_only {
                eprintln!(
                    "warning: `{}` is no longer produced but is read-only; it was left in place",
                    p.display()
                );
            }
            if !w.stale_temp.is_empty() {
                info(format!(
                    "removed {} temporary file(s) an interrupted run left",
                    w.stale_temp.len()
                ));
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
                info(format!(
                    "removed {} output(s) of an earlier build this one no longer produces: {}{more}",
                    names.len(),
                    names[..shown].join(", ")
                ));
            }
            info(format!(
                "wrote {} files ({} documents) to {}",
                w.written.len(),
                built.docs.len(),
                opts.out_dir.display()
            ));
            if let Some(e) = &built.export_error {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_ENV);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
