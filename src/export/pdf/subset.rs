//! Font subsets for embedding.
//!
//! A CID-keyed CFF face (Noto Sans CJK) is subset by [`super::cff`] in one
//! pass from the font file's `CFF ` table: flattened charstrings without
//! hints, glyph k is CID k. Anything else (DejaVu's TrueType outlines, or a
//! CFF [`super::cff`] does not understand) goes through allsorts, which
//! writes a TrueType font for `/FontFile2` or an OpenType font whose `CFF `
//! table is embedded as `/FontFile3`.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};

use super::cff::{Charstrings, CidCff};
use super::fonts::FaceData;

/// The embedded font program.
pub(crate) enum Program {
    /// A bare CFF (`/FontFile3 /CIDFontType0C`).
    Cff(Vec<u8>),
    /// A TrueType font (`/FontFile2`), CIDs = glyph ids.
    TrueType(Vec<u8>),
}

pub(crate) struct Subset {
    pub program: Program,
    /// Original glyph id → the code (CID) that shows it.
    pub codes: BTreeMap<u16, u16>,
    /// "ABCDEF+PostScriptName", the subset tag derived from the glyph set.
    pub name: String,
}

/// Subset `fd` to `gids` (glyph 0, .notdef, is always kept first).
pub(crate) fn subset_face(
    fd: &FaceData,
    gids: &BTreeMap<u16, char>,
    cache: &Charstrings,
) -> Result<Subset, String> {
    let ids: Vec<u16> = std::iter::once(0)
        .chain(gids.keys().copied().filter(|g| *g != 0))
        .collect();
    let mut h = Fnv::new();
    h.write(fd.ps_name.as_bytes());
    for id in &ids {
        h.write(&id.to_le_bytes());
    }
    let name = format!("{}+{}", tag(h.finish()), fd.ps_name);
    let in_order = || {
        ids.iter()
            .enumerate()
            .map(|(new, &old)| (old, new as u16))
            .collect()
    };
    if let Some(cff) = cid_cff(fd).and_then(|cff| {
        cff.subset(&ids, |g| {
            if let Some(cs) = cache.lock().ok()?.get(&g) {
                return Some(cs.clone());
            }
            let cs = cff.flatten(g)?;
            if let Ok(mut m) = cache.lock() {
                m.insert(g, cs.clone());
            }
            Some(cs)
        })
    }) {
        return Ok(Subset {
            program: Program::Cff(cff),
            codes: in_order(),
            name,
        });
    }
    let scope = ReadScope::new(fd.bytes());
    let file = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = file
        .table_provider(fd.index as usize)
        .map_err(|e| e.to_string())?;
    let bytes = allsorts::subset::subset(&provider, &ids, &pdf_profile(), CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    let raw = ttf_parser::RawFace::parse(&bytes, 0).map_err(|e| e.to_string())?;
    match raw.table(ttf_parser::Tag::from_bytes(b"CFF ")) {
        Some(cff) => {
            // allsorts numbers the subset's glyphs in the order of `ids`;
            // a CID-keyed CFF is addressed by the CIDs of its charset.
            let table = ttf_parser::cff::Table::parse(cff).ok_or("unreadable CFF subset")?;
            let codes = ids
                .iter()
                .enumerate()
                .map(|(new, &old)| {
                    let g = ttf_parser::GlyphId(new as u16);
                    (old, table.glyph_cid(g).unwrap_or(g.0))
                })
                .collect();
            Ok(Subset {
                program: Program::Cff(cff.to_vec()),
                codes,
                name,
            })
        }
        None => Ok(Subset {
            program: Program::TrueType(without_hinting(&bytes).unwrap_or(bytes)),
            codes: in_order(),
            name,
        }),
    }
}

/// The tables a PDF reader uses of an embedded TrueType font (ISO 32000-1
/// 9.9) besides the outlines (`glyf`, `loca`, always written): allsorts' own
/// PDF profile also keeps `name` (most of a DejaVu subset's bytes, unused:
/// the PDF names the font), `cmap` and `post` (unused: the PDF's codes are
/// glyph ids) and the hinting programs, which [`without_hinting`] removes
/// together with the glyphs' instructions.
fn pdf_profile() -> SubsetProfile {
    use allsorts::tag;
    SubsetProfile::Custom(vec![tag::HEAD, tag::HHEA, tag::HMTX, tag::MAXP])
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// The sum of a table's big-endian 32-bit words (zero-padded).
fn checksum(t: &[u8]) -> u32 {
    t.chunks(4).fold(0u32, |s, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        s.wrapping_add(u32::from_be_bytes(w))
    })
}

/// A TrueType glyph without its hinting instructions (`None` if malformed).
fn strip_instructions(g: &[u8]) -> Option<Vec<u8>> {
    if g.is_empty() {
        return Some(Vec::new());
    }
    let contours = i16::from_be_bytes([*g.first()?, *g.get(1)?]);
    if let Ok(n) = usize::try_from(contours) {
        // Simple glyph: header, end points, instruction length, instructions.
        let at = 10 + 2 * n;
        let len = usize::from(u16::from_be_bytes([*g.get(at)?, *g.get(at + 1)?]));
        let mut out = g.get(..at)?.to_vec();
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(g.get(at + 2 + len..)?);
        return Some(out);
    }
    // Composite glyph: components, then instructions if the last says so.
    let mut out = g.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = u16::from_be_bytes([*g.get(at)?, *g.get(at + 1)?]);
        let args = if flags & 0x1 != 0 { 4 } else { 2 };
        let scale = match flags {
            f if f & 0x8 != 0 => 2,
            f if f & 0x40 != 0 => 4,
            f if f & 0x80 != 0 => 8,
            _ => 0,
        };
        out.extend_from_slice(&(flags & !0x100).to_be_bytes());
        out.extend_from_slice(g.get(at + 2..at + 4 + args + scale)?);
        at += 4 + args + scale;
        if flags & 0x20 == 0 {
            return Some(out);
        }
    }
}

