//! `bcpgen show`: an incident's level and deadlines, or a drill's results.

use super::prelude::*;
use bcpgen::load::{self, Loaded};
use bcpgen::records::{self, drill, incident};
use chrono::{DateTime, FixedOffset};
use serde_json::{Value, json};

/// How `show` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    #[command(subcommand)]
    what: ShowWhat,
}

#[derive(clap::Subcommand, Debug)]
enum ShowWhat {
    /// The computed level, the criterion that decided it and every deadline with its status.
    #[command(
        after_help = "Examples:\n  bcpgen show incident 2026-002\n  bcpgen show incident 2026-002 --as-of 2026-10-15 --format json"
    )]
    Incident(ShowOne),
    /// Each exercised process's recovery time against its RTO, and overdue improvements.
    #[command(
        after_help = "Examples:\n  bcpgen show drill 2026-DR-02\n  bcpgen show drill 2026-DR-02 --data mydata --format json"
    )]
    Drill(ShowOne),
}

#[derive(clap::Args, Debug)]
struct ShowOne {
    /// The record's id.
    id: String,
    /// Data directory.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Judge deadlines at the end of this day (YYYY-MM-DD; default: now).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
}

/// Loads the data; load errors are printed and end the command (exit 1).
fn load_data(dir: &Path) -> Result<Loaded, ExitCode> {
    if !dir.join("organization.yaml").is_file() {
        eprintln!(
            "error: `{}` is not a data directory (no organization.yaml)",
            dir.display()
        );
        return Err(ExitCode::from(EXIT_ENV));
    }
    let loaded = load::load_dir(dir);
    if loaded.diags.has_errors() {
        eprint!("{}", loaded.diags.render_text(color_stderr()));
        eprintln!("fix the errors above first");
        return Err(data_exit(&loaded.diags));
    }
    Ok(loaded)
}

fn unknown(what: &str, id: &str, ids: Vec<&str>) -> ExitCode {
    let list = if ids.is_empty() {
        "there are none".to_string()
    } else {
        format!("the ids are: {}", ids.join(", "))
    };
    eprintln!("error: no {what} `{id}`; {list}");
    ExitCode::from(EXIT_DATA)
}

