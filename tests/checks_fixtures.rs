//! End to end for every built-in Terraform check: each `tests/fixtures/checks/<id>/pass`
//! and `.../fail` folder is evaluated like a user's repository (variables with defaults,
//! locals, `count`, `for_each`, dynamic blocks) and the check's verdict per address is
//! pinned. The fixtures thereby pin the evaluator too.

use irready::Status;
use irready::checks::{CheckContext, CheckSettings, find};
use irready::terraform::module::{LoadOptions, evaluate_tree};
use std::collections::BTreeMap;
use std::path::Path;

/// Verdicts of `check_id` on the fixture folder, address → (status, message).
fn verdicts(check_id: &str, case: &str) -> BTreeMap<String, (Status, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checks")
        .join(check_id)
        .join(case);
    let (configs, diagnostics) = evaluate_tree(&dir, &LoadOptions::default());
    assert!(diagnostics.is_empty(), "{check_id}/{case}: {diagnostics:?}");
    let check = find(check_id).unwrap_or_else(|| panic!("{check_id} is not registered"));
    let settings = CheckSettings::default();
    let mut out = BTreeMap::new();
    for config in &configs {
        for v in check.run(&CheckContext {
            config,
            settings: &settings,
        }) {
            assert!(v.location.line > 0, "{v:?}");
            assert!(
                out.insert(v.resource.clone(), (v.status, v.message.clone()))
                    .is_none(),
                "two verdicts on {}",
                v.resource
            );
        }
    }
    out
}

fn assert_statuses(check_id: &str, case: &str, expected: &[(&str, Status)]) {
    let got = verdicts(check_id, case);
    let got_statuses: BTreeMap<&str, Status> =
        got.iter().map(|(a, (s, _))| (a.as_str(), *s)).collect();
    let want: BTreeMap<&str, Status> = expected.iter().copied().collect();
    assert_eq!(got_statuses, want, "{check_id}/{case}: {got:#?}");
    for (address, (status, message)) in &got {
        if *status == Status::Skip {
            assert!(message.starts_with("UNKNOWN: "), "{address}: {message}");
        }
    }
}

use Status::{Fail, Pass, Skip};

#[test]
fn aws_sns_topic_alarm_action() {
    let id = "waf-rel-060.tf.aws.sns-topic-alarm-action";
    assert_statuses(
        id,
        "pass",
        &[
            ("aws_cloudwatch_metric_alarm.api_errors", Pass),
            ("aws_cloudwatch_metric_alarm.queue_age[0]", Pass),
            ("aws_cloudwatch_metric_alarm.queue_age[1]", Pass),
            ("aws_cloudwatch_composite_alarm.checkout", Pass),
        ],
    );
    assert_statuses(
        id,
        "fail",
        &[
            ("aws_cloudwatch_metric_alarm.silent", Fail),
            ("aws_cloudwatch_metric_alarm.no_recovery[\"api\"]", Fail),
            ("aws_cloudwatch_metric_alarm.no_recovery[\"lb\"]", Fail),
            ("aws_cloudwatch_composite_alarm.muted", Fail),
        ],
    );
}

#[test]
fn aws_alarm_runbook_severity() {
    let id = "waf-rel-060.tf.aws.alarm-runbook-severity";
    assert_statuses(
        id,
        "pass",
        &[
            ("aws_cloudwatch_metric_alarm.api_errors", Pass),
            ("aws_cloudwatch_metric_alarm.latency[\"p50\"]", Pass),
            ("aws_cloudwatch_metric_alarm.latency[\"p99\"]", Pass),
            ("aws_cloudwatch_metric_alarm.db_cpu", Pass),
        ],
    );
    assert_statuses(
        id,
        "fail",
        &[
            ("aws_cloudwatch_metric_alarm.bare", Fail),
            ("aws_cloudwatch_metric_alarm.no_runbook", Fail),
            ("aws_cloudwatch_metric_alarm.no_severity[0]", Fail),
            ("aws_cloudwatch_metric_alarm.undefined_level", Fail),
        ],
    );
    let got = verdicts(id, "fail");
    assert!(
        got["aws_cloudwatch_metric_alarm.undefined_level"]
            .1
            .contains("severity SEV5 is not defined")
    );
}

