//! The CFF subset draws exactly the outlines of the original glyphs.

use super::CidCff;
use crate::export::pdf::fonts::{FaceId, Role};
use crate::export::pdf::{FontConfig, Fonts};

#[derive(Default)]
struct Record(Vec<String>);

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
