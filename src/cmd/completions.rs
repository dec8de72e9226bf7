//! `bcpgen completions SHELL`: a completion script, generated from the CLI definition.

use super::prelude::*;

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

pub fn execute(a: CompletionsArgs) -> ExitCode {
    use clap::CommandFactory;
    let mut cmd = super::Cli::command();
    clap_complete::generate(a.shell, &mut cmd, "bcpgen", &mut std::io::stdout());
    ExitCode::SUCCESS
}
