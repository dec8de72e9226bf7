//! `bcpgen typeset`: any Markdown file as PDF with the same engine.

use super::prelude::*;

#[derive(clap::Args, Debug)]
pub struct TypesetArgs {
    /// The Markdown file.
    file: PathBuf,
    /// Output PDF (default: the input with .pdf).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Document title in the page header (default: the first heading, else the file name).
    #[arg(long)]
    title: Option<String>,
    /// Document number in the page header.
    #[arg(long, default_value = "")]
    number: String,
    /// Version in the page header.
    #[arg(long, default_value = "")]
    version: String,
    /// Classification in the page header.
    #[arg(long, default_value = "")]
    classification: String,
    /// Language of the header labels and metadata.
    #[arg(long, default_value = "zh-TW", value_parser = parse_locale)]
    locale: LocaleId,
    #[command(flatten)]
    fonts: FontArgs,
}

pub fn execute(a: TypesetArgs) -> ExitCode {
    use bcpgen::export::pdf;
    let bytes = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", a.file.display());
            return ExitCode::from(EXIT_ENV);
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: `{}` is not valid UTF-8", a.file.display());
        return ExitCode::from(EXIT_DATA);
    };
    let markdown = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let stem = a
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let title = a
        .title
        .clone()
        .unwrap_or_else(|| first_heading(&markdown).unwrap_or_else(|| stem.clone()));
    let fonts = match pdf::Fonts::load(&a.fonts.config()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ENV);
        }
    };
    let loc = bcpgen::locale::Locale::get(a.locale);
    let offset = chrono::FixedOffset::east_opt(if a.locale == LocaleId::ZhTw {
        8 * 3600
    } else {
        0
    })
    .expect("valid offset");
    let doc = pdf::PdfDoc {
        id: stem.clone(),
        markdown: &markdown,
        header: pdf::PageHeader {
            labels: bcpgen::build::header_labels(&loc),
            number: a.number.clone(),
            title: title.clone(),
            classification: a.classification.clone(),
            version: a.version.clone(),
            edition: None,
            draft: None,
        },
        meta: pdf::PdfMeta {
            title: title.clone(),
            author: String::new(),
            subject: title,
            language: a.locale.as_str().to_string(),
            producer: format!("bcpgen {}", env!("CARGO_PKG_VERSION")),
            date: bcpgen::build::stamp(None, offset),
        },
    };
    let (pdf_bytes, warnings) = match pdf::render_document(&doc, &fonts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ENV);
        }
    };
    for w in &warnings {
        eprintln!("warning: {}", w.message);
    }
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| a.file.with_extension("pdf"));
    if let Err(e) = bcpgen::output::write_one(&out, &pdf_bytes) {
        eprintln!("error: cannot write `{}`: {e}", out.display());
        return ExitCode::from(EXIT_ENV);
    }
    ExitCode::SUCCESS
}

/// The text of the first heading of a Markdown document.
fn first_heading(md: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut in_heading = false;
    let mut text = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) if in_heading => return Some(text.trim().to_string()),
            Event::Text(t) | Event::Code(t) if in_heading => text.push_str(&t),
            _ => {}
        }
    }
    None
}