fn print(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

pub fn execute(a: ShowArgs) -> ExitCode {
    let (ShowWhat::Incident(one) | ShowWhat::Drill(one)) = &a.what;
    let loaded = match load_data(&one.data) {
        Ok(l) => l,
        Err(c) => return c,
    };
    match &a.what {
        ShowWhat::Incident(one) => show_incident(one, &loaded),
        ShowWhat::Drill(one) => show_drill(one, &loaded),
    }
}

fn show_incident(one: &ShowOne, loaded: &Loaded) -> ExitCode {
    let data = &loaded.data;
    let Some(inc) = data.incidents.iter().find(|i| i.id == one.id) else {
        return unknown(
            "incident",
            &one.id,
            data.incidents.iter().map(|i| i.id.as_str()).collect(),
        );
    };
    let now: DateTime<FixedOffset> = match one.as_of {
        Some(d) => records::as_of_instant(inc, d),
        None => chrono::Local::now().fixed_offset(),
    };
    let loc = bcpgen::locale::Locale::get(data.organization.locale);
    let level = records::level_value(inc, &loc);
    let ds = incident::deadlines(inc, &data.policy, incident::level_in_force(inc), now);
    let deadlines: Vec<Value> = ds.iter().map(records::deadline_value).collect();
    if one.format == ShowFormat::Json {
        print(&json!({
            "id": inc.id, "title": inc.title, "as_of": now.to_rfc3339(),
            "level": level, "deadlines": deadlines,
        }));
        return ExitCode::SUCCESS;
    }
    println!("incident {}: {}", inc.id, inc.title);
    match &level["criterion"] {
        Value::Null => println!("level: none of the criteria is reached"),
        c => println!(
            "level: {} (computed; criterion {}.{} {}: {})",
            level["computed"],
            c["level"],
            c["index"],
            c["clause"].as_str().unwrap_or(""),
            c["text"].as_str().unwrap_or("")
        ),
    }
    if let Some(stated) = inc.level {
        let note = if level["mismatch"] == true {
            "  WARNING: differs from the computed level"
        } else {
            ""
        };
        println!("stated level: {stated}{note}");
    }
    println!(
        "deadlines (level {}, as of {}):",
        level["in_force"],
        now.format("%Y-%m-%d %H:%M %:z")
    );
    for d in &deadlines {
        let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
        let within = d["within"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{} month(s)", d["within_months"]));
        let due = DateTime::parse_from_rfc3339(&s("due"))
            .map(|t| t.format("%Y-%m-%d %H:%M %:z").to_string())
            .unwrap_or_default();
        let status = match s("status").as_str() {
            "met" => "met".to_string(),
            "missed" => format!("MISSED by {}", s("amount")),
            "open" => format!("open, {} left", s("amount")),
            _ => format!("OVERDUE by {}", s("amount")),
        };
        let done = d["done_at"]
            .as_str()
            .map(|t| match DateTime::parse_from_rfc3339(t) {
                Ok(t) => format!(", done {}", t.format("%Y-%m-%d %H:%M %:z")),
                Err(_) => format!(", done {t}"),
            })
            .unwrap_or_default();
        let prov = if d["provisional"] == true {
            " (from the recovery deadline)"
        } else {
            ""
        };
        println!(
            "  {:<16} within {:<10} due {due}{prov}{done}: {status}",
            s("kind"),
            within
        );
    }
    ExitCode::SUCCESS
}

fn show_drill(one: &ShowOne, loaded: &Loaded) -> ExitCode {
    let data = &loaded.data;
    let Some(d) = data.drills.iter().find(|x| x.id == one.id) else {
        return unknown(
            "drill",
            &one.id,
            data.drills.iter().map(|x| x.id.as_str()).collect(),
        );
    };
    let as_of = one.as_of.unwrap_or_else(today);
    let results: Vec<Value> = drill::results(d, data)
        .iter()
        .map(|r| {
            json!({
                "process": r.process, "name": r.name, "rto": r.rto, "recovered_in": r.recovered_in,
                "status": r.status.as_str(), "amount": r.status.amount(), "note": r.note,
            })
        })
        .collect();
    let overdue: Vec<Value> = drill::overdue_improvements(d, as_of)
        .iter()
        .map(|o| {
            json!({
                "index": o.index, "issue": o.improvement.issue, "action": o.improvement.action,
                "owner": o.improvement.owner, "due": o.due.format("%Y-%m-%d").to_string(),
                "status": o.improvement.status.as_str(), "days_overdue": o.days,
            })
        })
        .collect();
    if one.format == ShowFormat::Json {
        print(&json!({
            "id": d.id, "title": d.title, "date": d.date, "as_of": as_of.format("%Y-%m-%d").to_string(),
            "results": results, "contact_check": d.contact_check, "contact_rate": drill::contact_rate(d),
            "overdue_improvements": overdue,
        }));
        return ExitCode::SUCCESS;
    }
    println!(
        "drill {}: {} ({})",
        d.id,
        d.title,
        d.date.0.format("%Y-%m-%d")
    );
    println!("results:");
    for r in &results {
        let s = |k: &str| r[k].as_str().unwrap_or("—").to_string();
        let status = match s("status").as_str() {
            "met" => format!("met ({} to spare)", s("amount")),
            "missed" => format!("MISSED by {}", s("amount")),
            "no-rto" => "no RTO to compare with".to_string(),
            _ => "not measured".to_string(),
        };
        println!(
            "  {} {}: recovered in {}, RTO {}: {status}",
            s("process"),
            s("name"),
            s("recovered_in"),
            s("rto")
        );
    }
    if let Some(c) = &d.contact_check {
        let within = c.within.map(|w| format!(" within {w}")).unwrap_or_default();
        println!("contact check: {}/{} reached{within}", c.reached, c.total);
    }
    println!(
        "overdue improvements (as of {}): {}",
        as_of.format("%Y-%m-%d"),
        overdue.len()
    );
    for o in &overdue {
        println!(
            "  {} (owner {}, due {}, {} days overdue, {})",
            o["issue"].as_str().unwrap_or(""),
            o["owner"].as_str().unwrap_or("—"),
            o["due"].as_str().unwrap_or(""),
            o["days_overdue"],
            o["status"].as_str().unwrap_or("")
        );
    }
    ExitCode::SUCCESS
}
