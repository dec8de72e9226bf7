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
    /// Label of the link back to `index.html` (None on the index itself).
    pub home: Option<&'a str>,
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Other documents of the set a page may link to: (title, file name).
#[derive(Debug, Default, Clone)]
pub struct Links {
    pub docs: Vec<(String, String)>,
}

/// Markdown → HTML body. Diagram errors are returned as warnings (the block stays code).
pub fn body(markdown: &str) -> (String, Vec<String>) {
    body_linked(markdown, &Links::default())
}

/// Markdown → HTML body for a responder and a screen reader: tables with
/// `scope`d header cells and `data-label`s (stacked cards on a phone), phone
/// numbers kept whole as `tel:` links, e-mail addresses as `mailto:` links,
/// mentions of other documents as links (the first of each), heading levels
/// without skips, diagrams as `<figure>` captioned by their section heading.
pub fn body_linked(markdown: &str, links: &Links) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut pending: Vec<Event> = Vec::new();
    let mut in_mermaid: Option<String> = None;
    let mut table: Option<TableBuf> = None;
    let mut heading: Option<(String, u8)> = None;
    let mut last_heading = String::new();
    let mut prev_level = 0u8;
    let mut headings_seen = 0usize;
    let mut in_link = 0usize;
    let mut linked: Vec<String> = Vec::new();
    let mut limited = super::nesting::Limit::new(Parser::new_ext(markdown, markdown_options()));
    let events = coalesce(limited.by_ref());
    let mut skip_caption = false;
    for (i, ev) in events.clone().into_iter().enumerate() {
        if skip_caption {
            skip_caption = !matches!(ev, Event::End(TagEnd::Paragraph));
            continue;
        }
        if let Some(src) = &mut in_mermaid {
            match ev {
                Event::Text(t) => src.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    flush(&mut out, &mut pending);
                    // The caption paragraph under the diagram names it; else
                    // its section heading does.
                    let after = caption_after(&events[i + 1..]);
                    let title = diagram_title(
                        src,
                        after
                            .as_deref()
                            .or((!last_heading.is_empty()).then_some(last_heading.as_str())),
                    );
                    // A caption paragraph moves into the figure.
                    skip_caption = after.is_some();
                    let shown = after.as_deref().unwrap_or(last_heading.as_str());
                    let figcaption = if shown.is_empty() {
                        String::new()
                    } else {
                        format!("<figcaption>{}</figcaption>", escape_html(shown))
                    };
                    match crate::diagram::render_svg(src, &title) {
                        Ok(svg) => {
                            // A chart drawn from data is laid out a second time
                            // at a phone's width; the stylesheet shows one of them.
                            let narrow = if crate::figures::is_figure(src) {
                                crate::figures::render_svg(
                                    src,
                                    &title,
                                    crate::figures::NARROW_WIDTH,
                                )
                                .map(|s| {
                                    s.replacen("class=\"figure\"", "class=\"figure narrow\"", 1)
                                })
                                .unwrap_or_default()
                            } else {
                                String::new()
                            };
                            out.push_str(&format!(
                                "<figure class=\"diagram\">{svg}{narrow}{figcaption}</figure>\n"
                            ))
                        }
                        Err(e) => {
                            warnings.push(format!("diagram could not be drawn: {e}"));
                            out.push_str(&format!(
                                "<pre><code>{}</code></pre>\n",
                                escape_html(src)
                            ));
                        }
                    }
                    in_mermaid = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.as_ref() == "mermaid" =>
            {
                in_mermaid = Some(String::new());
            }
            Event::Start(Tag::Table(align)) => {
                flush(&mut out, &mut pending);
                table = Some(TableBuf::new(align));
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    out.push_str(&t.finish());
                }
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = &mut table {
                    t.in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = &mut table {
                    t.in_head = false;
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = &mut table {
                    t.rows.push(Vec::new());
                }
            }
            Event::End(TagEnd::TableRow) => {}
            Event::Start(Tag::TableCell) => {
                if let Some(t) = &mut table {
                    t.cell = Some(Vec::new());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = &mut table {
                    let evs = t.cell.take().unwrap_or_default();
                    let mut html_cell = String::new();
                    html::push_html(&mut html_cell, evs.into_iter());
                    if t.in_head {
                        t.head.push(html_cell);
                    } else if let Some(row) = t.rows.last_mut() {
                        row.push(html_cell);
                    }
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // No skipped levels: a heading is at most one below the previous.
                let n = level as u8;
                let n = if prev_level == 0 {
                    n
                } else {
                    n.min(prev_level + 1)
                };
                prev_level = n;
                heading = Some((String::new(), n));
                let level = heading_level(n);
                // Every heading can be linked to: `s1`, `s2`… in document order
                // (the index page links its findings so).
                headings_seen += 1;
                let id = id.or_else(|| Some(heading_anchor(headings_seen).into()));
                push_ev(
                    &mut out,
                    &mut pending,
                    &mut table,
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    }),
                );
            }
            Event::End(TagEnd::Heading(_)) => {
                let n = heading.take().map(|(t, n)| {
                    last_heading = t;
                    n
                });
                let level = heading_level(n.unwrap_or(1));
                push_ev(
                    &mut out,
                    &mut pending,
                    &mut table,
                    Event::End(TagEnd::Heading(level)),
                );
            }
            Event::Start(Tag::Link { .. }) => {
                in_link += 1;
                push_ev(&mut out, &mut pending, &mut table, ev);
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                push_ev(&mut out, &mut pending, &mut table, ev);
            }
            Event::Text(t) => {
                if let Some((h, _)) = &mut heading {
                    h.push_str(&t);
                    push_ev(&mut out, &mut pending, &mut table, Event::Text(t));
                    continue;
                }
                if in_link > 0 {
                    push_ev(&mut out, &mut pending, &mut table, Event::Text(t));
                    continue;
                }
                let in_cell = table.as_ref().is_some_and(|t| t.cell.is_some());
                for e in enrich(&t, in_cell, links, &mut linked) {
                    push_ev(&mut out, &mut pending, &mut table, e);
                }
            }
            ev => push_ev(&mut out, &mut pending, &mut table, ev),
        }
    }
    flush(&mut out, &mut pending);
    if limited.flattened > 0 {
        warnings.push(super::nesting::warning(limited.flattened));
    }
    (out, warnings)
}

fn heading_level(n: u8) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel as H;
    match n {
        1 => H::H1,
        2 => H::H2,
        3 => H::H3,
        4 => H::H4,
        5 => H::H5,
        _ => H::H6,
    }
}

