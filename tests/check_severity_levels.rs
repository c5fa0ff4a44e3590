//! The severity levels an alarm may carry come from the repository's severity definitions
//! when it has them, else WAF-REL-060's SEV1–SEV4.

use irready::Status;
use irready::scan::{CheckOptions, check};

const ALARM: &str = r#"
resource "aws_sns_topic" "oncall" { name = "oncall" }
resource "aws_cloudwatch_metric_alarm" "p2" {
  alarm_name        = "p2"
  alarm_actions     = [aws_sns_topic.oncall.arn]
  ok_actions        = [aws_sns_topic.oncall.arn]
  alarm_description = "P2: checkout errors. Runbook: https://runbooks.example/checkout"
}
resource "aws_cloudwatch_metric_alarm" "sev2" {
  alarm_name        = "sev2"
  alarm_actions     = [aws_sns_topic.oncall.arn]
  ok_actions        = [aws_sns_topic.oncall.arn]
  alarm_description = jsonencode({ severity = "SEV2", runbook = "https://runbooks.example/x" })
}
"#;

fn statuses(severity_file: Option<&str>) -> (Status, Status, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), ALARM).unwrap();
    if let Some(text) = severity_file {
        std::fs::create_dir_all(dir.path().join("incident-response")).unwrap();
        std::fs::write(
            dir.path()
                .join("incident-response/severity-definitions.yml"),
            text,
        )
        .unwrap();
    }
    let outcome = check(&CheckOptions {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    });
    let of = |address: &str| {
        outcome
            .findings
            .iter()
            .find(|f| {
                f.check_id == "waf-rel-060.tf.aws.alarm-runbook-severity" && f.resource == address
            })
            .map(|f| f.status)
            .unwrap()
    };
    (
        of("aws_cloudwatch_metric_alarm.p2"),
        of("aws_cloudwatch_metric_alarm.sev2"),
        outcome.diagnostics.iter().map(|d| d.to_string()).collect(),
    )
}

#[test]
fn without_definitions_sev1_to_sev4_are_the_levels() {
    assert_eq!(statuses(None), (Status::Fail, Status::Pass, vec![]));
}

#[test]
fn the_definitions_file_replaces_the_levels() {
    let defs = "severity_levels:\n  P1: {name: Critical}\n  P2: {name: High}\n  P3: {name: Medium}\n  P4: {name: Low}\n";
    assert_eq!(statuses(Some(defs)), (Status::Pass, Status::Fail, vec![]));
}

#[test]
fn a_broken_definitions_file_is_an_error_with_its_position() {
    let (_, _, diags) = statuses(Some("severity_levels: [P1\n"));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].starts_with("incident-response/severity-definitions.yml:"),
        "{}",
        diags[0]
    );
}

#[test]
fn level_names_still_count_when_one_level_body_is_broken() {
    // `criteria` must be a list: the whole file does not load (an ERROR says where), but
    // its level names are readable, so P2 alarms are not all reported "undefined".
    let defs = "severity_levels:\n  P1: {name: Critical, criteria: 5}\n  P2: {name: High}\n  P3: {name: Medium}\n  P4: {name: Low}\n";
    let (p2, sev2, diags) = statuses(Some(defs));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((p2, sev2), (Status::Pass, Status::Fail));
}
