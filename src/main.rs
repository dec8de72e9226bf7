//! bcpgen command line. Exit codes: 0 success, 1 data errors, 2 usage error,
//! 3 environment or I/O error.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

/// Typesetting allocates and frees many small buffers (glyph runs, page
/// items, PDF objects); mimalloc serves them faster than the system
/// allocator and returns memory at scale.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cmd::run(cmd::Cli::parse())
}
