//! The bottom layer of the engine, with the frame: page geometry, colours
//! and the style of a run of text. Nothing here knows about layout.

/// Which loaded face a glyph comes from. The order is the PDF resource order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FaceId {
    Cjk = 0,
    CjkBold = 1,
    Sans = 2,
    SansBold = 3,
    Mono = 4,
}

pub(crate) const ALL_FACES: [FaceId; 5] = [
    FaceId::Cjk,
    FaceId::CjkBold,
    FaceId::Sans,
    FaceId::SansBold,
    FaceId::Mono,
];

/// The typographic role of a run of text; each has its own fallback chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Body,
    Bold,
    Mono,
}

impl Role {
    pub(crate) fn chain(self) -> &'static [FaceId] {
        match self {
            Role::Body => &[FaceId::Cjk, FaceId::Sans],
            Role::Bold => &[FaceId::CjkBold, FaceId::SansBold, FaceId::Cjk, FaceId::Sans],
            Role::Mono => &[FaceId::Mono, FaceId::Cjk, FaceId::Sans],
        }
    }
}

pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 56.7;
pub(crate) const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Top of the document-control header table.
pub(crate) const HEADER_TOP: f32 = 36.0;
pub(crate) const HEADER_ROW_H: f32 = 18.0;
pub(crate) const EDITION_H: f32 = 14.0;
/// Lowest y (from the top) body content may reach.
pub(crate) const BODY_BOTTOM: f32 = PAGE_H - 50.0;

pub(crate) const BODY_SIZE: f32 = 10.5;
pub(crate) const TEXT: [f32; 3] = [0.1, 0.1, 0.1];
pub(crate) const MUTED: [f32; 3] = [0.38, 0.38, 0.38];
pub(crate) const LINK: [f32; 3] = [0.08, 0.3, 0.58];
pub(crate) const RULE: [f32; 3] = [0.55, 0.55, 0.55];
pub(crate) const CODE_BG: [f32; 3] = [0.95, 0.95, 0.95];
pub(crate) const HEAD_BG: [f32; 3] = [0.89, 0.91, 0.94];
/// Where the body of a page starts, below the header table.
pub(crate) fn body_top(has_edition: bool) -> f32 {
    HEADER_TOP + 2.0 * HEADER_ROW_H + if has_edition { EDITION_H } else { 0.0 } + 14.0
}

/// Visual style of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TStyle {
    pub role: Role,
    pub size: f32,
    pub color: [f32; 3],
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub code_bg: bool,
}

impl TStyle {
    pub fn new(role: Role, size: f32) -> Self {
        TStyle {
            role,
            size,
            color: TEXT,
            italic: false,
            underline: false,
            strike: false,
            code_bg: false,
        }
    }
}
