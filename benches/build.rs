//! Benchmark: build the example set (data/) as Markdown + HTML, in memory.

use bcpgen::build::{BuildOptions, build};
use bcpgen::render::Edition;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::PathBuf;

fn bench_build(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = BuildOptions {
        data_dir: root.join("data"),
        out_dir: std::env::temp_dir().join("bcpgen-bench"),
        formats: vec!["md".into(), "html".into()],
        only: None,
        templates: None,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        edition: Edition::Full,
        export: Default::default(),
        lang: None,
    };
    c.bench_function("build example set md+html", |b| {
        b.iter(|| build(&opts).map(|built| built.files.len()).unwrap_or(0))
    });
}

criterion_group!(benches, bench_build);
criterion_main!(benches);
