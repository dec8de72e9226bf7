//! What the figure partials of the templates draw, computed from the values
//! the templates already hold: template functions `timeline_figure`,
//! `drill_figure`, `bia_figure` and `year_figure`.
//!
//! Times come out as wall-clock text (`YYYY-MM-DD HH:mm`, in the zone the
//! record's values are written in), lengths as durations (`1h30m`, for the
//! `dur` filter), chart values as numbers in the unit the view names.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Months, NaiveDate};
use serde_json::{Value, json};
use tera::Tera;

use crate::model::Duration;

/// Text inside a figure block: Mermaid's entity codes for the characters
/// that would end a label or a task (`:`, `;`, `#`, quotes, brackets), line
/// breaks as spaces. The figure parser decodes them again.
pub fn figure_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            ':' => out.push_str("#58;"),
            ';' => out.push_str("#59;"),
            ',' => out.push_str("#44;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

struct FigText;

impl tera::Filter for FigText {
    fn filter(&self, v: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            v => v.to_string(),
        };
        Ok(Value::String(figure_text(&s)))
    }
    fn is_safe(&self) -> bool {
        true
    }
}

/// Registers the figure functions and the `fig` filter (text in a figure block).
pub fn register(tera: &mut Tera) {
    tera.register_filter("fig", FigText);
    tera.register_function("timeline_figure", |a: &HashMap<String, Value>| {
        Ok(timeline(arg(a, "incident")?))
    });
    tera.register_function("drill_figure", |a: &HashMap<String, Value>| {
        Ok(drill(arg(a, "drill")?))
    });
    tera.register_function("bia_figure", |a: &HashMap<String, Value>| {
        Ok(bia(arg(a, "processes")?, arg(a, "systems")?))
    });
    tera.register_function("year_figure", |a: &HashMap<String, Value>| {
        let months = arg(a, "drill_months")?.as_u64().unwrap_or(12) as u32;
        let as_of = arg(a, "as_of")?
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .ok_or_else(|| tera::Error::msg("`year_figure`: as_of must be a date"))?;
        Ok(year(
            arg(a, "systems")?,
            arg(a, "processes")?,
            arg(a, "drills")?,
            as_of,
            months,
        ))
    });
}

fn arg<'a>(a: &'a HashMap<String, Value>, k: &str) -> tera::Result<&'a Value> {
    a.get(k)
        .ok_or_else(|| tera::Error::msg(format!("figure function: missing argument `{k}`")))
}

fn time(v: &Value) -> Option<DateTime<FixedOffset>> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
}

