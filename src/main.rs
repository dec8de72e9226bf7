//! bcpgen command line. Exit codes: 0 success, 1 data errors, 2 usage error,
//! 3 environment or I/O error.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cmd::run(cmd::Cli::parse())
}
