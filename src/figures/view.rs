//! What the figure partials of the templates draw, computed from the values
//! the templates already hold: template functions `timeline_figure`,
//! `drill_figure` and `bia_figure` (the year view of the test schedule is
//! drawn from the `schedule` context as it is).
//!
//! Times come out as wall-clock text (`YYYY-MM-DD HH:mm`, in the zone the
//! record's values are written in), lengths as durations (`1h30m`, for the
//! `dur` filter), chart values as numbers in the unit the view names.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
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

/// One bar chart of a drill: a row per process with a recorded `value_key`
/// (a process without one has no bar), against `target_key` when known.
fn drill_bars(results: &[Value], keys: [&str; 4]) -> Value {
    let [value_key, target_key, status_key, amount_key] = keys;
    let measured: Vec<&Value> = results
        .iter()
        .filter(|r| dur(&r[value_key]).is_some())
        .collect();
    let max = measured
        .iter()
        .flat_map(|r| [dur(&r[value_key]), dur(&r[target_key])])
        .flatten()
        .map(Duration::minutes)
        .max()
        .unwrap_or(0);
    let unit = unit_for(max);
    let rows: Vec<Value> = measured
        .iter()
        .map(|r| {
            let got = dur(&r[value_key]).map_or(0, Duration::minutes);
            json!({
                "name": r["name"], "process": r["process"],
                "value": in_unit(got, unit),
                "target": dur(&r[target_key]).map(|t| in_unit(t.minutes(), unit)),
                "measured": r[value_key], "objective": r[target_key],
                "status": r[status_key], "amount": r[amount_key],
            })
        })
        .collect();
    let unmeasured: Vec<&Value> = results
        .iter()
        .filter(|r| dur(&r[value_key]).is_none())
        .map(|r| &r["name"])
        .collect();
    let all_targets = rows.iter().all(|r| !r["target"].is_null());
    let missed = rows.iter().any(|r| r["status"] == "missed");
    json!({
        "unit": unit,
        "rows": rows,
        "all_targets": all_targets,
        "any_target": rows.iter().any(|r| !r["target"].is_null()),
        "missed": missed,
        "unmeasured": unmeasured,
    })
}

/// The drill charts: the recovery time of each process against its RTO
/// (`rto`), and, when a data loss is recorded, the data lost against the RPO
/// (`loss`).
pub fn drill(d: &Value) -> Value {
    let results = d["result_list"].as_array().cloned().unwrap_or_default();
    let rto = drill_bars(&results, ["recovered_in", "rto", "status", "amount"]);
    let loss = drill_bars(&results, ["data_loss", "rpo", "rpo_status", "rpo_amount"]);
    json!({"rto": rto, "loss": loss})
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
