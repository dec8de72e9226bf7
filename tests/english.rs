//! Integration tests: the English templates (`templates/en/`) on an English-speaking
//! organization (`tests/fixtures/english`, `locale: en`, `calendar: gregorian`).

mod common;
use common::*;
use std::collections::BTreeSet;

const DOCS: &[&str] = &[
    "bcm-procedure",
    "bcp",
    "incident-procedure",
    "annex-hazards",
    "annex-roles",
    "annex-contacts",
    "annex-bia",
    "annex-systems",
    "annex-resources",
    "annex-records",
];

fn english(extra: &[&str]) -> tempfile::TempDir {
    let mut args = vec!["--format", "md,html"];
    args.extend_from_slice(extra);
    let (out, r) = build(&fixture("english"), &args);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    out
}

fn yaml(file: &str) -> serde_yaml_ng::Value {
    serde_yaml_ng::from_str(&read(&fixture("english"), file)).unwrap()
}

/// `key[].field` of a fixture file, as strings.
fn names(file: &str, key: &str, field: &str) -> Vec<String> {
    let v = yaml(file);
    let list = v[key]
        .as_sequence()
        .unwrap_or_else(|| panic!("{file}: no `{key}` list"));
    list.iter()
        .map(|x| x[field].as_str().unwrap().to_string())
        .collect()
}

/// Chinese, Japanese and Korean characters, CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation (、。「」)
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms (，：（）＿)
        | 0x20000..=0x2FFFF) // supplementary ideographs
}

/// CJK characters that the fixture data itself contains (allowed in the output).
fn fixture_cjk() -> BTreeSet<char> {
    let mut set = BTreeSet::new();
    for e in std::fs::read_dir(fixture("english")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            set.extend(
                std::fs::read_to_string(&p)
                    .unwrap()
                    .chars()
                    .filter(|c| is_cjk(*c)),
            );
        }
    }
    set
}

#[test]
fn every_document_builds_in_both_formats() {
    let out = english(&[]);
    for id in DOCS {
        for ext in ["md", "html"] {
            let p = out.path().join(format!("{id}.{ext}"));
            assert!(p.is_file(), "missing {id}.{ext}");
        }
        let md = read(out.path(), &format!("{id}.md"));
        // Headings are numbered 1., 1.1 …, and every document opens with its title and control table.
        assert!(
            md.starts_with("# "),
            "{id}.md does not start with its title"
        );
        assert!(
            md.contains("| Document number |"),
            "{id}.md has no document control table"
        );
        assert!(
            md.contains("## Revision history"),
            "{id}.md has no revision history"
        );
        assert!(md.contains("\n## 1. "), "{id}.md has no section `1.`");
        // No tera leftovers.
        for junk in ["{{", "}}", "{%", "%}"] {
            assert!(!md.contains(junk), "{id}.md contains `{junk}`");
        }
    }
    let index = read(out.path(), "index.html");
    for id in DOCS {
        assert!(
            index.contains(&format!("href=\"{id}.html\"")),
            "index does not link {id}"
        );
    }
}

/// No Chinese from the templates, the locale or the code leaks into the English set.
#[test]
fn no_cjk_except_the_fixtures_own_data() {
    let out = english(&[]);
    let allowed = fixture_cjk();
    let mut files: Vec<String> = DOCS
        .iter()
        .flat_map(|id| [format!("{id}.md"), format!("{id}.html")])
        .collect();
    files.push("index.html".into());
    for f in files {
        let text = read(out.path(), &f);
        let text = if f.ends_with(".html") {
            html_text(&text)
        } else {
            text
        };
        for (n, line) in text.lines().enumerate() {
            let bad: String = line
                .chars()
                .filter(|c| is_cjk(*c) && !allowed.contains(c))
                .collect();
            assert!(
                bad.is_empty(),
                "{f}:{}: CJK characters `{bad}` in: {line}",
                n + 1
            );
        }
    }
}

