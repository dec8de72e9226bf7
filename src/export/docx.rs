//! DOCX (Office Open XML, transitional): the same blocks as the ODT, with
//! Word's built-in heading styles ("heading 1"… with outline levels, so the
//! navigation pane and a generated table of contents work), numbering
//! definitions for real lists, tables with ruled borders, a repeating shaded
//! header row (`tblHeader`), rows that do not split (`cantSplit`), the PDF's
//! column widths and write-in rows as minimum heights; A4 with the PDF's
//! margins and the document-control table with PAGE / NUMPAGES fields as the
//! page header; diagrams as SVG (Office 2016's `svgBlip`) over a PNG that
//! older readers show. Fixed entry order and dates, ids counted from zero.

use super::office::{self, Align, Diagram, Span, esc, twips};
use super::pdf::markdown::{Block, Inlines};
use super::{Context, Doc, ExportError, Exported, Exporter};
use crate::diag::Diagnostic;
use std::fmt::Write;

pub struct Docx;

impl Exporter for Docx {
    fn name(&self) -> &'static str {
        "docx"
    }
    fn extension(&self) -> &'static str {
        "docx"
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

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const DRAW_NS: &str = r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn write(doc: &Doc, cx: &Context) -> Exported {
    let geo = office::geometry(doc.edition_notice.is_some() || doc.draft.is_some());
    let mut w = Writer {
        cx,
        doc,
        body: String::new(),
        nums: Vec::new(),
        media: Vec::new(),
        warnings: Vec::new(),
        text_w: geo.text_w,
        keep: false,
    };
    let blocks = office::blocks(&doc.markdown);
    for (k, b) in blocks.iter().enumerate() {
        w.keep = office::keeps_with_table(&blocks, k, w.text_w);
        w.block(b, 0, 0);
        w.keep = false;
    }
    let _ = write!(
        w.body,
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"0\" w:gutter=\"0\"/></w:sectPr>",
        twips(geo.page_w),
        twips(geo.page_h),
        twips(geo.body_top),
        twips(geo.margin_x),
        twips(geo.bottom),
        twips(geo.margin_x),
        twips(geo.header_top),
    );
    let document = format!(
        "{XML_DECL}<w:document {W_NS} {DRAW_NS}><w:body>{}</w:body></w:document>\n",
        w.body
    );
    let mut rels = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"{REL}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdNumbering\" Type=\"{REL}/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rIdSettings\" Type=\"{REL}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdHeader\" Type=\"{REL}/header\" Target=\"header1.xml\"/>"
    );
    for (name, _) in &w.media {
        let id = rel_id(name);
        let _ = write!(
            rels,
            "<Relationship Id=\"{id}\" Type=\"{REL}/image\" Target=\"media/{name}\"/>"
        );
    }
    rels.push_str("</Relationships>\n");
    let content_types = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"svg\" ContentType=\"image/svg+xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>\n"
    );
    let root_rels = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>\n"
    );
    let mut entries: Vec<(String, Vec<u8>, bool)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types.into_bytes(),
            false,
        ),
        ("_rels/.rels".into(), root_rels.into_bytes(), false),
        (
            "docProps/core.xml".into(),
            core(doc, cx).into_bytes(),
            false,
        ),
        ("docProps/app.xml".into(), app(cx).into_bytes(), false),
        ("word/document.xml".into(), document.into_bytes(), false),
        ("word/styles.xml".into(), styles(cx).into_bytes(), false),
        (
            "word/numbering.xml".into(),
            numbering(&w.nums).into_bytes(),
            false,
        ),
        ("word/settings.xml".into(), settings(cx).into_bytes(), false),
        (
            "word/header1.xml".into(),
            header(doc, cx, &geo).into_bytes(),
            false,
        ),
        (
            "word/_rels/document.xml.rels".into(),
            rels.into_bytes(),
            false,
        ),
    ];
    for (name, bytes) in std::mem::take(&mut w.media) {
        let stored = name.ends_with(".png");
        entries.push((format!("word/media/{name}"), bytes, stored));
    }
    Exported {
        bytes: office::zip(&entries, doc.date),
        warnings: w.warnings,
    }
}

