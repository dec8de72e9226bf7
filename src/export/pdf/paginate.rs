//! Pagination: boxes stacked onto pages, chains of boxes that must stay
//! together (headings with what follows, orphan and widow lines, table rows,
//! a short paragraph with the table it introduces) moved whole to the next
//! page, a table's header row repeated at the top of a page it continues on,
//! and a shorter variant of a box (a more compact diagram) used where that
//! lets it fit the foot of a page, or lets two diagrams in a row (parts of a
//! call tree) share a page with their text at full size.

use super::frame::{Item, LaidPage, Mark, VBox};

/// Stack boxes onto pages between `top` and `bottom`.
pub(crate) fn paginate(mut boxes: Vec<VBox>, top: f32, bottom: f32) -> Vec<LaidPage> {
    let mut pages = vec![LaidPage::default()];
    let mut y = top;
    let mut fresh = true;
    let page_h = bottom - top;
    let mut i = 0;
    while i < boxes.len() {
        let b = &boxes[i];
        let gap = if fresh { 0.0 } else { b.gap };
        let head_h = match (&b.header, fresh) {
            (Some(h), true) => h.h,
            _ => 0.0,
        };
        // Height of the chain of boxes that must stay together.
        let (end, rest) = chain_of(&boxes, i);
        let chain = gap + head_h + b.h + rest;
        let has_alts = !b.alts.is_empty();
        if has_alts && share_page(&mut boxes, i, end, y + gap + head_h, bottom) {
            continue;
        }
        let b = &boxes[i];
        if !fresh && y + chain > bottom + 0.01 {
            // A shorter variant that fits takes the box's place.
            if let Some(k) = b
                .alts
                .iter()
                .position(|a| y + chain - b.h + a.h <= bottom + 0.01)
            {
                use_alt(&mut boxes[i], k);
                continue;
            }
        }
        let b = &boxes[i];
        if !fresh
            && y + chain > bottom + 0.01
            && (chain - gap <= page_h || y + gap + b.h > bottom + 0.01)
        {
            pages.push(LaidPage::default());
            y = top;
            fresh = true;
            continue;
        }
        let page = pages.last_mut().expect("a page");
        if let (Some(h), true) = (&b.header, fresh) {
            place(page, h, y, 0.0);
            y += h.h;
        }
        place(page, b, y, gap);
        y += gap + b.h;
        fresh = false;
        i += 1;
    }
    pages
}

/// The last box of the chain that starts at `i` (boxes that must stay on one
/// page), and the height the boxes after `i` add to it.
fn chain_of(boxes: &[VBox], i: usize) -> (usize, f32) {
    let mut h = 0.0;
    let mut j = i;
    while boxes[j].keep_next && j + 1 < boxes.len() && j - i < 40 {
        j += 1;
        h += boxes[j].gap + boxes[j].h;
    }
    (j, h)
}

/// Puts the box's `k`-th shorter variant in its place.
fn use_alt(b: &mut VBox, k: usize) {
    let alt = b.alts.swap_remove(k);
    *b = VBox {
        gap: b.gap,
        keep_next: b.keep_next,
        bars: std::mem::take(&mut b.bars),
        mark: b.mark.take(),
        ..alt
    };
}

/// Two diagrams in a row (the first with what stays with it, its caption,
/// ending at `end`; the second starting right after), which do not both fit
/// between `y` and `bottom` as drawn but do with tighter spacing at full text
/// size: both take the tighter variants, tallest that fit, so the two share
/// the page. Returns whether a variant was chosen.
fn share_page(boxes: &mut [VBox], i: usize, end: usize, y: f32, bottom: f32) -> bool {
    let Some(next) = boxes.get(end + 1).filter(|n| !n.alts.is_empty()) else {
        return false;
    };
    let (_, next_rest) = chain_of(boxes, end + 1);
    let (_, rest) = chain_of(boxes, i);
    let room = bottom + 0.01 - y - rest - next.gap - next_rest;
    let heights = |b: &VBox| -> Vec<(Option<usize>, f32)> {
        std::iter::once((None, b.h))
            .chain(
                b.alts
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !a.scaled)
                    .map(|(k, a)| (Some(k), a.h)),
            )
            .collect()
    };
    let (first, second) = (heights(&boxes[i]), heights(next));
    if first[0].1 + second[0].1 <= room {
        return false;
    }
    for &(a, ha) in &first {
        for &(b, hb) in &second {
            if ha + hb <= room {
                if let Some(k) = b {
                    use_alt(&mut boxes[end + 1], k);
                }
                if let Some(k) = a {
                    use_alt(&mut boxes[i], k);
                }
                return a.is_some();
            }
        }
    }
    false
}

fn place(page: &mut LaidPage, b: &VBox, y: f32, gap: f32) {
    let top = y + gap;
    for &x in &b.bars {
        let up = if b.bar_up { gap } else { 0.0 };
        page.items.push(Item::Rect {
            x,
            y: top - up,
            w: 2.5,
            h: b.h + up,
            fill: [0.75, 0.78, 0.83],
        });
    }
    for it in &b.items {
        let mut it = it.clone();
        it.shift(top);
        page.items.push(it);
    }
    if let Some((level, title)) = &b.mark {
        page.marks.push(Mark {
            level: *level,
            title: title.clone(),
            y: top,
        });
    }
}
