//! The incident-document checks through the real binary: `--as-of` decides what is late,
//! and a broken document is exit 2 with the other documents still checked.

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

fn irready() -> Command {
    let mut cmd = cargo_bin_cmd!("irready");
    cmd.current_dir(fixtures()).env("NO_COLOR", "1");
    cmd
}

/// The findings of one check as `(status, resource, message)`.
fn findings(args: &[&str], code: i32) -> Vec<(String, String, String)> {
    let out = irready()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    let report: Json = serde_json::from_slice(&out).expect("valid JSON");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["status"].as_str().unwrap_or_default().to_string(),
                f["resource"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const REVIEW: &str = "waf-rel-060.ir.review-within-deadline";

#[test]
fn as_of_decides_whether_a_missing_review_is_due() {
    // Deadline 2026-07-01 (see the fixture). The day before: not a failure.
    let before = findings(
        &["ir-review", "--checks", REVIEW, "--as-of", "2026-06-30"],
        0,
    );
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(
        (before[0].0.as_str(), before[0].1.as_str()),
        ("PASS", "INC-7")
    );
    // On the deadline itself: still on time.
    let on = findings(
        &["ir-review", "--checks", REVIEW, "--as-of", "2026-07-01"],
        0,
    );
    assert_eq!(on[0].0, "PASS", "{on:?}");
    // The day after: missing, one business day overdue.
    let after = findings(
        &["ir-review", "--checks", REVIEW, "--as-of", "2026-07-02"],
        1,
    );
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(
        (after[0].0.as_str(), after[0].1.as_str()),
        ("FAIL", "INC-7")
    );
    assert!(after[0].2.contains("2026-07-01"), "{}", after[0].2);
    assert!(after[0].2.contains("1 business day"), "{}", after[0].2);
}

#[test]
fn an_invalid_as_of_is_a_usage_error() {
    irready()
        .args(["check", "ir-review", "--as-of", "2026-13-01"])
        .assert()
        .code(2);
}

#[test]
fn a_broken_document_is_exit_2_and_the_other_checks_still_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ir = dir.path().join("incident-response");
    std::fs::create_dir_all(ir.join("incidents")).expect("mkdir");
    std::fs::write(
        ir.join("severity-definitions.yml"),
        "severity_levels: [this is not a mapping\n",
    )
    .expect("write");
    std::fs::copy(
        fixtures().join("ir-review/incident-response/incidents/incidents.yml"),
        ir.join("incidents/incidents.yml"),
    )
    .expect("copy");
    let out = cargo_bin_cmd!("irready")
        .current_dir(dir.path())
        .args(["check", ".", "--as-of", "2026-07-02", "--format", "json"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("incident-response/severity-definitions.yml:1:"),
        "{stderr}"
    );
    let report: Json = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let statuses: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["check_id"].as_str().unwrap_or_default(),
                f["status"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        statuses.contains(&("irready.input-error", "ERROR")),
        "{statuses:?}"
    );
    // The incident log was still read: its missing review is reported.
    assert!(statuses.contains(&(REVIEW, "FAIL")), "{statuses:?}");
}