fn rel_id(media: &str) -> String {
    format!("rIdMedia_{}", media.replace('.', "_"))
}

struct Writer<'a> {
    cx: &'a Context,
    doc: &'a Doc,
    body: String,
    /// Start numbers of the numbered lists (each list restarts: its own `w:num`).
    nums: Vec<(usize, u64)>,
    media: Vec<(String, Vec<u8>)>,
    warnings: Vec<Diagnostic>,
    text_w: f32,
    /// The next paragraph keeps with what follows (it introduces a table).
    keep: bool,
}

/// Runs of `inl` with their properties.
fn runs(inl: &Inlines) -> String {
    let mut out = String::new();
    for s in inl {
        let f = s.flags;
        let mut rpr = String::new();
        if f.code {
            rpr.push_str("<w:rStyle w:val=\"CodeChar\"/>");
        } else if f.link {
            rpr.push_str("<w:rStyle w:val=\"LinkChar\"/>");
        }
        if f.bold {
            rpr.push_str("<w:b/><w:bCs/>");
        }
        if f.italic {
            rpr.push_str("<w:i/><w:iCs/>");
        }
        if f.strike {
            rpr.push_str("<w:strike/>");
        }
        let props = if rpr.is_empty() {
            String::new()
        } else {
            format!("<w:rPr>{rpr}</w:rPr>")
        };
        let _ = write!(out, "<w:r>{props}");
        for (i, line) in s.text.split('\n').enumerate() {
            if i > 0 {
                out.push_str("<w:br/>");
            }
            for (k, part) in line.split('\t').enumerate() {
                if k > 0 {
                    out.push_str("<w:tab/>");
                }
                if !part.is_empty() {
                    let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", esc(part));
                }
            }
        }
        out.push_str("</w:r>");
    }
    out
}

fn para(style: &str, extra: &str, content: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{extra}</w:pPr>{content}</w:p>")
}

