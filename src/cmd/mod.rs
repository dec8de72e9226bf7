//! The command line (clap derive): one module per subcommand, each with its
//! arguments and an `execute` function, sharing `prelude`.

mod build;
mod check;
mod completions;
mod diff;
mod init;
mod man;
mod new;
mod prelude;
mod schema;
mod serve;
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
#[command(after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors (no progress, no warnings).
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Language of check messages and hints and of what serve says: zh-TW or en [default: the organization's locale].
    #[arg(long, global = true, value_name = "LANG", value_parser = prelude::parse_locale)]
    lang: Option<prelude::LocaleId>,
}

const AFTER_HELP: &str = "\
Examples:
  bcpgen init my-agency && cd my-agency   # a starter data directory
  bcpgen init my-org --locale en          # an English starter (asks for NIS2 or DORA)
  bcpgen check                            # every problem, with file, line and hint
  bcpgen serve --open                     # live preview: edit the YAML, the page reloads
  bcpgen build                            # Markdown, HTML and PDF into output/
  bcpgen build --edition public --out public/
  bcpgen new incident                     # a new incident record with every key commented

The data directory is DATA_DIR (or --data DIR); by default the current directory when
it holds organization.yaml, else data/.

Exit codes: 0 success, 1 the data has errors, 2 usage error, 3 environment or I/O error.";

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate the document set from a data directory.
    #[command(
        after_help = "Examples:\n  bcpgen build                              # data/ → output/: md, html, pdf\n  bcpgen build mydata --out site --format md,html\n  bcpgen build --format odt,docx                # editable files for reviewers\n  bcpgen build --only bcp,annex-bia --as-of 2026-05-05\n  bcpgen build --edition public --out public/\n  bcpgen build --templates my-templates/     # override templates file by file"
    )]
    Build(build::BuildArgs),
    /// Live preview: build Markdown and HTML, serve them on 127.0.0.1, rebuild and reload on change.
    #[command(
        after_help = "Examples:\n  bcpgen serve                  # http://127.0.0.1:4000/\n  bcpgen serve mydata --port 8080 --open\n  bcpgen serve --templates my-templates/"
    )]
    Serve(serve::ServeArgs),
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
    #[command(
        after_help = "Examples:\n  bcpgen init my-agency && bcpgen check my-agency\n  bcpgen init my-agency --rules tw-2026\n  bcpgen init my-org --locale en --rules dora    # English, EU financial entity"
    )]
    Init(init::InitArgs),
    /// Typeset any Markdown file as PDF with the same engine and page header.
    #[command(
        after_help = "Examples:\n  bcpgen typeset procedure.md                       # → procedure.pdf\n  bcpgen typeset procedure.md --to odt              # → procedure.odt (or --to docx)\n  bcpgen typeset backup.md -o out/backup.pdf --number QS-ISMS-P-009 --version 1.2\n  bcpgen typeset notes.md --locale en --classification Internal"
    )]
    Typeset(typeset::TypesetArgs),
    /// Work with the built-in templates.
    Templates(templates::TemplatesArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  bcpgen completions bash > ~/.local/share/bash-completion/completions/bcpgen\n  bcpgen completions zsh > ~/.zfunc/_bcpgen\n  bcpgen completions fish > ~/.config/fish/completions/bcpgen.fish"
    )]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  bcpgen man > bcpgen.1 && man ./bcpgen.1")]
    Man(man::ManArgs),
}

/// Runs the parsed command and gives the process's exit code.
pub fn run(cli: Cli) -> ExitCode {
    prelude::set_globals(cli.quiet, cli.lang);
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
        Command::Serve(a) => serve::execute(a),
        Command::Completions(a) => completions::execute(a),
        Command::Man(a) => man::execute(a),
    }
}
