//! Escaping data for Markdown (every `{{ }}` of a template) and Mermaid labels.

/// Escapes `s` so that Markdown shows it literally, in a paragraph, a heading or a
/// table cell. Line breaks become `<br>`.
///
/// Only what would change the meaning where it stands is escaped, so the Markdown
/// also reads well as plain text: `#` only where it could open or close a heading
/// (`05-0000-101#201` stays), `&` only before an entity name (`R&D` stays, `&amp;`
/// becomes `\&amp;`), `_` only where it could open or close emphasis (`snake_case`
/// stays), `<` only before what could open a tag or an autolink, `>` and list or
/// heading markers only at the start, `\` only before punctuation. `*`, `` ` ``,
/// `[`, `]`, `|` and `$` are always escaped. The start of the value counts as the
/// start of a line, and what follows the value is unknown, so both ends are
/// treated with caution.
pub fn markdown(s: &str) -> String {
    let chars: Vec<char> = s.chars().filter(|c| *c != '\r').collect();
    let mut out = String::with_capacity(s.len() + 8);
    // Only leading spaces so far: block markers (`#`, `>`, `-`, `1.`) would count.
    let mut line_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => out.push_str("<br>"),
            '\\' if next.is_none_or(|n| n.is_ascii_punctuation() || n == '\n') => {
                out.push_str("\\\\")
            }
            '`' | '*' | '[' | ']' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                // A run of `_` inside a word can neither open nor close emphasis.
                let mut j = i;
                while j < chars.len() && chars[j] == '_' {
                    j += 1;
                }
                let inside = prev.is_some_and(char::is_alphanumeric)
                    && chars.get(j).is_some_and(|n| n.is_alphanumeric());
                for _ in i..j {
                    if !inside {
                        out.push('\\');
                    }
                    out.push('_');
                }
                i = j;
                line_start = false;
                continue;
            }
            '~' => {
                // Strikethrough needs a `~` that touches text on one side.
                let spaced =
                    prev.is_some_and(char::is_whitespace) && next.is_some_and(char::is_whitespace);
                if !spaced {
                    out.push('\\');
                }
                out.push('~');
            }
            '#' => {
                // A heading opens with `#` at the start of a line and may close with
                // a run of `#` after a space at its end.
                let mut j = i;
                while j < chars.len() && chars[j] == '#' {
                    j += 1;
                }
                let closing = prev.is_none_or(|p| p == ' ' || p == '\t')
                    && chars[j..].iter().all(|c| *c == ' ' || *c == '\t');
                if line_start || closing {
                    out.push('\\');
                }
                for _ in i..j {
                    out.push('#');
                }
                i = j;
                line_start = false;
                continue;
            }
            '&' => {
                if entity_follows(&chars[i + 1..]) {
                    out.push('\\');
                }
                out.push('&');
            }
            '<' => {
                // An HTML tag, comment or autolink starts `<a`, `</`, `<!`, `<?`.
                if next.is_none_or(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) {
                    out.push('\\');
                }
                out.push('<');
            }
            '>' if line_start => out.push_str("\\>"),
            '-' | '+' | '=' if line_start && next.is_none_or(|n| n.is_whitespace() || n == c) => {
                out.push('\\');
                out.push(c);
            }
            d if line_start && d.is_ascii_digit() => {
                // `1.` or `1)` at the start would open an ordered list.
                let mut j = i;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    out.push(chars[j]);
                    j += 1;
                }
                let marker = j < chars.len() && (chars[j] == '.' || chars[j] == ')');
                if marker && chars.get(j + 1).is_none_or(|n| n.is_whitespace()) {
                    out.push('\\');
                    out.push(chars[j]);
                    j += 1;
                }
                i = j;
                line_start = false;
                continue;
            }
            _ => out.push(c),
        }
        if c != ' ' {
            line_start = false;
        }
        i += 1;
    }
    out
}

/// Whether `rest` (what follows an `&`) makes it an entity or a numeric character
/// reference (`amp;`, `#38;`, `#x26;`), which Markdown would decode.
fn entity_follows(rest: &[char]) -> bool {
    let (digits, max): (fn(&char) -> bool, usize) = match rest {
        ['#', 'x' | 'X', ..] => (char::is_ascii_hexdigit, 6),
        ['#', ..] => (char::is_ascii_digit, 7),
        [c, ..] if c.is_ascii_alphabetic() => (char::is_ascii_alphanumeric, 32),
        _ => return false,
    };
    let skip = match rest {
        ['#', 'x' | 'X', ..] => 2,
        ['#', ..] => 1,
        _ => 0,
    };
    let n = rest[skip..].iter().take_while(|c| digits(c)).count();
    n >= 1 && n <= max && rest.get(skip + n) == Some(&';')
}

