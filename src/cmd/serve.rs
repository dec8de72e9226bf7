//! `bcpgen serve`: live preview; and `build --watch`.

use super::prelude::*;
use bcpgen::build::BuildOptions;
use bcpgen::serve::{self, Outcome};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    data: DataDirArgs,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 4000)]
    port: u16,
    /// Open the index in the default browser.
    #[arg(long)]
    open: bool,
    #[command(flatten)]
    doc: DocArgs,
    #[command(flatten)]
    fonts: FontArgs,
}

pub fn execute(a: ServeArgs) -> ExitCode {
    let data_dir = a.data.path();
    if let Err(code) = require_data_dir(&data_dir) {
        return code;
    }
    let tmp = match tempfile::Builder::new().prefix("bcpgen-serve-").tempdir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot create a temporary directory: {e}");
            return ExitCode::from(EXIT_ENV);
        }
    };
    let opts = BuildOptions {
        data_dir,
        out_dir: tmp.path().to_path_buf(),
        formats: vec!["md".into(), "html".into()],
        only: None,
        templates: a.doc.templates,
        as_of: a.doc.as_of.unwrap_or_else(today),
        edition: a.doc.edition,
        export: a.fonts.export_options(),
        lang: lang(),
    };
    let open = a.open;
    let result = serve::serve(serve::ServeOptions {
        build: opts,
        port: a.port,
        on_listen: Box::new(move |url| {
            // Always printed: scripts and tests read the URL from here.
            eprintln!("serving {url} (Ctrl-C to stop)");
            if open {
                open_browser(url);
            }
        }),
        on_rebuild: Box::new(print_outcome),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_ENV)
        }
    }
}

fn print_outcome(o: &Outcome) {
    match o {
        Outcome::Built {
            docs,
            took,
            warnings,
        } => {
            if !warnings.is_empty() && !quiet() {
                eprint!("{warnings}");
            }
            info(format!("built {docs} documents in {} ms", took.as_millis()));
        }
        Outcome::Failed(text) => {
            eprint!("{text}");
            eprintln!("the pages show the last good version until this is fixed");
        }
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("could not open a browser; open {url}");
    }
}

/// `build --watch`: builds, then rebuilds after every change, until stopped.
pub fn watch_build(opts: &BuildOptions) -> ExitCode {
    let _ = super::build::build_once(opts);
    info(format!(
        "watching {} for changes (Ctrl-C to stop)",
        serve::watched(opts)
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    match serve::watch(&serve::watched(opts), || {
        let _ = super::build::build_once(opts);
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_ENV)
        }
    }
}
