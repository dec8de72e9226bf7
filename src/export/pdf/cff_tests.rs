//! The CFF subset draws exactly the outlines of the original glyphs.

use super::{CidCff, Index, KEEP_TOP, index_end, operand, parse_dict};
use crate::export::pdf::style::{FaceId, Role};
use crate::export::pdf::{FontConfig, Fonts};

/// A glyph's outline as drawing commands, to compare two fonts' glyphs.
#[derive(Default)]
pub(crate) struct Record(pub Vec<String>);

impl ttf_parser::OutlineBuilder for Record {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("M{x} {y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("L{x} {y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(format!("Q{x1} {y1} {x} {y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
    }
    fn close(&mut self) {
        self.0.push("Z".into());
    }
}

fn outline(t: &ttf_parser::cff::Table, g: u16) -> Vec<String> {
    let mut r = Record::default();
    let _ = t.outline(ttf_parser::GlyphId(g), &mut r);
    r.0
}

#[test]
fn subset_has_the_original_outlines_identity_cids_and_no_subroutines() {
    let Ok(fonts) = Fonts::load(&FontConfig::default()) else {
        eprintln!("skipped: no CJK font");
        return;
    };
    let text = "營運持續管理程序書：資通安全事件（第一級）ISMS-RTO4h，0900-000-101。①☐";
    for (face, role) in [(FaceId::Cjk, Role::Body), (FaceId::CjkBold, Role::Bold)] {
        let mut sh = fonts.shaper();
        let mut gids = vec![0u16];
        for c in text.chars() {
            let g = sh.glyph(c, role);
            if g.face == face && !gids.contains(&g.gid) {
                gids.push(g.gid);
            }
        }
        gids[1..].sort_unstable();
        let Some(fd) = sh.face_data(face) else {
            continue;
        };
        let raw = ttf_parser::RawFace::parse(fd.bytes(), fd.index).expect("sfnt");
        let orig = raw
            .table(ttf_parser::Tag::from_bytes(b"CFF "))
            .expect("a CFF table");
        let cff = CidCff::parse(orig).expect("a CID-keyed CFF");
        let sub = cff.subset(&gids, |g| cff.flatten(g)).expect("subset");
        assert!(
            sub.len() < 40_000,
            "subset of {} glyphs: {} bytes",
            gids.len(),
            sub.len()
        );
        assert_only_drawing_entries(&sub);
        let (a, b) = (
            ttf_parser::cff::Table::parse(orig).expect("original parses"),
            ttf_parser::cff::Table::parse(&sub).expect("subset parses"),
        );
        assert_eq!(usize::from(b.number_of_glyphs()), gids.len());
        for (k, &g) in gids.iter().enumerate() {
            let k = k as u16;
            assert_eq!(
                b.glyph_cid(ttf_parser::GlyphId(k)),
                Some(k),
                "CID of glyph {k}"
            );
            let o = outline(&b, k);
            assert!(k == 0 || !o.is_empty(), "empty outline for glyph {g}");
            assert_eq!(outline(&a, g), o, "outline of glyph {g} differs");
        }
    }
}

/// The subset's DICTs hold only what draws its glyphs: no names, notice or
/// version in the top DICT, no FontName in the font dicts, only the width
/// defaults in the private DICTs, and a String INDEX of the ROS's strings.
fn assert_only_drawing_entries(sub: &[u8]) {
    let names_end = index_end(sub, usize::from(sub[2])).expect("names");
    let tops = Index::parse(sub, names_end).expect("top DICT INDEX");
    let top = parse_dict(tops.get(0).expect("top DICT")).expect("top DICT parses");
    for (op, _) in &top {
        assert!(KEEP_TOP.contains(op), "top DICT keeps operator {op}");
    }
    let strings_at = index_end(sub, names_end).expect("tops end");
    let strings = Index::parse(sub, strings_at).expect("strings");
    let kept: Vec<&[u8]> = (0..strings.len()).filter_map(|k| strings.get(k)).collect();
    assert_eq!(kept, [&b"Adobe"[..], b"Identity"]);
    let fds = Index::parse(sub, operand(&top, 1236, 0).expect("FDArray")).expect("FDs");
    for k in 0..fds.len() {
        let fd = parse_dict(fds.get(k).expect("FD")).expect("FD parses");
        assert!(
            fd.iter().all(|(op, _)| *op != 1238),
            "FD {k} keeps its FontName"
        );
        let (size, at) = (operand(&fd, 18, 0).unwrap(), operand(&fd, 18, 1).unwrap());
        let private = parse_dict(&sub[at..at + size]).expect("private DICT parses");
        assert!(!private.is_empty());
        for (op, _) in &private {
            assert!(matches!(op, 20 | 21), "private DICT of FD {k} keeps {op}");
        }
    }
}
