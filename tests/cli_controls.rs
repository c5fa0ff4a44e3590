//! `irready controls list|show|validate` and `irready inspect` through the real binary.

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

fn irready() -> Command {
    let mut cmd = cargo_bin_cmd!("irready");
    cmd.current_dir(fixtures());
    cmd
}

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).expect("stdout is UTF-8")
}

const BUILTIN_CHECKS: [&str; 19] = [
    "waf-rel-060.tf.aws.sns-topic-alarm-action",
    "waf-rel-060.tf.aws.alarm-runbook-severity",
    "waf-rel-060.tf.aws.alarm-action-reaches-oncall",
    "waf-rel-060.tf.azurerm.action-group-configured",
    "waf-rel-060.tf.azurerm.alert-action",
    "waf-rel-060.tf.google.monitoring-notification-channel",
    "waf-rel-060.tf.pagerduty.escalation-primary-secondary",
    "waf-rel-060.tf.opsgenie.escalation-primary-secondary",
    "waf-rel-060.prometheus.alert-runbook-severity",
    "waf-rel-060.ir.severity-levels",
    "waf-rel-060.ir.oncall-primary-secondary",
    "waf-rel-060.ir.runbook-linked",
    "waf-rel-060.ir.runbook-quality",
    "waf-rel-060.ir.runbook-orphan",
    "waf-rel-060.ir.top-alerts-have-runbooks",
    "waf-rel-060.ir.review-within-deadline",
    "waf-rel-060.ir.action-items-tracked",
    "waf-rel-060.ir.metrics-computable",
    "waf-rel-060.ir.evidence-present",
];

#[test]
fn controls_list_shows_the_builtin_control_and_its_checks() {
    let out = stdout_of(irready().args(["controls", "list"]), 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "WAF-REL-060  Incident Response & Runbook Readiness  [reliability / high]"
    );
    let ids: Vec<&str> = lines[1..]
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids, BUILTIN_CHECKS);
}

#[test]
fn controls_list_with_a_controls_dir_adds_the_yaml_control() {
    let out = stdout_of(
        irready().args(["controls", "list", "--controls-dir", "controls/extra"]),
        0,
    );
    let controls: Vec<&str> = out.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(
        controls,
        [
            "WAF-REL-060  Incident Response & Runbook Readiness  [reliability / high]",
            "WAF-TST-100  Alarms treat missing data explicitly  [reliability / medium]",
        ]
    );
    let out = stdout_of(
        irready().args([
            "controls",
            "list",
            "--no-builtin",
            "--controls-dir",
            "controls/extra",
        ]),
        0,
    );
    assert_eq!(
        out,
        "WAF-TST-100  Alarms treat missing data explicitly  [reliability / medium]\n  \
tst-100.treat-missing-data  Alarm sets treat_missing_data\n"
    );
}

#[test]
fn controls_show_prints_checks_and_regulatory_mapping() {
    let out = stdout_of(irready().args(["controls", "show", "WAF-REL-060"]), 0);
    assert!(out.starts_with("WAF-REL-060  Incident Response & Runbook Readiness\n"));
    assert!(out.contains("pillar: reliability  severity: high  category: incident-response"));
    for id in BUILTIN_CHECKS {
        let severity = match id {
            "waf-rel-060.ir.runbook-orphan" => "low",
            "waf-rel-060.ir.runbook-quality"
            | "waf-rel-060.ir.top-alerts-have-runbooks"
            | "waf-rel-060.ir.action-items-tracked"
            | "waf-rel-060.ir.metrics-computable" => "medium",
            _ => "high",
        };
        assert!(
            out.contains(&format!("  {id} [{severity}] ")),
            "{id} missing:\n{out}"
        );
    }
    assert!(out.contains("\nRegulatory mapping:\n"));
    assert!(out.contains("  ISO/IEC 27001:2022: A.5.24 – Information security incident management planning and preparation;"));
    assert!(out.contains("  DORA: Art. 9 – Protection and prevention;"));
    // Ids are case-insensitive; an unknown id is an error.
    let lower = stdout_of(irready().args(["controls", "show", "waf-rel-060"]), 0);
    assert_eq!(lower, out);
    irready()
        .args(["controls", "show", "WAF-NOPE-000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no control \"WAF-NOPE-000\""));
}

#[test]
fn controls_validate_accepts_a_good_file_and_names_line_and_column_of_a_bad_one() {
    let out = stdout_of(
        irready().args(["controls", "validate", "controls/extra/WAF-TST-100.yml"]),
        0,
    );
    assert_eq!(
        out,
        "controls/extra/WAF-TST-100.yml: ok (WAF-TST-100 with 1 checks)\n"
    );
    let assert = irready()
        .args([
            "controls",
            "validate",
            "controls/extra/WAF-TST-100.yml",
            "controls/broken/WAF-TST-200.yml",
        ])
        .assert()
        .code(2);
    let out = assert.get_output();
    // The good file is still validated and reported.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "controls/extra/WAF-TST-100.yml: ok (WAF-TST-100 with 1 checks)\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "controls/broken/WAF-TST-200.yml:13:13: unknown operator `not_emptyy`: \
expected one of attribute_exists, "
        ),
        "{stderr}"
    );
    irready()
        .args(["controls", "validate", "controls/missing.yml"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "controls/missing.yml:1:1: cannot read:",
        ));
}

#[test]
fn inspect_prints_the_evaluated_resources() {
    let out = stdout_of(
        irready().args(["inspect", "varfile", "--var-file", "varfile/prod.tfvars"]),
        0,
    );
    let json: Json = serde_json::from_str(&out).expect("inspect prints JSON");
    let roots = json.as_array().expect("one entry per root module");
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0]["root"], ".");
    assert_eq!(roots[0]["variables"]["notify_recovery"], true);
    let resources = roots[0]["resources"].as_array().expect("resources");
    let addresses: Vec<&str> = resources
        .iter()
        .filter_map(|r| r["address"].as_str())
        .collect();
    assert_eq!(
        addresses,
        [
            "aws_cloudwatch_metric_alarm.api_errors",
            "aws_sns_topic.oncall",
            "aws_sns_topic_subscription.pager"
        ]
    );
    let alarm = &resources[0];
    assert_eq!(alarm["location"], "main.tf:16:1");
    assert_eq!(
        alarm["values"]["ok_actions"],
        serde_json::json!(["${aws_sns_topic.oncall.arn}"])
    );
    assert_eq!(alarm["values"]["threshold"], 10);
}

#[test]
fn inspect_of_a_broken_file_exits_2_and_still_prints_the_rest() {
    let assert = irready().args(["inspect", "broken"]).assert().code(2);
    let out = assert.get_output();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "broken.tf:4:35: invalid HCL: invalid block body; expected `}`, newline or identifier\n"
    );
    let json: Json = serde_json::from_slice(&out.stdout).expect("JSON");
    let addresses: Vec<&str> = json[0]["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["address"].as_str())
        .collect();
    assert_eq!(
        addresses,
        [
            "aws_cloudwatch_metric_alarm.api_errors",
            "aws_sns_topic.oncall",
            "aws_sns_topic_subscription.pager"
        ]
    );
}

/// `irready controls show X | head -1` must not panic when the reader goes away.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    for args in [
        &["controls", "show", "WAF-REL-060"][..],
        &["controls", "list"][..],
        &["inspect", "multi"][..],
        &["check", "multi", "-v"][..],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("irready"))
            .current_dir(fixtures())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawns");
        // Close the read end before the child writes: every write sees EPIPE.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("waits");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
    }
}
