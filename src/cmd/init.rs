//! `bcpgen init`: a starter data directory.

use super::prelude::*;
use bcpgen::render;

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Directory to create (must not exist or be empty).
    dir: PathBuf,
    /// Incident rule set: tw-national, tw-2021, tw-2026, nis2 or dora
    /// [default: tw-national for zh-TW; an English starter asks you to choose and reads nis2 until you do]
    #[arg(long, value_name = "NAME")]
    rules: Option<String>,
    /// Language of the documents: zh-TW (default) or en.
    #[arg(long, value_parser = ["zh-TW", "en"])]
    locale: Option<String>,
}

/// The starter organization.yaml with the rule set of `--rules`: its
/// `incident_rules` value replaced, and the note asking to choose one dropped.
fn organization(text: &str, rules: Option<&str>) -> String {
    let Some(rules) = rules else {
        return text.to_string();
    };
    let mut out = String::new();
    let mut in_note = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("# CHOOSE") {
            in_note = true;
        }
        if let Some(rest) = trimmed.strip_prefix("incident_rules:") {
            in_note = false;
            let indent = &line[..line.len() - trimmed.len()];
            let comment = rest.find('#').map(|i| &rest[i..]).unwrap_or_default();
            let value = format!("incident_rules: {rules}");
            out.push_str(format!("{indent}{value:<34}{comment}").trim_end());
        } else if !in_note {
            out.push_str(line);
        }
        if !in_note {
            out.push('\n');
        }
    }
    out
}

pub fn execute(a: InitArgs) -> ExitCode {
    let dir = a.dir.as_path();
    if let Some(r) = &a.rules {
        let data = bcpgen::model::Data::default();
        if !bcpgen::ruleset::is_known(&data, r) {
            eprintln!(
                "error: unknown rule set `{r}`; the built-in sets are: {}",
                bcpgen::ruleset::names(&data).join(", ")
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let locale = a.locale.as_deref().unwrap_or("zh-TW");
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
    let Some(init) = render::TEMPLATES.get_dir(format!("init/{locale}")) else {
        eprintln!("error: the starter files are missing from this build");
        return ExitCode::from(EXIT_ENV);
    };
    let mut files: Vec<bcpgen::output::OutFile> = init
        .files()
        .map(|f| bcpgen::output::OutFile {
            name: f
                .path()
                .strip_prefix(init.path())
                .unwrap_or(f.path())
                .display()
                .to_string(),
            bytes: if f.path().ends_with("organization.yaml") {
                organization(&String::from_utf8_lossy(f.contents()), a.rules.as_deref())
                    .into_bytes()
            } else {
                f.contents().to_vec()
            },
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