impl Writer<'_> {
    /// `<w:keepNext/>` for the paragraph that introduces a table, once.
    fn keep_next(&mut self) -> &'static str {
        if std::mem::take(&mut self.keep) {
            "<w:keepNext/>"
        } else {
            ""
        }
    }

    fn block(&mut self, b: &Block, quote: usize, depth: usize) {
        match b {
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 6);
                let p = para(&format!("Heading{level}"), "", &runs(&office::trim(text)));
                self.body.push_str(&p);
            }
            Block::Para(inl) => {
                let style = if quote > 0 { "Quote" } else { "BodyText" };
                let p = para(style, self.keep_next(), &runs(&office::trim(inl)));
                self.body.push_str(&p);
            }
            Block::List { start, items, .. } => {
                let num = match start {
                    Some(n) => {
                        self.nums.push((depth, *n));
                        self.nums.len() + 1
                    }
                    None => 1,
                };
                let numpr = format!(
                    "<w:numPr><w:ilvl w:val=\"{depth}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
                );
                for item in items {
                    if item.blocks.is_empty() {
                        self.body.push_str(&para("ListParagraph", &numpr, ""));
                    }
                    for (k, b) in item.blocks.iter().enumerate() {
                        match b {
                            Block::Para(inl) => {
                                let mut inl = office::trim(inl);
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
                                // Later paragraphs of an item continue it, unnumbered.
                                let pr = if k == 0 {
                                    format!("{}{numpr}", self.keep_next())
                                } else {
                                    format!(
                                        "<w:ind w:left=\"{}\"/>",
                                        twips(18.0 * (depth + 1) as f32)
                                    )
                                };
                                self.body.push_str(&para("ListParagraph", &pr, &runs(&inl)));
                            }
                            Block::List { .. } => self.block(b, quote, depth + 1),
                            other => self.block(other, quote, depth),
                        }
                    }
                }
            }
            Block::Code { lang, text } if lang == "mermaid" => self.diagram(text),
            Block::Code { text, .. } => self.code(text),
            Block::Quote(blocks) => {
                for b in blocks {
                    self.block(b, quote + 1, depth);
                }
            }
            Block::Rule => self.body.push_str(&para("HorizontalLine", "", "")),
            Block::Table { aligns, head, rows } => self.table(aligns, head, rows),
        }
    }

    fn code(&mut self, text: &str) {
        let inl = vec![Span {
            text: text.to_string(),
            flags: Default::default(),
        }];
        self.body.push_str(&para("Code", "", &runs(&inl)));
    }

    fn diagram(&mut self, src: &str) {
        let d: Diagram = match office::diagram(src, self.cx, self.text_w) {
            Ok(d) => d,
            Err(e) => {
                self.warnings.push(
                    Diagnostic::warning(format!("diagram could not be drawn: {e}"))
                        .in_file(format!("{}.docx", self.doc.id)),
                );
                self.code(src);
                return;
            }
        };
        let n = self.media.len() / 2 + 1;
        let (png, svg) = (format!("diagram{n}.png"), format!("diagram{n}.svg"));
        let (cx_, cy_) = (office::emu(d.width), office::emu(d.height));
        let run = format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx_}\" cy=\"{cy_}\"/><wp:docPr id=\"{n}\" name=\"Diagram {n}\" descr=\"{t}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"{png}\" descr=\"{t}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{pid}\"><a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"{sid}\"/></a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx_}\" cy=\"{cy_}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
            t = esc(&d.title),
            pid = rel_id(&png),
            sid = rel_id(&svg),
        );
        self.body.push_str(&para("Figure", "", &run));
        self.media.push((png, d.png));
        self.media.push((svg, d.svg));
    }

    fn table(&mut self, aligns: &[Align], head: &[Inlines], rows: &[Vec<Inlines>]) {
        let widths = office::column_widths(self.cx, head, rows, self.text_w);
        if widths.is_empty() {
            return;
        }
        let tw: Vec<i64> = widths.iter().map(|w| twips(*w)).collect();
        let b = office::BORDER;
        let border = |side: &str| {
            format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{b}\"/>")
        };
        let _ = write!(
            self.body,
            "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"{py}\" w:type=\"dxa\"/><w:left w:w=\"{px}\" w:type=\"dxa\"/><w:bottom w:w=\"{py}\" w:type=\"dxa\"/><w:right w:w=\"{px}\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
            tw.iter().sum::<i64>(),
            border("top"),
            border("left"),
            border("bottom"),
            border("right"),
            border("insideH"),
            border("insideV"),
            py = twips(office::PAD_Y),
            px = twips(office::PAD_X),
        );
        for w in &tw {
            let _ = write!(self.body, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.body.push_str("</w:tblGrid>");
        self.row(aligns, head, &tw, true);
        for r in rows {
            self.row(aligns, r, &tw, false);
        }
        self.body.push_str("</w:tbl>");
        // Word needs a paragraph between two tables, and after the last one.
        self.body.push_str(&para("TableGap", "", ""));
    }

    fn row(&mut self, aligns: &[Align], cells: &[Inlines], tw: &[i64], head: bool) {
        let empty = Inlines::new();
        let mut trpr = String::from("<w:cantSplit/>");
        if let Some(k) = cells
            .iter()
            .filter_map(office::write_in_lines)
            .max()
            .filter(|_| !head)
        {
            let _ = write!(
                trpr,
                "<w:trHeight w:val=\"{}\" w:hRule=\"atLeast\"/>",
                twips(office::row_height(k))
            );
        }
        if head {
            trpr.push_str("<w:tblHeader/>");
        }
        let _ = write!(self.body, "<w:tr><w:trPr>{trpr}</w:trPr>");
        for (c, w) in tw.iter().enumerate() {
            let cell = cells.get(c).unwrap_or(&empty);
            let shd = if head {
                format!(
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>",
                    office::HEAD_BG
                )
            } else {
                String::new()
            };
            let style = if head {
                "TableHeading"
            } else {
                match aligns.get(c) {
                    Some(Align::Center) => "TableTextCenter",
                    Some(Align::Right) => "TableTextRight",
                    _ => "TableText",
                }
            };
            let content = if office::write_in_lines(cell).is_some() {
                String::new()
            } else {
                runs(&office::trim(cell))
            };
            let _ = write!(
                self.body,
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{shd}</w:tcPr>{}</w:tc>",
                para(style, "", &content)
            );
        }
        self.body.push_str("</w:tr>");
    }
}

