//! Subsetting of CID-keyed CFF fonts (Noto Sans CJK), in one pass from the
//! font file's own `CFF ` table.
//!
//! A PDF needs neither subroutines nor hints: viewers rasterise at any size
//! from the outlines, and printing ignores hints. So every used glyph's
//! charstring is flattened (its subroutine calls inlined) and its hints (stem
//! declarations, hint and counter masks) dropped, and a font of just those
//! glyphs is written with no subroutines, an identity charset (glyph k is
//! CID k, so a page's codes are the subset's glyph numbers) and only the font
//! dicts its glyphs use. What only font menus or hinting read goes too: the
//! top DICT's names, notice and version, the font dicts' names, the private
//! DICTs' alignment zones and stem widths (only the width defaults stay), and
//! every string but the ROS's. Same outlines, a fraction of the size. The table is
//! parsed once per run ([`CidCff::parse`], its INDEXes read lazily), and the
//! flattened charstrings can be kept between the documents of a run. Anything
//! unexpected (an arithmetic operator, a malformed table) makes [`CidCff`]
//! give up, and the caller falls back to a general subsetter.

/// Flattened charstrings of a face by glyph id, kept for the whole run.
pub(crate) type Charstrings =
    std::sync::Mutex<std::collections::HashMap<u16, Vec<u8>, rustc_hash::FxBuildHasher>>;

/// Subroutine nesting limit of the Type 2 charstring format.
const MAX_DEPTH: usize = 10;

fn u16_at(d: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
    ])))
}

fn offset_at(d: &[u8], at: usize, size: usize) -> Option<usize> {
    let bytes = d.get(at..at + size)?;
    Some(bytes.iter().fold(0, |v, &b| (v << 8) | usize::from(b)))
}

fn write_index<T: AsRef<[u8]>>(out: &mut Vec<u8>, items: &[T]) {
    out.extend_from_slice(&(items.len() as u16).to_be_bytes());
    if items.is_empty() {
        return;
    }
    let total: usize = items.iter().map(|i| i.as_ref().len()).sum::<usize>() + 1;
    let size = match total {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        0x1_0000..=0xFF_FFFF => 3,
        _ => 4,
    };
    out.push(size as u8);
    let mut off = 1usize;
    out.extend_from_slice(&off.to_be_bytes()[8 - size..]);
    for item in items {
        off += item.as_ref().len();
        out.extend_from_slice(&off.to_be_bytes()[8 - size..]);
    }
    for item in items {
        out.extend_from_slice(item.as_ref());
    }
}

/// A DICT entry: operator (two-byte operators as 1200 + b1) and its
/// operands, each as its raw bytes and integer value (reals: 0).
type Entry<'a> = (u16, Vec<(&'a [u8], i64)>);

fn parse_dict(d: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut out = Vec::new();
    let mut operands = Vec::new();
    let mut i = 0;
    while i < d.len() {
        let b = d[i];
        let (len, value) = match b {
            0..=21 => {
                let (op, len) = if b == 12 {
                    (1200 + u16::from(*d.get(i + 1)?), 2)
                } else {
                    (u16::from(b), 1)
                };
                out.push((op, std::mem::take(&mut operands)));
                i += len;
                continue;
            }
            28 => (
                3,
                i64::from(i16::from_be_bytes([*d.get(i + 1)?, *d.get(i + 2)?])),
            ),
            29 => (
                5,
                i64::from(i32::from_be_bytes(d.get(i + 1..i + 5)?.try_into().ok()?)),
            ),
            30 => {
                let mut k = i + 1;
                while d.get(k)? & 0x0F != 0x0F && d.get(k)? >> 4 != 0x0F {
                    k += 1;
                }
                (k + 1 - i, 0)
            }
            32..=246 => (1, i64::from(b) - 139),
            247..=250 => (
                2,
                (i64::from(b) - 247) * 256 + i64::from(*d.get(i + 1)?) + 108,
            ),
            251..=254 => (
                2,
                -(i64::from(b) - 251) * 256 - i64::from(*d.get(i + 1)?) - 108,
            ),
            _ => return None,
        };
        operands.push((d.get(i..i + len)?, value));
        i += len;
    }
    Some(out)
}

