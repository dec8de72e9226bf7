//! `bcpgen serve`: live preview; and `build --watch`.

use super::prelude::*;
use bcpgen::build::BuildOptions;
use bcpgen::locale::Locale;
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
    let loc = locale_of(&opts);
    let (l1, l2) = (loc.clone(), loc.clone());
    let result = serve::serve(serve::ServeOptions {
        build: opts,
        port: a.port,
        locale: loc,
        on_listen: Box::new(move |url| {
            // Always printed: scripts and tests read the URL from here.
            eprintln!("{}", l1.serve_text("serving", &[("url", url)]));
            if open {
                open_browser(url, &l1);
            }
        }),
        on_rebuild: Box::new(move |o| print_outcome(o, &l2)),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_ENV)
        }
    }
}

/// The language of what serve and watch say: `--lang`, else the organization's.
fn locale_of(opts: &BuildOptions) -> Locale {
    let id = opts.lang.unwrap_or_else(|| {
        bcpgen::load::load_dir(&opts.data_dir)
            .data
            .organization
            .locale
    });
    Locale::get(id)
}

fn print_outcome(o: &Outcome, loc: &Locale) {
    match o {
        Outcome::Built {
            docs,
            took,
            warnings,
        } => {
            if !warnings.is_empty() && !quiet() {
                eprint!("{warnings}");
            }
            info(loc.serve_text(
                "built",
                &[
                    ("docs", &docs.to_string()),
                    ("ms", &took.as_millis().to_string()),
                ],
            ));
        }
        Outcome::Failed(text) => {
            eprint!("{text}");
            eprintln!("{}", loc.serve_text("last_good", &[]));
        }
    }
}

fn open_browser(url: &str, loc: &Locale) {
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
        eprintln!("{}", loc.serve_text("no_browser", &[("url", url)]));
    }
}

/// `build --watch`: builds, then rebuilds after every change, until stopped.
pub fn watch_build(opts: &BuildOptions) -> ExitCode {
    let _ = super::build::build_once(opts);
    let dirs = serve::watched(opts)
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    info(locale_of(opts).serve_text("watching", &[("dirs", &dirs)]));
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
