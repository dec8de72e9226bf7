//! Parser for the supported Mermaid flowchart subset.

use std::collections::HashMap;

use super::{DiagramError, Direction, Edge, EdgeStyle, Graph, Node, Shape};

/// Statements whose first word is one of these are accepted and ignored.
const IGNORED: &[&str] = &["classDef", "class", "style", "linkStyle", "click"];

pub(super) fn parse(src: &str) -> Result<Graph, DiagramError> {
    let mut builder = Builder::default();
    let mut direction = None;
    let mut last_line = 1;
    for (i, raw) in src.lines().enumerate() {
        let line_no = i + 1;
        last_line = line_no;
        let line = raw.trim();
        let line = line.strip_suffix(';').unwrap_or(line).trim_end();
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        let fail = |message: String| DiagramError {
            line: line_no,
            message,
        };
        let Some(dir) = direction else {
            direction = Some(parse_header(line).map_err(fail)?);
            continue;
        };
        let _ = dir;
        let first = line.split_whitespace().next().unwrap_or("");
        if IGNORED.contains(&first) {
            continue;
        }
        if matches!(first, "subgraph" | "end" | "direction") {
            return Err(fail(format!("`{first}` is not supported in diagrams")));
        }
        builder.statement(line).map_err(fail)?;
    }
    let Some(direction) = direction else {
        return Err(DiagramError {
            line: last_line,
            message: "empty diagram: expected a `flowchart TD` or `graph LR` header".into(),
        });
    };
    Ok(Graph {
        direction,
        nodes: builder.nodes.into_iter().map(|(n, _)| n).collect(),
        edges: builder.edges,
    })
}

fn parse_header(line: &str) -> Result<Direction, String> {
    let mut words = line.split_whitespace();
    let kind = words.next().unwrap_or("");
    if kind != "flowchart" && kind != "graph" {
        return Err(format!(
            "expected a `flowchart TD` or `graph LR` header, found `{line}`"
        ));
    }
    let dir = match words.next() {
        None | Some("TD") | Some("TB") => Direction::TopDown,
        Some("LR") => Direction::LeftRight,
        Some(other) => {
            return Err(format!(
                "unsupported direction `{other}` (use TD, TB or LR)"
            ));
        }
    };
    if let Some(extra) = words.next() {
        return Err(format!("unexpected `{extra}` after the header"));
    }
    Ok(dir)
}

#[derive(Default)]
struct Builder {
    /// Nodes in order of first appearance, with "shape was declared".
    nodes: Vec<(Node, bool)>,
    index: HashMap<String, usize>,
    edges: Vec<Edge>,
}

impl Builder {
    fn statement(&mut self, line: &str) -> Result<(), String> {
        let mut cur = Cursor { s: line, pos: 0 };
        let mut prev = self.group(&mut cur)?;
        loop {
            cur.skip_ws();
            if cur.eof() {
                return Ok(());
            }
            let (style, label) = cur.edge()?;
            cur.skip_ws();
            let next = self.group(&mut cur)?;
            for from in &prev {
                for to in &next {
                    self.edges.push(Edge {
                        from: from.clone(),
                        to: to.clone(),
                        label: label.clone(),
                        style,
                    });
                }
            }
            prev = next;
        }
    }

    /// `node (& node)*`
    fn group(&mut self, cur: &mut Cursor) -> Result<Vec<String>, String> {
        let mut ids = vec![self.node(cur)?];
        loop {
            let save = cur.pos;
            cur.skip_ws();
            if cur.eat("&") {
                cur.skip_ws();
                ids.push(self.node(cur)?);
            } else {
                cur.pos = save;
                return Ok(ids);
            }
        }
    }

