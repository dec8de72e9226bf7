//! Pagination: boxes stacked onto pages, chains of boxes that must stay
//! together (headings with what follows, orphan and widow lines, table rows)
//! moved whole to the next page, a table's header row repeated at the top of
//! a page it continues on, and a shorter variant of a box (a more compact
//! diagram) used where that lets it fit the foot of a page.

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
        let mut chain = gap + head_h + b.h;
        let mut j = i;
        while boxes[j].keep_next && j + 1 < boxes.len() && j - i < 40 {
            j += 1;
            chain += boxes[j].gap + boxes[j].h;
        }
        if !fresh && y + chain > bottom + 0.01 {
            // A shorter variant that fits takes the box's place.
            if let Some(k) = b
                .alts
                .iter()
                .position(|a| y + chain - b.h + a.h <= bottom + 0.01)
            {
                let alt = boxes[i].alts.swap_remove(k);
                boxes[i] = VBox {
                    gap: boxes[i].gap,
                    keep_next: boxes[i].keep_next,
                    bars: boxes[i].bars.clone(),
                    mark: boxes[i].mark.take(),
                    ..alt
                };
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
