//! The column allocator on the shapes of the example organization's widest
//! tables, measured with synthetic advances (CJK 1 em, Latin 0.55 em).

use super::allocate;
use crate::export::pdf::text::{MPara, Metrics, count_lines};

const EM: f32 = 9.5;
const PAD: f32 = 10.5;
const AVAIL: f32 = 481.88;

fn adv(c: char) -> f32 {
    if c.is_ascii() { 0.55 * EM } else { EM }
}

/// A cell: forced lines separated by '\n'. CJK may break between any two
/// characters; a Latin word only at spaces and, in URLs and e-mail
/// addresses, after `@ . / - _` (never inside "https://"); a "• " or "1. "
/// line hangs its wrapped lines after the marker.
fn cell(text: &str) -> Metrics {
    let mut m = Metrics::default();
    let (mut cjk, mut all) = (0, 0);
    for line in text.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        let marker = if line.starts_with("• ") {
            2
        } else if line.starts_with("1. ") || line.starts_with("2. ") {
            3
        } else {
            0
        };
        let indent: f32 = chars[..marker].iter().map(|&c| adv(c)).sum();
        let url = line.contains('@') || line.contains("://");
        let mut segs = Vec::new();
        let mut cur = (0f32, 0f32);
        for (k, &c) in chars.iter().enumerate() {
            all += usize::from(c != ' ');
            cjk += usize::from(!c.is_ascii());
            let space = matches!(c, ' ' | '\u{3000}' | '\u{a0}');
            if space {
                cur.1 += adv(c);
            } else {
                cur.0 = cur.1 + adv(c);
                cur.1 = cur.0;
            }
            let brk = match chars.get(k + 1) {
                None => true,
                Some(&n) => {
                    // "(O) 0800-…" stays together.
                    (c == ' ' && !(k > 0 && chars[k - 1] == ')' && n.is_ascii_digit()))
                        || (!c.is_ascii() && n != ' ')
                        || (!n.is_ascii() && n != '—')
                        || (url && "@./-_".contains(c) && k >= 7 && !"@./-_".contains(n))
                }
            };
            if brk {
                segs.push(cur);
                cur = (0.0, 0.0);
            }
        }
        for (k, s) in segs.iter().enumerate() {
            m.min = m.min.max(s.0 + if k > 0 { indent } else { 0.0 });
        }
        let width: f32 = chars.iter().map(|&c| adv(c)).sum();
        m.max = m.max.max(width);
        m.paras.push(MPara { indent, segs });
    }
    m.words = 2 * cjk < all;
    m
}

fn table(rows: &[&[&str]]) -> Vec<Vec<Metrics>> {
    rows.iter()
        .map(|r| r.iter().map(|t| cell(t)).collect())
        .collect()
}

fn lines(m: &Metrics, w: f32) -> u32 {
    count_lines(&m.paras, w - PAD, 1.2 * EM).0
}

/// Table height in lines at widths `w`.
fn height(t: &[Vec<Metrics>], w: &[f32]) -> u32 {
    t.iter()
        .map(|r| {
            r.iter()
                .zip(w)
                .map(|(m, &w)| lines(m, w))
                .max()
                .unwrap_or(1)
        })
        .sum()
}

fn check_common(t: &[Vec<Metrics>], w: &[f32]) {
    assert!((w.iter().sum::<f32>() - AVAIL).abs() < 0.01, "{w:?}");
    for (c, &wc) in w.iter().enumerate() {
        let min = t.iter().map(|r| r[c].min).fold(0.0, f32::max);
        assert!(
            wc >= min + PAD - 0.01,
            "column {c} below its widest piece: {w:?}"
        );
        let body = t[1..].iter().map(|r| r[c].max).fold(0.0, f32::max);
        if body > 4.0 * EM {
            assert!(
                wc >= 4.0 * EM + PAD - 0.01,
                "column {c} under 4 characters: {w:?}"
            );
        }
    }
    // Better than sharing the room in proportion to the natural widths.
    let max: Vec<f32> = (0..w.len())
        .map(|c| t.iter().map(|r| r[c].max + PAD).fold(0.0, f32::max))
        .collect();
    let k = AVAIL / max.iter().sum::<f32>();
    let prop: Vec<f32> = max.iter().map(|m| m * k).collect();
    assert!(height(t, w) <= height(t, &prop), "{w:?} vs {prop:?}");
}

