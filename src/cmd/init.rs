//! `bcpgen init`: a starter data directory.

use super::prelude::*;
use bcpgen::render;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  bcpgen init mydata\n  bcpgen init mydata --rules tw-2026\n  bcpgen init mydata --locale en --rules dora"
)]
pub struct InitArgs {
    /// Directory to create (must not exist or be empty).
    dir: PathBuf,
    /// Incident rule set: tw-national (default for zh-TW), tw-2021, tw-2026, nis2, dora.
    #[arg(long, value_name = "NAME")]
    rules: Option<String>,
    /// Language of the documents: zh-TW (default) or en.
    #[arg(long, value_parser = ["zh-TW", "en"])]
    locale: Option<String>,
}

/// The starter organization.yaml for the chosen locale and rule set.
fn organization(text: &str, locale: &str, rules: Option<&str>) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let l = if locale == "en" && trimmed.starts_with("locale: zh-TW") {
            "  locale: en                        # output language: zh-TW (default) | en\n  timezone: Europe/Brussels         # IANA time zone every timestamp is shown in; deadlines are computed on instants".to_string()
        } else if locale == "en" && trimmed.starts_with("calendar: roc") {
            "  calendar: gregorian               # date display: roc (民國) | gregorian".to_string()
        } else if trimmed.starts_with("incident_rules:") {
            match (rules, locale) {
                (Some(r), _) => format!(
                    "  incident_rules: {r:<17} # incident rule set: tw-national (Taiwan, the version in force on each incident's discovery day) | tw-2021 | tw-2026 | nis2 | dora | <name> of rules/<name>.yaml"
                ),
                (None, "en") => "  # CHOOSE the incident rule set that binds the organization: nis2 (EU NIS2 Directive:\n  # the organization states whether an incident is significant) or dora (EU financial\n  # entities: major ICT-related incidents); tw-national for a Taiwanese agency; or the\n  # name of your own rules/<name>.yaml.\n  incident_rules: nis2".to_string(),
                (None, _) => line.to_string(),
            }
        } else {
            line.to_string()
        };
        out.push_str(&l);
        out.push('\n');
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
            bytes: if f.path().ends_with("organization.yaml") {
                organization(
                    &String::from_utf8_lossy(f.contents()),
                    locale,
                    a.rules.as_deref(),
                )
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