#[test]
fn aws_alarm_action_reaches_oncall() {
    let id = "waf-rel-060.tf.aws.alarm-action-reaches-oncall";
    assert_statuses(
        id,
        "pass",
        &[
            ("aws_cloudwatch_metric_alarm.errors[\"payments\"]", Pass),
            ("aws_cloudwatch_metric_alarm.errors[\"search\"]", Pass),
            ("aws_cloudwatch_metric_alarm.by_arn", Pass),
        ],
    );
    assert_statuses(
        id,
        "fail",
        &[
            ("aws_cloudwatch_metric_alarm.into_silence", Fail),
            ("aws_cloudwatch_metric_alarm.automation_only", Fail),
            ("aws_cloudwatch_metric_alarm.external", Skip),
        ],
    );
    let got = verdicts(id, "fail");
    assert!(
        got["aws_cloudwatch_metric_alarm.into_silence"]
            .1
            .contains("aws_sns_topic.forgotten[0]")
    );
}

#[test]
fn azurerm_action_group_configured() {
    let id = "waf-rel-060.tf.azurerm.action-group-configured";
    assert_statuses(
        id,
        "pass",
        &[
            ("azurerm_monitor_action_group.oncall", Pass),
            ("azurerm_monitor_action_group.sms[0]", Pass),
        ],
    );
    assert_statuses(
        id,
        "fail",
        &[
            ("azurerm_monitor_action_group.empty", Fail),
            ("azurerm_monitor_action_group.disabled", Fail),
        ],
    );
}

#[test]
fn azurerm_alert_action() {
    let id = "waf-rel-060.tf.azurerm.alert-action";
    assert_statuses(
        id,
        "pass",
        &[
            ("azurerm_monitor_metric_alert.http5xx", Pass),
            (
                "azurerm_monitor_scheduled_query_rules_alert_v2.errors[\"exceptions\"]",
                Pass,
            ),
            (
                "azurerm_monitor_scheduled_query_rules_alert_v2.errors[\"timeouts\"]",
                Pass,
            ),
            ("azurerm_monitor_activity_log_alert.service_health", Pass),
        ],
    );
    assert_statuses(
        id,
        "fail",
        &[
            ("azurerm_monitor_metric_alert.no_action", Fail),
            (
                "azurerm_monitor_scheduled_query_rules_alert_v2.undocumented",
                Fail,
            ),
            ("azurerm_monitor_activity_log_alert.disabled", Fail),
        ],
    );
}

#[test]
fn google_monitoring_notification_channel() {
    let id = "waf-rel-060.tf.google.monitoring-notification-channel";
    assert_statuses(
        id,
        "pass",
        &[
            ("google_monitoring_alert_policy.errors", Pass),
            ("google_monitoring_alert_policy.latency[\"p50\"]", Pass),
            ("google_monitoring_alert_policy.latency[\"p99\"]", Pass),
        ],
    );
    assert_statuses(
        id,
        "fail",
        &[
            ("google_monitoring_alert_policy.silent", Fail),
            ("google_monitoring_alert_policy.no_runbook", Fail),
        ],
    );
}

#[test]
fn pagerduty_escalation_primary_secondary() {
    let id = "waf-rel-060.tf.pagerduty.escalation-primary-secondary";
    assert_statuses(id, "pass", &[("pagerduty_service.payments[0]", Pass)]);
    assert_statuses(
        id,
        "fail",
        &[
            ("pagerduty_service.search", Fail),
            ("pagerduty_service.billing", Fail),
        ],
    );
    let got = verdicts(id, "fail");
    let search = &got["pagerduty_service.search"].1;
    assert!(search.contains("after 30 minutes (limit 15)"), "{search}");
    assert!(search.contains("rotates over one person only"), "{search}");
}

#[test]
fn opsgenie_escalation_primary_secondary() {
    let id = "waf-rel-060.tf.opsgenie.escalation-primary-secondary";
    assert_statuses(id, "pass", &[("opsgenie_escalation.payments", Pass)]);
    assert_statuses(
        id,
        "fail",
        &[
            ("opsgenie_escalation.search", Fail),
            ("opsgenie_escalation.billing", Fail),
        ],
    );
}
