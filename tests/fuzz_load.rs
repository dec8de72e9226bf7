//! Mutation fuzzing of the loader: the example data, mutated deterministically
//! (values swapped for hostile ones, lines deleted, duplicated, re-indented,
//! truncated, stray YAML punctuation), must load without a panic, give located
//! errors, and, when it loads cleanly, check and build without a panic.
//!
//! CI runs a bounded number of iterations. For a long run:
//! `BCPGEN_FUZZ_SECS=1800 BCPGEN_FUZZ_SEED=7 cargo test --release --test fuzz_load -- --nocapture`
//! (`BCPGEN_FUZZ_BUILD_EVERY=N`: one input in N also through build and show)
//! (the count of executions and every failing input, saved under
//! `target/fuzz-load-failures/`, are printed).

mod common;
use common::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Values that have broken YAML loaders, date arithmetic or our own rules.
const VALUES: &[&str] = &[
    "99999999999d",
    "3650d",
    "3651d",
    "18446744073709551615m",
    "1d1d",
    "0x1F",
    "+886912000111",
    "3.10",
    "1e308",
    "-1",
    "-0",
    "4294967296",
    "256",
    "~",
    "null",
    "[]",
    "{}",
    "[a, [b, [c]]]",
    "\"\\e[31mred\"",
    "\"\\u0007\"",
    "'",
    "\"",
    "*a",
    "&a x",
    "!!binary aGk=",
    "!custom x",
    "2026-02-30",
    "115-05-05",
    "民國115年5月5日",
    "民國0年1月1日",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
    "2026-08-12T09:20:00",
    "2026-08-12T09:20:00+08:00",
    "P01",
    "S01",
    "procedure",
    "../x",
    "LIN-ZY",
    "lin-zy",
    "é\u{202e}",
    "|\n    multi\n    line",
    ">-\n    folded",
    ".inf",
    ".nan",
    "true",
    "yes",
    "0",
    "high",
    "critical",
    "4",
    "5",
    "行政室",
    "\t",
    "- item",
    "key: value",
    "? complex",
    "<<: *a",
];

const PUNCT: &[&str] = &[
    ":", "-", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "#", ",", "?",
    "\t", "\n", " ", "\\", "---", "...", "\u{1b}", "\u{0}", "\u{feff}", "\r",
];

const KEYS: &[&str] = &[
    "id",
    "name",
    "unit",
    "rto",
    "mtpd",
    "rpo",
    "level",
    "owner",
    "primary",
    "alternates",
    "reports_to",
    "systems",
    "processes",
    "version",
    "issued",
    "notify_within",
    "discovered_at",
    "recovered_at",
    "verified",
    "mobile",
    "interval",
    "due",
    "start",
    "end",
    "results",
    "recovery_time",
    "reached",
    "total",
    "documents",
    "overrides",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    for _ in 0..1 + rng.below(4) {
        let i = rng.below(lines.len());
        match rng.below(9) {
            // A value replaced by a hostile one.
            0 | 1 => {
                if let Some(p) = lines[i].find(": ") {
                    let v = rng.pick(VALUES);
                    lines[i] = format!("{}: {v}", &lines[i][..p]);
                }
            }
            2 => {
                lines.remove(i);
                if lines.is_empty() {
                    lines.push(String::new());
                }
            }
            3 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            // Re-indented by one or two columns, or with a tab.
            4 => {
                let l = &lines[i];
                lines[i] = match rng.below(3) {
                    0 => format!(" {l}"),
                    1 => l.strip_prefix("  ").unwrap_or(l).to_string(),
                    _ => format!("\t{}", l.trim_start()),
                };
            }
            // Stray punctuation at a character boundary.
            5 => {
                let l = &lines[i];
                let cuts: Vec<usize> = l.char_indices().map(|(b, _)| b).chain([l.len()]).collect();
                let at = *rng.pick(&cuts);
                lines[i] = format!("{}{}{}", &l[..at], rng.pick(PUNCT), &l[at..]);
            }
            6 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            7 => {
                let indent: String = lines[i].chars().take_while(|c| *c == ' ').collect();
                let line = format!("{indent}{}: {}", rng.pick(KEYS), rng.pick(VALUES));
                lines.insert(i, line);
            }
            _ => lines.truncate(i.max(1)),
        }
    }
    lines.join("\n") + "\n"
}