#[test]
fn external_contacts_urls_break_names_and_labels_keep_their_room() {
    let t = table(&[
        &["名稱", "類別", "電話", "電子郵件", "網址", "服務項目"],
        &[
            "國家資通安全通報應變中心（技服中心）",
            "主管及協處機關",
            "(O) 0800-000-001",
            "service@ncert.example.org.tw",
            "https://ncert.example.org.tw",
            "資通安全事件通報、預警與事件處理技術支援（事前防護、事中應變、事後鑑識）",
        ],
        &[
            "台灣電腦網路危機處理暨協調中心",
            "主管及協處機關",
            "(O) 0800-000-002",
            "service@twcert.example.org.tw",
            "https://twcert.example.org.tw",
            "資安事件通報協處、漏洞資訊與弱點通報",
        ],
        &[
            "青嵐縣政府計畫處資訊科",
            "主管及協處機關",
            "(O) 05-0000-300#321",
            "it@county.example.org.tw",
            "https://county.example.org.tw",
            "上級機關資安事件通報窗口、縣網連線與資安防護支援",
        ],
        &[
            "嵐源資訊股份有限公司",
            "委外廠商",
            "(O) 05-0000-456\n(M) 0900-000-501",
            "support@lanyuan.example.com.tw",
            "https://lanyuan.example.com.tw",
            "公文、財務會計、社福補助等應用系統及伺服器維護（含備援主機）",
        ],
        &[
            "雲網電信股份有限公司",
            "委外廠商",
            "(O) 0800-000-020\n(M) 0900-000-502",
            "noc@yunwang.example.com.tw",
            "https://yunwang.example.com.tw",
            "對外網路線路、防火牆與核心交換器維護，線路障礙查修",
        ],
        &[
            "青嵐縣消防局雲溪分隊",
            "緊急救援單位",
            "(O) 05-0002-119",
            "yunxi@fire.example.org.tw",
            "—",
            "火災、爆炸等災害搶救與人員救護",
        ],
    ]);
    let w = allocate(&t, AVAIL, PAD, EM);
    check_common(&t, &w);
    let natural = |c: usize| t.iter().map(|r| r[c].max + PAD).fold(0.0, f32::max);
    // E-mail addresses and URLs break, so they no longer take their whole
    // unbreakable width from the names.
    assert!(w[3] < natural(3) - EM && w[4] < natural(4) - EM, "{w:?}");
    assert!(w[0] >= 5.0 * EM + PAD - 0.01, "names squeezed: {w:?}");
    // Category labels ("主管及協處機關") and phone numbers stay on one line.
    assert!(w[1] >= natural(1) - 0.01, "labels wrapped: {w:?}");
    assert!(w[2] >= natural(2) - 0.01, "phone numbers wrapped: {w:?}");
    // The descriptions, the widest content, get the most room of the
    // columns that wrap (the phone numbers cannot).
    let wraps = |c: usize| {
        t.iter()
            .any(|r| lines(&r[c], w[c]) > r[c].paras.len() as u32)
    };
    let widest = (0..6)
        .filter(|&c| wraps(c))
        .max_by(|&a, &b| w[a].total_cmp(&w[b]))
        .unwrap();
    assert_eq!(widest, 5, "{w:?}");
}

