//! The registry lists each built-in Terraform check of SPEC §4.1 once, under its stable id.

use irready::checks::{find, registry};

const TERRAFORM_CHECKS: &[&str] = &[
    "waf-rel-060.tf.aws.sns-topic-alarm-action",
    "waf-rel-060.tf.aws.alarm-runbook-severity",
    "waf-rel-060.tf.aws.alarm-action-reaches-oncall",
    "waf-rel-060.tf.azurerm.action-group-configured",
    "waf-rel-060.tf.azurerm.alert-action",
    "waf-rel-060.tf.google.monitoring-notification-channel",
    "waf-rel-060.tf.pagerduty.escalation-primary-secondary",
    "waf-rel-060.tf.opsgenie.escalation-primary-secondary",
];

#[test]
fn every_terraform_check_is_registered_once() {
    let ids: Vec<&str> = registry().iter().map(|c| c.id()).collect();
    for id in TERRAFORM_CHECKS {
        assert_eq!(
            ids.iter().filter(|i| *i == id).count(),
            1,
            "{id} in {ids:?}"
        );
        assert_eq!(find(id).map(|c| c.id()), Some(*id));
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    assert!(find("waf-rel-060.tf.aws.nope").is_none());
}