#[test]
fn dates_are_gregorian_iso() {
    let out = english(&[]);
    let iso = |s: &str| {
        s.len() == 10
            && s.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    for id in DOCS {
        let md = read(out.path(), &format!("{id}.md"));
        assert!(
            !md.contains("中華民國") && !md.contains("民國"),
            "{id}.md has an ROC date"
        );
        // Issue date and revision date.
        let rows = table_rows(&md);
        let issued = rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "Issue date"))
            .unwrap_or_else(|| panic!("{id}.md: no issue date row"));
        assert!(
            issued[1] == "—" || iso(&issued[1]),
            "{id}.md: issue date `{}` is not ISO",
            issued[1]
        );
        assert!(
            md.contains("| 1.0 | 2026-05-05 | First issue | Emily Walker |"),
            "{id}.md: revision row:\n{md}"
        );
        // No ROC short dates such as 115/05/05.
        for w in md.split(|c: char| !(c.is_ascii_digit() || c == '/')) {
            let parts: Vec<&str> = w.split('/').collect();
            assert!(
                !(parts.len() == 3 && parts[0].len() == 3 && parts[1].len() == 2),
                "{id}.md: ROC short date `{w}`"
            );
        }
    }
    let bcp = read(out.path(), "bcp.md");
    assert!(
        bcp.contains("| Issue date | 2026-05-05 |"),
        "bcp.md issue date"
    );
    assert!(
        read(out.path(), "annex-systems.md").contains("2026-04-10"),
        "restore test date"
    );
    assert!(
        read(out.path(), "annex-contacts.md").contains("2026-03-01"),
        "verified date"
    );
}

/// The four levels of the rule set appear with their English criteria and the deadlines.
#[test]
fn incident_levels_and_deadlines_are_in_english() {
    let out = english(&[]);
    let set: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&read(&root().join("rulesets"), "tw-2026.yaml")).unwrap();
    let levels = set["rule_set"]["levels"].as_sequence().unwrap();
    assert_eq!(levels.len(), 4);
    let md = read(out.path(), "incident-procedure.md");
    let text = html_text(&read(out.path(), "incident-procedure.html"));
    assert!(md.contains("into four levels"), "level count in words");
    for l in levels {
        let name = l["name"]["en"].as_str().unwrap();
        assert!(
            md.contains(&format!("**{name}**")),
            "level `{name}` missing"
        );
        for c in l["criteria"]["en"].as_sequence().unwrap() {
            let c = c.as_str().unwrap();
            assert!(
                md.contains(c),
                "incident-procedure.md lacks the criterion `{c}`"
            );
            assert!(
                text.contains(c),
                "incident-procedure.html lacks the criterion `{c}`"
            );
        }
    }
    for aspect in ["Confidentiality: ", "Integrity: ", "Availability: "] {
        assert_eq!(md.matches(aspect).count(), 4, "`{aspect}` once per level");
    }
    // Deadlines: notify 1h, recover 36h / 72h, report in 1 month, internal report 15m (override).
    for needle in [
        "| Internal report | Within 15 minutes of becoming aware |",
        "| Notification (to the competent authority) | Within 1 hour of becoming aware |",
        "| Recovery or damage control | Level 1, Level 2: within 72 hours of becoming aware<br>Level 3, Level 4: within 36 hours of becoming aware |",
        "| Within 1 month of the recovery or damage control |",
    ] {
        assert!(
            md.contains(needle),
            "incident-procedure.md lacks `{needle}`:\n{md}"
        );
    }
    assert!(
        md.contains("Regulations on Cyber Security Incident Notification, Response and Exercises"),
        "rule set name"
    );
}

