//! `waf-rel-060.ir.runbook-orphan` end to end: every runbook belongs to an alert that
//! exists (linked by an alert's link, its name or address, or an incident).

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status::{Fail, Pass, Skip};

const ID: &str = "waf-rel-060.ir.runbook-orphan";
const AS_OF: &str = "2026-06-30";

#[test]
fn links_names_addresses_and_incidents_all_count() {
    let got = assert_statuses(
        ID,
        "pass",
        AS_OF,
        &[
            ("incident-response/runbooks/batch.md", Pass),
            ("incident-response/runbooks/payment-api-errors.md", Pass),
            ("incident-response/runbooks/payment-db-cpu.md", Pass),
            ("incident-response/runbooks/queue.md", Pass),
        ],
    );
    let message = |path: &str| {
        got[&format!("incident-response/runbooks/{path}")]
            .message
            .clone()
    };
    assert_eq!(
        message("payment-api-errors.md"),
        "runbook is linked: aws_cloudwatch_metric_alarm.payment_errors links it"
    );
    assert_eq!(
        message("payment-db-cpu.md"),
        "runbook is linked: alert id payment-db-cpu is aws_cloudwatch_metric_alarm.db_cpu"
    );
    assert_eq!(
        message("queue.md"),
        "runbook is linked: alert id aws_cloudwatch_metric_alarm.queue is \
         aws_cloudwatch_metric_alarm.queue"
    );
    assert_eq!(
        message("batch.md"),
        "runbook is linked: incident INC-7 names alert legacy-batch-failure"
    );
    // The finding points at the alert ids.
    assert_eq!(
        got["incident-response/runbooks/payment-db-cpu.md"].at,
        "incident-response/runbooks/payment-db-cpu.md:2"
    );
}

#[test]
fn runbooks_of_renamed_alerts_and_runbooks_of_no_alert_are_orphans() {
    let got = assert_statuses(
        ID,
        "fail",
        AS_OF,
        &[
            ("incident-response/runbooks/notes.md", Fail),
            ("incident-response/runbooks/old.md", Fail),
            ("incident-response/runbooks/payment-api-errors.md", Pass),
        ],
    );
    let old = &got["incident-response/runbooks/old.md"];
    assert_eq!(old.at, "incident-response/runbooks/old.md:3");
    assert_eq!(
        old.message,
        "its alert ids payment-api-5xx-old, payment-api-5xx-older match no alert; the alert \
         was renamed or removed"
    );
    let notes = &got["incident-response/runbooks/notes.md"];
    assert_eq!(notes.at, "incident-response/runbooks/notes.md:1");
    assert_eq!(notes.message, "it lists no alert ids and no alert links it");
}

#[test]
fn an_unreadable_alert_might_link_an_unlinked_runbook() {
    let got = assert_statuses(
        ID,
        "unknown-alert",
        AS_OF,
        &[
            // Its name is known, so the alert id still matches.
            ("incident-response/runbooks/payment-api-errors.md", Pass),
            ("incident-response/runbooks/old.md", Skip),
        ],
    );
    let old = &got["incident-response/runbooks/old.md"].message;
    assert!(
        old.starts_with(
            "UNKNOWN: its alert ids payment-api-5xx-old match no alert that could be read, but \
             one alert cannot be read and might link it: \
             aws_cloudwatch_metric_alarm.payment_errors (var.payment_description"
        ),
        "{old}"
    );
}

#[test]
fn without_any_alert_in_the_scan_nothing_is_an_orphan() {
    // The alerts may be defined in another repository.
    assert_statuses(ID, "no-alerts", AS_OF, &[]);
}
