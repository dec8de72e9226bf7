//! Font subsets for embedding.
//!
//! A CID-keyed CFF face (Noto Sans CJK) is subset by [`super::cff`] in one
//! pass from the font file's `CFF ` table: flattened charstrings without
//! hints, glyph k is CID k. Anything else (DejaVu's TrueType outlines, or a
//! CFF [`super::cff`] does not understand) goes through allsorts, which
//! writes a TrueType font for `/FontFile2` or an OpenType font whose `CFF `
//! table is embedded as `/FontFile3`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};

use super::cff::CidCff;
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

/// Flattened charstrings of a face by glyph id, kept for the whole run.
pub(crate) type Charstrings = Mutex<HashMap<u16, Vec<u8>, rustc_hash::FxBuildHasher>>;

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
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
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
            program: Program::TrueType(bytes),
            codes: in_order(),
            name,
        }),
    }
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
