//! The bundled example is what a newcomer runs first: its findings are exactly those its
//! EXPECTED.md lists — every deliberate violation, the two UNKNOWNs, and nothing else.

use irready::Status;
use irready::scan::{CheckOptions, check};
use std::path::Path;

#[test]
fn examples_platform_reports_exactly_the_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/platform");
    let outcome = check(&CheckOptions {
        paths: vec![root],
        ..Default::default()
    });
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let not_passing: Vec<String> = outcome
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| {
            format!(
                "{} {} {} {}:{} {}",
                f.status,
                f.check_id.trim_start_matches("waf-rel-060.tf."),
                f.resource,
                f.file,
                f.line,
                f.root
            )
        })
        .collect();
    let expected = [
        r#"FAIL aws.alarm-runbook-severity aws_cloudwatch_metric_alarm.lambda_errors["invoice-renderer"] infra/envs/prod/alarms.tf:68 infra/envs/prod"#,
        "FAIL aws.alarm-action-reaches-oncall aws_cloudwatch_metric_alarm.orders_queue_depth infra/envs/prod/alarms.tf:101 infra/envs/prod",
        "FAIL aws.sns-topic-alarm-action aws_cloudwatch_metric_alarm.orders_queue_depth infra/envs/prod/alarms.tf:101 infra/envs/prod",
        "FAIL aws.alarm-runbook-severity aws_cloudwatch_metric_alarm.orders_db_cpu infra/envs/prod/alarms.tf:138 infra/envs/prod",
        "SKIP aws.alarm-action-reaches-oncall aws_cloudwatch_metric_alarm.legacy_api_5xx infra/envs/prod/alarms.tf:161 infra/envs/prod",
        "SKIP aws.sns-topic-alarm-action aws_cloudwatch_metric_alarm.legacy_api_5xx infra/envs/prod/alarms.tf:161 infra/envs/prod",
        "FAIL azurerm.action-group-configured azurerm_monitor_action_group.unrouted infra/envs/prod/azure.tf:44 infra/envs/prod",
        "FAIL google.monitoring-notification-channel google_monitoring_alert_policy.search_index_disk infra/envs/prod/gcp.tf:66 infra/envs/prod",
        "FAIL pagerduty.escalation-primary-secondary pagerduty_service.reporting infra/envs/prod/pagerduty.tf:64 infra/envs/prod",
        "FAIL aws.alarm-action-reaches-oncall module.batch_alarms.aws_cloudwatch_metric_alarm.latency infra/modules/service-alarms/main.tf:39 infra/envs/prod",
        "FAIL aws.alarm-action-reaches-oncall module.batch_alarms.aws_cloudwatch_metric_alarm.errors infra/modules/service-alarms/main.tf:62 infra/envs/prod",
    ];
    assert_eq!(not_passing, expected);
    // The traps: instances with count 0 have no finding at all; staging is a root too.
    let addresses: Vec<&str> = outcome
        .findings
        .iter()
        .map(|f| f.resource.as_str())
        .collect();
    assert!(!addresses.iter().any(|a| a.contains("load_test_guard")));
    assert!(
        !addresses
            .iter()
            .any(|a| a.starts_with("module.batch_alarms.aws_cloudwatch_metric_alarm.saturation"))
    );
    assert!(!addresses.iter().any(|a| {
        a.starts_with("module.service_alarms[\"search\"].aws_cloudwatch_metric_alarm.saturation")
    }));
    assert!(addresses.contains(
        &"module.service_alarms[\"payments\"].aws_cloudwatch_metric_alarm.saturation[0]"
    ));
    assert!(outcome.findings.iter().any(|f| {
        f.root == "infra/envs/staging"
            && f.resource
                .starts_with("module.service_alarms[\"payments\"]")
    }));
}
