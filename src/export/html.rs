//! HTML export: the document's Markdown through pulldown-cmark, Mermaid blocks
//! replaced by inline SVG, in one self-contained page with embedded CSS.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};

const CSS: &str = include_str!("../../assets/style.css");

/// What the page shell shows besides the body.
pub struct Page<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    /// Edition notice shown in a banner (always present: which edition a file is must be visible).
    pub edition_notice: &'a str,
    pub edition: &'a str,
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Markdown → HTML body. Diagram errors are returned as warnings (the block stays code).
pub fn body(markdown: &str) -> (String, Vec<String>) {
    let mut events = Vec::new();
    let mut warnings = Vec::new();
    let mut in_mermaid: Option<String> = None;
    for ev in Parser::new_ext(markdown, markdown_options()) {
        match (&mut in_mermaid, ev) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))))
                if lang.as_ref() == "mermaid" =>
            {
                in_mermaid = Some(String::new());
            }
            (Some(src), Event::Text(t)) => src.push_str(&t),
            (Some(src), Event::End(TagEnd::CodeBlock)) => {
                let title = diagram_title(src);
                match crate::diagram::render_svg(src, &title) {
                    Ok(svg) => events.push(Event::Html(
                        format!("<figure class=\"diagram\">{svg}</figure>\n").into(),
                    )),
                    Err(e) => {
                        warnings.push(format!("diagram could not be drawn: {e}"));
                        events.push(Event::Html(
                            format!("<pre><code>{}</code></pre>\n", escape_html(src)).into(),
                        ));
                    }
                }
                in_mermaid = None;
            }
            (Some(_), _) => {}
            (None, ev) => events.push(ev),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events.into_iter());
    (out, warnings)
}

/// A title for the SVG: its first node labels, for screen readers.
fn diagram_title(src: &str) -> String {
    src.lines()
        .nth(1)
        .unwrap_or("")
        .trim()
        .chars()
        .take(60)
        .collect()
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A full, self-contained HTML page.
pub fn page(p: &Page, body_html: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body class=\"edition-{edition}\">\n\
<p class=\"edition\">{notice}</p>\n<main>\n{body_html}</main>\n</body>\n</html>\n",
        lang = escape_html(p.lang),
        title = escape_html(p.title),
        edition = escape_html(p.edition),
        notice = escape_html(p.edition_notice),
    )
}
