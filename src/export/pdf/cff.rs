//! Slimming of the embedded CID-keyed CFF subsets.
//!
//! allsorts keeps the subset's subroutines at their original numbers: the
//! unused ones are emptied, but every Noto CJK subset still carries the
//! offset arrays of ~30,000 local subroutines, and all the hinting. A PDF
//! needs neither: viewers rasterise at any size from the outlines, and
//! printing ignores hints. So every glyph's charstring is flattened (its
//! subroutine calls inlined) and its hints (stem declarations, hint and
//! counter masks) dropped, and the font is rebuilt without subroutines:
//! about a quarter smaller once compressed, same outlines. Anything
//! unexpected (an arithmetic operator, a malformed table) leaves the font as
//! allsorts wrote it.

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

/// An INDEX at `at`: its items and the offset just past it.
fn read_index(d: &[u8], at: usize) -> Option<(Vec<&[u8]>, usize)> {
    let count = u16_at(d, at)?;
    if count == 0 {
        return Some((Vec::new(), at + 2));
    }
    let size = usize::from(*d.get(at + 2)?);
    if !(1..=4).contains(&size) {
        return None;
    }
    let offsets: Vec<usize> = (0..=count)
        .map(|i| offset_at(d, at + 3 + i * size, size))
        .collect::<Option<_>>()?;
    let base = at + 3 + (count + 1) * size - 1;
    let items = offsets
        .windows(2)
        .map(|w| d.get(base + w[0]..base + w[1]))
        .collect::<Option<_>>()?;
    Some((items, base + offsets[count]))
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
    global: &'a [&'a [u8]],
    local: &'a [&'a [u8]],
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

/// Length of the charset (CID fonts: formats 0-2) at `at`.
fn charset_len(d: &[u8], at: usize, glyphs: usize) -> Option<usize> {
    let need = glyphs.saturating_sub(1);
    match *d.get(at)? {
        0 => Some(1 + 2 * need),
        f @ (1 | 2) => {
            let (mut k, mut covered) = (at + 1, 0);
            while covered < need {
                let left = if f == 1 {
                    usize::from(*d.get(k + 2)?)
                } else {
                    u16_at(d, k + 2)?
                };
                covered += left + 1;
                k += if f == 1 { 3 } else { 4 };
            }
            Some(k - at)
        }
        _ => None,
    }
}

/// Length of the FDSelect (formats 0 and 3) at `at`.
fn fdselect_len(d: &[u8], at: usize, glyphs: usize) -> Option<usize> {
    match *d.get(at)? {
        0 => Some(1 + glyphs),
        3 => Some(1 + 2 + 3 * u16_at(d, at + 1)? + 2),
        _ => None,
    }
}

/// The FD index of every glyph.
fn fd_of_glyphs(d: &[u8], at: usize, glyphs: usize) -> Option<Vec<usize>> {
    match *d.get(at)? {
        0 => Some(
            d.get(at + 1..at + 1 + glyphs)?
                .iter()
                .map(|&b| usize::from(b))
                .collect(),
        ),
        3 => {
            let ranges = u16_at(d, at + 1)?;
            let mut fds = vec![0; glyphs];
            for r in 0..ranges {
                let p = at + 3 + 3 * r;
                let (first, fd) = (u16_at(d, p)?, usize::from(*d.get(p + 2)?));
                let end = u16_at(d, p + 3)?.min(glyphs);
                for f in fds.iter_mut().take(end).skip(first) {
                    *f = fd;
                }
            }
            Some(fds)
        }
        _ => None,
    }
}