/// Every name of the data appears in the documents that must list it.
#[test]
fn data_appears_where_the_spec_says() {
    let out = english(&[]);
    let checks: &[(&str, &str, &str, &[&str])] = &[
        (
            "processes.yaml",
            "processes",
            "name",
            &["bcp", "annex-bia", "annex-systems"],
        ),
        (
            "systems.yaml",
            "systems",
            "name",
            &["bcp", "annex-systems", "annex-bia"],
        ),
        ("roles.yaml", "roles", "title", &["annex-roles"]),
        (
            "people.yaml",
            "people",
            "name",
            &["annex-contacts", "annex-roles"],
        ),
        (
            "people.yaml",
            "external",
            "name",
            &["annex-contacts", "incident-procedure"],
        ),
        ("sites.yaml", "sites", "name", &["bcp"]),
        ("hazards.yaml", "hazards", "name", &["annex-hazards", "bcp"]),
    ];
    for (file, key, field, docs) in checks {
        for name in names(file, key, field) {
            for doc in *docs {
                let md = read(out.path(), &format!("{doc}.md"));
                assert!(
                    md.contains(&name),
                    "{doc}.md does not mention {key} `{name}`"
                );
                let html = html_text(&read(out.path(), &format!("{doc}.html")));
                assert!(
                    html.contains(&name),
                    "{doc}.html does not mention {key} `{name}`"
                );
            }
        }
    }
    // Every process in bcp.md with its owner, deputy, durations and strategy, in English.
    let bcp = read(out.path(), "bcp.md");
    for needle in [
        "### 6.1 Online Document Approval (P01)",
        "### 6.2 Staff Time and Attendance (P02)",
        "| Process owner | Emily Walker (Division Manager) |",
        "| Deputy | Daniel Okafor (Systems Administrator) |",
        "| RTO | 1 day 12 hours |",
        "| MTPD | 2 weeks |",
        "| 1 | Online Document Approval | High | Yes | 3 days | 1 day 12 hours | 1 day | Emily Walker | Daniel Okafor |",
        "Start the document management system on the standby server at the DR site.",
        "Dependencies: Power, Network, State document exchange hub.",
        "Harlow County Department of Information Technology (\"the Department\")",
        "Director of Information Technology",
        "Continuity Working Group Lead",
    ] {
        assert!(bcp.contains(needle), "bcp.md lacks `{needle}`");
    }
    let systems = read(out.path(), "annex-systems.md");
    assert!(
        systems.contains("| Document Management System | High (core) |"),
        "{systems}"
    );
    assert!(
        systems.contains("| Every 12 hours |"),
        "12-hour backup interval:\n{systems}"
    );
    let res = read(out.path(), "annex-resources.md");
    assert!(
        res.contains("### 2.1 Emergency grab kit")
            && res.contains("| Asset inventory | □ Yes □ No |"),
        "{res}"
    );
    let rec = read(out.path(), "annex-records.md");
    assert!(
        rec.contains(
            "| 3 | Information Security Incident Report | Infrastructure Division | at least 5 years |"
        ),
        "{rec}"
    );
}

#[test]
fn the_public_edition_masks_home_and_mobile_numbers() {
    let out = english(&["--edition", "public"]);
    for doc in ["annex-contacts", "annex-roles"] {
        let md = read(out.path(), &format!("{doc}.md"));
        assert!(
            md.contains("+1 555 0100 x201"),
            "{doc}.md: office numbers stay"
        );
        assert!(
            !md.contains("555 0141") && !md.contains("555 0161"),
            "{doc}.md: home/mobile not masked"
        );
        assert!(
            md.contains("Home and mobile numbers are masked in this edition"),
            "{doc}.md: no notice"
        );
    }
    let full = english(&[]);
    let md = read(full.path(), "annex-contacts.md");
    assert!(
        md.contains("+1 555 0141") && !md.contains("masked in this edition"),
        "full edition"
    );
}

#[test]
fn diagrams_have_english_labels() {
    let out = english(&[]);
    for (doc, label) in [
        ("bcm-procedure", "G[Disaster<br>recovery]"),
        ("incident-procedure", "E[Determine<br>the level]"),
        (
            "annex-contacts",
            "[\"Continuity Working Group Lead<br>Maria Reyes\"]",
        ),
    ] {
        let md = read(out.path(), &format!("{doc}.md"));
        assert!(
            md.contains("```mermaid") && md.contains(label),
            "{doc}.md diagram"
        );
        let html = read(out.path(), &format!("{doc}.html"));
        assert!(html.contains("<svg"), "{doc}.html has no SVG");
    }
}

/// The blank forms, with their page counts in PDF (one-page forms stay one page; the
/// incident report's English criteria need a third page), and the filled records.
const FORMS: &[(&str, u32)] = &[
    ("form-incident-report", 3),
    ("form-internal-report", 1),
    ("form-drill-report", 3),
    ("form-test-plan", 1),
    ("form-damaged-assets", 1),
    ("form-attendance", 1),
];

/// No CJK character outside `allowed` in `text`.
fn assert_no_cjk(name: &str, text: &str, allowed: &BTreeSet<char>) {
    for (n, line) in text.lines().enumerate() {
        let bad: String = line
            .chars()
            .filter(|c| is_cjk(*c) && !allowed.contains(c))
            .collect();
        assert!(
            bad.is_empty(),
            "{name}:{}: CJK characters `{bad}` in: {line}",
            n + 1
        );
    }
}