/// A TrueType font of just `head`, `hhea`, `hmtx`, `maxp`, `loca` and
/// `glyf`, its glyphs without hinting instructions: a PDF is rasterised at
/// every size from the outlines, so the hinting programs (`fpgm`, `prep`,
/// `cvt `, two thirds of a small DejaVu subset) would only add bytes.
/// `None` if the font is not a TrueType font this reads.
pub(crate) fn without_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(u16::from_be_bytes([*font.get(4)?, *font.get(5)?]));
    let mut tables: BTreeMap<[u8; 4], &[u8]> = BTreeMap::new();
    for k in 0..count {
        let rec = 12 + 16 * k;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let (at, len) = (
            u32_at(font, rec + 8)? as usize,
            u32_at(font, rec + 12)? as usize,
        );
        tables.insert(tag, font.get(at..at.checked_add(len)?)?);
    }
    let head = *tables.get(b"head")?;
    let long = i16::from_be_bytes([*head.get(50)?, *head.get(51)?]) == 1;
    let maxp = *tables.get(b"maxp")?;
    let glyphs = usize::from(u16::from_be_bytes([*maxp.get(4)?, *maxp.get(5)?]));
    let (loca, glyf) = (*tables.get(b"loca")?, *tables.get(b"glyf")?);
    let offset = |k: usize| -> Option<usize> {
        if long {
            Some(u32_at(loca, 4 * k)? as usize)
        } else {
            Some(
                2 * usize::from(u16::from_be_bytes([
                    *loca.get(2 * k)?,
                    *loca.get(2 * k + 1)?,
                ])),
            )
        }
    };
    // New glyf and a long-format loca (glyphs 4-byte aligned).
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for k in 0..glyphs {
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        let g = strip_instructions(glyf.get(offset(k)?..offset(k + 1)?)?)?;
        new_glyf.extend_from_slice(&g);
        new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.fill(0); // checkSumAdjustment, set below
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1i16.to_be_bytes());
    let out_tables: [(&[u8; 4], &[u8]); 6] = [
        (b"glyf", &new_glyf),
        (b"head", &new_head),
        (b"hhea", tables.get(b"hhea")?),
        (b"hmtx", tables.get(b"hmtx")?),
        (b"loca", &new_loca),
        (b"maxp", maxp),
    ];
    // Offset table (6 tables: searchRange 64, entrySelector 2, rangeShift 32).
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [6u16, 64, 2, 32] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut at = 12 + 16 * out_tables.len();
    for (tag, t) in &out_tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(t).to_be_bytes());
        out.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(t.len()).ok()?.to_be_bytes());
        at += t.len().next_multiple_of(4);
    }
    let mut head_at = 0;
    for (tag, t) in &out_tables {
        if *tag == b"head" {
            head_at = out.len();
        }
        out.extend_from_slice(t);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

/// The face's CID-keyed `CFF ` table, parsed.
fn cid_cff(fd: &FaceData) -> Option<CidCff<'_>> {
    let raw = ttf_parser::RawFace::parse(fd.bytes(), fd.index).ok()?;
    CidCff::parse(raw.table(ttf_parser::Tag::from_bytes(b"CFF "))?)
}

