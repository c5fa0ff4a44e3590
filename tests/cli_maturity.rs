//! `irready maturity` through the real binary on fixture repositories
//! (`tests/fixtures/maturity/`): one at level 1 with nothing in it, one that reaches exactly
//! level 2, one that reaches exactly level 3; `--as-of` fixes the 12-month window.

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-06-30";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/maturity")
}

fn irready() -> Command {
    let mut cmd = cargo_bin_cmd!("irready");
    cmd.current_dir(fixtures()).env("NO_COLOR", "1");
    cmd
}

/// `irready maturity <dir> --as-of <date> --format json`, expecting exit `code`.
fn maturity_at(dir: &str, as_of: &str, code: i32) -> Json {
    let out = irready()
        .args(["maturity", dir, "--as-of", as_of, "--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

fn maturity(dir: &str) -> Json {
    maturity_at(dir, AS_OF, 0)
}

fn criterion<'a>(report: &'a Json, id: &str) -> &'a Json {
    report["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no criterion {id} in {report:#}"))
}

fn status<'a>(report: &'a Json, id: &str) -> &'a str {
    criterion(report, id)["status"].as_str().expect("status")
}

fn evidence(report: &Json, id: &str) -> Vec<String> {
    criterion(report, id)["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| e.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn json_has_the_contract_fields_for_every_criterion() {
    let report = maturity("empty");
    assert_eq!(report["as_of"], AS_OF);
    assert_eq!(report["window"]["since"], "2025-06-30");
    let criteria = report["criteria"].as_array().expect("criteria");
    assert_eq!(criteria.len(), 14);
    for c in criteria {
        let level = c["level"].as_u64().expect("level");
        assert!((2..=5).contains(&level), "{c}");
        assert!(
            c["criterion"].as_str().is_some_and(|s| !s.is_empty()),
            "{c}"
        );
        assert!(["met", "not_met", "unknown"].contains(&c["status"].as_str().unwrap_or("")));
        assert!(
            !c["evidence"].as_array().expect("evidence").is_empty(),
            "{c}"
        );
        assert!(c["blocks"].is_boolean(), "{c}");
        if c["status"] != "met" {
            assert!(c["todo"].as_str().is_some_and(|t| !t.is_empty()), "{c}");
        }
    }
}

#[test]
fn empty_repository_is_level_one_with_nothing_met() {
    let report = maturity("empty");
    assert_eq!(report["level"], 1);
    assert_eq!(report["name"], "Ad-hoc");
    for c in report["criteria"].as_array().expect("criteria") {
        assert_ne!(c["status"], "met", "{c}");
    }
    assert_eq!(status(&report, "2.basic-runbooks"), "not_met");
    assert_eq!(
        evidence(&report, "2.basic-runbooks")[0],
        "0 runbook(s) in incident-response/runbooks"
    );
    assert_eq!(status(&report, "4.alert-automation"), "unknown");
    assert_eq!(
        evidence(&report, "4.alert-automation"),
        vec!["no alarm or action group in the Terraform"]
    );
    assert_eq!(status(&report, "5.known-class-restore"), "unknown");
    assert_eq!(status(&report, "5.aiops-correlation"), "unknown");
    assert_eq!(criterion(&report, "5.aiops-correlation")["blocks"], false);
}

/// Needs the document checks (`waf-rel-060.ir.*`) merged.
#[test]
fn empty_repository_lacks_severity_levels_and_escalation() {
    let report = maturity("empty");
    assert_eq!(status(&report, "2.severity-levels"), "not_met");
    assert_eq!(status(&report, "2.escalation"), "not_met");
    assert_eq!(status(&report, "3.mttr-computable"), "unknown");
}

/// Needs the document checks merged.
#[test]
fn level_two_exactly() {
    let report = maturity("level2");
    assert_eq!(report["level"], 2, "{report:#}");
    assert_eq!(report["name"], "Process Documented");
    for id in [
        "2.severity-levels",
        "2.escalation",
        "2.oncall",
        "2.basic-runbooks",
    ] {
        assert_eq!(status(&report, id), "met", "{id}");
        assert!(criterion(&report, id)["todo"].is_null(), "{id}");
    }
    assert_eq!(
        evidence(&report, "2.basic-runbooks")[1],
        "1 of 2 critical alert(s) link a current runbook of the catalog (waf-rel-060.ir.runbook-linked: 1 PASS, 1 FAIL, 0 SKIP)"
    );
    // The SEV1 alarm without a runbook keeps it from level 3, with the finding's location.
    assert_eq!(status(&report, "3.critical-alerts-runbooks"), "not_met");
    let linked = evidence(&report, "3.critical-alerts-runbooks");
    assert!(
        linked[1].starts_with("FAIL aws_cloudwatch_metric_alarm.payments_latency (main.tf:23): "),
        "{linked:?}"
    );
    // No incidents, no reviews: unknown, not met.
    assert_eq!(status(&report, "3.mttr-computable"), "unknown");
    assert_eq!(status(&report, "3.reviews"), "unknown");
    assert_eq!(status(&report, "3.action-items"), "unknown");
}

#[test]
fn level_two_repository_has_no_alert_automation() {
    let report = maturity("level2");
    assert_eq!(status(&report, "4.alert-automation"), "not_met");
    assert_eq!(
        evidence(&report, "4.alert-automation"),
        vec![
            "2 alarm(s)/action group(s) examined: none runs a Lambda, an SSM Automation, an Azure Automation runbook, Function or Logic App"
        ]
    );
}

/// Needs the document checks merged.
#[test]
fn level_three_exactly() {
    let report = maturity("level3");
    assert_eq!(report["level"], 3, "{report:#}");
    for id in [
        "3.critical-alerts-runbooks",
        "3.mttr-computable",
        "3.reviews",
        "3.action-items",
    ] {
        assert_eq!(status(&report, id), "met", "{id}");
    }
    let monthly = criterion(&report, "3.mttr-reviewed-monthly");
    assert_eq!(monthly["status"], "unknown");
    assert_eq!(monthly["blocks"], false);
    // Level 4 is blocked by runbooks without automation and undeclared timelines.
    assert_eq!(status(&report, "4.runbook-automation"), "not_met");
    assert_eq!(status(&report, "4.generated-timelines"), "unknown");
}

#[test]
fn level_three_repository_evidence_of_levels_four_and_five() {
    let report = maturity("level3");
    assert_eq!(status(&report, "4.alert-automation"), "met");
    assert_eq!(
        evidence(&report, "4.alert-automation"),
        vec![
            "aws_cloudwatch_metric_alarm.payments_5xx runs Lambda aws_lambda_function.diagnostics"
        ]
    );
    assert!(criterion(&report, "4.alert-automation")["todo"].is_null());
    assert_eq!(
        evidence(&report, "4.generated-timelines"),
        vec!["0 of 1 review(s) of the 12-month window declare `timeline_source: generated`"]
    );
    assert_eq!(status(&report, "5.known-class-restore"), "not_met");
    assert_eq!(
        evidence(&report, "5.known-class-restore"),
        vec![
            "2 incident(s) of the 12-month window with a failure_class; 1 known class(es) (seen at least twice)",
            "provider-outage: 2 incident(s), time to restore known for 2, median 40m (not under 5m)",
        ]
    );
}

#[test]
fn as_of_moves_the_window() {
    // A year later the incidents and the review have left the window.
    let report = maturity_at("level3", "2027-06-30", 0);
    assert_eq!(report["window"]["since"], "2026-06-30");
    assert_eq!(status(&report, "5.known-class-restore"), "unknown");
    assert_eq!(
        evidence(&report, "4.generated-timelines"),
        vec!["0 of 0 review(s) of the 12-month window declare `timeline_source: generated`"]
    );
}

/// Needs the document checks merged.
#[test]
fn as_of_a_year_later_falls_back_to_level_one() {
    // The runbooks are stale by then, an action item is overdue, and no incident is left
    // in the window.
    let report = maturity_at("level3", "2027-06-30", 0);
    assert_eq!(status(&report, "2.basic-runbooks"), "not_met");
    assert_eq!(status(&report, "3.critical-alerts-runbooks"), "not_met");
    assert_eq!(status(&report, "3.mttr-computable"), "unknown");
    assert_eq!(status(&report, "3.action-items"), "not_met");
    assert_eq!(report["level"], 1);
}

#[test]
fn table_names_the_level_and_the_todo_of_unmet_criteria() {
    let out = irready()
        .args(["maturity", "level2", "--as-of", AS_OF])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("WAF-REL-060 maturity: level "), "{text}");
    assert!(first.ends_with(&format!("as of {AS_OF}")), "{text}");
    assert!(text.contains("Level 4  Automated Triage               not reached\n  NOT MET  Automated diagnostic data on alert"), "{text}");
    assert!(
        text.contains("           todo: Have alerts collect diagnostics automatically"),
        "{text}"
    );
}

#[test]
fn broken_document_is_exit_two_and_still_assessed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ir = dir.path().join("incident-response");
    std::fs::create_dir_all(ir.join("incidents")).expect("mkdir");
    std::fs::write(ir.join("incidents/2026.yml"), "- id: [unclosed\n").expect("write");
    std::fs::create_dir_all(ir.join("runbooks")).expect("mkdir");
    std::fs::write(
        ir.join("runbooks/a.md"),
        "---\nowner: o\n---\n# A\n## Automation\nA job restarts it.\n",
    )
    .expect("write");
    let assert = irready()
        .args(["maturity", "--as-of", AS_OF, "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(2);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("incident-response/incidents/2026.yml:"),
        "{stderr}"
    );
    let report: Json = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(report["level"], 1);
    assert_eq!(status(&report, "4.runbook-automation"), "met");
}

#[test]
fn missing_path_is_exit_two() {
    irready()
        .args(["maturity", "no-such-dir", "--as-of", AS_OF])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "no-such-dir:1:1: no such file or directory",
        ));
}
