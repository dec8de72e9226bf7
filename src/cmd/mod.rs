//! The command line (clap derive): one module per subcommand, each with its
//! arguments and an `execute` function, sharing `prelude`.

mod build;
mod check;
mod diff;
mod init;
mod new;
mod prelude;
mod schema;
mod show;
mod templates;
mod typeset;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "bcpgen",
    version,
    about = "Generate a business-continuity document set (Markdown, HTML, PDF) from YAML data"
)]
#[command(
    after_help = "Exit codes: 0 success, 1 the data has errors, 2 usage error, 3 environment or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate the document set from a data directory.
    #[command(
        after_help = "Examples:\n  bcpgen build                              # data/ → output/: md, html, pdf\n  bcpgen build mydata --out site --format md,html\n  bcpgen build --format odt,docx                # editable files for reviewers\n  bcpgen build --only bcp,annex-bia --as-of 2026-05-05\n  bcpgen build --edition public --out public/\n  bcpgen build --templates my-templates/     # override templates file by file"
    )]
    Build(build::BuildArgs),
    /// Load the data and report every problem found, with the check rules.
    Check(check::CheckArgs),
    /// Print the JSON Schema of the data files (for editors and validators).
    Schema(schema::SchemaArgs),
    /// What changed between two versions of the data, as Markdown for the revision record.
    Diff(diff::DiffArgs),
    /// Print an incident's level and deadlines, or a drill's results, for scripts and dashboards.
    Show(show::ShowArgs),
    /// Write a new incident or drill record with every key commented.
    New(new::NewArgs),
    /// Write a new data directory to start from, with a comment on every key.
    #[command(after_help = "Example:\n  bcpgen init my-agency && bcpgen check my-agency")]
    Init(init::InitArgs),
    /// Typeset any Markdown file as PDF with the same engine and page header.
    #[command(
        after_help = "Examples:\n  bcpgen typeset procedure.md                       # → procedure.pdf\n  bcpgen typeset procedure.md --to odt              # → procedure.odt (or --to docx)\n  bcpgen typeset backup.md -o out/backup.pdf --number QS-ISMS-P-009 --version 1.2\n  bcpgen typeset notes.md --locale en --classification Internal"
    )]
    Typeset(typeset::TypesetArgs),
    /// Work with the built-in templates.
    Templates(templates::TemplatesArgs),
}

/// Runs the parsed command and gives the process's exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(a) => build::execute(a),
        Command::Check(a) => check::execute(a),
        Command::Schema(a) => schema::execute(a),
        Command::Diff(a) => diff::execute(a),
        Command::Show(a) => show::execute(a),
        Command::New(a) => new::execute(a),
        Command::Init(a) => init::execute(a),
        Command::Typeset(a) => typeset::execute(a),
        Command::Templates(a) => templates::execute(a),
    }
}
