//! HTML export: the document's Markdown through pulldown-cmark, Mermaid blocks
//! replaced by inline SVG, in one self-contained page with embedded CSS.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};

const CSS: &str = include_str!("../../assets/style.css");

/// What the page shell shows besides the body.
pub struct Page<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    /// Edition notice shown in a banner; documents carry it in their own text, so
    /// only pages without a template (the index) pass one.
    pub edition_notice: Option<&'a str>,
    pub edition: &'a str,
    /// A draft's mark (草案), shown in a corner of the screen and of every printed page.
    pub draft: Option<&'a str>,
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Markdown → HTML body. Diagram errors are returned as warnings (the block stays code).
pub fn body(markdown: &str) -> (String, Vec<String>) {
    let mut events = Vec::new();
    let mut warnings = Vec::new();
    let mut in_mermaid: Option<String> = None;
    let mut in_cell = false;
    for ev in Parser::new_ext(markdown, markdown_options()) {
        match &ev {
            Event::Start(Tag::TableCell) => in_cell = true,
            Event::End(TagEnd::TableCell) => in_cell = false,
            _ => {}
        }
        match (&mut in_mermaid, ev) {
            (None, Event::Text(t)) if in_cell => events.extend(keep_together(&t)),
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

/// Text of a table cell with phone numbers, ids and short names kept on one line:
/// browsers would otherwise break `05-0000-101` at its hyphens or a three-character
/// name between characters when a neighbouring column is wide.
fn keep_together(text: &str) -> Vec<Event<'static>> {
    let nowrap =
        |s: &str| Event::Html(format!("<span class=\"nw\">{}</span>", escape_html(s)).into());
    let plain = |s: &str| Event::Text(s.to_string().into());
    if text.chars().count() <= 6 && !text.trim().is_empty() && !text.contains(' ') {
        return vec![nowrap(text)];
    }
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        // Find the next run of [0-9#()+-] that holds a hyphen or # and at least 6 digits.
        let bytes = rest.as_bytes();
        let mut start = None;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() || bytes[i] == b'(' || bytes[i] == b'+' {
                let mut j = i;
                // Digits with - # ( ) +, and a space or `x` (extension) between digits.
                let joins = |k: usize| {
                    (bytes[k] == b' ' || bytes[k] == b'x')
                        && k > i
                        && bytes[k - 1].is_ascii_digit()
                        && bytes.get(k + 1).is_some_and(u8::is_ascii_digit)
                };
                while j < bytes.len()
                    && (bytes[j].is_ascii_digit() || b"-#()+".contains(&bytes[j]) || joins(j))
                {
                    j += 1;
                }
                let run = &rest[i..j];
                let digits = run.bytes().filter(u8::is_ascii_digit).count();
                if digits >= 6 && run.contains(['-', '#', ' ', '+']) {
                    start = Some((i, j));
                    break;
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        match start {
            Some((mut a, b)) => {
                // Keep a `(O) ` style tag with its number.
                let head = &rest[..a];
                if head.len() >= 4
                    && head.ends_with(") ")
                    && head.as_bytes()[head.len() - 4] == b'('
                {
                    a -= 4;
                }
                if a > 0 {
                    out.push(plain(&rest[..a]));
                }
                out.push(nowrap(&rest[a..b]));
                rest = &rest[b..];
            }
            None => {
                out.push(plain(rest));
                break;
            }
        }
    }
    out
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
{notice}{draft}<main>\n{body_html}</main>\n</body>\n</html>\n",
        lang = escape_html(p.lang),
        title = escape_html(p.title),
        edition = escape_html(p.edition),
        notice = p
            .edition_notice
            .map(|n| format!("<p class=\"edition\">{}</p>\n", escape_html(n)))
            .unwrap_or_default(),
        draft = p
            .draft
            .map(|d| format!("<div class=\"draft-mark\">{}</div>\n", escape_html(d)))
            .unwrap_or_default(),
    )
}