#[test]
fn role_list_gives_the_duties_the_room() {
    let phones = "(O) 05-0000-101#101\n(H) 05-0001-201\n(M) 0900-000-101";
    let t = table(&[
        &["職稱", "姓名", "角色", "職掌", "聯絡電話", "職務代理人"],
        &[
            "秘書",
            "林志遠",
            "資安長",
            "• 核定營運持續相關計畫與本程序之發布\n• 同意啟動異地備援及營運持續作業\n• 依回報結果決定是否宣告災害解除\n• 第三級以上資通安全事件之核備與對外說明之督導",
            phones,
            "蔡淑芬",
        ],
        &[
            "主任",
            "黃美華",
            "ISMS執行小組組長",
            "• 隨時向資安長報告災害及處置狀況\n• 決定啟動與結束營運持續作業及其演練\n• 成立及解散災害復原指揮中心\n• 作業結束後召開事件處理檢討會議",
            phones,
            "1. 吳雅婷\n2. 郭志明",
        ],
        &[
            "資訊管理員",
            "陳建宏",
            "資通安全處理小組組長",
            "• 蒐集災害現場資訊與各項處置進度\n• 向ISMS執行小組組長回報現況並提出建議\n• 協調並督導各關鍵業務流程之復原作業",
            phones,
            "許文龍",
        ],
        &[
            "約僱資訊人員",
            "許文龍",
            "硬體設備復原負責人",
            "• 依復原計畫修復或替換受損之主機硬體\n• 聯繫維護廠商提供替代設備並確認運轉正常",
            phones,
            "劉家榮",
        ],
        &[
            "課員",
            "鄭凱翔",
            "應用系統回復負責人",
            "• 會同各應用系統管理單位及維護廠商回復應用程式與檔案\n• 彙整各應用系統之回復進度並回報處理小組組長",
            phones,
            "1. 周怡君\n2. 許文龍",
        ],
        &[
            "課長",
            "吳雅婷",
            "災害評估負責人",
            "• 協調相關人員清點災害造成之資產損壞並登錄損壞資產清冊\n• 協調相關人員評估損害程度與預估復原所需時間",
            phones,
            "鄭凱翔",
        ],
    ]);
    let w = allocate(&t, AVAIL, PAD, EM);
    check_common(&t, &w);
    let widest = (0..6).max_by(|&a, &b| w[a].total_cmp(&w[b])).unwrap();
    assert_eq!(widest, 3, "the duties are not the widest column: {w:?}");
    assert!(w[3] >= 12.0 * EM + PAD, "duties squeezed: {w:?}");
    // Names and titles are not wrapped; phone numbers keep whole lines.
    for r in &t[1..] {
        assert_eq!(lines(&r[0], w[0]), 1, "title wrapped: {w:?}");
        assert_eq!(lines(&r[1], w[1]), 1, "name wrapped: {w:?}");
        assert_eq!(lines(&r[4], w[4]), 3, "phone wrapped: {w:?}");
    }
}

#[test]
fn everything_fits_unwrapped_is_widened_in_proportion() {
    let t = table(&[&["項目", "內容"], &["文件編號", "YX-ISMS-P-006"]]);
    let w = allocate(&t, AVAIL, PAD, EM);
    assert!((w.iter().sum::<f32>() - AVAIL).abs() < 0.01);
    let k0 = w[0] / (t[1][0].max + PAD);
    let k1 = w[1] / (t[1][1].max + PAD);
    assert!((k0 - k1).abs() < 0.01, "{w:?}");
}

#[test]
fn hanging_indent_and_runts_are_counted() {
    let m = cell("• 一二三四五六七八九十");
    assert!((m.paras[0].indent - 1.55 * EM).abs() < 0.01);
    assert_eq!(count_lines(&m.paras, 11.6 * EM, EM).0, 1);
    // "• 一二三四", then "五六七八" after the indent, then "九十".
    let (n, runts) = count_lines(&m.paras, 1.55 * EM + 4.0 * EM, 1.2 * EM);
    assert_eq!((n, runts), (3, 0));
    // "• 一二三", "四五六", "七八九", "十": a runt.
    let (n, runts) = count_lines(&m.paras, 1.55 * EM + 3.0 * EM, 1.2 * EM);
    assert_eq!((n, runts), (4, 1));
}

#[test]
fn padded_headings_of_an_empty_form_stay_on_one_line() {
    // "資產名稱／編號　&nbsp;": the trailing spaces ask for room but hang.
    let t = table(&[
        &[
            "編號",
            "資產名稱／編號　\u{a0}",
            "存放位置　　\u{a0}",
            "損壞情形　　　　　\u{a0}",
            "復原措施　　　　　\u{a0}",
            "負責人　　\u{a0}",
            "完成日期",
        ],
        &[
            "1",
            "\u{a0}\n\u{a0}",
            "\u{a0}\n\u{a0}",
            "\u{a0}\n\u{a0}",
            "\u{a0}\n\u{a0}",
            "\u{a0}\n\u{a0}",
            "\u{a0}\n\u{a0}",
        ],
    ]);
    let w = allocate(&t, AVAIL, PAD, EM);
    for (c, m) in t[0].iter().enumerate() {
        assert_eq!(lines(m, w[c]), 1, "heading {c} wrapped: {w:?}");
    }
    // The padded columns get the room their padding asks for, in proportion.
    assert!(w[3] > w[2] && w[3] > w[5], "{w:?}");
}
