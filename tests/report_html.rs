//! `irready report --format html` on the bundled example: one self-contained file, and —
//! where Chromium is installed (CI installs Debian's `chromium`; `IRREADY_CHROMIUM` names
//! it) — a headless browser loads it without a script error, runs the filter script, and
//! draws the charts and tables. The screenshot is kept in `target/report-html.png` for a
//! person to look at.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dashboard(dir: &Path) -> (PathBuf, String) {
    let out = dir.join("dashboard.html");
    cargo_bin_cmd!("irready")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "report",
            "examples/platform",
            "--as-of",
            "2026-11-30",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(0);
    let html = std::fs::read_to_string(&out).expect("the dashboard was written");
    (out, html)
}

#[test]
fn the_dashboard_is_one_self_contained_file_with_every_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, html) = dashboard(dir.path());
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Nothing is fetched: no external script, stylesheet, font, image or frame.
    for needle in [
        "<script src",
        "<link",
        "@import",
        "url(",
        "<img",
        "<iframe",
        "src=\"http",
        "href=\"http",
    ] {
        assert!(
            !html.contains(needle),
            "the dashboard loads something: {needle}"
        );
    }
    assert!(
        html.contains("default-src 'none'"),
        "a CSP forbids any fetch"
    );
    for id in [
        "id=\"mttr-trend\"",
        "id=\"incidents-by-severity\"",
        "id=\"review-compliance\"",
        "id=\"action-items\"",
        "id=\"maturity\"",
        "id=\"findings-table\"",
        "id=\"regulatory\"",
    ] {
        assert!(html.contains(id), "missing {id}");
    }
    // The example's figures: 7 incidents in the window, 3 of 4 reviews on time.
    assert!(html.contains("7 incidents resolved from 2025-11-30 to 2026-11-30."));
    assert!(html.contains("Review compliance (75% on time)"));
    assert!(
        html.contains("ISO/IEC 27001:2022"),
        "the regulatory mapping"
    );
    // Same input, same bytes.
    let again = tempfile::tempdir().expect("tempdir");
    assert_eq!(html, dashboard(again.path()).1);
}

/// The browser to use: `$IRREADY_CHROMIUM` (CI sets it, so CI never skips), else
/// `chromium` on PATH; without either the browser part is skipped loudly.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("IRREADY_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("chromium").arg("--version").output();
    match found {
        Ok(o) if o.status.success() => Some(PathBuf::from("chromium")),
        _ => {
            eprintln!("!!!!!!!! SKIPPED: headless Chromium check of the dashboard: no chromium.");
            None
        }
    }
}

#[test]
fn chromium_renders_it_without_errors() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, _) = dashboard(dir.path());
    let url = format!("file://{}", file.display());
    let profile = dir.path().join("profile");
    let base = |cmd: &mut Command| {
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    };
    let mut dump = Command::new(&browser);
    base(&mut dump);
    let out = dump
        .args(["--dump-dom", &url])
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    // The script ran to its end and recorded no error; the console saw none either.
    assert!(
        dom.contains("data-ready=\"1\""),
        "the script did not finish:\n{log}"
    );
    assert!(!dom.contains(" data-errors=\""), "script errors:\n{dom}");
    for line in log.lines().filter(|l| l.contains("CONSOLE")) {
        assert!(
            !line.contains("Uncaught") && !line.contains("Error"),
            "console error: {line}"
        );
    }
    // The filter script selected FAIL on load: only failing rows stay visible.
    assert!(dom.contains("13 of 162 shown"), "filter count missing");
    assert_eq!(dom.matches("<svg").count(), 4, "four charts");
    assert!(dom.matches("<table").count() >= 5, "the tables");

    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-html.png");
    let mut screenshot = Command::new(&browser);
    base(&mut screenshot);
    let out = screenshot
        .arg("--window-size=1400,2400")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "an empty screenshot"
    );
}
