//! The bundled example is what a newcomer runs first: its findings are exactly those its
//! EXPECTED.md lists — every deliberate violation in the Terraform and in the
//! incident-response documents, the two UNKNOWNs, and nothing else — as of the date the
//! README's command gives.

use irready::Status;
use irready::scan::{CheckOptions, check};
use std::path::Path;

#[test]
fn examples_platform_reports_exactly_the_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/platform");
    let outcome = check(&CheckOptions {
        paths: vec![root],
        as_of: Some(jiff::civil::date(2026, 11, 30)),
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
        "FAIL waf-rel-060.ir.oncall-primary-secondary nightly-batch incident-response/oncall.yml:70 ",
        "FAIL waf-rel-060.ir.action-items-tracked INC-2026-011 incident-response/postmortems/INC-2026-011.md:35 ",
        "FAIL waf-rel-060.ir.review-within-deadline INC-2026-019 incident-response/postmortems/INC-2026-019.md:3 ",
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
        r#"FAIL waf-rel-060.ir.runbook-linked module.service_alarms["checkout"].aws_cloudwatch_metric_alarm.saturation[0] infra/modules/service-alarms/main.tf:67 infra/envs/prod"#,
    ];
    assert_eq!(not_passing, expected);
    // The document gaps say what is wrong, with the numbers a reader checks by hand.
    let message = |check: &str, resource: &str| -> &str {
        outcome
            .findings
            .iter()
            .find(|f| f.check_id == check && f.resource == resource)
            .map_or("", |f| f.message.as_str())
    };
    // Resolved Wed 2026-04-01; Good Friday (04-03) and Easter Monday (04-06) are
    // holidays: Thu 2 (1), Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5). Reviewed Wed 15:
    // Mon 13, Tue 14, Wed 15 = 3 business days late.
    let late = message("waf-rel-060.ir.review-within-deadline", "INC-2026-019");
    assert!(
        late.contains("late by 3 business days (deadline 2026-04-10"),
        "{late}"
    );
    let stale = message(
        "waf-rel-060.ir.runbook-linked",
        r#"module.service_alarms["checkout"].aws_cloudwatch_metric_alarm.saturation[0]"#,
    );
    // 2025-11-03 to 2026-11-30: 365 + 27 days.
    assert!(
        stale.contains("2025-11-03, 392 days before 2026-11-30"),
        "{stale}"
    );
    let overdue = message("waf-rel-060.ir.action-items-tracked", "INC-2026-011");
    // Due 2026-09-30, as of 2026-11-30: 31 (October) + 30 (November) days.
    assert!(overdue.contains("61 days overdue"), "{overdue}");
    assert!(
        message("waf-rel-060.ir.oncall-primary-secondary", "nightly-batch")
            .contains("no secondary")
    );
    // INC-2026-041 (SEV2, resolved Thu 2026-11-26) has no review yet: due Thu 2026-12-03.
    let not_due = message("waf-rel-060.ir.review-within-deadline", "INC-2026-041");
    assert!(
        not_due.starts_with("review not due yet: due by 2026-12-03"),
        "{not_due}"
    );
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