    fn node(&mut self, cur: &mut Cursor) -> Result<String, String> {
        let id = cur.id()?;
        let decl = cur.shape()?;
        if cur.eat(":::") {
            // Class shorthand: ignored, like `class` statements.
            cur.id()?;
        }
        match self.index.get(&id) {
            None => {
                self.index.insert(id.clone(), self.nodes.len());
                let declared = decl.is_some();
                let (shape, label) = decl.unwrap_or((Shape::Rect, id.clone()));
                let node = Node {
                    id: id.clone(),
                    label,
                    shape,
                };
                self.nodes.push((node, declared));
            }
            Some(&i) => {
                let entry = &mut self.nodes[i];
                if let (false, Some((shape, label))) = (entry.1, decl) {
                    entry.0.shape = shape;
                    entry.0.label = label;
                    entry.1 = true;
                }
            }
        }
        Ok(id)
    }
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }
    fn eof(&self) -> bool {
        self.pos >= self.s.len()
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn eat(&mut self, t: &str) -> bool {
        if self.rest().starts_with(t) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }
    fn near(&self) -> String {
        let r: String = self.rest().chars().take(20).collect();
        if r.is_empty() {
            "end of line".into()
        } else {
            format!("`{r}`")
        }
    }

    /// Node id: letters, digits, `_` and `-` (a `-` that starts an arrow ends it).
    fn id(&mut self) -> Result<String, String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            let ok = if c == '-' {
                !matches!(self.rest()[1..].chars().next(), Some('-' | '.' | '>'))
            } else {
                c.is_alphanumeric() || c == '_'
            };
            if !ok {
                break;
            }
            self.pos += c.len_utf8();
        }
        if self.pos == start {
            return Err(format!("expected a node id at {}", self.near()));
        }
        Ok(self.s[start..self.pos].to_string())
    }

    /// Optional shape with its label, directly after the id.
    fn shape(&mut self) -> Result<Option<(Shape, String)>, String> {
        for bad in ["[[", "[(", "[/", "[\\", "{{", "(((", ">"] {
            if self.rest().starts_with(bad) {
                return Err(format!(
                    "unsupported node shape `{bad}` (use [ ], ( ), ([ ]), {{ }} or (( )))"
                ));
            }
        }
        let table = [
            ("([", "])", Shape::Stadium),
            ("((", "))", Shape::Circle),
            ("(", ")", Shape::Rounded),
            ("[", "]", Shape::Rect),
            ("{", "}", Shape::Diamond),
        ];
        let Some(&(open, close, shape)) = table.iter().find(|t| self.rest().starts_with(t.0))
        else {
            return Ok(None);
        };
        self.pos += open.len();
        self.skip_ws();
        let raw = if self.eat("\"") {
            let end = self
                .rest()
                .find('"')
                .ok_or_else(|| "unterminated quoted label".to_string())?;
            let text = &self.rest()[..end];
            self.pos += end + 1;
            self.skip_ws();
            if !self.eat(close) {
                return Err(format!(
                    "expected `{close}` after the quoted label, found {}",
                    self.near()
                ));
            }
            text
        } else {
            let end = self
                .rest()
                .find(close)
                .ok_or_else(|| format!("missing `{close}` to close the node label"))?;
            let text = &self.rest()[..end];
            self.pos += end + close.len();
            text
        };
        Ok(Some((shape, decode_label(raw))))
    }

    /// An arrow with its optional label.
    fn edge(&mut self) -> Result<(EdgeStyle, Option<String>), String> {
        let unknown = || format!("expected an arrow such as `-->` at {}", self.near());
        let rest = self.rest();
        let (style, mut label) = if rest.starts_with("-.") {
            self.pos += 1;
            let mut text = None;
            if self.rest()[1..].starts_with(char::is_whitespace) {
                // `-. text .->`
                self.pos += 1;
                let end = self
                    .rest()
                    .find(".-")
                    .ok_or_else(|| "missing `.->` after the edge label".to_string())?;
                text = Some(self.rest()[..end].to_string());
                self.pos += end;
            }
            while self.eat(".") {}
            self.eat("-");
            self.eat(">");
            (EdgeStyle::Dotted, text)
        } else if rest.starts_with("--") || rest.starts_with("==") {
            let ch = &rest[..1];
            let n = rest.chars().take_while(|c| c.to_string() == ch).count();
            let after = &rest[n..];
            if n == 2 && !after.starts_with('>') {
                // `-- text -->`
                let end = after
                    .find(&ch.repeat(2))
                    .ok_or_else(|| format!("missing `{ch}{ch}>` after the edge label"))?;
                let text = after[..end].to_string();
                self.pos += n + end;
                let (style, _) = self.solid(ch)?;
                (style, Some(text))
            } else {
                self.solid(ch)?
            }
        } else {
            return Err(unknown());
        };
        self.skip_ws();
        if self.eat("|") {
            let end = self
                .rest()
                .find('|')
                .ok_or_else(|| "missing closing `|` of the edge label".to_string())?;
            label = Some(self.rest()[..end].to_string());
            self.pos += end + 1;
        }
        let label = label
            .map(|l| decode_label(l.trim().trim_matches('"')))
            .filter(|l| !l.is_empty());
        Ok((style, label))
    }

    /// `--+>?` or `==+>?` at the cursor.
    fn solid(&mut self, ch: &str) -> Result<(EdgeStyle, Option<String>), String> {
        let mut n = 0;
        while self.eat(ch) {
            n += 1;
        }
        if self.eat(">") {
            Ok((EdgeStyle::Arrow, None))
        } else if n >= 3 {
            Ok((EdgeStyle::Line, None))
        } else {
            Err(format!("incomplete arrow before {}", self.near()))
        }
    }
}

/// Splits `<br>` line breaks and decodes entity codes; lines are trimmed.
fn decode_label(raw: &str) -> String {
    let mut lines = Vec::new();
    let mut rest = raw;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(start) = lower.find("<br") else {
            lines.push(rest);
            break;
        };
        match lower[start..].find('>') {
            Some(end)
                if lower[start + 3..start + end]
                    .trim()
                    .trim_end_matches('/')
                    .trim()
                    .is_empty() =>
            {
                lines.push(&rest[..start]);
                rest = &rest[start + end + 1..];
            }
            _ => {
                lines.push(rest);
                break;
            }
        }
    }
    let lines: Vec<String> = lines
        .iter()
        .map(|l| decode_entities(l).trim().to_string())
        .collect();
    lines.join("\n").trim().to_string()
}

/// Decodes `#quot;`, `#35;`, `&lt;`, `&#35;`, `&#x23;` and friends.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().unwrap_or(' ');
        if (c == '#' || c == '&')
            && let Some(semi) = s[i + 1..].find(';').filter(|&n| n > 0 && n <= 10)
            && let Some(d) = entity(&s[i + 1..i + 1 + semi])
        {
            out.push(d);
            i += semi + 2;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn entity(name: &str) -> Option<char> {
    let name = name.strip_prefix('#').unwrap_or(name);
    let num = if let Some(hex) = name.strip_prefix('x').or_else(|| name.strip_prefix('X')) {
        u32::from_str_radix(hex, 16).ok()
    } else {
        name.parse::<u32>().ok()
    };
    if let Some(n) = num {
        return char::from_u32(n);
    }
    Some(match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => return None,
    })
}
