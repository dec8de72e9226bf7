//! bcpgen: business-continuity document sets from YAML data.
//!
//! The pipeline flows one way:
//! `load` (YAML → typed model, diagnostics) → `check` (rules) → `render`
//! (tera templates → Markdown per document) → `export` (one registry of
//! formats: HTML, PDF, ODT, DOCX, Markdown).

pub mod build;
pub mod check;
pub mod cjk;
pub mod diag;
pub mod diagram;
pub mod diff;
pub mod docs;
pub mod export;
pub mod figures;
pub mod load;
pub mod locale;
pub mod model;
pub mod output;
pub mod records;
pub mod render;
pub mod ruleset;
pub mod serve;
pub mod zone;
