//! `bcpgen diff`: what changed between two versions of the data.

use super::prelude::*;
use bcpgen::render::Edition;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  bcpgen diff old-data/ data/ > changes.md\n  bcpgen diff old-data/ data/ --edition full   # home and mobile numbers unmasked\n  bcpgen diff old-data/ data/ --revision   # a revision entry to paste into organization.yaml"
)]
pub struct DiffArgs {
    /// The earlier data directory.
    pub old: PathBuf,
    /// The later data directory.
    pub new: PathBuf,
    /// Print a `document_set.revisions` entry instead (YAML): the latest version
    /// bumped, the date, a summary of the changes and the documents they touch.
    #[arg(long)]
    pub revision: bool,
    /// Date of the revision entry (default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, requires = "revision")]
    pub date: Option<NaiveDate>,
    /// public: home and mobile numbers masked (the report goes into the revision
    /// record); full: shown as written.
    #[arg(long, value_enum, default_value_t = Edition::Public)]
    pub edition: Edition,
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
    if a.revision {
        let date = a.date.unwrap_or_else(today);
        print!(
            "{}",
            bcpgen::diff::revision_entry(&old.data, &new.data, &locale, date)
        );
    } else {
        print!(
            "{}",
            bcpgen::diff::diff(&old.data, &new.data, &locale, a.edition)
        );
    }
    ExitCode::SUCCESS
}
