//! `waf-rel-060.prometheus.alert-runbook-severity` end to end: rule files and
//! PrometheusRule resources found anywhere in the repository.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status::{Fail, Pass};

const ID: &str = "waf-rel-060.prometheus.alert-runbook-severity";

#[test]
fn rules_with_severity_and_runbook_pass() {
    let got = assert_statuses(
        ID,
        "pass",
        "2026-06-30",
        &[
            ("payments/PaymentsErrorRate", Pass),
            ("search/SearchLatencyHigh", Pass),
        ],
    );
    assert_eq!(
        got["payments/PaymentsErrorRate"].at,
        "monitoring/payments.rules.yml:6"
    );
    assert_eq!(
        got["search/SearchLatencyHigh"].at,
        "monitoring/operator.yaml:9"
    );
}

#[test]
fn rules_without_severity_or_runbook_fail_and_templates_are_left_alone() {
    let got = assert_statuses(
        ID,
        "fail",
        "2026-06-30",
        &[
            ("checkout/CheckoutDown", Fail),
            ("checkout/CheckoutSlow", Fail),
            ("checkout/CheckoutQueue", Fail),
        ],
    );
    let down = &got["checkout/CheckoutDown"];
    assert_eq!(down.at, "monitoring/rules.yml:4");
    assert!(
        down.message.contains("no annotations.runbook_url"),
        "{}",
        down.message
    );
    assert!(
        !down.message.contains("labels.severity"),
        "{}",
        down.message
    );
    let slow = &got["checkout/CheckoutSlow"].message;
    assert!(
        slow.contains("no labels.severity") && !slow.contains("runbook_url"),
        "{slow}"
    );
    let queue = &got["checkout/CheckoutQueue"].message;
    assert!(
        queue.contains("no labels.severity and no annotations.runbook_url"),
        "{queue}"
    );
}
