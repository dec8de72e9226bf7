//! The command line itself: top-level help with examples, shell completions and
//! the manual pages, all generated from the clap definition.

mod common;
use common::*;

const SUBCOMMANDS: [&str; 12] = [
    "build",
    "serve",
    "check",
    "schema",
    "diff",
    "show",
    "new",
    "init",
    "typeset",
    "templates",
    "completions",
    "man",
];

#[test]
fn top_level_help_has_examples_that_parse() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Examples:"), "{}", r.stdout);
    for sub in SUBCOMMANDS {
        assert!(r.stdout.contains(&format!("  {sub} ")), "{sub} not listed");
    }
    // Every example line names a real subcommand and its options: asking for the
    // subcommand's help with the example's arguments must succeed.
    let examples: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("bcpgen "))
        .collect();
    assert!(examples.len() >= 5, "{examples:?}");
    for ex in examples {
        let args: Vec<&str> = ex
            .split("&&")
            .next()
            .unwrap()
            .split('#')
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        let sub = args[0];
        assert!(SUBCOMMANDS.contains(&sub), "example `{ex}` names `{sub}`");
        let mut with_help = args.clone();
        with_help.push("--help");
        let h = run(&with_help);
        assert_eq!(h.code, 0, "`bcpgen {ex}` does not parse: {}", h.stderr);
    }
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for sub in SUBCOMMANDS {
        let r = run(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}: {}", r.stderr);
        if !["schema", "templates", "check", "diff", "show", "new"].contains(&sub) {
            assert!(r.stdout.contains("Example"), "{sub} --help has no example");
        }
    }
}

#[test]
fn completions_cover_every_subcommand_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        // Options as each shell writes them (fish: `-l edition`).
        for word in SUBCOMMANDS
            .iter()
            .chain(&["edition", "format", "as-of", "templates"])
        {
            assert!(
                r.stdout.contains(word),
                "{shell}: `{word}` is not completed"
            );
        }
    }
    // The bash script is valid bash and defines the completion function.
    let r = run(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("bcpgen.bash");
    std::fs::write(&script, &r.stdout).unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p bcpgen", script.display()))
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("bcpgen"));
    // An unknown shell is a usage error.
    assert_eq!(run(&["completions", "tcsh"]).code, 2);
}

#[test]
fn man_pages_render() {
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(".TH bcpgen 1"));
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH SUBCOMMANDS",
    ] {
        assert!(r.stdout.contains(section), "no {section}");
    }
    for sub in SUBCOMMANDS {
        assert!(
            r.stdout.contains(&format!("bcpgen\\-{sub}")),
            "{sub} missing from the page"
        );
    }
    let b = run(&["man", "build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stdout.contains(".TH bcpgen-build 1"), "{}", b.stdout);
    assert!(b.stdout.contains("\\-\\-edition"));
    // groff typesets the page without warnings.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bcpgen.1");
    std::fs::write(&page, &r.stdout).unwrap();
    let out = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
        .expect("groff (Debian groff-base, installed with man-db)");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "groff warns: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An unknown subcommand is a usage error naming the real ones.
    let bad = run(&["man", "bild"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("build"), "{}", bad.stderr);
}