/// The CID-keyed CFF `d` without subroutines and hints, or `None` when it is
/// not a CID-keyed CFF this understands.
pub(crate) fn slim(d: &[u8]) -> Option<Vec<u8>> {
    let header = usize::from(*d.get(2)?);
    let (_, names_end) = read_index(d, header)?;
    let (tops, tops_end) = read_index(d, names_end)?;
    let (_, strings_end) = read_index(d, tops_end)?;
    let (global, _) = read_index(d, strings_end)?;
    let top = parse_dict(tops.first()?)?;
    let (charset, cs_at) = (operand(&top, 15, 0)?, operand(&top, 17, 0)?);
    let (fdarray_at, fdselect) = (operand(&top, 1236, 0)?, operand(&top, 1237, 0)?);
    let (glyphs, _) = read_index(d, cs_at)?;
    let (fd_dicts, _) = read_index(d, fdarray_at)?;
    let fds = fd_of_glyphs(d, fdselect, glyphs.len())?;

    // Each font dict's private dict and local subroutines.
    let mut privates = Vec::new();
    let mut locals = Vec::new();
    let mut fd_entries = Vec::new();
    for fd in &fd_dicts {
        let e = parse_dict(fd)?;
        let (size, at) = (operand(&e, 18, 0)?, operand(&e, 18, 1)?);
        let p = parse_dict(d.get(at..at + size)?)?;
        let subrs = match operand(&p, 19, 0) {
            Some(off) => read_index(d, at + off)?.0,
            None => Vec::new(),
        };
        privates.push(write_dict(&p, |op| (op == 19).then(Vec::new)));
        locals.push(subrs);
        fd_entries.push(e);
    }
    let mut flat = Vec::with_capacity(glyphs.len());
    for (g, cs) in glyphs.iter().enumerate() {
        let mut f = Flat {
            global: &global,
            local: locals.get(*fds.get(g)?)?,
            out: Vec::with_capacity(cs.len()),
            stack: Vec::new(),
            stems: 0,
            first: true,
            width: None,
        };
        f.run(cs, 0)?;
        flat.push(f.out);
    }

    // Header, names, top DICT, strings, an empty global subroutine INDEX,
    // charset, FDSelect, charstrings, font dicts, private dicts.
    if top.iter().any(|(op, _)| matches!(op, 16 | 18)) {
        return None; // an encoding or a private dict: not CID-keyed
    }
    let mut out = d.get(..names_end)?.to_vec();
    let top_len = write_dict(&top, |op| {
        matches!(op, 15 | 17 | 1236 | 1237).then(|| vec![0])
    })
    .len();
    let mut probe = Vec::new();
    write_index(&mut probe, &[vec![0u8; top_len]]);
    let strings = d.get(tops_end..strings_end)?;
    let mut at = out.len() + probe.len() + strings.len() + 2;
    let charset_bytes = d.get(charset..charset + charset_len(d, charset, glyphs.len())?)?;
    let new_charset = at;
    at += charset_bytes.len();
    let fdselect_bytes = d.get(fdselect..fdselect + fdselect_len(d, fdselect, glyphs.len())?)?;
    let new_fdselect = at;
    at += fdselect_bytes.len();
    let mut cs_index = Vec::new();
    write_index(&mut cs_index, &flat);
    let new_cs = at;
    at += cs_index.len();
    let new_fdarray = at;
    let fd_len = |e: &[Entry<'_>]| write_dict(e, |op| (op == 18).then(|| vec![0, 0])).len();
    probe.clear();
    let sizes: Vec<Vec<u8>> = fd_entries.iter().map(|e| vec![0; fd_len(e)]).collect();
    write_index(&mut probe, &sizes);
    at += probe.len();
    let mut fd_out = Vec::new();
    for (e, p) in fd_entries.iter().zip(&privates) {
        let (size, off) = (p.len() as i64, at as i64);
        fd_out.push(write_dict(e, |op| (op == 18).then(|| vec![size, off])));
        at += p.len();
    }
    let top_dict = write_dict(&top, |op| match op {
        15 => Some(vec![new_charset as i64]),
        17 => Some(vec![new_cs as i64]),
        1236 => Some(vec![new_fdarray as i64]),
        1237 => Some(vec![new_fdselect as i64]),
        _ => None,
    });
    write_index(&mut out, &[top_dict]);
    out.extend_from_slice(strings);
    write_index(&mut out, &[] as &[&[u8]]);
    if out.len() != new_charset {
        return None;
    }
    out.extend_from_slice(charset_bytes);
    out.extend_from_slice(fdselect_bytes);
    out.extend_from_slice(&cs_index);
    write_index(&mut out, &fd_out);
    for p in &privates {
        out.extend_from_slice(p);
    }
    (out.len() == at).then_some(out)
}

#[cfg(test)]
#[path = "cff_tests.rs"]
mod tests;
