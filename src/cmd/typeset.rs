//! `bcpgen typeset`: any Markdown file as PDF, ODT or DOCX with the same exporters as `build`.

use super::prelude::*;

#[derive(clap::Args, Debug)]
pub struct TypesetArgs {
    /// The Markdown file.
    file: PathBuf,
    /// Output file (default: the input with the format's extension).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "pdf", value_parser = format_parser())]
    to: String,
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
    /// Issue date in the page header, as it is to be printed.
    #[arg(long, default_value = "")]
    issued: String,
    /// Language of the header labels and metadata.
    #[arg(long, default_value = "zh-TW", value_parser = parse_locale)]
    locale: LocaleId,
    #[command(flatten)]
    fonts: FontArgs,
}

pub fn execute(a: TypesetArgs) -> ExitCode {
    let Some(exporter) = bcpgen::export::find(&a.to) else {
        eprintln!("error: unknown format `{}`", a.to);
        return ExitCode::from(EXIT_USAGE);
    };
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| a.file.with_extension(exporter.extension()));
    // Checked before the work: never write over the input, never create directories.
    if bcpgen::output::same_file(&out, &a.file) {
        eprintln!(
            "error: the output `{}` is the input file; choose another with -o",
            out.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        eprintln!(
            "error: cannot write `{}`: directory `{}` does not exist; create it first",
            out.display(),
            parent.display()
        );
        return ExitCode::from(EXIT_ENV);
    }
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
    let loc = bcpgen::locale::Locale::get(a.locale);
    let set = bcpgen::export::SetInfo {
        locale: a.locale,
        organization: String::new(),
        subject: title.clone(),
        edition: bcpgen::render::Edition::Full,
        labels: bcpgen::export::HeaderLabels::from_locale(&loc),
        producer: bcpgen::export::pdf::producer(),
        cover: None,
        links: Vec::new(),
    };
    let doc = bcpgen::export::Doc {
        id: stem.clone(),
        markdown,
        title,
        number: a.number.clone(),
        version: a.version.clone(),
        classification: a.classification.clone(),
        issued: a.issued.clone(),
        edition_notice: None,
        draft: None,
        date: bcpgen::export::pdf::stamp(None, bcpgen::export::pdf::org_offset(a.locale)),
    };
    let cx = bcpgen::export::Context::new(set, a.fonts.export_options());
    let exported = match exporter.document(&doc, &cx) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ENV);
        }
    };
    report_warnings(&exported.warnings);
    if let Err(e) = bcpgen::output::write_one(&out, &exported.bytes, &[a.file.as_path()]) {
        eprintln!("error: cannot write `{}`: {e}", out.display());
        return ExitCode::from(EXIT_ENV);
    }
    ExitCode::SUCCESS
}

fn report_warnings(ws: &[bcpgen::diag::Diagnostic]) {
    let mut d = bcpgen::diag::Diagnostics::default();
    ws.iter().cloned().for_each(|w| d.push(w));
    report(&d);
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
