//! Markdown (GFM) → a small block tree the layout understands.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Inline style flags of a span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub link: bool,
    pub strike: bool,
}

/// A run of text with one style. `'\n'` inside `text` is a forced line break.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub text: String,
    pub flags: Flags,
}

pub(crate) type Inlines = Vec<Span>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub(crate) struct ListItem {
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Heading {
        level: u8,
        text: Inlines,
    },
    Para(Inlines),
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<ListItem>,
    },
    Code {
        lang: String,
        text: String,
    },
    Quote(Vec<Block>),
    Rule,
    Table {
        aligns: Vec<Align>,
        head: Vec<Inlines>,
        rows: Vec<Vec<Inlines>>,
    },
}

/// A paragraph of at most this many lines before a table is kept with it
/// (on the same page as the table's head and first rows) in every paged format.
pub(crate) const INTRO_LINES: usize = 3;

/// The text of a block that can introduce a table after it: a paragraph,
/// or a list of one item that holds just a paragraph ("2. 主機房狀況").
pub(crate) fn introduction(b: &Block) -> Option<&Inlines> {
    match b {
        Block::Para(inl) => Some(inl),
        Block::List { items, .. } => match items.as_slice() {
            [item] => match item.blocks.as_slice() {
                [Block::Para(inl)] => Some(inl),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Plain text of inlines (bookmark titles, TOC).
pub(crate) fn plain(inl: &Inlines) -> String {
    let s: String = inl.iter().map(|s| s.text.as_str()).collect();
    s.replace('\n', " ").trim().to_string()
}

enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
        tight: bool,
    },
    Item {
        task: Option<bool>,
        blocks: Vec<Block>,
        loose: bool,
    },
    Table {
        aligns: Vec<Align>,
        head: Vec<Inlines>,
        rows: Vec<Vec<Inlines>>,
        row: Vec<Inlines>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    inl: Option<Inlines>,
    flags: Flags,
    depth: Vec<Flags>,
    heading: Option<u8>,
    code: Option<(String, String)>,
    html_block: Option<String>,
}

impl Builder {
    fn push_block(&mut self, b: Block) {
        match self.stack.last_mut() {
            Some(Frame::Root(v)) | Some(Frame::Quote(v)) => v.push(b),
            Some(Frame::Item { blocks, .. }) => blocks.push(b),
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((_, code)) = self.code.as_mut() {
            code.push_str(t);
            return;
        }
        if let Some(h) = self.html_block.as_mut() {
            h.push_str(t);
            return;
        }
        // Text directly in a tight list item has no paragraph around it.
        let inl = self.inl.get_or_insert_with(Vec::new);
        match inl.last_mut() {
            Some(last) if last.flags == self.flags => last.text.push_str(t),
            _ => inl.push(Span {
                text: t.to_string(),
                flags: self.flags,
            }),
        }
    }

    /// Close an implicit paragraph (tight list item text) before a nested block.
    fn flush_loose_inline(&mut self) {
        if self.heading.is_none()
            && let Some(inl) = self.inl.take()
            && !inl.is_empty()
        {
            self.push_block(Block::Para(inl));
        }
    }

    fn inline_html(&mut self, html: &str) {
        let lower = html.trim().to_ascii_lowercase();
        if lower.starts_with("<br") {
            self.text("\n");
        }
        // Any other tag is dropped; its text arrives as ordinary events.
    }
}

/// Decode the few entities pulldown-cmark leaves alone inside raw HTML text.
fn strip_html(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let tag = rest[i + 1..i + j].trim().to_ascii_lowercase();
        if tag.starts_with("br")
            || tag.starts_with("/p")
            || tag.starts_with("/div")
            || tag.starts_with("/li")
        {
            out.push('\n');
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The blocks of `src`, and how many quotes and lists nested too deep to be
/// opened (see [`crate::export::nesting`]): the block tree stays shallow.
pub(crate) fn parse_limited(src: &str) -> (Vec<Block>, usize) {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        inl: None,
        flags: Flags::default(),
        depth: Vec::new(),
        heading: None,
        code: None,
        html_block: None,
    };
    let mut events = crate::export::nesting::Limit::new(Parser::new_ext(src, opts));
    for ev in events.by_ref() {
        match ev {
            Event::Start(tag) => start(&mut b, tag),
            Event::End(tag) => end(&mut b, tag),
            Event::Text(t) => b.text(&t),
            Event::Code(t) => {
                let saved = b.flags;
                b.flags.code = true;
                b.text(&t);
                b.flags = saved;
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => b.text(&t),
            Event::Html(h) => {
                if let Some(block) = b.html_block.as_mut() {
                    block.push_str(&h);
                } else {
                    b.inline_html(&h)
                }
            }
            Event::InlineHtml(h) => b.inline_html(&h),
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.text("\n"),
            Event::Rule => {
                b.flush_loose_inline();
                b.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => {
                if let Some(Frame::Item { task, .. }) = b.stack.last_mut() {
                    *task = Some(done);
                }
            }
            Event::FootnoteReference(r) => b.text(&format!("[{r}]")),
        }
    }
    b.flush_loose_inline();
    let blocks = match b.stack.drain(..).next() {
        Some(Frame::Root(v)) => v,
        _ => Vec::new(),
    };
    (blocks, events.flattened)
}

fn start(b: &mut Builder, tag: Tag) {
    match tag {
        Tag::Paragraph => {
            b.flush_loose_inline();
            if let Some(Frame::Item { loose, .. }) = b.stack.last_mut() {
                *loose = true;
            }
            b.inl = Some(Vec::new());
        }
        Tag::Heading { level, .. } => {
            b.flush_loose_inline();
            b.heading = Some(match level {
                HeadingLevel::H1 => 1,
                HeadingLevel::H2 => 2,
                HeadingLevel::H3 => 3,
                HeadingLevel::H4 => 4,
                HeadingLevel::H5 => 5,
                HeadingLevel::H6 => 6,
            });
            b.inl = Some(Vec::new());
        }
        Tag::BlockQuote(_) => {
            b.flush_loose_inline();
            b.stack.push(Frame::Quote(Vec::new()));
        }
        Tag::CodeBlock(kind) => {
            b.flush_loose_inline();
            let lang = match kind {
                CodeBlockKind::Fenced(l) => l.split_whitespace().next().unwrap_or("").to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            b.code = Some((lang, String::new()));
        }
        Tag::HtmlBlock => {
            b.flush_loose_inline();
            b.html_block = Some(String::new());
        }
        Tag::List(start) => {
            b.flush_loose_inline();
            b.stack.push(Frame::List {
                start,
                items: Vec::new(),
                tight: true,
            });
        }
        Tag::Item => {
            // Text of the item before (a flattened level) is its own paragraph.
            b.flush_loose_inline();
            b.stack.push(Frame::Item {
                task: None,
                blocks: Vec::new(),
                loose: false,
            })
        }
        Tag::Table(aligns) => {
            b.flush_loose_inline();
            let aligns = aligns
                .iter()
                .map(|a| match a {
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                    _ => Align::Left,
                })
                .collect();
            b.stack.push(Frame::Table {
                aligns,
                head: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            });
        }
        Tag::TableCell => b.inl = Some(Vec::new()),
        Tag::TableHead | Tag::TableRow => {}
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
            b.depth.push(b.flags);
            match tag {
                Tag::Emphasis => b.flags.italic = true,
                Tag::Strong => b.flags.bold = true,
                Tag::Strikethrough => b.flags.strike = true,
                _ => b.flags.link = true,
            }
        }
        Tag::Image { .. } => {
            b.depth.push(b.flags);
            b.text("[");
        }
        _ => b.depth.push(b.flags),
    }
}

fn end(b: &mut Builder, tag: TagEnd) {
    match tag {
        TagEnd::Paragraph => {
            let inl = b.inl.take().unwrap_or_default();
            b.push_block(Block::Para(inl));
        }
        TagEnd::Heading(_) => {
            let inl = b.inl.take().unwrap_or_default();
            let level = b.heading.take().unwrap_or(1);
            b.push_block(Block::Heading { level, text: inl });
        }
        TagEnd::BlockQuote(_) => {
            b.flush_loose_inline();
            if let Some(Frame::Quote(v)) = b.stack.pop() {
                b.push_block(Block::Quote(v));
            }
        }
        TagEnd::CodeBlock => {
            if let Some((lang, mut text)) = b.code.take() {
                if text.ends_with('\n') {
                    text.pop();
                }
                b.push_block(Block::Code { lang, text });
            }
        }
        TagEnd::HtmlBlock => {
            if let Some(h) = b.html_block.take() {
                let text = strip_html(&h);
                let text = text.trim_matches('\n');
                if !text.trim().is_empty() {
                    b.push_block(Block::Para(vec![Span {
                        text: text.to_string(),
                        flags: Flags::default(),
                    }]));
                }
            }
        }
        TagEnd::Item => {
            b.flush_loose_inline();
            if let Some(Frame::Item {
                task,
                blocks,
                loose,
            }) = b.stack.pop()
                && let Some(Frame::List { items, tight, .. }) = b.stack.last_mut()
            {
                if loose {
                    *tight = false;
                }
                items.push(ListItem { task, blocks });
            }
        }
        TagEnd::List(_) => {
            b.flush_loose_inline();
            if let Some(Frame::List {
                start,
                items,
                tight,
            }) = b.stack.pop()
            {
                b.push_block(Block::List {
                    start,
                    tight,
                    items,
                });
            }
        }
        TagEnd::TableCell => {
            let inl = b.inl.take().unwrap_or_default();
            if let Some(Frame::Table { row, .. }) = b.stack.last_mut() {
                row.push(inl);
            }
        }
        TagEnd::TableHead => {
            if let Some(Frame::Table { head, row, .. }) = b.stack.last_mut() {
                *head = std::mem::take(row);
            }
        }
        TagEnd::TableRow => {
            if let Some(Frame::Table { rows, row, .. }) = b.stack.last_mut() {
                rows.push(std::mem::take(row));
            }
        }
        TagEnd::Table => {
            if let Some(Frame::Table {
                aligns, head, rows, ..
            }) = b.stack.pop()
            {
                b.push_block(Block::Table { aligns, head, rows });
            }
        }
        TagEnd::Image => {
            b.text("]");
            b.flags = b.depth.pop().unwrap_or_default();
        }
        _ => b.flags = b.depth.pop().unwrap_or_default(),
    }
}

/// Remove trailing forced breaks and surrounding whitespace of a span list.
pub(crate) fn trim(mut inl: Inlines) -> Inlines {
    while let Some(last) = inl.last_mut() {
        let t = last.text.trim_end_matches([' ', '\n']).len();
        last.text.truncate(t);
        if last.text.is_empty() {
            inl.pop();
        } else {
            break;
        }
    }
    if let Some(first) = inl.first_mut() {
        let t = first.text.trim_start_matches(' ').to_string();
        first.text = t;
    }
    inl
}

/// `align` of column `i` (missing columns are left-aligned).
pub(crate) fn align_of(aligns: &[Align], i: usize) -> Align {
    aligns.get(i).copied().unwrap_or(Align::Left)
}
