//! Exporters: each turns the Markdown of one document into another format.

pub mod html;
pub mod nesting;
pub mod pdf;
