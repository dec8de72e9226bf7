//! Font discovery (fontdb), face selection inside collections, and glyph
//! metrics (ttf-parser) with a per-render character cache.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Arc;

use super::style::{ALL_FACES, FaceId, Role};
use super::{FontConfig, PdfError};

const CJK_FAMILY: &str = "Noto Sans CJK TC";
const NO_CJK_HINT: &str = "install the Debian package fonts-noto-cjk (it provides \
    \"Noto Sans CJK TC\"), or pass --font PATH (and --font-bold PATH) pointing at a \
    Traditional-Chinese OpenType/TrueType font or collection";

/// A font file's bytes: memory-mapped, so a run only reads (and keeps in
/// memory) the parts of the 20 MB CJK collections it uses.
pub(crate) type FileData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// One face: the whole file's bytes (shared between faces of one file) and
/// the face index inside it.
pub(crate) struct FaceData {
    pub data: FileData,
    pub index: u32,
    pub ps_name: String,
}

impl FaceData {
    pub fn bytes(&self) -> &[u8] {
        (*self.data).as_ref()
    }
}

/// Fonts parsed once per run and reused for every document; also the
/// run's layouts (see [`super::layout`]).
pub struct Fonts {
    pub(crate) faces: [Option<FaceData>; 5],
    pub(crate) laid: std::sync::Mutex<FxHashMap<String, super::Laid>>,
    /// Each face's flattened charstrings, shared by every subset of the run.
    pub(crate) charstrings: [super::cff::Charstrings; 5],
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self
            .faces
            .iter()
            .map(|fd| fd.as_ref().map_or("-", |fd| fd.ps_name.as_str()))
            .collect();
        f.debug_struct("Fonts").field("faces", &names).finish()
    }
}

impl Fonts {
    /// Find the fonts: `--font`/`--font-bold` when given, otherwise
    /// "Noto Sans CJK TC" from the system, plus DejaVu Sans / Sans Mono as
    /// fallbacks for symbols and code.
    pub fn load(cfg: &FontConfig) -> Result<Fonts, PdfError> {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let regular = match &cfg.regular {
            Some(path) => Some(load_path(path, false)?),
            None => find_system(&mut db, CJK_FAMILY, false),
        };
        let Some(regular) = regular else {
            return Err(PdfError::NoCjkFont {
                hint: NO_CJK_HINT.to_string(),
            });
        };
        let bold = match &cfg.bold {
            Some(path) => Some(load_path(path, true)?),
            None if cfg.regular.is_none() => find_system(&mut db, CJK_FAMILY, true),
            None => None,
        };
        let sans = find_system(&mut db, "DejaVu Sans", false);
        let sans_bold = find_system(&mut db, "DejaVu Sans", true);
        let mono = find_system(&mut db, "DejaVu Sans Mono", false);
        Ok(Fonts {
            faces: [Some(regular), bold, sans, sans_bold, mono],
            laid: Default::default(),
            charstrings: Default::default(),
        })
    }

    pub(crate) fn shaper(&self) -> Shaper<'_> {
        let faces = ALL_FACES.map(|id| {
            self.faces[id as usize]
                .as_ref()
                .and_then(|fd| ttf_parser::Face::parse(fd.bytes(), fd.index).ok())
        });
        Shaper {
            fonts: self,
            faces,
            cache: FxHashMap::default(),
            missing: BTreeSet::new(),
        }
    }
}

/// The face `id` of `db`, its file memory-mapped.
fn shared_face(db: &mut fontdb::Database, id: fontdb::ID) -> Result<FaceData, String> {
    // SAFETY: the mapping is of a font file opened read-only; fontdb (like
    // every font stack that maps fonts) relies on it not being truncated
    // while the run uses it.
    let (data, index) =
        unsafe { db.make_shared_face_data(id) }.ok_or("the font file cannot be read")?;
    face_data(data, index)
}

fn face_data(data: FileData, index: u32) -> Result<FaceData, String> {
    let face = ttf_parser::Face::parse((*data).as_ref(), index).map_err(|e| e.to_string())?;
    if face.tables().cmap.is_none() {
        return Err("the font has no character map".into());
    }
    let ps_name = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| format!("Font{index}"));
    let ps_name: String = ps_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Ok(FaceData {
        data,
        index,
        ps_name,
    })
}

/// A font given by path. In a collection, pick the Traditional-Chinese face
/// (a family name ending in " TC") of the requested weight, else face 0.
fn load_path(path: &Path, bold: bool) -> Result<FaceData, PdfError> {
    let err = |message: String| PdfError::FontFile {
        path: path.to_path_buf(),
        message,
    };
    let mut db = fontdb::Database::new();
    db.load_font_file(path).map_err(|e| err(e.to_string()))?;
    let faces: Vec<(fontdb::ID, u32, bool, u16)> = db
        .faces()
        .map(|f| {
            let tc = f
                .families
                .iter()
                .any(|(name, _)| name.ends_with(" TC") || name.ends_with("TC"));
            (f.id, f.index, tc, f.weight.0)
        })
        .collect();
    let want = if bold { 700 } else { 400 };
    let pick = faces
        .iter()
        .filter(|f| f.2)
        .min_by_key(|f| (i32::from(f.3) - want).unsigned_abs())
        .or_else(|| faces.iter().find(|f| f.1 == 0))
        .ok_or_else(|| err("not a font file this can read".into()))?;
    shared_face(&mut db, pick.0).map_err(err)
}

