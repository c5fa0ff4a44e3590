//! `--write-baseline` and `--baseline` through the real binary, in a temporary copy of a
//! small repository: the file written, a rerun that accepts every known finding (exit 0,
//! findings still in the JSON as WAIVED), moved lines still matching, a new violation
//! failing alone, and a broken baseline file (exit 2 with its position).

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::path::Path;

/// An alarm that resolves silently (no `ok_actions`) and has no runbook: two FAILs.
fn alarm(name: &str) -> String {
    format!(
        r#"resource "aws_cloudwatch_metric_alarm" "{name}" {{
  alarm_name          = "{name}"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  alarm_description   = "SEV3: {name} errors"
  alarm_actions       = [aws_sns_topic.oncall.arn]
}}
"#
    )
}

const TOPIC: &str = r#"resource "aws_sns_topic" "oncall" {
  name = "oncall"
}

resource "aws_sns_topic_subscription" "pager" {
  topic_arn = aws_sns_topic.oncall.arn
  protocol  = "email"
  endpoint  = "oncall@example.com"
}
"#;

/// `irready check repo --format json --skip-checks 'waf-rel-060.ir.*'` in `dir` (the
/// Terraform checks only, so that the baseline holds exactly the alarms' findings).
fn check(dir: &Path, extra: &[&str], code: i32) -> (Json, String) {
    let out = cargo_bin_cmd!("irready")
        .current_dir(dir)
        .args(["check", "repo", "--format", "json", "--as-of", "2026-06-01"])
        .args(["--skip-checks", "waf-rel-060.ir.*"])
        .args(extra)
        .assert()
        .code(code)
        .get_output()
        .clone();
    let report = serde_json::from_slice(&out.stdout).expect("valid JSON report");
    (report, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The findings that are not PASS, as `STATUS check resource line message-start`.
fn not_passing(report: &Json) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["status"] != "PASS")
        .map(|f| {
            let message = f["message"].as_str().unwrap_or("?");
            format!(
                "{} {} {} {} {}",
                f["status"].as_str().unwrap_or("?"),
                f["check_id"].as_str().unwrap_or("?"),
                f["resource"].as_str().unwrap_or("?"),
                f["line"],
                message.split(':').next().unwrap_or("")
            )
        })
        .collect()
}

const ACTION: &str = "waf-rel-060.tf.aws.sns-topic-alarm-action";
const RUNBOOK: &str = "waf-rel-060.tf.aws.alarm-runbook-severity";

