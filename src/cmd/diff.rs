//! `bcpgen diff`: what changed between two versions of the data.

use super::prelude::*;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  bcpgen diff old-data/ data/ > changes.md")]
pub struct DiffArgs {
    /// The earlier data directory.
    pub old: PathBuf,
    /// The later data directory.
    pub new: PathBuf,
}

pub fn execute(a: DiffArgs) -> ExitCode {
    let old = bcpgen::load::load_dir(&a.old);
    let new = bcpgen::load::load_dir(&a.new);
    let mut diags = old.diags.clone();
    diags.extend(new.diags.clone());
    if diags.has_errors() {
        eprint!("{}", diags.render_text(color_stderr()));
        eprintln!("fix the errors above; nothing was compared");
        return data_exit(&diags);
    }
    let locale = bcpgen::locale::Locale::get(new.data.organization.locale);
    print!("{}", bcpgen::diff::diff(&old.data, &new.data, &locale));
    ExitCode::SUCCESS
}
