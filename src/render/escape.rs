//! Escaping data for Markdown (every `{{ }}` of a template) and Mermaid labels.

/// Escapes `s` so that Markdown shows it literally, in a paragraph or a table cell.
/// Line breaks become `<br>`.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut line_start = true;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\r' => {}
            '\n' => {
                out.push_str("<br>");
                line_start = true;
                i += 1;
                continue;
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '-' | '+' | '='
                if line_start
                    && chars
                        .get(i + 1)
                        .is_none_or(|n| n.is_whitespace() || *n == c) =>
            {
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
        if !(line_start && c == ' ') {
            line_start = false;
        }
        i += 1;
    }
    out
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
        assert_eq!(
            markdown("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
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
    fn mermaid_quotes() {
        assert_eq!(mermaid("a\"b<c>"), "a#quot;b#lt;c#gt;");
        assert_eq!(mermaid("R&amp;D"), "R#38;amp;D");
    }
}