fn assert_clean_form(out: &std::path::Path, id: &str, allowed: &BTreeSet<char>) {
    let md = read(out, &format!("{id}.md"));
    let html = read(out, &format!("{id}.html"));
    assert!(
        md.starts_with("# "),
        "{id}.md does not start with its title"
    );
    // A compact head, not the document-control table and revision record.
    assert!(md.contains(" · No. "), "{id}.md has no compact head:\n{md}");
    assert!(
        !md.contains("## Revision history"),
        "{id}.md has a revision record"
    );
    for junk in ["{{", "}}", "{%", "%}"] {
        assert!(!md.contains(junk), "{id}.md contains `{junk}`");
    }
    // Underscore blanks never turn into emphasis.
    let body = html.split("<body").nth(1).unwrap_or(&html);
    for tag in [
        "<strong>&nbsp;",
        "<em>&nbsp;",
        "<strong>\u{a0}",
        "<em>\u{a0}",
        "<strong> ",
        "<em> ",
    ] {
        assert!(
            !body.contains(tag),
            "{id}.html: blank line parsed as emphasis"
        );
    }
    assert!(!html.contains("&amp;nbsp;"), "{id}: escaped markup in HTML");
    assert_no_cjk(&format!("{id}.md"), &md, allowed);
    assert_no_cjk(&format!("{id}.html"), &html_text(&html), allowed);
}

#[test]
fn forms_and_the_drill_record_are_in_english() {
    let out = english(&[]);
    let allowed = fixture_cjk();
    for (id, _) in FORMS {
        assert_clean_form(out.path(), id, &allowed);
        let md = read(out.path(), &format!("{id}.md"));
        assert!(md.contains("&nbsp;<br>\u{a0}"), "{id}: no write-in cells");
        // Blank dates in Gregorian year / month / day order, no ROC year.
        assert!(md.contains("____ / __ / __"), "{id}: no blank date line");
        assert!(
            !md.contains("ROC"),
            "{id}: ROC date on a Gregorian organization"
        );
    }
    let inc = read(out.path(), "form-incident-report.md");
    assert!(
        inc.starts_with("# Information Security Incident Report\n"),
        "{inc}"
    );
    for needle in [
        "| Internal report | Within 15 minutes of becoming aware |",
        "| Notification | Within 1 hour of becoming aware |",
        "Level 1, Level 2: within 72 hours of becoming aware",
        "Level 3, Level 4: within 36 hours of becoming aware",
        "| Within 1 month of the recovery or damage control |",
        "☐ External intrusion",
        "☐ Core business operating critical infrastructure",
        "☐ Level 4 | (a) Severe leak of official secrets",
        "Regulations on Cyber Security Incident Notification, Response and Exercises (Taiwan, 2026)",
    ] {
        assert!(
            inc.contains(needle),
            "form-incident-report.md lacks `{needle}`:\n{inc}"
        );
    }
    let internal = read(out.path(), "form-internal-report.md");
    assert!(
        internal.contains("within 15 minutes of becoming aware"),
        "{internal}"
    );
    assert!(
        internal.contains("*Information Security Incident Management Procedure*"),
        "{internal}"
    );
    let plan = read(out.path(), "form-test-plan.md");
    assert!(
        plan.contains("☐ Structured walk-through") && plan.contains("every 24 months"),
        "{plan}"
    );
    assert!(
        plan.contains("*Business Continuity / Disaster Recovery Drill Report*"),
        "{plan}"
    );
    let att = read(out.path(), "form-attendance.md");
    assert!(
        att.contains("| 15 | &nbsp;<br>\u{a0} |"),
        "15 numbered rows:\n{att}"
    );
    assert!(att.contains("Drill leader (signature): ____"), "{att}");
    let dmg = read(out.path(), "form-damaged-assets.md");
    assert!(
        dmg.contains("| 14 | &nbsp;<br>\u{a0} |") && dmg.contains("Continuity Working Group"),
        "{dmg}"
    );

    // The drill record: data, results, contact test and review, in English.
    let id = "drill-2026-DR-01";
    assert_clean_form(out.path(), id, &allowed);
    let md = read(out.path(), &format!("{id}.md"));
    for needle in [
        "# Drill Report (2026-DR-01)",
        "| Drill name | Document management server failure |",
        "☑ Simulation test",
        "| Date and time | 2026-06-10, 09:00–15:30 |",
        "| Maria Reyes | Applications Division | Applications Manager | Continuity Working Group Lead |",
        "| Sam Patel | Acme Systems Inc. | — | — |",
        "| 09:05 | Daniel Okafor | Detect the host alarm",
        "| Online Document Approval (P01) | 1 day 12 hours | 5 hours 45 minutes | ☑ Met |",
        "Every business process was recovered within its recovery time objective.",
        "Emergency contact test: 3 of 3 people reached within 20 minutes (100%).",
        "| Standby server patching | Patch the standby server monthly with the production server | Daniel Okafor | 2026-07-31 | Closed |",
        "Maria Reyes (Applications Manager)",
    ] {
        assert!(md.contains(needle), "{id}.md lacks `{needle}`:\n{md}");
    }
}

