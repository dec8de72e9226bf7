//! `bcpgen new`: a new incident or drill record with every key commented.

use super::prelude::*;
use bcpgen::load;
use chrono::{DateTime, Datelike, FixedOffset};

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    #[command(subcommand)]
    what: NewWhat,
}

#[derive(clap::Subcommand, Debug)]
enum NewWhat {
    /// Write `incidents/<next id>.yaml` with every key commented and `discovered_at` set to now.
    #[command(after_help = "Example:\n  bcpgen new incident && bcpgen check")]
    Incident(NewOne),
    /// Write `drills/<next id>.yaml` with every key commented and today's date.
    #[command(after_help = "Example:\n  bcpgen new drill --data mydata")]
    Drill(NewOne),
}

#[derive(clap::Args, Debug)]
struct NewOne {
    #[command(flatten)]
    data: DataDirArgs,
}

pub fn execute(a: NewArgs) -> ExitCode {
    let (kind, one) = match &a.what {
        NewWhat::Incident(one) => ("incident", one),
        NewWhat::Drill(one) => ("drill", one),
    };
    let data_dir = one.data.path();
    if let Err(code) = require_data_dir(&data_dir) {
        return code;
    }
    // Ids in use: file names and the ids the files declare (even if other
    // files have errors: a new record is how a user starts fixing things).
    let loaded = load::load_dir(&data_dir);
    let sub = if kind == "incident" {
        "incidents"
    } else {
        "drills"
    };
    let dir = data_dir.join(sub);
    let mut used: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    if kind == "incident" {
        used.extend(loaded.data.incidents.iter().map(|i| i.id.clone()));
    } else {
        used.extend(loaded.data.drills.iter().map(|d| d.id.clone()));
    }
    let now = chrono::Local::now().fixed_offset();
    let id = next_id(kind, now.year(), &used);
    let path = dir.join(format!("{id}.yaml"));
    if path.exists() {
        eprintln!("error: `{}` exists; nothing was written", path.display());
        return ExitCode::from(EXIT_DATA);
    }
    let en = loaded.data.organization.locale == LocaleId::En;
    let body = if kind == "incident" {
        new_incident(&id, now, en)
    } else {
        new_drill(&id, now.date_naive(), en)
    };
    // The records live one directory below the schema `init` writes.
    let text = format!("{MODELINE}\n{body}");
    if let Err(e) = std::fs::create_dir_all(&dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            bcpgen::output::write_one(&path, text.as_bytes(), &[]).map_err(|e| e.to_string())
        })
    {
        eprintln!("error: cannot write `{}`: {e}", path.display());
        return ExitCode::from(EXIT_ENV);
    }
    println!("{}", path.display());
    ExitCode::SUCCESS
}

/// Points editors that speak the YAML language server at the data directory's schema.
pub const MODELINE: &str = "# yaml-language-server: $schema=../schema.json";

/// The next free id of the year: `2026-003` for incidents, `2026-DR-03` for drills.
pub fn next_id(kind: &str, year: i32, used: &[String]) -> String {
    let (prefix, width) = if kind == "incident" {
        (format!("{year}-"), 3)
    } else {
        (format!("{year}-DR-"), 2)
    };
    let max = used
        .iter()
        .filter_map(|u| u.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut n = max + 1;
    loop {
        let id = format!("{prefix}{n:0width$}");
        if !used.contains(&id) {
            return id;
        }
        n += 1;
    }
}

fn new_incident(id: &str, now: DateTime<FixedOffset>, en: bool) -> String {
    let title = if en {
        "(title of the incident)"
    } else {
        "（事件標題）"
    };
    include_str!("../records/new_incident.yaml")
        .replace("{id}", id)
        .replace("{title}", title)
        .replace("{now}", &now.format("%Y-%m-%dT%H:%M:00%:z").to_string())
        .replace("{report_ids}", &report_ids())
        .replace("{class_ids}", &class_ids())
}

/// The classes of the built-in rule sets whose classes are stated
/// (`nis2: significant | not-significant; …`).
fn class_ids() -> String {
    bcpgen::ruleset::builtin()
        .iter()
        .filter(|s| !s.classes.is_empty())
        .map(|s| {
            let ids = s
                .classes
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            format!("{}: {ids}", s.id)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The report ids of the built-in rule sets, for the comment on `reports:`
/// (`tw-2021, tw-2026: internal, notification, …; nis2: …`).
fn report_ids() -> String {
    let mut groups: Vec<(Vec<&str>, String)> = Vec::new();
    for set in bcpgen::ruleset::builtin() {
        let ids = set
            .reports
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        match groups.iter_mut().find(|(_, i)| *i == ids) {
            Some((names, _)) => names.push(&set.id),
            None => groups.push((vec![&set.id], ids)),
        }
    }
    groups
        .iter()
        .map(|(names, ids)| format!("{}: {ids}", names.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn new_drill(id: &str, today: NaiveDate, en: bool) -> String {
    let title = if en {
        "(title of the drill)"
    } else {
        "（演練名稱）"
    };
    include_str!("../records/new_drill.yaml")
        .replace("{id}", id)
        .replace("{title}", title)
        .replace("{date}", &today.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::next_id;

    #[test]
    fn next_ids() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            next_id("incident", 2026, &v(&["2026-001", "2026-002"])),
            "2026-003"
        );
        assert_eq!(next_id("incident", 2027, &v(&["2026-001"])), "2027-001");
        assert_eq!(
            next_id("incident", 2026, &v(&["2026-009", "x"])),
            "2026-010"
        );
        assert_eq!(
            next_id("drill", 2026, &v(&["2026-DR-01", "2026-DR-02"])),
            "2026-DR-03"
        );
        assert_eq!(next_id("drill", 2026, &v(&[])), "2026-DR-01");
    }
}