/// Find a face of `family` among the system fonts. For `bold`, only a face of
/// weight 600 or more counts (fontdb would otherwise hand back the regular).
fn find_system(db: &mut fontdb::Database, family: &str, bold: bool) -> Option<FaceData> {
    let families = [fontdb::Family::Name(family)];
    let query = fontdb::Query {
        families: &families,
        weight: if bold {
            fontdb::Weight::BOLD
        } else {
            fontdb::Weight::NORMAL
        },
        stretch: fontdb::Stretch::Normal,
        style: fontdb::Style::Normal,
    };
    let id = db.query(&query)?;
    if bold != (db.face(id)?.weight.0 >= 600) {
        return None;
    }
    shared_face(db, id).ok()
}

/// A shaped character: which face, which glyph, advance in em.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GlyphInfo {
    pub face: FaceId,
    pub gid: u16,
    /// Advance in em, quantised to 1/1000 em exactly as the PDF /W array is.
    pub adv: f32,
    /// The character is drawn (false for zero-width controls).
    pub visible: bool,
}

/// Per-render glyph lookup with a cache; remembers characters no font has.
pub(crate) struct Shaper<'a> {
    pub fonts: &'a Fonts,
    faces: [Option<ttf_parser::Face<'a>>; 5],
    cache: FxHashMap<(char, Role), GlyphInfo>,
    missing: BTreeSet<char>,
}

impl Shaper<'_> {
    fn lookup(&self, face: FaceId, ch: char) -> Option<GlyphInfo> {
        let f = self.faces[face as usize].as_ref()?;
        let gid = f.glyph_index(ch)?;
        if gid.0 == 0 {
            return None;
        }
        let upem = f32::from(f.units_per_em());
        let raw = f32::from(f.glyph_hor_advance(gid).unwrap_or(0));
        // The same truncation as the PDF's /W widths (see the writer).
        let adv = ((raw * 1000.0 / upem) as i64) as f32 / 1000.0;
        Some(GlyphInfo {
            face,
            gid: gid.0,
            adv,
            visible: true,
        })
    }

    /// The glyph for `ch` in `role`, following the role's fallback chain.
    pub fn glyph(&mut self, ch: char, role: Role) -> GlyphInfo {
        if let Some(g) = self.cache.get(&(ch, role)) {
            return *g;
        }
        let g = self.resolve(ch, role);
        self.cache.insert((ch, role), g);
        g
    }

    fn resolve(&mut self, ch: char, role: Role) -> GlyphInfo {
        if is_invisible(ch) {
            return GlyphInfo {
                face: FaceId::Cjk,
                gid: 0,
                adv: 0.0,
                visible: false,
            };
        }
        for &face in role.chain() {
            if let Some(g) = self.lookup(face, ch) {
                return g;
            }
        }
        // Unicode whitespace the fonts lack: a plain space of the same role.
        if ch.is_whitespace() && ch != ' ' {
            return self.glyph(' ', role);
        }
        self.missing.insert(ch);
        // Draw U+FFFD (a visible replacement mark, never an unexplained box).
        for &face in role.chain() {
            if let Some(g) = self.lookup(face, '\u{FFFD}') {
                return g;
            }
        }
        self.lookup(FaceId::Cjk, '?').unwrap_or(GlyphInfo {
            face: FaceId::Cjk,
            gid: 0,
            adv: 0.5,
            visible: true,
        })
    }

    /// Characters no font covered since the last call.
    pub fn take_missing(&mut self) -> BTreeSet<char> {
        // The cache keeps the fallback glyph; forget it so the next document
        // reports the character again.
        let missing = std::mem::take(&mut self.missing);
        self.cache.retain(|(c, _), _| !missing.contains(c));
        missing
    }

    /// Width of `text` in `role` at `size` pt.
    pub fn width(&mut self, text: &str, role: Role, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c, role).adv).sum::<f32>() * size
    }

    pub fn face_data(&self, face: FaceId) -> Option<&FaceData> {
        self.fonts.faces[face as usize].as_ref()
    }

    /// The parsed face (metrics for the PDF's font dictionaries).
    pub fn face(&self, face: FaceId) -> Option<&ttf_parser::Face<'_>> {
        self.faces[face as usize].as_ref()
    }
}

/// Characters that take no space and draw nothing.
pub(crate) fn is_invisible(ch: char) -> bool {
    matches!(ch,
        '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{00AD}' | '\n' | '\r')
        || ch.is_control()
}

#[cfg(test)]
mod tests {
    #[test]
    fn missing_font_hint_names_the_package_and_option() {
        assert!(super::NO_CJK_HINT.contains("fonts-noto-cjk"));
        assert!(super::NO_CJK_HINT.contains("--font"));
    }
}
