//! `bcpgen man [SUBCOMMAND]`: the manual page, generated from the CLI definition.

use super::prelude::*;

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// A subcommand's page (bcpgen-build(1), ...) instead of the main page bcpgen(1).
    subcommand: Option<String>,
}

pub fn execute(a: ManArgs) -> ExitCode {
    use clap::CommandFactory;
    use std::io::Write;
    let cmd = super::Cli::command().version(env!("CARGO_PKG_VERSION"));
    let page = match &a.subcommand {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => {
                let full = format!("bcpgen-{name}");
                sub.clone()
                    .name(full.clone())
                    .bin_name(format!("bcpgen {name}"))
                    .version(env!("CARGO_PKG_VERSION"))
            }
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                eprintln!(
                    "error: no subcommand `{name}`; the subcommands are: {}",
                    names.join(", ")
                );
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
        eprintln!("error: {e}");
        return ExitCode::from(EXIT_ENV);
    }
    if std::io::stdout().write_all(&out).is_err() {
        return ExitCode::from(EXIT_ENV);
    }
    ExitCode::SUCCESS
}
