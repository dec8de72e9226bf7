//! bcpgen command line. Exit codes: 0 success, 1 data errors, 2 usage error,
//! 3 environment or I/O error.

mod cli;
mod cli_check;
mod cli_records;

use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(3)
        }
    }
}

/// True when diagnostics on stderr may be coloured.
pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}