/// Six upper-case letters (ISO 32000-1 9.6.4 subset tag).
fn tag(mut v: u64) -> String {
    (0..6)
        .map(|_| {
            let c = (b'A' + (v % 26) as u8) as char;
            v /= 26;
            c
        })
        .collect()
}

/// FNV-1a, 64 bit: a small stable hash for tags and the document /ID.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub fn with_seed(seed: u64) -> Self {
        let mut h = Fnv::new();
        h.write(&seed.to_le_bytes());
        h
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdf::style::FaceId;
    use crate::export::pdf::{FontConfig, Fonts};

    use crate::export::pdf::cff::tests::Record;

    fn outline(f: &ttf_parser::Face, g: u16) -> Vec<String> {
        let mut r = Record::default();
        let _ = f.outline_glyph(ttf_parser::GlyphId(g), &mut r);
        r.0
    }

    #[test]
    fn truetype_subset_keeps_outlines_and_metrics_without_hinting() {
        let Ok(fonts) = Fonts::load(&FontConfig::default()) else {
            eprintln!("skipped: no CJK font");
            return;
        };
        let sh = fonts.shaper();
        let Some(fd) = sh.face_data(FaceId::Sans) else {
            eprintln!("skipped: no DejaVu Sans");
            return;
        };
        let orig = ttf_parser::Face::parse(fd.bytes(), fd.index).expect("face");
        // Simple glyphs, composites (accented letters) and symbols.
        let gids: BTreeMap<u16, char> = "•→✓€ÅéçÑ½"
            .chars()
            .filter_map(|c| Some((orig.glyph_index(c)?.0, c)))
            .collect();
        assert!(gids.len() >= 8, "DejaVu Sans lacks the test characters");
        let cache = Charstrings::default();
        let sub = subset_face(fd, &gids, &cache).expect("subset");
        let Program::TrueType(bytes) = &sub.program else {
            panic!("DejaVu Sans is a TrueType font");
        };
        let raw = ttf_parser::RawFace::parse(bytes, 0).expect("sfnt");
        for tag in [b"fpgm", b"prep", b"cvt ", b"name", b"cmap", b"post"] {
            assert!(
                raw.table(ttf_parser::Tag::from_bytes(tag)).is_none(),
                "{} kept",
                String::from_utf8_lossy(tag)
            );
        }
        let glyf = raw
            .table(ttf_parser::Tag::from_bytes(b"glyf"))
            .expect("glyf");
        let new = ttf_parser::Face::parse(bytes, 0).expect("subset parses");
        // .notdef, the glyphs asked for, and the components of composites.
        assert!(usize::from(new.number_of_glyphs()) > gids.len());
        for (&g, &code) in &sub.codes {
            let (o, n) = (ttf_parser::GlyphId(g), ttf_parser::GlyphId(code));
            assert_eq!(outline(&orig, g), outline(&new, code), "outline of {g}");
            assert_eq!(orig.glyph_hor_advance(o), new.glyph_hor_advance(n));
            assert_eq!(orig.glyph_bounding_box(o), new.glyph_bounding_box(n));
        }
        // No glyph carries instructions any more: stripping changes nothing.
        let loca = raw
            .table(ttf_parser::Tag::from_bytes(b"loca"))
            .expect("loca");
        for k in 0..new.number_of_glyphs() as usize {
            let (a, b) = (
                u32_at(loca, 4 * k).unwrap() as usize,
                u32_at(loca, 4 * k + 4).unwrap() as usize,
            );
            let g = &glyf[a..b];
            let stripped = strip_instructions(g).expect("glyph parses");
            assert_eq!(&g[..stripped.len()], &stripped[..], "glyph {k}");
        }
        // The checksum adjustment makes the whole file sum to the magic number.
        assert_eq!(checksum(bytes), 0xB1B0_AFBA);
    }
}