/// Re-encode a DICT; `set(op)` gives new integer operands for an entry
/// (written as 5-byte integers, so sizes do not depend on values), `None`
/// keeps it, `Some(empty)` drops it.
fn write_dict(entries: &[Entry<'_>], set: impl Fn(u16) -> Option<Vec<i64>>) -> Vec<u8> {
    let mut out = Vec::new();
    for (op, operands) in entries {
        match set(*op) {
            Some(v) if v.is_empty() => continue,
            Some(v) => {
                for x in v {
                    out.push(29);
                    out.extend_from_slice(&(x as i32).to_be_bytes());
                }
            }
            None => operands
                .iter()
                .for_each(|(raw, _)| out.extend_from_slice(raw)),
        }
        if *op >= 1200 {
            out.extend_from_slice(&[12, (*op - 1200) as u8]);
        } else {
            out.push(*op as u8);
        }
    }
    out
}

fn operand(entries: &[Entry<'_>], op: u16, k: usize) -> Option<usize> {
    let (_, v) = entries.iter().find(|(o, _)| *o == op)?;
    usize::try_from(v.get(k)?.1).ok()
}

fn bias(n: usize) -> i64 {
    match n {
        0..1240 => 107,
        1240..33900 => 1131,
        _ => 32768,
    }
}

/// One glyph's charstring being flattened.
struct Flat<'a> {
    global: Index<'a>,
    local: Index<'a>,
    out: Vec<u8>,
    /// Operands since the last operator: raw bytes and integer value.
    stack: Vec<(&'a [u8], Option<i64>)>,
    stems: usize,
    /// No stack-clearing operator seen yet (the first may carry the width).
    first: bool,
    /// The width taken from a dropped hint operator, for the next operator.
    width: Option<&'a [u8]>,
}

enum Flow {
    Return,
    End,
}

impl<'a> Flat<'a> {
    fn emit(&mut self, op: &[u8]) {
        if let Some(w) = self.width.take() {
            self.out.extend_from_slice(w);
        }
        for (raw, _) in self.stack.drain(..) {
            self.out.extend_from_slice(raw);
        }
        self.out.extend_from_slice(op);
    }

    /// A hint operator: count its stems, keep a leading width, drop it.
    fn hint(&mut self) {
        if self.first && self.stack.len() % 2 == 1 {
            self.width = Some(self.stack[0].0);
        }
        self.stems += self.stack.len() / 2;
        self.stack.clear();
        self.first = false;
    }

    fn run(&mut self, cs: &'a [u8], depth: usize) -> Option<Flow> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut i = 0;
        while i < cs.len() {
            let b = cs[i];
            let (len, value) = match b {
                28 => (
                    3,
                    Some(i64::from(i16::from_be_bytes([
                        *cs.get(i + 1)?,
                        *cs.get(i + 2)?,
                    ]))),
                ),
                32..=246 => (1, Some(i64::from(b) - 139)),
                247..=250 => (
                    2,
                    Some((i64::from(b) - 247) * 256 + i64::from(*cs.get(i + 1)?) + 108),
                ),
                251..=254 => (
                    2,
                    Some(-(i64::from(b) - 251) * 256 - i64::from(*cs.get(i + 1)?) - 108),
                ),
                255 => (5, None),
                _ => (0, None),
            };
            if len > 0 {
                self.stack.push((cs.get(i..i + len)?, value));
                i += len;
                continue;
            }
            let op_len = if b == 12 { 2 } else { 1 };
            let op = cs.get(i..i + op_len)?;
            i += op_len;
            match b {
                1 | 3 | 18 | 23 => self.hint(),
                19 | 20 => {
                    self.hint();
                    i += self.stems.div_ceil(8);
                }
                10 | 29 => {
                    let n = self.stack.pop()?.1?;
                    let subrs = if b == 10 { self.local } else { self.global };
                    let k = usize::try_from(n + bias(subrs.len())).ok()?;
                    if let Flow::End = self.run(subrs.get(k)?, depth + 1)? {
                        return Some(Flow::End);
                    }
                }
                11 => return Some(Flow::Return),
                14 => {
                    self.first = false;
                    self.emit(op);
                    return Some(Flow::End);
                }
                4 | 21 | 22 => {
                    self.first = false;
                    self.emit(op);
                }
                5..=8 | 24..=27 | 30 | 31 => self.emit(op),
                // flex, hflex, hflex1, flex1
                12 if matches!(op[1], 34..=37) => self.emit(op),
                _ => return None,
            }
        }
        Some(Flow::Return)
    }
}

/// An INDEX read lazily: only the items asked for are located.
#[derive(Clone, Copy)]
struct Index<'a> {
    d: &'a [u8],
    count: usize,
    size: usize,
    /// Offset of the offset array.
    offsets: usize,
    /// Offset of the byte before the first item (offsets count from 1).
    base: usize,
}

impl<'a> Index<'a> {
    fn empty(d: &'a [u8]) -> Self {
        Index {
            d,
            count: 0,
            size: 1,
            offsets: 0,
            base: 0,
        }
    }

    fn parse(d: &'a [u8], at: usize) -> Option<Self> {
        let count = u16_at(d, at)?;
        if count == 0 {
            return Some(Index::empty(d));
        }
        let size = usize::from(*d.get(at + 2)?);
        if !(1..=4).contains(&size) {
            return None;
        }
        let offsets = at + 3;
        let base = offsets + (count + 1) * size - 1;
        d.get(base..base + offset_at(d, offsets + count * size, size)?)?;
        Some(Index {
            d,
            count,
            size,
            offsets,
            base,
        })
    }

    fn len(&self) -> usize {
        self.count
    }

    fn get(&self, k: usize) -> Option<&'a [u8]> {
        if k >= self.count {
            return None;
        }
        let a = offset_at(self.d, self.offsets + k * self.size, self.size)?;
        let b = offset_at(self.d, self.offsets + (k + 1) * self.size, self.size)?;
        self.d.get(self.base + a..self.base + b)
    }
}

