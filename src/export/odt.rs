//! ODT (OpenDocument Text, ODF 1.3): the document's blocks as a Writer file
//! with real heading, list, quotation and code styles; tables with ruled
//! borders, a repeating shaded header row, the PDF's column widths, rows kept
//! whole and forms' write-in cells as row heights; A4 with the PDF's margins
//! and the document-control table with page X / Y fields as the page header;
//! diagrams as SVG with a PNG fallback. `mimetype` is the first entry,
//! stored; every entry has a fixed date, so the bytes depend on the data only.

use super::office::{self, Align, Diagram, Span, esc, pt};
use super::pdf::markdown::{Block, Inlines};
use super::{Context, Doc, ExportError, Exported, Exporter};
use crate::diag::Diagnostic;
use std::collections::BTreeSet;
use std::fmt::Write;

pub struct Odt;

impl Exporter for Odt {
    fn name(&self) -> &'static str {
        "odt"
    }
    fn extension(&self) -> &'static str {
        "odt"
    }
    fn cost_per_byte(&self) -> usize {
        // Tables measured with the fonts, then zipped.
        3
    }
    fn default_format(&self) -> bool {
        false
    }
    fn document(&self, doc: &Doc, cx: &Context) -> Result<Exported, ExportError> {
        Ok(write(doc, cx))
    }
}

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0""#;

fn write(doc: &Doc, cx: &Context) -> Exported {
    let geo = office::geometry(doc.edition_notice.is_some() || doc.draft.is_some());
    let mut w = Writer {
        cx,
        doc,
        body: String::new(),
        auto: String::new(),
        spans: BTreeSet::new(),
        rows: BTreeSet::new(),
        tables: 0,
        keep: false,
        kept: BTreeSet::new(),
        pictures: Vec::new(),
        warnings: Vec::new(),
        text_w: geo.text_w,
    };
    let blocks = office::blocks(&doc.markdown);
    for (k, b) in blocks.iter().enumerate() {
        w.keep = office::keeps_with_table(&blocks, k, w.text_w);
        w.block(b, 0);
        w.keep = false;
    }
    let content = w.content();
    let styles = styles(doc, cx, &geo);
    let meta = meta(doc, cx);
    let mut manifest = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">\n <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>\n <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n <manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>\n <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\n",
    );
    let mut entries: Vec<(String, Vec<u8>, bool)> = vec![
        (
            "mimetype".into(),
            b"application/vnd.oasis.opendocument.text".to_vec(),
            true,
        ),
        ("content.xml".into(), content.into_bytes(), false),
        ("styles.xml".into(), styles.into_bytes(), false),
        ("meta.xml".into(), meta.into_bytes(), false),
    ];
    for (name, bytes, mime) in std::mem::take(&mut w.pictures) {
        let _ = writeln!(
            manifest,
            " <manifest:file-entry manifest:full-path=\"{name}\" manifest:media-type=\"{mime}\"/>"
        );
        // PNG is compressed already.
        let stored = mime == "image/png";
        entries.push((name, bytes, stored));
    }
    manifest.push_str("</manifest:manifest>\n");
    entries.push(("META-INF/manifest.xml".into(), manifest.into_bytes(), false));
    Exported {
        bytes: office::zip(&entries, doc.date),
        warnings: w.warnings,
    }
}

struct Writer<'a> {
    cx: &'a Context,
    doc: &'a Doc,
    body: String,
    /// Automatic styles of tables and their columns.
    auto: String,
    /// Inline style combinations used (bold, italic, code, link, strike bits).
    spans: BTreeSet<u8>,
    /// Minimum row heights used, in lines of table text.
    rows: BTreeSet<usize>,
    tables: usize,
    /// The next paragraph keeps with what follows (it introduces a table).
    keep: bool,
    /// Paragraph styles used in a keep-with-next variant (`<style>_Keep`).
    kept: BTreeSet<&'static str>,
    pictures: Vec<(String, Vec<u8>, &'static str)>,
    warnings: Vec<Diagnostic>,
    text_w: f32,
}

fn span_bits(s: &Span) -> u8 {
    let f = s.flags;
    (f.bold as u8)
        | (f.italic as u8) << 1
        | (f.code as u8) << 2
        | (f.link as u8) << 3
        | (f.strike as u8) << 4
}