/// The files of the example data, relative to its directory.
fn example_files() -> Vec<(PathBuf, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                let rel = p.strip_prefix(base).unwrap().to_path_buf();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let base = root().join("data");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out
}

fn write_all(dir: &Path, files: &[(PathBuf, String)]) {
    for (rel, text) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// What went wrong with one input, if anything.
fn one_input(dir: &Path, build_too: bool) -> Option<String> {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let loaded = bcpgen::load::load_dir(dir);
        let mut problems = Vec::new();
        for d in &loaded.diags.items {
            let sourced = d
                .file
                .as_ref()
                .is_some_and(|f| loaded.sources.contains_key(f));
            if d.severity == bcpgen::diag::Severity::Error && sourced && d.loc.is_none() {
                problems.push(format!("unlocated error: {d:?}"));
            }
        }
        let text = loaded.diags.render_text(false);
        if text.chars().any(bcpgen::diag::is_forbidden_control) {
            problems.push("a control character reached the report".into());
        }
        let clean = !loaded.diags.has_errors();
        if clean {
            let _ = bcpgen::check::run(&loaded, as_of);
        }
        (problems, clean)
    }));
    let (problems, clean) = match result {
        Ok(r) => r,
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Some(format!("panic: {msg}"));
        }
    };
    if !problems.is_empty() {
        return Some(problems.join("\n"));
    }
    if clean && build_too {
        let out = dir.with_extension("out");
        let r = run(&[
            "build",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "md,html",
            "--as-of",
            AS_OF,
        ]);
        let _ = std::fs::remove_dir_all(&out);
        if r.code != 0 && r.code != 1 || r.stderr.contains("panicked") {
            return Some(format!("build exit {}: {}", r.code, r.stderr));
        }
        for id in ["2026-001", "2026-002"] {
            let r = run(&["show", "incident", id, "--data", dir.to_str().unwrap()]);
            if r.stderr.contains("panicked") {
                return Some(format!("show: {}", r.stderr));
            }
        }
    }
    None
}

#[test]
fn mutated_example_data_never_panics_and_errors_are_located() {
    let seed: u64 = std::env::var("BCPGEN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_B0C5);
    let limit = std::env::var("BCPGEN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs);
    let iterations: usize = if limit.is_some() { usize::MAX } else { 400 };
    // One input in `build_every` also goes through the binary's build and show.
    let build_every: usize = std::env::var("BCPGEN_FUZZ_BUILD_EVERY")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if limit.is_some() { 4 } else { 40 });
    let base = example_files();
    let tmp = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let mut failures: Vec<String> = Vec::new();
    let (mut runs, mut clean_builds) = (0usize, 0usize);
    // Silence the default panic message: panics are collected and reported below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for n in 0..iterations {
        if limit.is_some_and(|l| start.elapsed() > l) {
            break;
        }
        let dir = tmp.path().join(format!("d{n}"));
        let mut files = base.clone();
        for _ in 0..1 + rng.below(2) {
            let k = rng.below(files.len());
            files[k].1 = mutate(&files[k].1, &mut rng);
        }
        write_all(&dir, &files);
        // The binary runs on a share of the inputs (it is the slow part).
        let build_too = rng.below(build_every) == 0;
        if let Some(why) = one_input(&dir, build_too) {
            let keep = root()
                .join("target/fuzz-load-failures")
                .join(format!("{seed}-{n}"));
            let _ = std::fs::remove_dir_all(&keep);
            write_all(&keep, &files);
            failures.push(format!("{}: {why}", keep.display()));
        }
        if build_too {
            clean_builds += 1;
        }
        runs += 1;
        let _ = std::fs::remove_dir_all(&dir);
    }
    std::panic::set_hook(hook);
    eprintln!(
        "fuzz_load: {runs} inputs ({clean_builds} also through build/show) in {:.1} s, seed {seed}, {} failure(s)",
        start.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(runs > 0);
}