fn lang(cx: &Context) -> &'static str {
    match cx.set.locale {
        crate::model::Locale::ZhTw => "zh-TW",
        crate::model::Locale::En => "en-US",
    }
}

fn styles(cx: &Context) -> String {
    let f = esc(&cx.options.office_font);
    let body_line = twips(office::BODY_PT * office::BODY_LEADING);
    let table_line = twips(office::TABLE_PT * office::TABLE_LEADING);
    let hp = |p: f32| (p * 2.0).round() as i64;
    let mut s = format!(
        "{XML_DECL}<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/><w:color w:val=\"{c}\"/><w:kern w:val=\"0\"/><w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/><w:lang w:val=\"{l}\" w:eastAsia=\"zh-TW\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        c = office::TEXT,
        sz = hp(office::BODY_PT),
        l = lang(cx),
    );
    let mut style = |kind: &str, id: &str, name: &str, extra: &str, ppr: &str, rpr: &str| {
        let ppr = if ppr.is_empty() {
            String::new()
        } else {
            format!("<w:pPr>{ppr}</w:pPr>")
        };
        let rpr = if rpr.is_empty() {
            String::new()
        } else {
            format!("<w:rPr>{rpr}</w:rPr>")
        };
        let _ = write!(
            s,
            "<w:style w:type=\"{kind}\" w:styleId=\"{id}\"{}><w:name w:val=\"{name}\"/>{extra}{ppr}{rpr}</w:style>",
            if id == "Normal" {
                " w:default=\"1\""
            } else {
                ""
            }
        );
    };
    style("paragraph", "Normal", "Normal", "<w:qFormat/>", "", "");
    style(
        "paragraph",
        "BodyText",
        "Body Text",
        "<w:basedOn w:val=\"Normal\"/><w:qFormat/>",
        &format!(
            "<w:spacing w:after=\"120\" w:line=\"{body_line}\" w:lineRule=\"atLeast\"/><w:jc w:val=\"both\"/>"
        ),
        "",
    );
    for level in 1..=6u8 {
        let (size, before) = office::heading_style(level);
        style(
            "paragraph",
            &format!("Heading{level}"),
            &format!("heading {level}"),
            "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>",
            &format!(
                "<w:keepNext/><w:keepLines/><w:spacing w:before=\"{}\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/>",
                twips(before),
                level - 1
            ),
            &format!(
                "<w:b/><w:bCs/><w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
                hp(size)
            ),
        );
    }
    style(
        "paragraph",
        "ListParagraph",
        "List Paragraph",
        "<w:basedOn w:val=\"Normal\"/><w:qFormat/>",
        &format!("<w:spacing w:after=\"40\" w:line=\"{body_line}\" w:lineRule=\"atLeast\"/>"),
        "",
    );
    style(
        "paragraph",
        "Quote",
        "Quote",
        "<w:basedOn w:val=\"Normal\"/><w:qFormat/>",
        &format!(
            "<w:pBdr><w:left w:val=\"single\" w:sz=\"16\" w:space=\"8\" w:color=\"8C8C8C\"/></w:pBdr><w:spacing w:after=\"120\" w:line=\"{body_line}\" w:lineRule=\"atLeast\"/><w:ind w:left=\"400\"/>"
        ),
        &format!("<w:color w:val=\"{}\"/>", office::MUTED),
    );
    style(
        "paragraph",
        "Code",
        "Code",
        "<w:basedOn w:val=\"Normal\"/>",
        &format!(
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/><w:spacing w:before=\"40\" w:after=\"160\"/>",
            office::CODE_BG
        ),
        "<w:rFonts w:ascii=\"Noto Sans Mono CJK TC\" w:hAnsi=\"Noto Sans Mono CJK TC\" w:eastAsia=\"Noto Sans Mono CJK TC\" w:cs=\"Noto Sans Mono CJK TC\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
    );
    style(
        "paragraph",
        "HorizontalLine",
        "Horizontal Line",
        "<w:basedOn w:val=\"Normal\"/>",
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"8C8C8C\"/></w:pBdr><w:spacing w:before=\"80\" w:after=\"160\"/>",
        "<w:sz w:val=\"8\"/>",
    );
    style(
        "paragraph",
        "TableText",
        "Table Text",
        "<w:basedOn w:val=\"Normal\"/>",
        &format!("<w:spacing w:after=\"0\" w:line=\"{table_line}\" w:lineRule=\"atLeast\"/>"),
        &format!(
            "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
            hp(office::TABLE_PT)
        ),
    );
    style(
        "paragraph",
        "TableTextCenter",
        "Table Text Center",
        "<w:basedOn w:val=\"TableText\"/>",
        "<w:jc w:val=\"center\"/>",
        "",
    );
    style(
        "paragraph",
        "TableTextRight",
        "Table Text Right",
        "<w:basedOn w:val=\"TableText\"/>",
        "<w:jc w:val=\"right\"/>",
        "",
    );
    style(
        "paragraph",
        "TableHeading",
        "Table Heading",
        "<w:basedOn w:val=\"TableText\"/>",
        "",
        "<w:b/><w:bCs/>",
    );
    style(
        "paragraph",
        "TableGap",
        "Table Gap",
        "<w:basedOn w:val=\"Normal\"/>",
        "<w:spacing w:after=\"0\" w:line=\"160\" w:lineRule=\"exact\"/>",
        "<w:sz w:val=\"8\"/>",
    );
    style(
        "paragraph",
        "Figure",
        "Figure",
        "<w:basedOn w:val=\"Normal\"/>",
        "<w:keepLines/><w:spacing w:before=\"80\" w:after=\"160\"/><w:jc w:val=\"center\"/>",
        "",
    );
    style(
        "paragraph",
        "Header",
        "header",
        "<w:basedOn w:val=\"Normal\"/>",
        "",
        &format!(
            "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
            hp(office::HEADER_PT)
        ),
    );
    style(
        "character",
        "CodeChar",
        "Code Char",
        "",
        "",
        &format!(
            "<w:rFonts w:ascii=\"Noto Sans Mono CJK TC\" w:hAnsi=\"Noto Sans Mono CJK TC\" w:eastAsia=\"Noto Sans Mono CJK TC\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>",
            office::CODE_BG
        ),
    );
    style(
        "character",
        "LinkChar",
        "Link Char",
        "",
        "",
        &format!("<w:color w:val=\"{}\"/>", office::LINK),
    );
    s.push_str("</w:styles>\n");
    s
}

