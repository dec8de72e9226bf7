//! `bcpgen init`: a starter data directory.

use super::prelude::*;
use bcpgen::render;

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Directory to create (must not exist or be empty).
    dir: PathBuf,
}

pub fn execute(a: InitArgs) -> ExitCode {
    let dir = a.dir.as_path();
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut r| r.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: `{}` exists and is not empty; choose a new directory",
            dir.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let Some(init) = render::TEMPLATES.get_dir("init") else {
        eprintln!("error: the starter files are missing from this build");
        return ExitCode::from(EXIT_ENV);
    };
    let mut files: Vec<bcpgen::output::OutFile> = init
        .files()
        .map(|f| bcpgen::output::OutFile {
            name: f
                .path()
                .strip_prefix("init")
                .unwrap_or(f.path())
                .display()
                .to_string(),
            bytes: f.contents().to_vec(),
        })
        .collect();
    // The modelines of the starter files point editors at this schema.
    files.push(bcpgen::output::OutFile {
        name: "schema.json".into(),
        bytes: bcpgen::model::schema::schema_json().into_bytes(),
    });
    files.sort_by(|a, b| a.name.cmp(&b.name));
    match bcpgen::output::write_all(dir, &files) {
        Ok(p) => {
            eprintln!(
                "wrote {} files to {}; edit them, then run `bcpgen check {}`",
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