#[test]
fn one_page_forms_stay_one_page() {
    let ids: Vec<&str> = FORMS.iter().map(|(id, _)| *id).collect();
    let (out, r) = build(
        &fixture("english"),
        &["--format", "pdf", "--only", &ids.join(",")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (id, n) in FORMS {
        let info = std::process::Command::new("pdfinfo")
            .arg(out.path().join(format!("{id}.pdf")))
            .output()
            .expect("pdfinfo");
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        let pages: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("{id}: {info}"));
        assert_eq!(pages, *n, "{id}: pages");
    }
}

/// An incident record (written into a copy of the fixture) renders in English: deadlines,
/// the level check and the response.
#[test]
fn the_incident_record_is_in_english() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&fixture("english"), data.path());
    std::fs::create_dir_all(data.path().join("incidents")).unwrap();
    std::fs::write(
        data.path().join("incidents/2026-001.yaml"),
        r#"incident:
  id: "2026-001"
  title: Ransomware on a clerk's PC encrypted document attachments
  category: intrusion
  occurred_at: 2026-08-12T08:40:00-05:00
  discovered_at: 2026-08-12T09:20:00-05:00
  reported_internal_at: 2026-08-12T09:30:00-05:00
  notified_at: 2026-08-12T10:45:00-05:00
  reporter: { name: John Miller, unit: Planning Office, phone: "+1 555 0100 x512" }
  handler: okafor-d
  description: A clerk opened a spoofed attachment; files on the share were encrypted.
  business: core
  information: ordinary
  impact: { confidentiality: none, integrity: minor, availability: within-tolerance }
  level: 1
  affected_systems: [S01]
  damage: About 120 attachment files were encrypted.
  actions:
    - { at: 2026-08-12T09:25:00-05:00, by: okafor-d, action: Disconnect the infected PC }
  support_requested: None.
  recovered_at: 2026-08-12T15:10:00-05:00
  root_cause: A spoofed e-mail attachment was opened.
  improvements: [Restrict write access to the attachment share]
"#,
    )
    .unwrap();
    let (out, r) = build(data.path(), &["--format", "md,html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = "incident-2026-001";
    assert_clean_form(out.path(), id, &fixture_cjk());
    let md = read(out.path(), &format!("{id}.md"));
    for needle in [
        "# Information Security Incident Report (2026-001)",
        "Level reported: Level 1; level by the criteria: Level 2 (they differ: the handler is to confirm; deadlines follow Level 2 meanwhile).",
        "| Reporter | John Miller | Planning Office | +1 555 0100 x512 | — |",
        "| Handler<br>(Security Liaison) | Daniel Okafor | Infrastructure Division |",
        "| Internal report | Within 15 minutes of becoming aware | 2026-08-12 09:35 | 2026-08-12 09:30 | ☑ Met |",
        "| Notification | Within 1 hour of becoming aware | 2026-08-12 10:20 | 2026-08-12 10:45 | ⚠ Missed (late by 25 minutes) |",
        "| Within 1 month of the recovery or damage control |",
        "⚠ Overdue (by ",
        "☑ External intrusion",
        "| Information systems affected | Document Management System (S01) [core] |",
        "Level 2, criterion (b) (Tampering)",
        "| ☑ | ☐ | Level 1 |",
        "| ☐ | ☑ | Level 2 |",
        "| 2026-08-12 09:25 | Daniel Okafor | Disconnect the infected PC |",
        "| Cause | A spoofed e-mail attachment was opened. |",
    ] {
        assert!(md.contains(needle), "{id}.md lacks `{needle}`:\n{md}");
    }
}