fn numbering(nums: &[(usize, u64)]) -> String {
    let mut s = format!("{XML_DECL}<w:numbering {W_NS}>");
    for (id, numbered) in [(0, false), (1, true)] {
        let _ = write!(
            s,
            "<w:abstractNum w:abstractNumId=\"{id}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
        );
        for lvl in 0..9usize {
            let (fmt, text) = if numbered {
                ("decimal".to_string(), format!("%{}.", lvl + 1))
            } else {
                ("bullet".to_string(), ["•", "◦", "▪"][lvl % 3].to_string())
            };
            let indent = twips(18.0 * (lvl + 1) as f32);
            let _ = write!(
                s,
                "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{indent}\" w:hanging=\"280\"/></w:pPr></w:lvl>"
            );
        }
        s.push_str("</w:abstractNum>");
    }
    s.push_str("<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
    for (k, (lvl, start)) in nums.iter().enumerate() {
        let _ = write!(
            s,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"{lvl}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            k + 2
        );
    }
    s.push_str("</w:numbering>\n");
    s
}

fn settings(cx: &Context) -> String {
    format!(
        "{XML_DECL}<w:settings {W_NS}><w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"{}\" w:eastAsia=\"zh-TW\"/></w:settings>\n",
        lang(cx)
    )
}

fn header(doc: &Doc, cx: &Context, geo: &office::Geometry) -> String {
    let cols = office::header_columns(cx, doc, geo.text_w);
    let tw: Vec<i64> = cols.iter().map(|w| twips(*w)).collect();
    let l = &cx.set.labels;
    let cell = |c: usize, span: usize, label: bool, content: String| {
        let w: i64 = tw[c..c + span].iter().sum();
        let span = if span > 1 {
            format!("<w:gridSpan w:val=\"{span}\"/>")
        } else {
            String::new()
        };
        let shd = if label {
            format!(
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>",
                office::LABEL_BG
            )
        } else {
            String::new()
        };
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{span}{shd}<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>{content}</w:p></w:tc>"
        )
    };
    let t = |s: &str| {
        runs(&vec![Span {
            text: s.to_string(),
            flags: Default::default(),
        }])
    };
    let field = |instr: &str| {
        format!("<w:fldSimple w:instr=\" {instr} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>")
    };
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"595959\"/>")
    };
    let mut s = format!(
        "{XML_DECL}<w:hdr {W_NS}><w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"30\" w:type=\"dxa\"/><w:left w:w=\"80\" w:type=\"dxa\"/><w:bottom w:w=\"30\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
        tw.iter().sum::<i64>(),
        border("top"),
        border("left"),
        border("bottom"),
        border("right"),
        border("insideH"),
        border("insideV"),
    );
    for w in &tw {
        let _ = write!(s, "<w:gridCol w:w=\"{w}\"/>");
    }
    s.push_str("</w:tblGrid>");
    let row = |cells: Vec<String>| {
        format!(
            "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"{}\" w:hRule=\"atLeast\"/></w:trPr>{}</w:tr>",
            twips(18.0),
            cells.concat()
        )
    };
    s.push_str(&row(vec![
        cell(0, 1, true, t(&l.number)),
        cell(1, 1, false, t(&doc.number)),
        cell(2, 1, true, t(&l.title)),
        cell(3, 5, false, t(&doc.title)),
    ]));
    s.push_str(&row(vec![
        cell(0, 1, true, t(&l.classification)),
        cell(1, 1, false, t(&doc.classification)),
        cell(2, 1, true, t(&l.version)),
        cell(3, 1, false, t(&doc.version)),
        cell(4, 1, true, t(&l.issued)),
        cell(5, 1, false, t(&doc.issued)),
        cell(6, 1, true, t(&l.page)),
        cell(
            7,
            1,
            false,
            format!("{}{}{}", field("PAGE"), t(" / "), field("NUMPAGES")),
        ),
    ]));
    s.push_str("</w:tbl>");
    match (&doc.draft, &doc.edition_notice) {
        (None, None) => s.push_str("<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr></w:p>"),
        (draft, edition) => {
            // A draft's mark in red at the left, the edition notice muted at the right.
            let mut runs = String::new();
            if let Some(d) = draft {
                let _ = write!(
                    runs,
                    "<w:r><w:rPr><w:b/><w:color w:val=\"{}\"/><w:sz w:val=\"20\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    office::DRAFT,
                    esc(d)
                );
            }
            if let Some(ed) = edition {
                if draft.is_some() {
                    runs.push_str("<w:r><w:tab/></w:r>");
                }
                let _ = write!(
                    runs,
                    "<w:r><w:rPr><w:color w:val=\"{}\"/><w:sz w:val=\"17\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    office::MUTED,
                    esc(ed)
                );
            }
            let align = if draft.is_some() {
                format!(
                    "<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs>",
                    twips(geo.text_w)
                )
            } else {
                "<w:jc w:val=\"right\"/>".to_string()
            };
            let _ = write!(
                s,
                "<w:p><w:pPr><w:pStyle w:val=\"Header\"/>{align}<w:spacing w:before=\"40\"/></w:pPr>{runs}</w:p>"
            );
        }
    }
    s.push_str("</w:hdr>\n");
    s
}

fn core(doc: &Doc, cx: &Context) -> String {
    let date = doc
        .date
        .naive_utc()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{org}</dc:creator><cp:lastModifiedBy>{org}</cp:lastModifiedBy><dc:language>{lang}</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>\n",
        title = esc(&doc.title),
        subject = esc(&cx.set.subject),
        org = esc(&cx.set.organization),
        lang = cx.set.language(),
    )
}

fn app(cx: &Context) -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>{}</Application><Company>{}</Company></Properties>\n",
        esc(&cx.set.producer),
        esc(&cx.set.organization)
    )
}