impl Writer<'_> {
    fn inlines(&mut self, inl: &Inlines) -> String {
        let mut out = String::new();
        for s in inl {
            let bits = span_bits(s);
            let text = text_content(&s.text);
            if bits == 0 {
                out.push_str(&text);
            } else {
                self.spans.insert(bits);
                let _ = write!(
                    out,
                    "<text:span text:style-name=\"T{bits}\">{text}</text:span>"
                );
            }
        }
        out
    }

    fn para(&mut self, style: &'static str, inl: &Inlines) {
        let t = self.inlines(&office::trim(inl));
        let keep = if std::mem::take(&mut self.keep) {
            self.kept.insert(style);
            "_Keep"
        } else {
            ""
        };
        let _ = writeln!(
            self.body,
            "<text:p text:style-name=\"{style}{keep}\">{t}</text:p>"
        );
    }

    fn block(&mut self, b: &Block, quote: usize) {
        match b {
            Block::Heading { level, text } => {
                let t = self.inlines(&office::trim(text));
                let level = (*level).clamp(1, 6);
                let _ = writeln!(
                    self.body,
                    "<text:h text:style-name=\"Heading_20_{level}\" text:outline-level=\"{level}\">{t}</text:h>"
                );
            }
            Block::Para(inl) => {
                let style = if quote > 0 {
                    "Quotations"
                } else {
                    "Text_20_body"
                };
                self.para(style, inl);
            }
            Block::List { start, items, .. } => {
                let style = if start.is_some() {
                    "LNumber"
                } else {
                    "LBullet"
                };
                let _ = writeln!(self.body, "<text:list text:style-name=\"{style}\">");
                for (i, item) in items.iter().enumerate() {
                    match (i, start) {
                        (0, Some(n)) if *n != 1 => {
                            let _ =
                                writeln!(self.body, "<text:list-item text:start-value=\"{n}\">");
                        }
                        _ => self.body.push_str("<text:list-item>\n"),
                    }
                    if item.blocks.is_empty() {
                        self.body
                            .push_str("<text:p text:style-name=\"List_20_Contents\"/>\n");
                    }
                    for (k, b) in item.blocks.iter().enumerate() {
                        match b {
                            Block::Para(inl) => {
                                let mut inl = inl.clone();
                                if let (0, Some(done)) = (k, item.task) {
                                    let mark = if done { "☑ " } else { "☐ " };
                                    inl.insert(
                                        0,
                                        Span {
                                            text: mark.into(),
                                            flags: Default::default(),
                                        },
                                    );
                                }
                                self.para("List_20_Contents", &inl);
                            }
                            other => self.block(other, quote),
                        }
                    }
                    self.body.push_str("</text:list-item>\n");
                }
                self.body.push_str("</text:list>\n");
            }
            Block::Code { lang, text } if lang == "mermaid" => self.diagram(text),
            Block::Code { text, .. } => self.code(text),
            Block::Quote(blocks) => {
                for b in blocks {
                    self.block(b, quote + 1);
                }
            }
            Block::Rule => self
                .body
                .push_str("<text:p text:style-name=\"Horizontal_20_Line\"/>\n"),
            Block::Table { aligns, head, rows } => self.table(aligns, head, rows),
        }
    }

    fn code(&mut self, text: &str) {
        let _ = writeln!(
            self.body,
            "<text:p text:style-name=\"Preformatted_20_Text\">{}</text:p>",
            text_content(text)
        );
    }

    fn diagram(&mut self, src: &str) {
        let d: Diagram = match office::diagram(src, self.cx, self.text_w) {
            Ok(d) => d,
            Err(e) => {
                self.warnings.push(
                    Diagnostic::warning(format!("diagram could not be drawn: {e}"))
                        .in_file(format!("{}.odt", self.doc.id)),
                );
                self.code(src);
                return;
            }
        };
        let n = self.pictures.len() / 2 + 1;
        let (svg, png) = (
            format!("Pictures/diagram{n}.svg"),
            format!("Pictures/diagram{n}.png"),
        );
        let _ = writeln!(
            self.body,
            "<text:p text:style-name=\"Figure\"><draw:frame draw:name=\"Diagram{n}\" draw:style-name=\"Fr\" text:anchor-type=\"as-char\" svg:width=\"{w}pt\" svg:height=\"{h}pt\" draw:z-index=\"0\"><draw:image xlink:href=\"{svg}\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\" draw:mime-type=\"image/svg+xml\"/><draw:image xlink:href=\"{png}\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\" draw:mime-type=\"image/png\"/><svg:title>{t}</svg:title></draw:frame></text:p>",
            w = pt(d.width),
            h = pt(d.height),
            t = esc(&d.title),
        );
        self.pictures.push((svg, d.svg, "image/svg+xml"));
        self.pictures.push((png, d.png, "image/png"));
    }

    fn table(&mut self, aligns: &[Align], head: &[Inlines], rows: &[Vec<Inlines>]) {
        let widths = office::column_widths(self.cx, head, rows, self.text_w);
        let n = widths.len();
        if n == 0 {
            return;
        }
        self.tables += 1;
        let t = self.tables;
        let _ = writeln!(
            self.auto,
            "<style:style style:name=\"Tbl{t}\" style:family=\"table\"><style:table-properties style:width=\"{}pt\" table:align=\"left\" fo:margin-top=\"4pt\" fo:margin-bottom=\"8pt\" style:may-break-between-rows=\"true\"/></style:style>",
            pt(widths.iter().sum())
        );
        for (c, w) in widths.iter().enumerate() {
            let _ = writeln!(
                self.auto,
                "<style:style style:name=\"Tbl{t}.C{c}\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"{}pt\"/></style:style>",
                pt(*w)
            );
        }
        let _ = writeln!(
            self.body,
            "<table:table table:name=\"Table{t}\" table:style-name=\"Tbl{t}\">"
        );
        for c in 0..n {
            let _ = writeln!(
                self.body,
                "<table:table-column table:style-name=\"Tbl{t}.C{c}\"/>"
            );
        }
        self.body.push_str("<table:table-header-rows>\n");
        self.row(aligns, head, n, true);
        self.body.push_str("</table:table-header-rows>\n");
        for r in rows {
            self.row(aligns, r, n, false);
        }
        self.body.push_str("</table:table>\n");
    }

    fn row(&mut self, aligns: &[Align], cells: &[Inlines], n: usize, head: bool) {
        let empty = Inlines::new();
        let lines = cells
            .iter()
            .filter_map(office::write_in_lines)
            .max()
            .filter(|_| !head);
        let style = match lines {
            Some(k) => {
                self.rows.insert(k);
                format!("RowH{k}")
            }
            None => "Row".into(),
        };
        let _ = writeln!(self.body, "<table:table-row table:style-name=\"{style}\">");
        for c in 0..n {
            let cell = cells.get(c).unwrap_or(&empty);
            let (cs, ps) = if head {
                ("CellHead", "Table_20_Heading")
            } else {
                let p = match aligns.get(c) {
                    Some(Align::Center) => "Table_20_Contents_20_Center",
                    Some(Align::Right) => "Table_20_Contents_20_Right",
                    _ => "Table_20_Contents",
                };
                ("Cell", p)
            };
            let text = if office::write_in_lines(cell).is_some() {
                String::new()
            } else {
                self.inlines(&office::trim(cell))
            };
            let _ = writeln!(
                self.body,
                "<table:table-cell table:style-name=\"{cs}\" office:value-type=\"string\"><text:p text:style-name=\"{ps}\">{text}</text:p></table:table-cell>"
            );
        }
        self.body.push_str("</table:table-row>\n");
    }

    fn content(&self) -> String {
        let mut auto = String::new();
        for bits in &self.spans {
            let mut props = String::new();
            if bits & 1 != 0 {
                props.push_str(" fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"");
            }
            if bits & 2 != 0 {
                props.push_str(" fo:font-style=\"italic\" style:font-style-asian=\"italic\"");
            }
            if bits & 4 != 0 {
                let _ = write!(
                    props,
                    " style:font-name=\"Mono\" fo:background-color=\"#{}\"",
                    office::CODE_BG
                );
            }
            if bits & 8 != 0 {
                let _ = write!(props, " fo:color=\"#{}\"", office::LINK);
            }
            if bits & 16 != 0 {
                props.push_str(" style:text-line-through-style=\"solid\"");
            }
            let _ = writeln!(
                auto,
                "<style:style style:name=\"T{bits}\" style:family=\"text\"><style:text-properties{props}/></style:style>"
            );
        }
        let row_props = |min: Option<f32>| {
            format!(
                "<style:table-row-properties{} fo:keep-together=\"always\"/>",
                min.map(|h| format!(" style:min-row-height=\"{}pt\"", pt(h)))
                    .unwrap_or_default()
            )
        };
        let _ = writeln!(
            auto,
            "<style:style style:name=\"Row\" style:family=\"table-row\">{}</style:style>",
            row_props(None)
        );
        for k in &self.rows {
            let _ = writeln!(
                auto,
                "<style:style style:name=\"RowH{k}\" style:family=\"table-row\">{}</style:style>",
                row_props(Some(office::row_height(*k)))
            );
        }
        let cell = |name: &str, bg: Option<&str>| {
            format!(
                "<style:style style:name=\"{name}\" style:family=\"table-cell\"><style:table-cell-properties fo:padding-left=\"{px}pt\" fo:padding-right=\"{px}pt\" fo:padding-top=\"{py}pt\" fo:padding-bottom=\"{py}pt\" fo:border=\"0.5pt solid #{b}\"{bg} style:vertical-align=\"top\"/></style:style>\n",
                px = pt(office::PAD_X),
                py = pt(office::PAD_Y),
                b = office::BORDER,
                bg = bg
                    .map(|c| format!(" fo:background-color=\"#{c}\""))
                    .unwrap_or_default(),
            )
        };
        for style in &self.kept {
            let _ = writeln!(
                auto,
                "<style:style style:name=\"{style}_Keep\" style:family=\"paragraph\" style:parent-style-name=\"{style}\"><style:paragraph-properties fo:keep-with-next=\"always\"/></style:style>"
            );
        }
        auto.push_str(&cell("Cell", None));
        auto.push_str(&cell("CellHead", Some(office::HEAD_BG)));
        auto.push_str("<style:style style:name=\"Fr\" style:family=\"graphic\" style:parent-style-name=\"Graphics\"><style:graphic-properties style:vertical-pos=\"top\" style:vertical-rel=\"baseline\"/></style:style>\n");
        auto.push_str(&self.auto);
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {NS} office:version=\"1.3\">\n{fonts}<office:automatic-styles>\n{auto}</office:automatic-styles>\n<office:body>\n<office:text>\n{body}</office:text>\n</office:body>\n</office:document-content>\n",
            fonts = font_decls(self.cx),
            body = self.body,
        )
    }
}