/// Escapes text for a quoted Mermaid label (`A["…"]`); line breaks become `<br>`.
pub fn mermaid(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            // Entity codes in the data stay literal (`R&amp;D` shows as written).
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '`' => out.push_str("#96;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_specials_are_literal() {
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("<script>x</script>"), "\\<script>x\\</script>");
        assert_eq!(markdown("**bold**"), "\\*\\*bold\\*\\*");
        assert_eq!(markdown("# h"), "\\# h");
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("1. one"), "1\\. one");
        assert_eq!(markdown("3.0"), "3.0");
        assert_eq!(markdown("-1"), "-1");
        assert_eq!(markdown("2026-05-05"), "2026-05-05");
        assert_eq!(markdown("a\nb"), "a<br>b");
        assert_eq!(markdown("0900-000-111"), "0900-000-111");
        assert_eq!(markdown("王小明"), "王小明");
        assert_eq!(markdown("a - b"), "a - b");
    }

    #[test]
    fn markdown_stays_plain_text_where_nothing_is_at_stake() {
        // Phone extensions, ampersands, words with underscores, comparisons.
        assert_eq!(markdown("05-0000-101#201"), "05-0000-101#201");
        assert_eq!(markdown("R&D, A & B"), "R&D, A & B");
        assert_eq!(markdown("backup_server_01"), "backup_server_01");
        assert_eq!(markdown("李__明"), "李__明");
        assert_eq!(markdown("RTO < 4h, > 2h"), "RTO < 4h, > 2h");
        assert_eq!(markdown("C:\\Users\\it"), "C:\\Users\\it");
        assert_eq!(markdown("1 ~ 3 days"), "1 ~ 3 days");
        assert_eq!(markdown("Issue #5"), "Issue #5");
        assert_eq!(markdown("C# and F#"), "C# and F#");
        // ...and where something is at stake, the character is escaped.
        assert_eq!(markdown("R&amp;D"), "R\\&amp;D");
        assert_eq!(markdown("&#38; &#x26;"), "\\&#38; \\&#x26;");
        assert_eq!(markdown("_b_"), "\\_b\\_");
        assert_eq!(markdown("a _b_ c"), "a \\_b\\_ c");
        assert_eq!(markdown("a_"), "a\\_");
        assert_eq!(markdown("~~x~~"), "\\~\\~x\\~\\~");
        assert_eq!(markdown("> quote"), "\\> quote");
        assert_eq!(markdown("  # h"), "  \\# h");
        assert_eq!(markdown("Title #"), "Title \\#");
        assert_eq!(markdown("Title ##  "), "Title \\##  ");
        assert_eq!(markdown("<https://x>"), "\\<https://x>");
        assert_eq!(markdown("<!-- c -->"), "\\<!-- c -->");
        assert_eq!(markdown("a\\"), "a\\\\");
        assert_eq!(markdown("a\\*"), "a\\\\\\*");
        assert_eq!(markdown("a\\\nb"), "a\\\\<br>b");
        assert_eq!(markdown("$5"), "\\$5");
    }

    /// Every escaped value shows as written once parsed as Markdown, in a
    /// paragraph, a heading and a table cell.
    #[test]
    fn escaped_values_parse_back_to_themselves() {
        use pulldown_cmark::{Event, Options, Parser};
        let samples = [
            "05-0000-101#201",
            "R&D &amp; &#38; &copy",
            "backup_server _b_ __c__ a_",
            "<script>alert(1)</script> a < b > c",
            "**bold** `x` [A](b) ~~s~~ ~t~ | $5",
            "# h",
            "Title ##",
            "- item",
            "1. one",
            "> quote",
            "C:\\Users\\ a\\*b a\\",
            "+ plus",
            "===",
        ];
        let opts =
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
        let text = |md: &str| -> String {
            Parser::new_ext(md, opts)
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.to_string()),
                    _ => None,
                })
                .collect()
        };
        for s in samples {
            let e = markdown(s);
            assert_eq!(text(&e), s, "paragraph: {e}");
            assert_eq!(text(&format!("## {e}")), s, "heading: {e}");
            let row = format!("| a | b |\n|---|---|\n| {e} | x |\n");
            assert_eq!(text(&row), format!("ab{s}x"), "cell: {e}");
        }
    }

    #[test]
    fn mermaid_quotes() {
        assert_eq!(mermaid("a\"b<c>"), "a#quot;b#lt;c#gt;");
        assert_eq!(mermaid("R&amp;D"), "R#38;amp;D");
    }
}
