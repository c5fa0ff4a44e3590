//! The console report, pinned by reviewed snapshots, plus the properties every console
//! output must have (no escape codes without colour, 80 columns, quiet lists only
//! failures).

#[path = "support/report_fixture.rs"]
mod fixture;

use fixture::render_fixture;
use irready::finding::ControlSummary;
use irready::report::{ConsoleOptions, Format, ReportInput, render};

fn console(color: bool, verbose: bool, quiet: bool) -> String {
    render_fixture(
        Format::Console,
        ConsoleOptions {
            color,
            verbose,
            quiet,
        },
    )
}

#[test]
fn default_console_report() {
    insta::assert_snapshot!("console_default", console(false, false, false));
}

#[test]
fn verbose_console_report_lists_pass() {
    let out = console(false, true, false);
    assert!(out.contains("PASS    logs.tf:1  aws_cloudwatch_log_group.app"));
    insta::assert_snapshot!("console_verbose", out);
}

#[test]
fn quiet_console_report_lists_only_failures_and_the_summary() {
    let out = console(false, false, true);
    insta::assert_snapshot!("console_quiet", out);
    for line in out.lines() {
        assert!(!line.contains("PASS "), "{line}");
        assert!(!line.contains("SKIP "), "{line}");
        assert!(!line.contains("WAIVED "), "{line}");
    }
    assert_eq!(out.lines().count(), 5, "4 failing findings and the summary");
}

#[test]
fn colour_only_when_asked() {
    for (verbose, quiet) in [(false, false), (true, false), (false, true)] {
        let plain = console(false, verbose, quiet);
        assert!(
            !plain.contains('\u{1b}'),
            "escape code without colour:\n{plain}"
        );
        let coloured = console(true, verbose, quiet);
        assert!(
            coloured.contains("\u{1b}[1m\u{1b}[31mFAIL"),
            "FAIL is bold red"
        );
        assert!(
            coloured.contains("\u{1b}[1m\u{1b}[35mERROR"),
            "ERROR is bold magenta"
        );
        assert_eq!(
            strip_ansi(&coloured),
            plain,
            "colour changes nothing but colour"
        );
    }
    let coloured = console(true, true, false);
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[32mPASS"),
        "PASS is bold green"
    );
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[33mSKIP"),
        "SKIP is bold yellow"
    );
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[34mWAIVED"),
        "WAIVED is bold blue"
    );
}

#[test]
fn fits_80_columns_except_unbreakable_words() {
    for verbose in [false, true] {
        let out = console(false, verbose, false);
        for line in out.lines() {
            let width = line.chars().count();
            let unbreakable = line.split_whitespace().any(|w| w.chars().count() > 40);
            assert!(width <= 80 || unbreakable, "{width} columns: {line}");
        }
    }
}

#[test]
fn empty_run_says_so() {
    let controls: Vec<ControlSummary> = Vec::new();
    let input = ReportInput {
        findings: &[],
        controls: &controls,
        controls_loaded: 0,
        scanned_paths: &[],
        tool_version: "0.1.0",
    };
    let out = render(Format::Console, &input, &ConsoleOptions::default());
    insta::assert_snapshot!("console_empty", out);
}

/// Removes CSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
