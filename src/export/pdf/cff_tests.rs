//! The slimmed CFF draws exactly the outlines of the original.

use std::collections::BTreeMap;

use super::slim;
use crate::export::pdf::fonts::{FaceId, Role};
use crate::export::pdf::subset::subset_face;
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

fn outlines(cff: &[u8]) -> Vec<Vec<String>> {
    let t = ttf_parser::cff::Table::parse(cff).expect("a CFF");
    (0..t.number_of_glyphs())
        .map(|g| {
            let mut r = Record::default();
            let _ = t.outline(ttf_parser::GlyphId(g), &mut r);
            r.0
        })
        .collect()
}

#[test]
fn slimmed_subset_has_the_same_outlines_and_is_smaller() {
    let Ok(fonts) = Fonts::load(&FontConfig::default()) else {
        eprintln!("skipped: no CJK font");
        return;
    };
    let text = "營運持續管理程序書：資通安全事件（第一級）ISMS-RTO4h，0900-000-101。①☐";
    for (face, role) in [(FaceId::Cjk, Role::Body), (FaceId::CjkBold, Role::Bold)] {
        let mut sh = fonts.shaper();
        let mut gids = BTreeMap::new();
        for c in text.chars() {
            let g = sh.glyph(c, role);
            if g.face == face {
                gids.insert(g.gid, c);
            }
        }
        let Some(fd) = sh.face_data(face) else {
            continue;
        };
        let sub = subset_face(fd, &gids).expect("subset");
        let raw = ttf_parser::RawFace::parse(&sub.bytes, 0).expect("sfnt");
        let cff = raw
            .table(ttf_parser::Tag::from_bytes(b"CFF "))
            .expect("a CFF table");
        let slimmed = slim(cff).expect("slimmed");
        assert!(
            slimmed.len() * 2 < cff.len(),
            "{} -> {}",
            cff.len(),
            slimmed.len()
        );
        let (a, b) = (outlines(cff), outlines(&slimmed));
        assert_eq!(a.len(), gids.len() + 1);
        assert!(a.iter().skip(1).all(|o| !o.is_empty()), "empty outline");
        assert_eq!(a, b, "outlines differ");
    }
}