fn wall(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A non-negative span as a duration text (whole minutes).
fn span(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> String {
    let m = (to - from).num_minutes().max(0) as u64;
    Duration::from_minutes(m).to_string()
}

fn dur(v: &Value) -> Option<Duration> {
    v.as_str().and_then(|s| Duration::parse(s).ok())
}

/// The incident time line: the awareness time and, per deadline with a due
/// time, the due time and the report's time, each with the time since
/// awareness, the state (`met`, `missed`, `overdue`, `open`) and the amount
/// (to spare, late, left).
pub fn timeline(inc: &Value) -> Value {
    let deadlines = inc["deadlines"].as_array().cloned().unwrap_or_default();
    // The zone of the document: the offset its due times are written in.
    let offset = deadlines
        .iter()
        .find_map(|d| time(&d["due"]))
        .or_else(|| time(&inc["discovered_at"]))
        .map(|t| *t.offset());
    let (Some(aware), Some(offset)) = (time(&inc["discovered_at"]), offset) else {
        return json!({"rows": []});
    };
    let aware = aware.with_timezone(&offset);
    let mut rows = Vec::new();
    for d in &deadlines {
        let Some(due) = time(&d["due"]).map(|t| t.with_timezone(&offset)) else {
            continue;
        };
        let status = d["status"].as_str().unwrap_or("");
        let done = time(&d["done_at"]).map(|t| t.with_timezone(&offset));
        let amount = match (status, done) {
            ("met", Some(done)) => Some(span(done, due)),
            _ => d["amount"].as_str().map(str::to_string),
        };
        rows.push(json!({
            "name": d["name"],
            "due": wall(due),
            "due_after": span(aware, due),
            "done": done.map(wall),
            "done_after": done.map(|t| span(aware, t)),
            "status": status,
            "tag": match status { "met" => "done, ", "missed" | "overdue" => "crit, ", "open" => "active, ", _ => "" },
            "amount": amount,
        }));
    }
    json!({
        "start": wall(aware),
        "utc_offset": offset.to_string(),
        "rows": rows,
    })
}

/// Minutes as a chart value in `unit` (`min` or `h`), two decimals at most.
fn in_unit(minutes: u64, unit: &str) -> f64 {
    let v = if unit == "h" {
        minutes as f64 / 60.0
    } else {
        minutes as f64
    };
    (v * 100.0).round() / 100.0
}

fn unit_for(max_minutes: u64) -> &'static str {
    if max_minutes < 180 { "min" } else { "h" }
}

/// The drill chart: one row per process with a recorded recovery time (a
/// process without one has no bar), with its RTO when known.
pub fn drill(d: &Value) -> Value {
    let results = d["result_list"].as_array().cloned().unwrap_or_default();
    let measured: Vec<&Value> = results
        .iter()
        .filter(|r| dur(&r["recovered_in"]).is_some())
        .collect();
    let max = measured
        .iter()
        .flat_map(|r| [dur(&r["recovered_in"]), dur(&r["rto"])])
        .flatten()
        .map(Duration::minutes)
        .max()
        .unwrap_or(0);
    let unit = unit_for(max);
    let rows: Vec<Value> = measured
        .iter()
        .map(|r| {
            let got = dur(&r["recovered_in"]).map_or(0, Duration::minutes);
            json!({
                "name": r["name"], "process": r["process"],
                "value": in_unit(got, unit),
                "target": dur(&r["rto"]).map(|t| in_unit(t.minutes(), unit)),
                "recovered_in": r["recovered_in"], "rto": r["rto"],
                "status": r["status"], "amount": r["amount"],
            })
        })
        .collect();
    let unmeasured: Vec<&Value> = results
        .iter()
        .filter(|r| dur(&r["recovered_in"]).is_none())
        .map(|r| &r["name"])
        .collect();
    let all_targets = rows.iter().all(|r| !r["target"].is_null());
    json!({
        "unit": unit,
        "rows": rows,
        "all_targets": all_targets,
        "unmeasured": unmeasured,
    })
}

/// The BIA chart: per process, in the order given (the annex table's), RPO,
/// RTO and MTPD in hours, and what the check rules say about them: an RTO
/// beyond the MTPD, an RPO shorter than a system's backup interval.
pub fn bia(processes: &Value, systems: &Value) -> Value {
    let systems = systems.as_array().cloned().unwrap_or_default();
    let interval = |id: &str| {
        systems
            .iter()
            .find(|s| s["id"] == id)
            .and_then(|s| dur(&s["backup"]["interval"]).map(|i| (s["name"].clone(), i)))
    };
    let h = |d: Option<Duration>| d.map_or(0.0, |d| in_unit(d.minutes(), "h"));
    let rows: Vec<Value> = processes
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let (rpo, rto, mtpd) = (dur(&p["rpo"]), dur(&p["rto"]), dur(&p["mtpd"]));
            let backup = rpo.and_then(|rpo| {
                p["systems"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|s| s.as_str().and_then(interval))
                    .find(|(_, i)| *i > rpo)
            });
            json!({
                "id": p["id"], "name": p["name"],
                "rpo": p["rpo"], "rto": p["rto"], "mtpd": p["mtpd"],
                "rpo_h": h(rpo), "rto_h": h(rto), "mtpd_h": h(mtpd),
                "rto_over_mtpd": matches!((rto, mtpd), (Some(a), Some(b)) if a > b),
                "backup_system": backup.as_ref().map(|b| b.0.clone()),
                "backup_interval": backup.map(|b| b.1.to_string()),
            })
        })
        .filter(|r| r["rpo_h"] != 0.0 || r["rto_h"] != 0.0 || r["mtpd_h"] != 0.0)
        .collect();
    let flagged = rows
        .iter()
        .any(|r| r["rto_over_mtpd"] == true || !r["backup_system"].is_null());
    json!({"rows": rows, "flagged": flagged})
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str()
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
}

/// The year view of the core systems: the last drill that exercised each
/// (naming it or a process running on it, not after `as_of`), the last
/// restore test, and when the next of each is due (the drill policy's months,
/// twelve months for a restore test; `as_of` when there was none).
pub fn year(
    systems: &Value,
    processes: &Value,
    drills: &Value,
    as_of: NaiveDate,
    drill_months: u32,
) -> Value {
    let empty = Vec::new();
    let processes = processes.as_array().unwrap_or(&empty);
    let drills = drills.as_array().unwrap_or(&empty);
    let rows: Vec<Value> = systems
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|s| s["core"] == true)
        .map(|s| {
            let id = &s["id"];
            let runs = |pid: &Value| {
                processes
                    .iter()
                    .any(|p| &p["id"] == pid && p["systems"].as_array().is_some_and(|l| l.contains(id)))
            };
            let last_drill = drills
                .iter()
                .filter(|d| {
                    d["systems"].as_array().is_some_and(|l| l.contains(id))
                        || d["processes"].as_array().is_some_and(|l| l.iter().any(runs))
                })
                .filter_map(|d| date(&d["date"]).map(|x| (x, d["id"].clone())))
                .filter(|(x, _)| *x <= as_of)
                .max_by_key(|(x, _)| *x);
            let tested = date(&s["backup"]["last_restore_test"]).filter(|x| *x <= as_of);
            let next = |last: Option<NaiveDate>, months: u32| {
                last.and_then(|l| l.checked_add_months(Months::new(months)))
                    .unwrap_or(as_of)
            };
            let drill_due = next(last_drill.as_ref().map(|l| l.0), drill_months);
            // Judged as the check rules judge: due before `as_of`, or never done.
            let test_due = next(tested, 12);
            let fmt = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
            json!({
                "id": id, "name": s["name"],
                "drill": last_drill.as_ref().map(|l| fmt(l.0)), "drill_id": last_drill.as_ref().map(|l| l.1.clone()),
                "drill_due": fmt(drill_due), "drill_overdue": last_drill.is_none() || drill_due < as_of,
                "test": tested.map(fmt),
                "test_due": fmt(test_due), "test_overdue": tested.is_none() || test_due < as_of,
            })
        })
        .collect();
    json!({"rows": rows, "as_of": as_of.format("%Y-%m-%d").to_string()})
}