/// Text as ODF paragraph content: runs of spaces as `text:s`, line breaks
/// and tabs as their elements.
fn text_content(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut spaces = 0usize;
    let flush = |out: &mut String, spaces: &mut usize| {
        match *spaces {
            0 => {}
            1 => out.push(' '),
            k => {
                out.push(' ');
                let _ = write!(out, "<text:s text:c=\"{}\"/>", k - 1);
            }
        }
        *spaces = 0;
    };
    for c in s.chars() {
        match c {
            ' ' => spaces += 1,
            '\n' => {
                flush(&mut out, &mut spaces);
                out.push_str("<text:line-break/>");
            }
            '\t' => {
                flush(&mut out, &mut spaces);
                out.push_str("<text:tab/>");
            }
            c => {
                flush(&mut out, &mut spaces);
                out.push_str(&esc(&c.to_string()));
            }
        }
    }
    flush(&mut out, &mut spaces);
    out
}

fn font_decls(cx: &Context) -> String {
    let f = esc(&cx.options.office_font);
    format!(
        "<office:font-face-decls>\n<style:font-face style:name=\"Body\" svg:font-family=\"&apos;{f}&apos;\" style:font-family-generic=\"swiss\" style:font-pitch=\"variable\"/>\n<style:font-face style:name=\"Mono\" svg:font-family=\"&apos;Noto Sans Mono CJK TC&apos;\" style:font-family-generic=\"modern\" style:font-pitch=\"fixed\"/>\n</office:font-face-decls>\n"
    )
}