#[test]
fn write_then_accept_then_only_new_findings_fail() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(repo.join("main.tf"), format!("{TOPIC}\n{}", alarm("old"))).unwrap();

    // 1. Record: the run reports and fails as usual, and writes the file.
    let (report, stderr) = check(dir.path(), &["--write-baseline", "baseline.json"], 1);
    assert_eq!(
        not_passing(&report),
        [
            format!("FAIL {ACTION} aws_cloudwatch_metric_alarm.old 11 ok_actions is not set"),
            format!(
                "FAIL {RUNBOOK} aws_cloudwatch_metric_alarm.old 20 alarm_description has no runbook URL (a `runbook` key, `Runbook"
            ),
        ]
    );
    assert!(
        stderr.contains("wrote the baseline baseline.json (2 finding(s))"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert_eq!(
        written,
        format!(
            r#"{{
  "version": 1,
  "findings": [
    {{
      "check_id": "{RUNBOOK}",
      "root": ".",
      "resource": "aws_cloudwatch_metric_alarm.old",
      "file": "main.tf"
    }},
    {{
      "check_id": "{ACTION}",
      "root": ".",
      "resource": "aws_cloudwatch_metric_alarm.old",
      "file": "main.tf"
    }}
  ]
}}
"#
        )
    );

    // 2. Accept: known findings are WAIVED ("baseline: ..."), still in the report.
    let (report, stderr) = check(dir.path(), &["--baseline", "baseline.json"], 0);
    assert_eq!(
        not_passing(&report),
        [
            format!("WAIVED {ACTION} aws_cloudwatch_metric_alarm.old 11 baseline"),
            format!("WAIVED {RUNBOOK} aws_cloudwatch_metric_alarm.old 20 baseline"),
        ]
    );
    assert!(stderr.contains("baseline baseline.json: 2 known finding(s) reported as WAIVED, 0 entries no longer found"), "{stderr}");

    // 3. Lines move (a comment above) and a new alarm appears: only the new one fails.
    std::fs::write(
        repo.join("main.tf"),
        format!("# moved\n\n{TOPIC}\n{}\n{}", alarm("old"), alarm("new")),
    )
    .unwrap();
    let (report, _) = check(dir.path(), &["--baseline", "baseline.json"], 1);
    assert_eq!(
        not_passing(&report),
        [
            format!("WAIVED {ACTION} aws_cloudwatch_metric_alarm.old 13 baseline"),
            format!("WAIVED {RUNBOOK} aws_cloudwatch_metric_alarm.old 22 baseline"),
            format!("FAIL {ACTION} aws_cloudwatch_metric_alarm.new 26 ok_actions is not set"),
            format!(
                "FAIL {RUNBOOK} aws_cloudwatch_metric_alarm.new 35 alarm_description has no runbook URL (a `runbook` key, `Runbook"
            ),
        ]
    );

    // 4. The old alarm fixed (removed): its entries no longer match, which is fine.
    std::fs::write(repo.join("main.tf"), TOPIC).unwrap();
    let (_, stderr) = check(dir.path(), &["--baseline", "baseline.json"], 0);
    assert!(
        stderr.contains("0 known finding(s) reported as WAIVED, 2 entries no longer found"),
        "{stderr}"
    );
}

#[test]
fn the_key_holds_the_root_not_the_address_alone() {
    let dir = tempfile::tempdir().unwrap();
    for root in ["repo/prod", "repo/staging"] {
        let r = dir.path().join(root);
        std::fs::create_dir_all(&r).unwrap();
        std::fs::write(r.join("main.tf"), format!("{TOPIC}\n{}", alarm("api"))).unwrap();
    }
    check(dir.path(), &["--write-baseline", "b.json"], 1);
    // Same address, same file name, another root: not in the baseline. (Paths are
    // relative to the scanned PATH `repo`.)
    std::fs::write(dir.path().join("repo/prod/main.tf"), TOPIC).unwrap();
    let r = dir.path().join("repo/dev");
    std::fs::create_dir_all(&r).unwrap();
    std::fs::write(r.join("main.tf"), format!("{TOPIC}\n{}", alarm("api"))).unwrap();
    let (report, _) = check(dir.path(), &["--baseline", "b.json"], 1);
    let failing: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "FAIL")
        .map(|f| {
            format!(
                "{} {}",
                f["root"].as_str().unwrap_or("?"),
                f["resource"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert_eq!(
        failing,
        [
            "dev aws_cloudwatch_metric_alarm.api",
            "dev aws_cloudwatch_metric_alarm.api"
        ]
    );
}

#[test]
fn a_broken_or_missing_baseline_is_exit_2_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(repo.join("main.tf"), TOPIC).unwrap();
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"version\": 1,\n  \"findings\": [\n    {\"check_id\": \"x\"}\n  ]\n}\n",
    )
    .unwrap();
    let (_, stderr) = check(dir.path(), &["--baseline", "bad.json"], 2);
    assert!(
        stderr.starts_with("bad.json:3:21: not a baseline file (missing field `root`"),
        "{stderr}"
    );
    let (_, stderr) = check(dir.path(), &["--baseline", "missing.json"], 2);
    assert!(
        stderr.starts_with("missing.json:1:1: cannot read"),
        "{stderr}"
    );
}
