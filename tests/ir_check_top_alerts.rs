//! `waf-rel-060.ir.top-alerts-have-runbooks` end to end: the five most frequent alerts of
//! each service in the incident records of the last 12 months have runbooks.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status::{Fail, Pass, Skip};

const ID: &str = "waf-rel-060.ir.top-alerts-have-runbooks";
const AS_OF: &str = "2026-06-30";

#[test]
fn a_runbook_listing_the_alert_or_linked_by_its_terraform_alert_counts() {
    // INC-4 names no alert; INC-5 (resolved 2025-05-02) is before the window.
    let got = assert_statuses(
        ID,
        "pass",
        AS_OF,
        &[
            ("payment-api/payment-api-errors", Pass),
            ("payment-api/payment-db-cpu", Pass),
        ],
    );
    let errors = &got["payment-api/payment-api-errors"];
    // INC-2 (2026-01-10) comes before INC-1 (2026-03-02): the finding is on INC-2.
    assert_eq!(errors.at, "incident-response/incidents/INC-2.yml:1");
    assert_eq!(
        errors.message,
        "alert payment-api-errors raised 2 incidents of payment-api between 2025-06-30 and \
         2026-06-30 (INC-2, INC-1), rank 1 of the service's alerts; runbook \
         incident-response/runbooks/payment-api-errors.md lists it in its alert ids"
    );
    assert!(
        got["payment-api/payment-db-cpu"].message.ends_with(
            "rank 2 of the service's alerts; its Terraform alert aws_cloudwatch_metric_alarm.db_cpu \
             links runbook incident-response/runbooks/db-cpu.md"
        ),
        "{}",
        got["payment-api/payment-db-cpu"].message
    );
}

#[test]
fn the_top_five_of_each_service_need_runbooks() {
    // payment-api: errors 3, db-cpu 2, then four alerts with 1, ranked by name:
    // cache-miss, cert-expiry, queue-depth — and zz-disk, sixth, is not checked.
    // zz-old was resolved 2025-06-29 at -02:00 (2025-06-30 in UTC): before the window.
    let got = assert_statuses(
        ID,
        "fail",
        AS_OF,
        &[
            ("payment-api/payment-api-errors", Pass),
            ("payment-api/payment-db-cpu", Fail),
            ("payment-api/payment-cache-miss", Fail),
            ("payment-api/payment-cert-expiry", Fail),
            ("payment-api/payment-queue-depth", Fail),
            ("(no service)/nightly-batch", Fail),
            ("refunds/refunds-errors", Skip),
        ],
    );
    let file = "incident-response/incidents/incidents.yml";
    let db = &got["payment-api/payment-db-cpu"];
    // INC-14 (2026-02-20) is written after INC-13 (2026-04-20) but happened first.
    assert_eq!(db.at, format!("{file}:17"));
    assert_eq!(
        db.message,
        "alert payment-db-cpu raised 2 incidents of payment-api between 2025-06-30 and \
         2026-06-30 (INC-14, INC-13), rank 2 of the service's alerts, but no runbook of the \
         catalog at incident-response/runbooks lists it in its alert ids"
    );
    // Resolved on the window's first day: counted.
    let cache = &got["payment-api/payment-cache-miss"];
    assert_eq!(cache.at, format!("{file}:25"));
    assert!(
        cache.message.contains("raised 1 incident of payment-api"),
        "{}",
        cache.message
    );
    assert!(cache.message.contains("rank 3 "), "{}", cache.message);
    // Unresolved: counted by its start.
    let cert = &got["payment-api/payment-cert-expiry"];
    assert_eq!(cert.at, format!("{file}:29"));
    assert!(
        cert.message.contains("(INC-17), rank 4 "),
        "{}",
        cert.message
    );
    let queue = &got["payment-api/payment-queue-depth"].message;
    assert!(queue.contains("rank 5 "), "{queue}");
    assert!(
        queue.ends_with(
            "lists it in its alert ids, and its Terraform alert aws_cloudwatch_metric_alarm.queue links none"
        ),
        "{queue}"
    );
    assert_eq!(got["(no service)/nightly-batch"].at, format!("{file}:41"));
    let refunds = &got["refunds/refunds-errors"].message;
    assert!(
        refunds.starts_with("UNKNOWN: alert refunds-errors raised 1 incident of refunds"),
        "{refunds}"
    );
    assert!(
        refunds.contains(
            "the runbook link of its Terraform alert aws_cloudwatch_metric_alarm.refunds cannot be read: var.refunds_description"
        ),
        "{refunds}"
    );
}