/// `fo:language`/`fo:country` (and the Asian ones) of the document's locale.
fn language_props(cx: &Context) -> String {
    let asian = " style:language-asian=\"zh\" style:country-asian=\"TW\"";
    match cx.set.locale {
        crate::model::Locale::ZhTw => format!(" fo:language=\"zh\" fo:country=\"TW\"{asian}"),
        crate::model::Locale::En => format!(" fo:language=\"en\" fo:country=\"none\"{asian}"),
    }
}

fn styles(doc: &Doc, cx: &Context, g: &office::Geometry) -> String {
    let body_line = pt(office::BODY_PT * office::BODY_LEADING);
    let table_line = pt(office::TABLE_PT * office::TABLE_LEADING);
    let lang = language_props(cx);
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {NS} office:version=\"1.3\">\n{fonts}<office:styles>\n",
        fonts = font_decls(cx)
    );
    let _ = writeln!(
        s,
        "<style:default-style style:family=\"paragraph\"><style:paragraph-properties style:line-break=\"strict\" style:text-autospace=\"none\" style:writing-mode=\"lr-tb\"/><style:text-properties style:font-name=\"Body\" style:font-name-asian=\"Body\" style:font-name-complex=\"Body\" fo:font-size=\"{b}pt\" style:font-size-asian=\"{b}pt\" fo:color=\"#{c}\"{lang}/></style:default-style>",
        b = pt(office::BODY_PT),
        c = office::TEXT,
    );
    let _ = writeln!(
        s,
        "<style:default-style style:family=\"table\"><style:table-properties table:border-model=\"collapsing\"/></style:default-style>"
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>"
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"text\"><style:paragraph-properties fo:margin-top=\"0pt\" fo:margin-bottom=\"6pt\" style:line-height-at-least=\"{body_line}pt\" fo:text-align=\"justify\"/></style:style>"
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Heading\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:next-style-name=\"Text_20_body\" style:class=\"text\"><style:paragraph-properties fo:margin-bottom=\"6pt\" fo:keep-with-next=\"always\"/><style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\" style:font-weight-complex=\"bold\"/></style:style>"
    );
    for level in 1..=6u8 {
        let (size, before) = office::heading_style(level);
        let _ = writeln!(
            s,
            "<style:style style:name=\"Heading_20_{level}\" style:display-name=\"Heading {level}\" style:family=\"paragraph\" style:parent-style-name=\"Heading\" style:next-style-name=\"Text_20_body\" style:default-outline-level=\"{level}\" style:class=\"text\"><style:paragraph-properties fo:margin-top=\"{}pt\" fo:margin-bottom=\"6pt\"/><style:text-properties fo:font-size=\"{}pt\" style:font-size-asian=\"{}pt\" style:font-size-complex=\"{}pt\"/></style:style>",
            pt(before),
            pt(size),
            pt(size),
            pt(size)
        );
    }
    let _ = writeln!(
        s,
        "<style:style style:name=\"List_20_Contents\" style:display-name=\"List Contents\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"list\"><style:paragraph-properties fo:margin-top=\"0pt\" fo:margin-bottom=\"2pt\" style:line-height-at-least=\"{body_line}pt\"/></style:style>"
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Quotations\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"html\"><style:paragraph-properties fo:margin-left=\"12pt\" fo:margin-top=\"0pt\" fo:margin-bottom=\"6pt\" fo:padding-left=\"8pt\" fo:border-left=\"2pt solid #8C8C8C\" fo:border-right=\"none\" fo:border-top=\"none\" fo:border-bottom=\"none\" style:line-height-at-least=\"{body_line}pt\"/><style:text-properties fo:color=\"#{m}\"/></style:style>",
        m = office::MUTED
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Preformatted_20_Text\" style:display-name=\"Preformatted Text\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"html\"><style:paragraph-properties fo:margin-top=\"2pt\" fo:margin-bottom=\"8pt\" fo:padding=\"4pt\" fo:background-color=\"#{bg}\"/><style:text-properties style:font-name=\"Mono\" style:font-name-asian=\"Mono\" fo:font-size=\"9pt\" style:font-size-asian=\"9pt\"/></style:style>",
        bg = office::CODE_BG
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Horizontal_20_Line\" style:display-name=\"Horizontal Line\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"html\"><style:paragraph-properties fo:margin-top=\"4pt\" fo:margin-bottom=\"8pt\" fo:border-bottom=\"0.75pt solid #8C8C8C\" fo:padding=\"0pt\"/><style:text-properties fo:font-size=\"4pt\"/></style:style>"
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Table_20_Contents\" style:display-name=\"Table Contents\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\"><style:paragraph-properties fo:margin-top=\"0pt\" fo:margin-bottom=\"0pt\" style:line-height-at-least=\"{table_line}pt\"/><style:text-properties fo:font-size=\"{t}pt\" style:font-size-asian=\"{t}pt\"/></style:style>",
        t = pt(office::TABLE_PT)
    );
    for (name, align) in [("Center", "center"), ("Right", "end")] {
        let _ = writeln!(
            s,
            "<style:style style:name=\"Table_20_Contents_20_{name}\" style:display-name=\"Table Contents {name}\" style:family=\"paragraph\" style:parent-style-name=\"Table_20_Contents\" style:class=\"extra\"><style:paragraph-properties fo:text-align=\"{align}\"/></style:style>"
        );
    }
    let _ = writeln!(
        s,
        "<style:style style:name=\"Table_20_Heading\" style:display-name=\"Table Heading\" style:family=\"paragraph\" style:parent-style-name=\"Table_20_Contents\" style:class=\"extra\"><style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Figure\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\"><style:paragraph-properties fo:text-align=\"center\" fo:margin-top=\"4pt\" fo:margin-bottom=\"8pt\" fo:keep-together=\"always\"/></style:style>"
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Header\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\"><style:paragraph-properties fo:margin-top=\"0pt\" fo:margin-bottom=\"0pt\"/><style:text-properties fo:font-size=\"{h}pt\" style:font-size-asian=\"{h}pt\"/></style:style>",
        h = pt(office::HEADER_PT)
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"Graphics\" style:family=\"graphic\"><style:graphic-properties text:anchor-type=\"as-char\" fo:border=\"none\"/></style:style>"
    );
    // Bulleted and numbered lists, three levels, indented as in the PDF.
    for (name, numbered) in [("LBullet", false), ("LNumber", true)] {
        let _ = write!(s, "<text:list-style style:name=\"{name}\">");
        for level in 1..=6u8 {
            let indent = 18.0 * level as f32;
            let props = format!(
                "<style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\"><style:list-level-label-alignment text:label-followed-by=\"listtab\" text:list-tab-stop-position=\"{i}pt\" fo:text-indent=\"-14pt\" fo:margin-left=\"{i}pt\"/></style:list-level-properties>",
                i = pt(indent)
            );
            if numbered {
                let _ = write!(
                    s,
                    "<text:list-level-style-number text:level=\"{level}\" style:num-suffix=\".\" style:num-format=\"1\">{props}</text:list-level-style-number>"
                );
            } else {
                let bullet = ["•", "◦", "▪"][(level as usize - 1) % 3];
                let _ = write!(
                    s,
                    "<text:list-level-style-bullet text:level=\"{level}\" text:bullet-char=\"{bullet}\">{props}</text:list-level-style-bullet>"
                );
            }
        }
        s.push_str("</text:list-style>\n");
    }
    s.push_str("</office:styles>\n<office:automatic-styles>\n");
    let _ = writeln!(
        s,
        "<style:page-layout style:name=\"A4\"><style:page-layout-properties fo:page-width=\"{}pt\" fo:page-height=\"{}pt\" style:print-orientation=\"portrait\" fo:margin-top=\"{}pt\" fo:margin-bottom=\"{}pt\" fo:margin-left=\"{}pt\" fo:margin-right=\"{}pt\" style:writing-mode=\"lr-tb\"/><style:header-style><style:header-footer-properties fo:min-height=\"0pt\" fo:margin-bottom=\"{}pt\"/></style:header-style></style:page-layout>",
        pt(g.page_w),
        pt(g.page_h),
        pt(g.header_top),
        pt(g.bottom),
        pt(g.margin_x),
        pt(g.margin_x),
        pt(14.0),
    );
    let cols = office::header_columns(cx, doc, g.text_w);
    let _ = writeln!(
        s,
        "<style:style style:name=\"HT\" style:family=\"table\"><style:table-properties style:width=\"{}pt\" table:align=\"left\"/></style:style>",
        pt(cols.iter().sum())
    );
    for (c, w) in cols.iter().enumerate() {
        let _ = writeln!(
            s,
            "<style:style style:name=\"HT.C{c}\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"{}pt\"/></style:style>",
            pt(*w)
        );
    }
    for (name, bg) in [("HTL", Some(office::LABEL_BG)), ("HTV", None)] {
        let _ = writeln!(
            s,
            "<style:style style:name=\"{name}\" style:family=\"table-cell\"><style:table-cell-properties fo:padding-left=\"4pt\" fo:padding-right=\"4pt\" fo:padding-top=\"2pt\" fo:padding-bottom=\"2pt\" fo:border=\"0.5pt solid #595959\" style:vertical-align=\"middle\"{}/></style:style>",
            bg.map(|c| format!(" fo:background-color=\"#{c}\""))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        s,
        "<style:style style:name=\"HE\" style:family=\"paragraph\" style:parent-style-name=\"Header\"><style:paragraph-properties fo:margin-top=\"2pt\" fo:text-align=\"end\"/><style:text-properties fo:color=\"#{}\" fo:font-size=\"8.5pt\" style:font-size-asian=\"8.5pt\"/></style:style>",
        office::MUTED
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"HD\" style:family=\"paragraph\" style:parent-style-name=\"Header\"><style:paragraph-properties fo:margin-top=\"2pt\"><style:tab-stops><style:tab-stop style:position=\"{}pt\" style:type=\"right\"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:color=\"#{}\" fo:font-size=\"8.5pt\" style:font-size-asian=\"8.5pt\"/></style:style>",
        pt(g.text_w),
        office::MUTED
    );
    let _ = writeln!(
        s,
        "<style:style style:name=\"HDM\" style:family=\"text\"><style:text-properties fo:color=\"#{}\" fo:font-size=\"10pt\" style:font-size-asian=\"10pt\" fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>",
        office::DRAFT
    );
    s.push_str("</office:automatic-styles>\n<office:master-styles>\n");
    let l = &cx.set.labels;
    let cell = |style: &str, text: &str, span: usize| {
        let span = if span > 1 {
            format!(" table:number-columns-spanned=\"{span}\"")
        } else {
            String::new()
        };
        format!(
            "<table:table-cell table:style-name=\"{style}\" office:value-type=\"string\"{span}><text:p text:style-name=\"Header\">{text}</text:p></table:table-cell>"
        )
    };
    let page = "<text:page-number text:select-page=\"current\">1</text:page-number> / <text:page-count>1</text:page-count>";
    let _ = write!(
        s,
        "<style:master-page style:name=\"Standard\" style:page-layout-name=\"A4\"><style:header><table:table table:name=\"DocumentControl\" table:style-name=\"HT\">"
    );
    for c in 0..cols.len() {
        let _ = write!(s, "<table:table-column table:style-name=\"HT.C{c}\"/>");
    }
    let _ = write!(
        s,
        "<table:table-row>{}{}{}{}{}</table:table-row>",
        cell("HTL", &esc(&l.number), 1),
        cell("HTV", &esc(&doc.number), 1),
        cell("HTL", &esc(&l.title), 1),
        cell("HTV", &esc(&doc.title), 5),
        "<table:covered-table-cell/>".repeat(4),
    );
    let _ = write!(
        s,
        "<table:table-row>{}{}{}{}{}{}{}{}</table:table-row></table:table>",
        cell("HTL", &esc(&l.classification), 1),
        cell("HTV", &esc(&doc.classification), 1),
        cell("HTL", &esc(&l.version), 1),
        cell("HTV", &esc(&doc.version), 1),
        cell("HTL", &esc(&l.issued), 1),
        cell("HTV", &esc(&doc.issued), 1),
        cell("HTL", &esc(&l.page), 1),
        cell("HTV", page, 1),
    );
    match (&doc.draft, &doc.edition_notice) {
        // One line under the table: a draft's mark in red, then the edition notice.
        (Some(d), ed) => {
            let _ = write!(
                s,
                "<text:p text:style-name=\"HD\"><text:span text:style-name=\"HDM\">{}</text:span>{}</text:p>",
                esc(d),
                ed.as_ref()
                    .map(|e| format!("<text:tab/>{}", esc(e)))
                    .unwrap_or_default()
            );
        }
        (None, Some(ed)) => {
            let _ = write!(s, "<text:p text:style-name=\"HE\">{}</text:p>", esc(ed));
        }
        (None, None) => {}
    }
    s.push_str(
        "</style:header></style:master-page>\n</office:master-styles>\n</office:document-styles>\n",
    );
    s
}

fn meta(doc: &Doc, cx: &Context) -> String {
    let date = doc.date.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta {NS} office:version=\"1.3\"><office:meta><meta:generator>{gen}</meta:generator><dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><meta:initial-creator>{org}</meta:initial-creator><dc:creator>{org}</dc:creator><meta:creation-date>{date}</meta:creation-date><dc:date>{date}</dc:date><dc:language>{lang}</dc:language></office:meta></office:document-meta>\n",
        gen = esc(&cx.set.producer),
        title = esc(&doc.title),
        subject = esc(&cx.set.subject),
        org = esc(&cx.set.organization),
        lang = cx.set.language(),
    )
}
