//! End-to-end fixtures of `waf-rel-060.ir.oncall-primary-secondary`: on-call from
//! PagerDuty Terraform and from oncall.yml, services named by CloudWatch alarms.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status;

const ID: &str = "waf-rel-060.ir.oncall-primary-secondary";
const ONCALL: &str = "incident-response/oncall.yml";

#[test]
fn services_with_a_primary_and_a_different_secondary_pass() {
    // `reports` (tier staging, one person, no secondary) is out of scope: no verdict.
    let got = assert_statuses(
        ID,
        "pass",
        "2026-06-30",
        &[
            ("checkout", Status::Pass),
            ("payment-api", Status::Pass),
            ("search", Status::Pass),
        ],
    );
    assert_eq!(
        got["payment-api"].message,
        "service payment-api (owns 2 alerts): primary schedule payments-primary \
         (alice@example.com, bob@example.com), secondary schedule payments-secondary \
         (carol@example.com, dave@example.com) from Terraform at main.tf:57"
    );
    assert_eq!(got["payment-api"].at, "main.tf:57");
    // The secondary shares erin with the primary but also reaches grace.
    assert_eq!(
        got["checkout"].message,
        "service checkout (owns 1 alert): primary schedule checkout-primary (erin, frank), \
         secondary schedule checkout-secondary (erin, grace) from incident-response/oncall.yml"
    );
    assert_eq!(got["checkout"].at, format!("{ONCALL}:13"));
    // In oncall.yml without any alert: still in scope.
    assert!(
        got["search"]
            .message
            .starts_with("service search (owns no alert)"),
        "{}",
        got["search"].message
    );
    assert_eq!(got["search"].at, format!("{ONCALL}:17"));
}

#[test]
fn missing_shared_one_person_and_unknown_on_call_are_reported() {
    let got = assert_statuses(
        ID,
        "fail",
        "2026-06-30",
        &[
            ("billing", Status::Fail),
            ("checkout", Status::Fail),
            ("inventory", Status::Fail),
            ("ledger", Status::Skip),
            ("payment-api", Status::Fail),
            ("search", Status::Fail),
        ],
    );
    let msg = |s: &str| got[s].message.as_str();

    // One-person rotation from PagerDuty, at the pagerduty_service.
    assert_eq!(got["payment-api"].at, "main.tf:38");
    assert!(
        msg("payment-api").contains(
            "Terraform at main.tf:38: the primary schedule payments-primary rotates over one \
             person (alice@example.com)"
        ),
        "{}",
        msg("payment-api")
    );

    // Missing secondary in oncall.yml, at the service's line.
    assert_eq!(got["checkout"].at, format!("{ONCALL}:12"));
    assert!(
        msg("checkout").ends_with(&format!("{ONCALL}: no secondary")),
        "{}",
        msg("checkout")
    );

    // A secondary that reaches the same two people as the primary.
    assert_eq!(got["search"].at, format!("{ONCALL}:15"));
    assert!(
        msg("search").contains(
            "the secondary (schedule search-secondary) reaches only people the primary \
             (schedule search-primary) already reaches: alice, bob"
        ),
        "{}",
        msg("search")
    );

    // Alerts, no on-call anywhere: at the first alert.
    assert_eq!(got["inventory"].at, "main.tf:63");
    assert!(
        msg("inventory").starts_with(
            "no on-call defined for service inventory, which owns 2 alerts \
             (aws_cloudwatch_metric_alarm.inventory_errors, \
             aws_cloudwatch_metric_alarm.inventory_stock)"
        ),
        "{}",
        msg("inventory")
    );

    // Only an unknown Terraform source: SKIP with the reason.
    assert_eq!(got["ledger"].at, "main.tf:45");
    assert!(
        msg("ledger").contains("var.ledger_policy_id"),
        "{}",
        msg("ledger")
    );

    // oncall.yml fails on facts, the Terraform is unknown: FAIL, mentioning both.
    assert_eq!(got["billing"].at, format!("{ONCALL}:19"));
    assert!(
        msg("billing").contains(&format!("{ONCALL}: no secondary")),
        "{}",
        msg("billing")
    );
    assert!(
        msg("billing").contains("Terraform at main.tf:49: unknown: ")
            && msg("billing").contains("var.ledger_policy_id"),
        "{}",
        msg("billing")
    );
}