/// The FD index of glyph `g` (FDSelect formats 0 and 3 at `at`).
fn fd_of(d: &[u8], at: usize, g: usize) -> Option<usize> {
    match *d.get(at)? {
        0 => d.get(at + 1 + g).map(|&b| usize::from(b)),
        3 => {
            let ranges = u16_at(d, at + 1)?;
            // The last range whose first glyph is not past `g`.
            let (mut lo, mut hi) = (0, ranges);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if u16_at(d, at + 3 + 3 * mid)? <= g {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let r = lo.checked_sub(1)?;
            d.get(at + 3 + 3 * r + 2).map(|&b| usize::from(b))
        }
        _ => None,
    }
}

/// A CID-keyed CFF table parsed once per run: its top DICT, the places of
/// its INDEXes and the font dicts' private DICTs and local subroutines.
pub(crate) struct CidCff<'a> {
    d: &'a [u8],
    header_end: usize,
    top: Vec<Entry<'a>>,
    /// The String INDEX of a subset: just the ROS's registry and ordering
    /// (the only strings left that the subset's DICTs refer to).
    strings: Vec<u8>,
    /// The ROS operands of a subset: registry and ordering SIDs, supplement.
    ros: [i64; 3],
    global: Index<'a>,
    glyphs: Index<'a>,
    fdselect: usize,
    fds: Vec<FontDict<'a>>,
}

struct FontDict<'a> {
    entries: Vec<Entry<'a>>,
    /// The private DICT without its Subrs entry.
    private: Vec<u8>,
    subrs: Index<'a>,
}

