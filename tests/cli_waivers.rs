//! Waivers through the real binary, on `tests/fixtures/waivers/`: a `risk_acceptance.yml`
//! (active, expired, glob and resource-scoped entries), inline `# irready:ignore`
//! comments (with and without `exp:`, inside a module with two instances), broken ones
//! (exit 2, the rest still checked), irready.yml's `waivers:` key with a wafpass file
//! unchanged, and the JSON of a run with WAIVED findings read by wafpass's own model.

#[path = "support/python.rs"]
mod python;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/waivers")
        .join(name)
}

/// `irready check . --format json` inside a fixture, with a fixed "today".
fn check(name: &str, as_of: &str, extra: &[&str]) -> Command {
    let mut cmd = cargo_bin_cmd!("irready");
    cmd.current_dir(fixture(name))
        .args(["check", ".", "--format", "json", "--as-of", as_of])
        .args(extra);
    cmd
}

/// Runs, asserts the exit code, returns the report and stderr.
fn run(mut cmd: Command, code: i32) -> (Json, String) {
    let out = cmd.assert().code(code).get_output().clone();
    let report = serde_json::from_slice(&out.stdout).expect("the json report is valid JSON");
    (report, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn findings(report: &Json) -> &Vec<Json> {
    report["findings"].as_array().expect("findings is an array")
}

/// The Terraform findings that are not PASS, as `STATUS check resource file:line`.
fn terraform_lines(report: &Json) -> Vec<String> {
    findings(report)
        .iter()
        .filter(|f| {
            f["status"] != "PASS" && f["check_id"].as_str().is_some_and(|c| c.contains(".tf."))
        })
        .map(|f| {
            format!(
                "{} {} {} {}:{}",
                f["status"].as_str().unwrap_or("?"),
                f["check_id"].as_str().unwrap_or("?"),
                f["resource"].as_str().unwrap_or("?"),
                f["file"].as_str().unwrap_or("?"),
                f["line"],
            )
        })
        .collect()
}

fn message<'a>(report: &'a Json, check: &str, resource: &str) -> &'a str {
    findings(report)
        .iter()
        .find(|f| f["check_id"] == check && f["resource"] == resource)
        .and_then(|f| f["message"].as_str())
        .unwrap_or_else(|| panic!("no finding {check} on {resource}"))
}

const ACTION: &str = "waf-rel-060.tf.aws.sns-topic-alarm-action";
const RUNBOOK: &str = "waf-rel-060.tf.aws.alarm-runbook-severity";

#[test]
fn file_and_inline_waivers_waive_expired_ones_fail_again() {
    let (report, stderr) = run(check("repo", "2026-06-01", &[]), 1);
    assert_eq!(
        terraform_lines(&report),
        [
            format!("WAIVED {ACTION} aws_cloudwatch_metric_alarm.latency main.tf:12"),
            format!("FAIL {ACTION} aws_cloudwatch_metric_alarm.queue_depth main.tf:26"),
            format!("WAIVED {ACTION} aws_cloudwatch_metric_alarm.batch main.tf:40"),
            format!("WAIVED {ACTION} aws_cloudwatch_metric_alarm.nightly main.tf:53"),
            format!("WAIVED {RUNBOOK} aws_cloudwatch_metric_alarm.nightly main.tf:62"),
            format!("FAIL {ACTION} aws_cloudwatch_metric_alarm.legacy main.tf:67"),
            format!("FAIL {ACTION} aws_cloudwatch_metric_alarm.disk main.tf:81"),
            format!(
                "WAIVED {ACTION} module.workers[\"billing\"].aws_cloudwatch_metric_alarm.this modules/alarm/main.tf:10"
            ),
            format!(
                "WAIVED {ACTION} module.workers[\"refunds\"].aws_cloudwatch_metric_alarm.this modules/alarm/main.tf:10"
            ),
        ]
    );
    let not_set = "ok_actions is not set: nobody learns that the alarm resolved";
    assert_eq!(
        message(&report, ACTION, "aws_cloudwatch_metric_alarm.latency"),
        format!(
            "waived by RA-001 until 2026-12-31: Latency recovers on its own; the dashboard shows it (RISK-101) — {not_set}"
        )
    );
    assert_eq!(
        message(&report, ACTION, "aws_cloudwatch_metric_alarm.queue_depth"),
        format!("{not_set} (waiver RA-002 expired on 2026-03-31)")
    );
    assert_eq!(
        message(&report, ACTION, "aws_cloudwatch_metric_alarm.batch"),
        format!(
            "waived inline at main.tf:40 until no expiry: Batch alarm, resolution is visible in the batch dashboard — {not_set}"
        )
    );
    assert!(
        message(&report, RUNBOOK, "aws_cloudwatch_metric_alarm.nightly").starts_with(
            "waived inline at main.tf:53 until 2026-09-30: Nightly report, replaced in Q3 (TICKET-12) — "
        )
    );
    assert_eq!(
        message(&report, ACTION, "aws_cloudwatch_metric_alarm.legacy"),
        format!("{not_set} (inline waiver at main.tf:67 expired on 2026-01-31)")
    );
    // The glob entry `waf-rel-060.ir.*` leaves no document finding failing.
    let ir: Vec<&Json> = findings(&report)
        .iter()
        .filter(|f| f["check_id"].as_str().is_some_and(|c| c.contains(".ir.")))
        .collect();
    assert!(!ir.is_empty());
    for f in ir {
        assert!(f["status"] == "WAIVED" || f["status"] == "PASS", "{f}");
    }
    let notes: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        notes,
        [
            "irready: note: main.tf:67:1: irready:ignore waf-rel-060.tf.aws.sns-topic-alarm-action expired on 2026-01-31: 1 finding(s) no longer waived (root .)",
            "irready: note: risk_acceptance.yml:8:5: waiver RA-002 expired on 2026-03-31: 1 finding(s) no longer waived",
            "irready: note: risk_acceptance.yml:16:5: waiver RA-004 matches no finding",
        ]
    );
}