/// Consecutive text events (pulldown-cmark splits text at escapes) as one.
fn coalesce<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::new();
    for ev in events {
        if let (Event::Text(t), Some(Event::Text(prev))) = (&ev, out.last_mut()) {
            *prev = format!("{prev}{t}").into();
            continue;
        }
        out.push(ev);
    }
    out
}

fn push_ev<'a>(
    out: &mut String,
    pending: &mut Vec<Event<'a>>,
    table: &mut Option<TableBuf<'a>>,
    ev: Event<'a>,
) {
    match table.as_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => cell.push(ev),
        None => {
            pending.push(ev);
            let _ = out;
        }
    }
}

fn flush(out: &mut String, pending: &mut Vec<Event>) {
    html::push_html(out, pending.drain(..));
}

/// A table being collected, written with header scopes and labels.
struct TableBuf<'a> {
    align: Vec<pulldown_cmark::Alignment>,
    in_head: bool,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    cell: Option<Vec<Event<'a>>>,
}

impl TableBuf<'_> {
    fn new(align: Vec<pulldown_cmark::Alignment>) -> Self {
        TableBuf {
            align,
            in_head: false,
            head: Vec::new(),
            rows: Vec::new(),
            cell: None,
        }
    }

    fn finish(self) -> String {
        use pulldown_cmark::Alignment as A;
        let style = |i: usize| match self.align.get(i) {
            Some(A::Left) => " style=\"text-align:left\"",
            Some(A::Center) => " style=\"text-align:center\"",
            Some(A::Right) => " style=\"text-align:right\"",
            _ => "",
        };
        let labels: Vec<String> = self
            .head
            .iter()
            .map(|h| escape_html(strip_tags(h).trim()))
            .collect();
        // The first column names the row when every row has something there.
        let row_headers = self.head.len() > 1
            && !self.rows.is_empty()
            && self
                .rows
                .iter()
                .all(|r| r.first().is_some_and(|c| !strip_tags(c).trim().is_empty()));
        // Tables of three columns or more become cards on a phone; two fit.
        let class = if self.head.len() >= 3 {
            " class=\"cards\""
        } else {
            ""
        };
        let mut out = format!("<table{class}>\n<thead><tr>");
        for (i, h) in self.head.iter().enumerate() {
            out.push_str(&format!("<th scope=\"col\"{}>{h}</th>", style(i)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for (i, c) in row.iter().enumerate() {
                let label = labels.get(i).map(String::as_str).unwrap_or("");
                let empty = if strip_tags(c).trim().is_empty() {
                    " class=\"empty\""
                } else {
                    ""
                };
                if i == 0 && row_headers {
                    out.push_str(&format!(
                        "<th scope=\"row\" data-label=\"{label}\"{}>{c}</th>",
                        style(i)
                    ));
                } else {
                    out.push_str(&format!(
                        "<td data-label=\"{label}\"{empty}{}>{c}</td>",
                        style(i)
                    ));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
        out
    }
}

/// Text without its tags (entities stay encoded).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A text run with e-mail addresses as `mailto:` links, the first mention of
/// another document as a link, and (in table cells) phone numbers and short
/// names kept on one line, phone numbers as `tel:` links.
fn enrich(
    text: &str,
    in_cell: bool,
    links: &Links,
    linked: &mut Vec<String>,
) -> Vec<Event<'static>> {
    let mut out = Vec::new();
    for (piece, kind) in split_special(text, links, linked) {
        match kind {
            Special::Plain if in_cell => out.extend(keep_together(&piece)),
            Special::Plain => out.push(Event::Text(piece.into())),
            Special::Mail => out.push(Event::Html(
                format!("<a href=\"mailto:{0}\">{0}</a>", escape_html(&piece)).into(),
            )),
            Special::Doc(file) => out.push(Event::Html(
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape_html(&file),
                    escape_html(&piece)
                )
                .into(),
            )),
        }
    }
    out
}

enum Special {
    Plain,
    Mail,
    Doc(String),
}

fn split_special(text: &str, links: &Links, linked: &mut Vec<String>) -> Vec<(String, Special)> {
    let mut out = Vec::new();
    let mut rest = text;
    'outer: while !rest.is_empty() {
        // The earliest e-mail address or unlinked document title.
        let mail = find_email(rest);
        let mut doc: Option<(usize, usize, String)> = None;
        for (title, file) in &links.docs {
            if title.chars().count() < 4 || linked.contains(file) {
                continue;
            }
            if let Some(at) = rest.find(title.as_str()) {
                let better = match &doc {
                    None => true,
                    Some((a, len, _)) => at < *a || (at == *a && title.len() > *len),
                };
                if better {
                    doc = Some((at, title.len(), file.clone()));
                }
            }
        }
        let pick_mail = match (&mail, &doc) {
            (Some((m, _)), Some((d, _, _))) => m <= d,
            (Some(_), None) => true,
            _ => false,
        };
        if pick_mail {
            let (a, b) = mail.unwrap_or((0, 0));
            if a > 0 {
                out.push((rest[..a].to_string(), Special::Plain));
            }
            out.push((rest[a..b].to_string(), Special::Mail));
            rest = &rest[b..];
            continue 'outer;
        }
        if let Some((a, len, file)) = doc {
            if a > 0 {
                out.push((rest[..a].to_string(), Special::Plain));
            }
            out.push((rest[a..a + len].to_string(), Special::Doc(file.clone())));
            linked.push(file);
            rest = &rest[a + len..];
            continue 'outer;
        }
        out.push((rest.to_string(), Special::Plain));
        break;
    }
    out
}

/// Byte range of the first e-mail address (`local@domain.tld`) in `s`.
fn find_email(s: &str) -> Option<(usize, usize)> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    for (at, _) in s.match_indices('@') {
        let start = s[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map(|(i, _)| i)?;
        let mut end = at
            + 1
            + s[at + 1..]
                .find(|c: char| !domain(c))
                .unwrap_or(s.len() - at - 1);
        while s[..end].ends_with('.') || s[..end].ends_with('-') {
            end -= 1;
        }
        let dom = &s[at + 1..end];
        if start < at && dom.contains('.') && !dom.starts_with('.') {
            return Some((start, end));
        }
    }
    None
}

/// `tel:` URI of a phone number as printed: digits (and a leading +), the
/// extension after `#` or `x` as `;ext=`.
fn tel_uri(number: &str) -> Option<String> {
    let s = number
        .trim_start_matches(|c: char| c == '(' || c.is_ascii_alphabetic() || c == ')' || c == ' ');
    let (main, ext) = match s.find(['#', 'x']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut uri = String::from("tel:");
    if main.trim_start().starts_with('+') {
        uri.push('+');
    }
    uri.extend(main.chars().filter(char::is_ascii_digit));
    if uri.len() < 8 {
        return None;
    }
    if let Some(e) = ext {
        let e: String = e.chars().filter(char::is_ascii_digit).collect();
        if !e.is_empty() {
            uri.push_str(";ext=");
            uri.push_str(&e);
        }
    }
    Some(uri)
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
                let number = &rest[a..b];
                out.push(match tel_uri(number) {
                    Some(uri) => Event::Html(
                        format!(
                            "<a class=\"nw\" href=\"{}\">{}</a>",
                            escape_html(&uri),
                            escape_html(number)
                        )
                        .into(),
                    ),
                    None => nowrap(number),
                });
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

/// The text of the paragraph right after a diagram when it is its caption
/// ("圖 1：…", "Figure 1: …").
fn caption_after(rest: &[Event]) -> Option<String> {
    if !matches!(rest.first(), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let mut text = String::new();
    for ev in &rest[1..] {
        match ev {
            Event::End(TagEnd::Paragraph) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let text = text.trim().to_string();
    crate::diagram::is_caption(&text).then_some(text)
}

/// What a screen reader announces for a diagram (its `<title>` and
/// `aria-label`): the caption, else the labels of its nodes as they are shown.
fn diagram_title(src: &str, caption: Option<&str>) -> String {
    if let Some(c) = caption {
        return c.to_string();
    }
    if crate::figures::is_figure(src) {
        return crate::figures::parse(src)
            .map(|f| f.title().to_string())
            .unwrap_or_default();
    }
    let Ok(graph) = crate::diagram::parse(src) else {
        return String::new();
    };
    let labels: Vec<String> = graph
        .nodes
        .iter()
        .map(|n| n.label.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let text = labels.join("; ");
    const MAX: usize = 150;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text,
    }
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
{home}{notice}{draft}<main>\n{body_html}</main>\n</body>\n</html>\n",
        lang = escape_html(p.lang),
        title = escape_html(p.title),
        edition = escape_html(p.edition),
        home = p
            .home
            .map(|h| format!(
                "<nav class=\"home\"><a href=\"index.html\">{}</a></nav>\n",
                escape_html(h)
            ))
            .unwrap_or_default(),
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

/// The HTML exporter: one self-contained page per document.
pub struct Html;

impl super::Exporter for Html {
    fn name(&self) -> &'static str {
        "html"
    }
    fn extension(&self) -> &'static str {
        "html"
    }
    fn cost_per_byte(&self) -> usize {
        2
    }
    fn document(
        &self,
        doc: &super::Doc,
        cx: &super::Context,
    ) -> Result<super::Exported, super::ExportError> {
        let links = Links {
            docs: cx
                .set
                .links
                .iter()
                .filter(|(_, id)| *id != doc.id)
                .map(|(title, id)| (title.clone(), format!("{id}.html")))
                .collect(),
        };
        let (body, diagram_warnings) = body_linked(&doc.markdown, &links);
        let home = (!cx.set.links.is_empty()).then(|| format!("← {}", cx.set.subject));
        let warnings = diagram_warnings
            .into_iter()
            .map(|w| crate::diag::Diagnostic::warning(w).in_file(format!("{}.md", doc.id)))
            .collect();
        let html = page(
            &Page {
                lang: html_lang(cx.set.locale),
                title: &doc.title,
                edition_notice: None,
                edition: cx.set.edition.as_str(),
                home: home.as_deref(),
                draft: doc.draft.as_deref(),
            },
            &body,
        );
        Ok(super::Exported {
            bytes: html.into_bytes(),
            warnings,
        })
    }
}

/// The `lang` attribute of the pages.
pub fn html_lang(locale: crate::model::Locale) -> &'static str {
    match locale {
        crate::model::Locale::ZhTw => "zh-Hant-TW",
        crate::model::Locale::En => "en",
    }
}

/// The `id` of the `n`th heading (from 1) of a document's HTML page.
pub fn heading_anchor(n: usize) -> String {
    format!("s{n}")
}