impl<'a> CidCff<'a> {
    /// `None` when `d` is not a CID-keyed CFF this understands.
    pub fn parse(d: &'a [u8]) -> Option<Self> {
        let header = usize::from(*d.get(2)?);
        let names_end = index_end(d, header)?;
        let tops = Index::parse(d, names_end)?;
        let tops_end = index_end(d, names_end)?;
        let strings_end = index_end(d, tops_end)?;
        let global = Index::parse(d, strings_end)?;
        let top = parse_dict(tops.get(0)?)?;
        if top.iter().any(|(op, _)| matches!(op, 16 | 18)) || operand(&top, 1230, 0).is_none() {
            return None; // an encoding or a private dict, no ROS: not CID-keyed
        }
        // The top DICT's names, notice and version are for font menus, not
        // for drawing: a subset keeps the entries that shape its glyphs.
        let top: Vec<Entry<'a>> = top
            .into_iter()
            .filter(|(op, _)| KEEP_TOP.contains(op))
            .collect();
        let (strings, ros) = ros_strings(d, tops_end, &top)?;
        let cs_at = operand(&top, 17, 0)?;
        let (fdarray_at, fdselect) = (operand(&top, 1236, 0)?, operand(&top, 1237, 0)?);
        let glyphs = Index::parse(d, cs_at)?;
        let fd_dicts = Index::parse(d, fdarray_at)?;
        let mut fds = Vec::with_capacity(fd_dicts.len());
        for k in 0..fd_dicts.len() {
            let entries = parse_dict(fd_dicts.get(k)?)?;
            let (size, at) = (operand(&entries, 18, 0)?, operand(&entries, 18, 1)?);
            let p = parse_dict(d.get(at..at + size)?)?;
            let subrs = match operand(&p, 19, 0) {
                Some(off) => Index::parse(d, at + off)?,
                None => Index::empty(d),
            };
            // Without hints only the widths' defaults are left to the
            // private DICT (an empty one is written as defaultWidthX 0).
            let mut private = write_dict(&p, |op| (!matches!(op, 20 | 21)).then(Vec::new));
            if private.is_empty() {
                private = vec![139, 20];
            }
            fds.push(FontDict {
                entries: entries.into_iter().filter(|(op, _)| *op != 1238).collect(),
                private,
                subrs,
            });
        }
        Some(CidCff {
            d,
            header_end: names_end,
            top,
            strings,
            ros,
            global,
            glyphs,
            fdselect,
            fds,
        })
    }

    /// Glyph `g`'s font dict.
    fn fd(&self, g: u16) -> Option<usize> {
        fd_of(self.d, self.fdselect, usize::from(g)).filter(|&k| k < self.fds.len())
    }

    /// Glyph `g`'s charstring with its subroutine calls inlined and its
    /// hints dropped.
    pub fn flatten(&self, g: u16) -> Option<Vec<u8>> {
        let cs = self.glyphs.get(usize::from(g))?;
        let mut f = Flat {
            global: self.global,
            local: self.fds.get(self.fd(g)?)?.subrs,
            out: Vec::with_capacity(cs.len() * 2),
            stack: Vec::new(),
            stems: 0,
            first: true,
            width: None,
        };
        f.run(cs, 0)?;
        Some(f.out)
    }

