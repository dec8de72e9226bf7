//! `bcpgen templates export`: the built-in templates, for editing.

use super::prelude::*;
use bcpgen::render;

#[derive(clap::Args, Debug)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    command: TemplatesCommand,
}

#[derive(clap::Subcommand, Debug)]
enum TemplatesCommand {
    /// Write the built-in templates to DIR for editing (then use `build --templates DIR`).
    #[command(
        after_help = "Examples:\n  bcpgen templates export my-templates\n  bcpgen templates export my-templates --locale en"
    )]
    Export {
        /// Directory to write the templates into.
        dir: PathBuf,
        /// Which locale's templates.
        #[arg(long, default_value = "zh-TW", value_parser = parse_locale)]
        locale: LocaleId,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

pub fn execute(a: TemplatesArgs) -> ExitCode {
    let TemplatesCommand::Export { dir, locale, force } = a.command;
    export(&dir, locale, force)
}

fn export(dir: &Path, locale: LocaleId, force: bool) -> ExitCode {
    let files = render::embedded(locale);
    if !force {
        let existing: Vec<&str> = files
            .iter()
            .filter(|(n, _)| dir.join(n).exists())
            .map(|(n, _)| n.as_str())
            .collect();
        if !existing.is_empty() {
            eprintln!(
                "error: these files exist in `{}`: {}; use --force to overwrite",
                dir.display(),
                existing.join(", ")
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let out: Vec<bcpgen::output::OutFile> = files
        .into_iter()
        .map(|(name, text)| bcpgen::output::OutFile {
            name,
            bytes: text.into_bytes(),
        })
        .collect();
    match bcpgen::output::write_all(dir, &out) {
        Ok(p) => {
            eprintln!(
                "wrote {} templates to {}; build with `bcpgen build --templates {}`",
                p.len(),
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to `{}`: {e}", dir.display());
            ExitCode::from(EXIT_ENV)
        }
    }
}
