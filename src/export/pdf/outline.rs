//! The document's catalog entries beside the pages: document info (dates
//! from the input, never the clock), /Lang, a deterministic /ID and a nested
//! outline.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::frame::Mark;
use super::style::PAGE_H;
use super::{PdfError, PdfMeta};

fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn pdf_date(d: &chrono::DateTime<chrono::FixedOffset>) -> Object {
    let off = d.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    let s = format!(
        "D:{}{}{:02}'{:02}'",
        d.format("%Y%m%d%H%M%S"),
        sign,
        off / 3600,
        off % 3600 / 60
    );
    Object::String(s.into_bytes(), StringFormat::Literal)
}

struct Node {
    title: String,
    page: usize,
    y: f32,
    children: Vec<usize>,
}

/// Sets the document's information, its `ID` (`id`, the same bytes twice)
/// and the outline of the heading `marks`, page by page.
pub(crate) fn finish<'m>(
    doc: &mut Document,
    marks: impl Iterator<Item = &'m [Mark]>,
    meta: &PdfMeta,
    id: Vec<u8>,
) -> Result<(), PdfError> {
    let err = |e: lopdf::Error| PdfError::Write(e.to_string());
    doc.version = "1.7".to_string();

    let info = Dictionary::from_iter(vec![
        ("Title", text_string(&meta.title)),
        ("Author", text_string(&meta.author)),
        ("Subject", text_string(&meta.subject)),
        ("Creator", text_string(&meta.producer)),
        ("Producer", text_string(&meta.producer)),
        ("CreationDate", pdf_date(&meta.date)),
        ("ModDate", pdf_date(&meta.date)),
    ]);
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => doc.set_object(id, info),
        Err(_) => {
            let id = doc.add_object(info);
            doc.trailer.set("Info", Object::Reference(id));
        }
    }
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );

    // Outline tree from the heading marks, nested by level.
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (pi, page) in marks.enumerate() {
        for m in page {
            while stack.last().is_some_and(|&(l, _)| l >= m.level) {
                stack.pop();
            }
            let idx = nodes.len();
            nodes.push(Node {
                title: m.title.clone(),
                page: pi,
                y: m.y,
                children: Vec::new(),
            });
            match stack.last() {
                Some(&(_, parent)) => nodes[parent].children.push(idx),
                None => roots.push(idx),
            }
            stack.push((m.level, idx));
        }
    }
    let pages = doc.get_pages();
    let page_ids: Vec<ObjectId> = pages.values().copied().collect();
    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set(
        "Lang",
        Object::String(meta.language.clone().into_bytes(), StringFormat::Literal),
    );
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    if roots.is_empty() {
        catalog.remove(b"Outlines");
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        return Ok(());
    }
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let write_level = |doc: &mut Document,
                       list: &[usize],
                       parent: ObjectId,
                       depth: usize|
     -> Vec<(usize, usize)> {
        let mut todo = Vec::new();
        for (k, &n) in list.iter().enumerate() {
            let node = &nodes[n];
            let page = page_ids[node.page.min(page_ids.len() - 1)];
            let top = (PAGE_H - node.y + 6.0).min(PAGE_H);
            let mut d = Dictionary::from_iter(vec![
                ("Title", text_string(&node.title)),
                ("Parent", Object::Reference(parent)),
                (
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(page),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(top),
                        Object::Null,
                    ]),
                ),
            ]);
            if k > 0 {
                d.set("Prev", Object::Reference(ids[list[k - 1]]));
            }
            if k + 1 < list.len() {
                d.set("Next", Object::Reference(ids[list[k + 1]]));
            }
            if let (Some(&f), Some(&l)) = (node.children.first(), node.children.last()) {
                d.set("First", Object::Reference(ids[f]));
                d.set("Last", Object::Reference(ids[l]));
                // Top level open, deeper levels closed.
                let c = node.children.len() as i64;
                d.set("Count", Object::Integer(if depth == 0 { c } else { -c }));
                todo.push((n, depth + 1));
            }
            doc.set_object(ids[n], d);
        }
        todo
    };
    let mut queue = write_level(doc, &roots, root_id, 0);
    while let Some((n, depth)) = queue.pop() {
        let children = nodes[n].children.clone();
        queue.extend(write_level(doc, &children, ids[n], depth));
    }
    let visible = roots.len()
        + roots
            .iter()
            .map(|&r| nodes[r].children.len())
            .sum::<usize>();
    doc.set_object(
        root_id,
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(ids[roots[0]])),
            ("Last", Object::Reference(ids[*roots.last().unwrap_or(&0)])),
            ("Count", Object::Integer(visible as i64)),
        ]),
    );
    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set("Outlines", Object::Reference(root_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}
