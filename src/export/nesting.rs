//! A depth limit on block quotes and lists, shared by the HTML and PDF exporters.
//!
//! Markdown can nest quotes and lists without end (`> > > …`, `- - - …`); a
//! recursive layout or a browser would then exhaust its stack or squeeze the text
//! to nothing. Beyond [`MAX_NESTING`] levels the containers are not opened: their
//! content goes on at the deepest level, and the caller is told how many were
//! dropped so that it can warn.

use pulldown_cmark::{Event, Tag, TagEnd};

/// How deep block quotes and lists nest (together) in a document.
pub const MAX_NESTING: usize = 16;

/// Wraps pulldown-cmark events, leaving out the start and end of every quote,
/// list and list item nested deeper than [`MAX_NESTING`].
pub struct Limit<I> {
    inner: I,
    /// For each open quote, list and item: whether its events are passed on.
    open: Vec<(Kind, bool)>,
    /// Quotes and lists passed on and still open.
    depth: usize,
    /// Quotes and lists left out so far.
    pub flattened: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Container,
    Item,
}

impl<I> Limit<I> {
    pub fn new(inner: I) -> Self {
        Limit {
            inner,
            open: Vec::new(),
            depth: 0,
            flattened: 0,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Limit<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let ev = self.inner.next()?;
            match &ev {
                Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                    let keep = self.depth < MAX_NESTING;
                    self.open.push((Kind::Container, keep));
                    if keep {
                        self.depth += 1;
                        return Some(ev);
                    }
                    self.flattened += 1;
                }
                Event::Start(Tag::Item) => {
                    // An item is kept when its list was.
                    let keep = matches!(self.open.last(), Some((Kind::Container, true)));
                    self.open.push((Kind::Item, keep));
                    if keep {
                        return Some(ev);
                    }
                }
                Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                    let (kind, keep) = self.open.pop().unwrap_or((Kind::Container, true));
                    if keep {
                        if kind == Kind::Container {
                            self.depth = self.depth.saturating_sub(1);
                        }
                        return Some(ev);
                    }
                }
                // A task marker belongs to the item it starts; a left-out item has none.
                Event::TaskListMarker(_) => {
                    if matches!(self.open.last(), Some((Kind::Item, true))) {
                        return Some(ev);
                    }
                }
                _ => return Some(ev),
            }
        }
    }
}

/// The warning for `flattened` left-out levels.
pub fn warning(flattened: usize) -> String {
    format!(
        "block quotes and lists nest more than {MAX_NESTING} levels deep; \
         {flattened} deeper level(s) are shown at that depth"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn depth_of(md: &str) -> (usize, usize, usize) {
        let mut lim = Limit::new(Parser::new(md));
        let (mut d, mut max) = (0usize, 0usize);
        let mut balance = 0i64;
        for ev in lim.by_ref() {
            match ev {
                Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                    d += 1;
                    max = max.max(d);
                    balance += 1;
                }
                Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                    d -= 1;
                    balance -= 1;
                }
                Event::Start(Tag::Item) => balance += 1,
                Event::End(TagEnd::Item) => balance -= 1,
                _ => {}
            }
        }
        assert_eq!(balance, 0, "unbalanced events");
        (max, lim.flattened, d)
    }

    #[test]
    fn deep_quotes_and_lists_stop_at_the_limit_and_stay_balanced() {
        let quotes = format!("{}deep\n", "> ".repeat(8312));
        assert_eq!(depth_of(&quotes).0, MAX_NESTING);
        assert_eq!(depth_of(&quotes).1, 8312 - MAX_NESTING);
        let list = format!("{}x\n", "- ".repeat(10_000));
        assert_eq!(depth_of(&list).0, MAX_NESTING);
        let mixed = format!("{}y\n\n- after\n", "> 1. * ".repeat(100));
        let (max, flat, end) = depth_of(&mixed);
        assert_eq!((max, end), (MAX_NESTING, 0));
        assert!(flat > 0);
    }

    #[test]
    fn shallow_documents_are_untouched() {
        let md = "> a\n>\n> - b\n>   - [x] c\n";
        let all: Vec<_> = Parser::new(md).collect();
        let limited: Vec<_> = Limit::new(Parser::new(md)).collect();
        assert_eq!(all, limited);
    }
}
