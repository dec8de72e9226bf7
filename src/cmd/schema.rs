//! `bcpgen schema`: the JSON Schema of the data files.

use super::prelude::*;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  bcpgen schema > data/schema.json")]
pub struct SchemaArgs {}

pub fn execute(_a: SchemaArgs) -> ExitCode {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(bcpgen::model::schema::schema_json().as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            ExitCode::from(EXIT_ENV)
        }
    }
}