#[test]
fn inline_expiry_ends_the_waiver_the_day_after() {
    let (on_the_day, _) = run(check("repo", "2026-09-30", &[]), 1);
    assert!(
        message(&on_the_day, ACTION, "aws_cloudwatch_metric_alarm.nightly")
            .starts_with("waived inline")
    );
    let (after, stderr) = run(check("repo", "2026-10-01", &[]), 1);
    let nightly: Vec<String> = terraform_lines(&after)
        .into_iter()
        .filter(|l| l.contains(".nightly "))
        .collect();
    assert_eq!(
        nightly,
        [
            format!("FAIL {ACTION} aws_cloudwatch_metric_alarm.nightly main.tf:53"),
            format!("FAIL {RUNBOOK} aws_cloudwatch_metric_alarm.nightly main.tf:62"),
        ]
    );
    assert!(
        stderr.contains("main.tf:53:1: irready:ignore waf-rel-060.tf.aws.* expired on 2026-09-30: 2 finding(s) no longer waived"),
        "{stderr}"
    );
}

#[test]
fn broken_waivers_exit_2_and_everything_else_is_still_checked() {
    let (report, stderr) = run(
        check(
            "broken",
            "2026-06-01",
            &["--skip-checks", "waf-rel-060.ir.*"],
        ),
        2,
    );
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "main.tf:6:1: irready:ignore without a reason: expected `# irready:ignore <check-id> <reason>`",
            "main.tf:20:1: irready:ignore waf-rel-060.tf.aws.sns-topic-alarm-action: `exp:2026-13-01` is not an expiry date: expected exp:YYYY-MM-DD",
            "risk_acceptance.yml:2:5: waiver WAF-REL-060 has no reason: expected `reason:` saying why the risk is accepted",
            "risk_acceptance.yml:6:14: waiver RA-002: expires `31/12/2026` is not a date: expected YYYY-MM-DD",
            "risk_acceptance.yml:9:5: unknown key `resouce`: expected one of id, reason, expires, check, resource, root, file",
        ]
    );
    // A waiver without a reason waives nothing; the alarms are still checked.
    let lines = terraform_lines(&report);
    assert!(
        lines.contains(&format!(
            "FAIL {ACTION} aws_cloudwatch_metric_alarm.no_reason main.tf:6"
        )),
        "{lines:?}"
    );
    assert!(
        lines.contains(&format!(
            "FAIL {ACTION} aws_cloudwatch_metric_alarm.bad_date main.tf:20"
        )),
        "{lines:?}"
    );
    let errors = findings(&report)
        .iter()
        .filter(|f| f["status"] == "ERROR")
        .count();
    assert_eq!(errors, 5);
}

#[test]
fn irready_yml_names_a_wafpass_file_that_waives_the_whole_control() {
    let (report, stderr) = run(check("configured", "2026-06-01", &[]), 0);
    assert_eq!(stderr, "");
    let statuses: Vec<&str> = findings(&report)
        .iter()
        .filter(|f| f["status"] != "PASS")
        .map(|f| f["status"].as_str().unwrap_or("?"))
        .collect();
    assert!(statuses.len() >= 3);
    assert!(statuses.iter().all(|s| *s == "WAIVED"), "{statuses:?}");
    assert_eq!(
        message(&report, ACTION, "aws_cloudwatch_metric_alarm.sandbox"),
        "waived by WAF-REL-060 until 2027-01-31: Sandbox account, no on-call (RISK-200) — ok_actions is not set: nobody learns that the alarm resolved"
    );
    // After the expiry date the control fails again.
    let (_, stderr) = run(check("configured", "2027-02-01", &[]), 1);
    assert!(
        stderr.contains("security/accepted.yml:3:5: waiver WAF-REL-060 expired on 2027-01-31"),
        "{stderr}"
    );
}

#[test]
fn json_with_waived_findings_validates_against_wafpass() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result.json");
    let mut cmd = check("repo", "2026-06-01", &[]);
    cmd.arg("--out").arg(&out).assert().code(1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"status\": \"WAIVED\""));
    if let Some(stdout) = python::validate("validate_wafpass.py", &out, "wafpass JSON with WAIVED")
    {
        assert!(stdout.starts_with("valid wafpass result"), "{stdout}");
    }
}
