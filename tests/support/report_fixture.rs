//! A small, fixed run shared by the report tests: two controls in two pillars, every
//! status, a check without findings, an ERROR of an undeclared check (a broken file), a
//! path with a space, a long message that must wrap, and a multi-line example.

use irready::finding::{
    CheckSummary, ControlSummary, Finding, RegulatoryMapping, Severity, Status, sort_findings,
};
use irready::report::{ConsoleOptions, Format, ReportInput, render};

/// The tool version every fixture run reports.
pub const VERSION: &str = "0.1.0";

/// The PATH arguments of the fixture run.
pub fn scanned_paths() -> Vec<String> {
    vec!["infra".to_string()]
}

/// The controls the fixture run ran.
pub fn controls() -> Vec<ControlSummary> {
    vec![
        ControlSummary {
            id: "WAF-REL-060".into(),
            title: "Incident Response & Runbook Readiness".into(),
            pillar: "reliability".into(),
            severity: "high".into(),
            category: "incident-management".into(),
            description: "Alerts reach on-call, carry a runbook and a severity; incidents are reviewed.".into(),
            rationale: "An alert nobody receives is an outage nobody handles.".into(),
            threat: vec!["Silent alerts".into(), "Knowledge loss".into()],
            regulatory_mapping: vec![
                RegulatoryMapping {
                    framework: "ISO 27001:2022".into(),
                    controls: vec!["A.5.24".into(), "A.5.26".into()],
                },
                RegulatoryMapping {
                    framework: "DORA".into(),
                    controls: vec!["Art. 17".into()],
                },
            ],
            checks: vec![
                CheckSummary {
                    id: "waf-rel-060.tf.aws.sns-topic-alarm-action".into(),
                    title: "Alarms notify on alarm and on recovery".into(),
                    severity: "high".into(),
                    description: "alarm_actions and ok_actions are not empty after evaluation.".into(),
                    remediation: "Set alarm_actions and ok_actions to an SNS topic that pages on-call.".into(),
                    example_compliant: Some(
                        "resource \"aws_cloudwatch_metric_alarm\" \"api\" {\n  alarm_actions = [aws_sns_topic.oncall.arn]\n  ok_actions    = [aws_sns_topic.oncall.arn]\n}\n".into(),
                    ),
                    example_non_compliant: Some(
                        "resource \"aws_cloudwatch_metric_alarm\" \"api\" {\n  alarm_actions = []\n}\n".into(),
                    ),
                },
                CheckSummary {
                    id: "waf-rel-060.tf.aws.alarm-runbook-severity".into(),
                    title: "Alarm descriptions carry a runbook URL and a severity".into(),
                    severity: "medium".into(),
                    description: "alarm_description names a runbook URL and a defined severity.".into(),
                    remediation: "Put a runbook URL and a severity (SEV1-SEV4) in alarm_description.".into(),
                    example_compliant: None,
                    example_non_compliant: None,
                },
                CheckSummary {
                    id: "waf-rel-060.tf.google.monitoring-notification-channel".into(),
                    title: "Alert policies notify a channel and link a runbook".into(),
                    severity: "medium".into(),
                    description: String::new(),
                    remediation: "Set notification_channels and documentation with a runbook link.".into(),
                    example_compliant: None,
                    example_non_compliant: None,
                },
                CheckSummary {
                    id: "waf-rel-060.ir.review-within-deadline".into(),
                    title: "SEV1/SEV2 incidents are reviewed within 5 business days".into(),
                    severity: "high".into(),
                    description: "Every SEV1/SEV2 incident resolved in the last 12 months has a timely review.".into(),
                    remediation: "Write the post-incident review and link it from the incident record.".into(),
                    example_compliant: None,
                    example_non_compliant: None,
                },
            ],
        },
        ControlSummary {
            id: "WAF-OPS-020".into(),
            title: "Centralized Logging".into(),
            pillar: "operations".into(),
            severity: "medium".into(),
            checks: vec![CheckSummary {
                id: "WAF-OPS-020-C1".into(),
                title: "CloudWatch log groups keep logs".into(),
                severity: "medium".into(),
                remediation: "Set retention_in_days.".into(),
                ..CheckSummary::default()
            }],
            ..ControlSummary::default()
        },
    ]
}

