//! Snapshots of the Markdown of the example set (`cargo insta review` after an
//! intended change to templates or data).

use bcpgen::build::{BuildOptions, build};
use bcpgen::render::Edition;
use std::path::PathBuf;

#[test]
fn example_set_markdown() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = BuildOptions {
        data_dir: root.join("data"),
        out_dir: root.join("target/snapshot-out"),
        formats: vec!["md".into()],
        only: None,
        templates: None,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        edition: Edition::Full,
        export: Default::default(),
        lang: None,
    };
    let built = build(&opts).unwrap_or_else(|_| panic!("the example data builds"));
    assert!(built.docs.len() >= 10);
    for d in &built.docs {
        insta::assert_snapshot!(d.id.clone(), d.markdown);
    }
}
