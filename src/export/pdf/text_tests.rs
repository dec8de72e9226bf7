//! Line breaking of URLs, e-mail addresses and labelled phone numbers, and
//! hanging indents, with the real fonts.

use super::{ParaOpts, Run, break_lines};
use crate::export::pdf::markdown::Align;
use crate::export::pdf::style::Role;
use crate::export::pdf::style::TStyle;
use crate::export::pdf::{FontConfig, Fonts};

fn lines(fonts: &Fonts, text: &str, width: f32, hang: bool) -> Vec<(String, f32)> {
    let mut sh = fonts.shaper();
    let st = TStyle::new(Role::Body, 9.5);
    let o = ParaOpts {
        width,
        justify: false,
        align: Align::Left,
        leading: 1.45,
        base: st,
        hang,
    };
    let runs = [Run {
        text: text.into(),
        style: st,
    }];
    break_lines(&mut sh, &runs, &o)
        .into_iter()
        .map(|l| {
            let x = l.glyphs.first().map_or(0.0, |g| g.x);
            (l.glyphs.iter().map(|g| g.ch).collect(), x)
        })
        .collect()
}

#[test]
fn urls_and_addresses_break_after_punctuation_only() {
    let Ok(fonts) = Fonts::load(&FontConfig::default()) else {
        eprintln!("skipped: no CJK font");
        return;
    };
    for token in [
        "service@twcert.example.org.tw",
        "https://lanyuan.example.com.tw/path_to/file-name",
        "www.example.gov.tw",
    ] {
        // (at least as wide as the widest piece, "service@")
        for width in [45.0, 60.0, 80.0, 120.0] {
            let got = lines(&fonts, token, width, false);
            let text: String = got.iter().map(|l| l.0.as_str()).collect();
            assert_eq!(text, token);
            for (l, _) in &got[..got.len() - 1] {
                assert!(
                    l.ends_with(['@', '.', '/', '-', '_']),
                    "{token} at {width}: {got:?}"
                );
                assert!(l != "https:" && l != "https:/", "{got:?}");
            }
        }
    }
}

#[test]
fn phone_labels_stay_with_their_numbers_and_lists_hang() {
    let Ok(fonts) = Fonts::load(&FontConfig::default()) else {
        return;
    };
    let got = lines(&fonts, "(O) 0800-000-001 (M) 0900-000-501", 90.0, false);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "(O) 0800-000-001");
    let got = lines(&fonts, "• 核定營運持續相關計畫與本程序之發布", 60.0, true);
    assert!(got.len() >= 3, "{got:?}");
    // Wrapped lines start under the text, not under the bullet.
    assert!(
        got[1].1 > 5.0 && (got[1].1 - got[2].1).abs() < 0.01,
        "{got:?}"
    );
    let flat = lines(&fonts, "• 核定營運持續相關計畫與本程序之發布", 60.0, false);
    assert!(flat[1].1.abs() < 0.01, "{flat:?}");
}