#[allow(clippy::too_many_arguments)]
fn finding(
    check: &str,
    title: &str,
    control: &str,
    severity: Severity,
    status: Status,
    resource: &str,
    message: &str,
    (file, line, column): (&str, u32, u32),
    root: &str,
) -> Finding {
    let pillar = if control == "WAF-OPS-020" {
        "operations"
    } else {
        "reliability"
    };
    Finding {
        check_id: check.into(),
        check_title: title.into(),
        control_id: control.into(),
        pillar: pillar.into(),
        severity,
        status,
        resource: resource.into(),
        message: message.into(),
        remediation: match status {
            Status::Fail | Status::Skip => "See the check's remediation.".into(),
            _ => String::new(),
        },
        file: file.into(),
        line,
        column,
        root: root.into(),
    }
}

/// The fixture run's findings, sorted as the scanner hands them over.
pub fn findings() -> Vec<Finding> {
    const ACTION: &str = "waf-rel-060.tf.aws.sns-topic-alarm-action";
    const ACTION_T: &str = "Alarms notify on alarm and on recovery";
    const RUNBOOK: &str = "waf-rel-060.tf.aws.alarm-runbook-severity";
    const RUNBOOK_T: &str = "Alarm descriptions carry a runbook URL and a severity";
    let mut findings = vec![
        finding(
            ACTION,
            ACTION_T,
            "WAF-REL-060",
            Severity::High,
            Status::Fail,
            "aws_cloudwatch_metric_alarm.api",
            "alarm_actions is empty",
            ("alarms.tf", 12, 1),
            ".",
        ),
        finding(
            RUNBOOK,
            RUNBOOK_T,
            "WAF-REL-060",
            Severity::Medium,
            Status::Pass,
            "aws_cloudwatch_metric_alarm.api",
            "alarm_description has a runbook URL and severity SEV2",
            ("alarms.tf", 12, 1),
            ".",
        ),
        finding(
            ACTION,
            ACTION_T,
            "WAF-REL-060",
            Severity::High,
            Status::Waived,
            "aws_cloudwatch_metric_alarm.batch",
            "waived by RA-7 until 2026-12-31: batch jobs page nobody at night",
            ("alarms.tf", 44, 1),
            ".",
        ),
        finding(
            RUNBOOK,
            RUNBOOK_T,
            "WAF-REL-060",
            Severity::Medium,
            Status::Fail,
            "module.payments.aws_cloudwatch_metric_alarm.this[\"latency\"]",
            "alarm_description has no runbook URL: expected a JSON key `runbook` or text such as \"Runbook: https://runbooks.example/payments-latency\"",
            ("prod env/main.tf", 30, 3),
            "prod env",
        ),
        finding(
            ACTION,
            ACTION_T,
            "WAF-REL-060",
            Severity::High,
            Status::Skip,
            "module.shared.aws_cloudwatch_metric_alarm.this",
            "UNKNOWN: alarm_actions comes from data.aws_sns_topic.oncall, read only at apply time",
            ("modules/alarms/main.tf", 5, 1),
            "prod env",
        ),
        finding(
            "waf-rel-060.ir.review-within-deadline",
            "SEV1/SEV2 incidents are reviewed within 5 business days",
            "WAF-REL-060",
            Severity::High,
            Status::Fail,
            "INC-2026-014",
            "no post-incident review: SEV1 resolved 2026-03-02, deadline 2026-03-09 passed 12 business days ago",
            ("incident-response/incidents/INC-2026-014.yml", 1, 1),
            "",
        ),
        finding(
            "irready.parse",
            "Input files parse",
            "irready",
            Severity::High,
            Status::Error,
            "",
            "expected `}` to close the block opened at 3:1",
            ("broken.tf", 7, 15),
            ".",
        ),
        finding(
            "WAF-OPS-020-C1",
            "CloudWatch log groups keep logs",
            "WAF-OPS-020",
            Severity::Medium,
            Status::Pass,
            "aws_cloudwatch_log_group.app",
            "retention_in_days is 30",
            ("logs.tf", 1, 1),
            ".",
        ),
    ];
    sort_findings(&mut findings);
    findings
}

/// Renders the fixture run in `format`.
pub fn render_fixture(format: Format, console: ConsoleOptions) -> String {
    let findings = findings();
    let controls = controls();
    let paths = scanned_paths();
    let input = ReportInput {
        findings: &findings,
        controls: &controls,
        controls_loaded: 3,
        scanned_paths: &paths,
        tool_version: VERSION,
    };
    render(format, &input, &console)
}