    /// A CID-keyed CFF of the glyphs `gids` (glyph k of the result is
    /// `gids[k]`, and its CID is k), without subroutines and hints, and with
    /// only the font dicts those glyphs use. `charstring(g)` gives glyph
    /// `g`'s flattened charstring (see [`CidCff::flatten`]; the caller may
    /// keep them between subsets).
    pub fn subset(
        &self,
        gids: &[u16],
        mut charstring: impl FnMut(u16) -> Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let n = gids.len();
        if n == 0 || n > 0xFFFF {
            return None;
        }
        let mut flat = Vec::with_capacity(n);
        let mut fd_old = Vec::with_capacity(n);
        for &g in gids {
            flat.push(charstring(g)?);
            fd_old.push(self.fd(g)?);
        }
        // Used font dicts, renumbered in their original order.
        let mut used: Vec<usize> = fd_old.clone();
        used.sort_unstable();
        used.dedup();
        let new_fd = |old: usize| used.binary_search(&old).ok();
        // Identity charset: CIDs 1..n-1 in one range (format 2).
        let charset: Vec<u8> = if n == 1 {
            vec![0]
        } else {
            let mut c = vec![2, 0, 1];
            c.extend_from_slice(&((n - 2) as u16).to_be_bytes());
            c
        };
        // FDSelect format 3: one range per run of glyphs in the same dict.
        let mut ranges: Vec<(u16, u8)> = Vec::new();
        for (k, &old) in fd_old.iter().enumerate() {
            let fd = new_fd(old)? as u8;
            if ranges.last().is_none_or(|r| r.1 != fd) {
                ranges.push((k as u16, fd));
            }
        }
        let mut fdselect = vec![3];
        fdselect.extend_from_slice(&(ranges.len() as u16).to_be_bytes());
        for (first, fd) in &ranges {
            fdselect.extend_from_slice(&first.to_be_bytes());
            fdselect.push(*fd);
        }
        fdselect.extend_from_slice(&(n as u16).to_be_bytes());

        // Header, names, top DICT, strings, an empty global subroutine INDEX,
        // charset, FDSelect, charstrings, font dicts, private dicts.
        let mut out = self.d.get(..self.header_end)?.to_vec();
        let top_len = write_dict(&self.top, |op| match op {
            1230 => Some(self.ros.to_vec()),
            15 | 17 | 1236 | 1237 => Some(vec![0]),
            _ => None,
        })
        .len();
        let mut probe = Vec::new();
        write_index(&mut probe, &[vec![0u8; top_len]]);
        let mut at = out.len() + probe.len() + self.strings.len() + 2;
        let new_charset = at;
        at += charset.len();
        let new_fdselect = at;
        at += fdselect.len();
        let mut cs_index = Vec::new();
        write_index(&mut cs_index, &flat);
        let new_cs = at;
        at += cs_index.len();
        let new_fdarray = at;
        let fds: Vec<&FontDict<'_>> = used.iter().map(|&k| &self.fds[k]).collect();
        let fd_len = |e: &[Entry<'_>]| write_dict(e, |op| (op == 18).then(|| vec![0, 0])).len();
        probe.clear();
        let sizes: Vec<Vec<u8>> = fds.iter().map(|f| vec![0; fd_len(&f.entries)]).collect();
        write_index(&mut probe, &sizes);
        at += probe.len();
        let mut fd_out = Vec::with_capacity(fds.len());
        for f in &fds {
            let (size, off) = (f.private.len() as i64, at as i64);
            fd_out.push(write_dict(&f.entries, |op| {
                (op == 18).then(|| vec![size, off])
            }));
            at += f.private.len();
        }
        let top_dict = write_dict(&self.top, |op| match op {
            1230 => Some(self.ros.to_vec()),
            15 => Some(vec![new_charset as i64]),
            17 => Some(vec![new_cs as i64]),
            1236 => Some(vec![new_fdarray as i64]),
            1237 => Some(vec![new_fdselect as i64]),
            _ => None,
        });
        write_index(&mut out, &[top_dict]);
        out.extend_from_slice(&self.strings);
        write_index(&mut out, &[] as &[&[u8]]);
        if out.len() != new_charset {
            return None;
        }
        out.extend_from_slice(&charset);
        out.extend_from_slice(&fdselect);
        out.extend_from_slice(&cs_index);
        write_index(&mut out, &fd_out);
        for f in &fds {
            out.extend_from_slice(&f.private);
        }
        (out.len() == at).then_some(out)
    }
}

/// Top DICT entries a subset keeps: ROS, FontBBox, FontMatrix, PaintType,
/// CharstringType, StrokeWidth, CIDCount and the offsets (charset,
/// CharStrings, FDArray, FDSelect), which are rewritten. Dropped: version,
/// Notice, Copyright, FullName, FamilyName, Weight, the underline metrics,
/// UniqueID, XUID, CIDFontVersion/Revision/Type, UIDBase and FontName.
const KEEP_TOP: [u16; 11] = [1230, 5, 1207, 1205, 1206, 1208, 1234, 15, 17, 1236, 1237];

/// The String INDEX of a subset (the ROS's registry and ordering) and the
/// ROS operands that refer to it.
fn ros_strings(d: &[u8], strings_at: usize, top: &[Entry<'_>]) -> Option<(Vec<u8>, [i64; 3])> {
    let (_, ros) = top.iter().find(|(op, _)| *op == 1230)?;
    let (registry, ordering, supplement) = (ros.first()?.1, ros.get(1)?.1, ros.get(2)?.1);
    let strings = Index::parse(d, strings_at)?;
    // SIDs below 391 are the standard strings, not stored in the font.
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut sid = |s: i64| -> Option<i64> {
        if s < 391 {
            return Some(s);
        }
        kept.push(strings.get(usize::try_from(s - 391).ok()?)?);
        Some(390 + kept.len() as i64)
    };
    let ros = [sid(registry)?, sid(ordering)?, supplement];
    let mut out = Vec::new();
    write_index(&mut out, &kept);
    Some((out, ros))
}

/// The offset just past the INDEX at `at`.
fn index_end(d: &[u8], at: usize) -> Option<usize> {
    let count = u16_at(d, at)?;
    if count == 0 {
        return Some(at + 2);
    }
    let size = usize::from(*d.get(at + 2)?);
    if !(1..=4).contains(&size) {
        return None;
    }
    let base = at + 3 + (count + 1) * size - 1;
    Some(base + offset_at(d, at + 3 + count * size, size)?)
}

#[cfg(test)]
#[path = "cff_tests.rs"]
pub(crate) mod tests;
