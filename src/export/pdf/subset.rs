//! Font subsetting on our side.
//!
//! printpdf 0.12 built without its `text_layout` feature (which drags in the
//! whole azul layout engine) embeds every external font *whole*: a 16 MB
//! Noto Sans CJK face per PDF. So we subset each face ourselves with allsorts
//! (the subsetter printpdf itself uses) and hand printpdf the small font. It
//! then embeds it unchanged: a CID-keyed CFF (Noto CJK) as a bare
//! `/FontFile3 /CIDFontType0C` addressed by CID, a glyf font (DejaVu) as
//! `/FontFile2`, each with /W widths and a /ToUnicode map built from the text
//! we attach to every glyph.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};

use super::fonts::FaceData;

pub(crate) struct Subset {
    pub bytes: Vec<u8>,
    /// Original glyph id → glyph id in the subset.
    pub remap: BTreeMap<u16, u16>,
    /// "ABCDEF+PostScriptName", the subset tag derived from the glyph set.
    pub name: String,
}

/// Subset `fd` to `gids` (glyph 0, .notdef, is always kept first).
pub(crate) fn subset_face(fd: &FaceData, gids: &BTreeMap<u16, char>) -> Result<Subset, String> {
    let scope = ReadScope::new(fd.bytes());
    let file = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = file
        .table_provider(fd.index as usize)
        .map_err(|e| e.to_string())?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(gids.keys().copied().filter(|g| *g != 0))
        .collect();
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    // allsorts numbers the subset's glyphs in the order of `ids`.
    let remap = ids
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new as u16))
        .collect();
    let mut h = Fnv::new();
    h.write(fd.ps_name.as_bytes());
    for id in &ids {
        h.write(&id.to_le_bytes());
    }
    Ok(Subset {
        bytes,
        remap,
        name: format!("{}+{}", tag(h.finish()), fd.ps_name),
    })
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
