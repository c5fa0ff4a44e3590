//! `waf-rel-060.ir.runbook-linked` end to end: critical alerts link a catalog runbook
//! (by URL base, relative path or alert id) that is not stale.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status::{Fail, Pass, Skip};

const ID: &str = "waf-rel-060.ir.runbook-linked";
const AS_OF: &str = "2026-06-30";

#[test]
fn every_form_of_link_resolves_and_non_critical_alerts_are_ignored() {
    // disk (SEV3, broken link) and queue (no severity) get no verdict.
    let got = assert_statuses(
        ID,
        "pass",
        AS_OF,
        &[
            ("aws_cloudwatch_metric_alarm.payment_errors", Pass),
            ("aws_cloudwatch_metric_alarm.db_cpu", Pass),
            ("aws_cloudwatch_metric_alarm.search_latency", Pass),
        ],
    );
    let url = &got["aws_cloudwatch_metric_alarm.payment_errors"];
    assert_eq!(url.at, "main.tf:2");
    // 2026-05-02 → 2026-06-30: 29 (rest of May) + 30 (June) = 59 days.
    assert_eq!(
        url.message,
        "SEV1 alert links runbook incident-response/runbooks/payment-api-errors.md (through \
         the configured URL base), last updated 2026-05-02 (59 days before the as-of date; at \
         most 180 allowed)"
    );
    // 2026-01-01 → 2026-06-30: 30 + 28 + 31 + 30 + 31 + 30 = 180 days: at the limit, not past it.
    let relative = &got["aws_cloudwatch_metric_alarm.db_cpu"].message;
    assert!(
        relative.contains("payment-db-cpu.md (as a relative path)"),
        "{relative}"
    );
    assert!(
        relative.contains("last updated 2026-01-01 (180 days"),
        "{relative}"
    );
    let by_id = &got["aws_cloudwatch_metric_alarm.search_latency"].message;
    assert!(
        by_id.contains("search-latency.md (by its alert id or file name), last updated 2026-06-30 (on the as-of date"),
        "{by_id}"
    );
}

#[test]
fn missing_broken_ambiguous_stale_and_undated_links_fail_and_unknown_descriptions_skip() {
    // minor (SEV4, broken link) gets no verdict.
    let got = assert_statuses(
        ID,
        "fail",
        AS_OF,
        &[
            ("aws_cloudwatch_metric_alarm.no_runbook", Fail),
            ("aws_cloudwatch_metric_alarm.broken", Fail),
            ("aws_cloudwatch_metric_alarm.stale", Fail),
            ("aws_cloudwatch_metric_alarm.undated", Fail),
            ("aws_cloudwatch_metric_alarm.ambiguous", Fail),
            ("aws_cloudwatch_metric_alarm.moved", Fail),
            ("aws_cloudwatch_metric_alarm.unknown", Skip),
        ],
    );
    let none = &got["aws_cloudwatch_metric_alarm.no_runbook"];
    assert_eq!(none.at, "main.tf:1");
    assert!(
        none.message.starts_with("SEV1 alert links no runbook"),
        "{}",
        none.message
    );

    let broken = &got["aws_cloudwatch_metric_alarm.broken"];
    assert_eq!(broken.at, "main.tf:7");
    for part in [
        "https://runbooks.example.com/payment-api-old resolves to no runbook of the catalog at incident-response/runbooks",
        "under the configured URL base https://runbooks.example.com/",
        "`payment-api-old`",
        "runbooks.url_bases",
    ] {
        assert!(broken.message.contains(part), "{part}: {}", broken.message);
    }

    // 2025-12-31 → 2026-06-30: 1 + 180 = 181 days, one more than the 180 allowed.
    let stale = &got["aws_cloudwatch_metric_alarm.stale"];
    assert_eq!(stale.at, "main.tf:12");
    assert_eq!(
        stale.message,
        "SEV2 alert links runbook incident-response/runbooks/payment-api-latency.md, which is \
         stale: last updated 2025-12-31, 181 days before 2026-06-30, more than the 180 days \
         allowed (runbooks.stale_after_days)"
    );

    // The severity is compared case-insensitively; the link has no .md.
    let undated = &got["aws_cloudwatch_metric_alarm.undated"].message;
    assert!(
        undated.contains("payment-queue-depth.md, which has no last-updated date"),
        "{undated}"
    );

    let ambiguous = &got["aws_cloudwatch_metric_alarm.ambiguous"].message;
    assert!(
        ambiguous.contains(
            "is ambiguous: `db-cpu` names 2 runbooks (incident-response/runbooks/payments/db-cpu.md, incident-response/runbooks/search/db-cpu.md)"
        ),
        "{ambiguous}"
    );

    let moved = &got["aws_cloudwatch_metric_alarm.moved"].message;
    assert!(
        moved.contains("no runbook is at the relative path `docs/runbooks/checkout-errors.md`"),
        "{moved}"
    );

    let unknown = &got["aws_cloudwatch_metric_alarm.unknown"];
    assert_eq!(unknown.at, "main.tf:34");
    assert!(
        unknown.message.starts_with(
            "UNKNOWN: its severity and runbook cannot be read: var.refunds_description"
        ),
        "{}",
        unknown.message
    );
}

#[test]
fn without_a_catalog_folder_a_link_cannot_be_verified() {
    let got = assert_statuses(
        ID,
        "no-catalog",
        AS_OF,
        &[("aws_cloudwatch_metric_alarm.payment_errors", Skip)],
    );
    assert_eq!(
        got["aws_cloudwatch_metric_alarm.payment_errors"].message,
        "UNKNOWN: no runbook catalog at incident-response/runbooks; the link \
         https://runbooks.example.com/payment-api-errors cannot be verified"
    );
}

#[test]
fn staleness_moves_with_the_as_of_date() {
    // One day later the 180-day-old runbook of db_cpu is 181 days old: stale.
    let got = ir_checks::findings(ID, "pass", "2026-07-01");
    let db = &got["aws_cloudwatch_metric_alarm.db_cpu"];
    assert_eq!(db.status, Fail, "{}", db.message);
    assert!(
        db.message.contains("181 days before 2026-07-01"),
        "{}",
        db.message
    );
}
