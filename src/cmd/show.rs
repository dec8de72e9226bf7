//! `bcpgen show`: an incident's level and deadlines, or a drill's results.

use super::prelude::*;
use bcpgen::load::{self, Loaded};
use bcpgen::records::{self, drill};
use bcpgen::ruleset;
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
    #[command(flatten)]
    data: DataDirArgs,
    /// Judge deadlines at the end of this day (YYYY-MM-DD; default: now).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
}

/// Loads the data; load errors are printed and end the command (exit 1).
fn load_data(dir: &Path) -> Result<Loaded, ExitCode> {
    require_data_dir(dir)?;
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
    let loaded = match load_data(&one.data.path()) {
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
    let zone = records::incident_zone(inc, data);
    let now: DateTime<FixedOffset> = match one.as_of {
        Some(d) => records::as_of_instant(inc, data, d),
        None => zone.local(chrono::Utc::now().fixed_offset()),
    };
    let locale = data.organization.locale.as_str();
    let set = ruleset::for_incident(data, inc);
    let level = records::level_value(inc, set, locale);
    let tl = ruleset::timeline(inc, set, &data.policy, &zone, now);
    let reports: Vec<Value> = tl
        .reports
        .iter()
        .map(|l| records::report_value(set, l, locale, &zone))
        .collect();
    if one.format == ShowFormat::Json {
        print(&json!({
            "id": inc.id, "title": inc.title, "as_of": zone.local(now).to_rfc3339(),
            "timezone": zone.name(),
            "rule_set": {"id": set.id, "name": set.name_in(locale), "basis": level["basis"]},
            "level": level, "reports": reports,
        }));
        return ExitCode::SUCCESS;
    }
    let fmt = |t: &str| {
        DateTime::parse_from_rfc3339(t)
            .map(|t| t.format("%Y-%m-%d %H:%M %:z").to_string())
            .unwrap_or_else(|_| t.to_string())
    };
    println!("incident {}: {}", inc.id, inc.title);
    println!("rule set: {} ({})", set.name_in(locale), set.id);
    if set.computed() {
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
    } else {
        match (&inc.classification, &inc.classified_at) {
            (Some(c), Some(t)) => println!(
                "classification: {c} (stated by the organization at {})",
                fmt(&zone.local(t.0).to_rfc3339())
            ),
            (Some(c), None) => println!("classification: {c} (stated; no classified_at)"),
            (None, _) => println!("classification: not stated; reports shown as if reportable"),
        }
    }
    println!(
        "reports (as of {}, times in {}):",
        now.format("%Y-%m-%d %H:%M %:z"),
        zone.name()
    );
    for r in &reports {
        let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
        let status = |v: &Value| match s(v, "status").as_str() {
            "met" => "met".to_string(),
            "missed" => format!("MISSED by {}", s(v, "amount")),
            "open" => format!("open, {} left", s(v, "amount")),
            "overdue" => format!("OVERDUE by {}", s(v, "amount")),
            other => other.replace('-', " "),
        };
        let done = r["done_at"]
            .as_str()
            .map(|t| format!(", done {}", fmt(t)))
            .unwrap_or_default();
        let due = r["due"]
            .as_str()
            .map(|t| format!(" due {}", fmt(t)))
            .unwrap_or_default();
        let prov = if r["provisional"] == true {
            " (from a deadline not yet met)"
        } else {
            ""
        };
        println!("  {:<22}{due}{prov}{done}: {}", s(r, "id"), status(r));
        let limits = r["limits"].as_array().cloned().unwrap_or_default();
        if limits.len() > 1 {
            for l in &limits {
                let within = l["within"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{} month(s)", l["within_months"]));
                let from = l["from_report"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| s(l, "from"));
                let due = l["due"].as_str().map(fmt).unwrap_or_else(|| "—".into());
                println!("    within {within} of {from}: due {due}: {}", status(l));
            }
        }
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
                "rpo": r.rpo, "data_loss": r.data_loss, "rpo_status": r.rpo_status.as_str(),
                "rpo_amount": r.rpo_status.amount(),
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
            "id": d.id, "title": d.title, "kind": d.kind.as_str(), "method": d.method.as_str(),
            "date": d.date, "as_of": as_of.format("%Y-%m-%d").to_string(),
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
            "estimate" => "an estimate (not judged)".to_string(),
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
