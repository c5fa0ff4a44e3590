//! `waf-rel-060.ir.action-items-tracked` end to end: one verdict per review, every problem
//! listed, the location on the first item at fault. Today is 2026-06-30; "N days overdue"
//! counts calendar days from the due date to today.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status;

const ID: &str = "waf-rel-060.ir.action-items-tracked";
const EXPECTED: &str = "expected every item with an owner and a due date, and open items closed or re-planned before their date";

#[test]
fn owned_dated_and_on_time_items_pass() {
    let got = assert_statuses(
        ID,
        "pass",
        "2026-06-30",
        &[("INC-21", Status::Pass), ("INC-22", Status::Pass)],
    );
    // One item done, one due 2026-07-15 (after today), one due 2026-06-30: due today is
    // not yet overdue ("before --as-of", SPEC §5).
    assert_eq!(
        got["INC-21"].message,
        "3 action items, all with owner and due date; 1 closed, none overdue"
    );
    assert_eq!(
        got["INC-21"].at,
        "incident-response/postmortems/INC-21.md:7"
    );
    // A review from 2024 is judged too; "✅ Done" closes its item due 2024-12-01.
    assert_eq!(
        got["INC-22"].message,
        "1 action item, all with owner and due date; 1 closed, none overdue"
    );
}

#[test]
fn every_problem_of_a_review_is_listed() {
    let got = assert_statuses(
        ID,
        "fail",
        "2026-06-30",
        &[
            ("INC-31", Status::Fail),
            ("INC-32", Status::Fail),
            ("INC-33", Status::Fail),
            ("INC-34", Status::Fail),
        ],
    );
    assert_eq!(
        got["INC-31"].message,
        "no Action Items section: expected an Action Items table (Priority, Action, Owner, Due Date, Status) with at least one item"
    );
    assert_eq!(
        got["INC-31"].at,
        "incident-response/postmortems/INC-31.md:3"
    );
    assert_eq!(
        got["INC-32"].message,
        "the Action Items section lists no item: expected at least one action item with an owner and a due date"
    );
    assert_eq!(
        got["INC-32"].at,
        "incident-response/postmortems/INC-32.md:6"
    );
    // Line 11 (done, dated, owned) is fine. 2026-06-29 → 2026-06-30: 1 day overdue.
    // 2025-12-31 → 2026-06-30: 31+28+31+30+31+30 = 181 days overdue; its owner `n/a`
    // is no owner.
    assert_eq!(
        got["INC-33"].message,
        format!(
            "4 of 5 action items at fault: \
             \"Add a canary stage\" (line 12) has no owner; \
             \"Alert on checkout p99\" (line 13) has no due date; \
             \"Fix the retry storm\" (line 14) is 1 day overdue (due 2026-06-29, status In progress); \
             \"Remove the legacy queue\" (line 15) has no owner and is 181 days overdue (due 2025-12-31, status Open); \
             {EXPECTED}"
        )
    );
    assert_eq!(
        got["INC-33"].at,
        "incident-response/postmortems/INC-33.md:12"
    );
    // A review from 2025-01-10 still counts. 2025-02-01 → 2026-02-01 = 365 days, + 28
    // (Feb) + 31 + 30 + 31 (Mar–May) + 29 (to Jun 30) = 514. A closed item still needs an
    // owner and a date (`-` is neither).
    assert_eq!(
        got["INC-34"].message,
        format!(
            "2 of 2 action items at fault: \
             \"Replace the hand-rolled TLS config\" (line 12) is 514 days overdue (due 2025-02-01, status Open); \
             \"Rotate the leaked key\" (line 13) has no owner and has no due date; \
             {EXPECTED}"
        )
    );
    assert_eq!(
        got["INC-34"].at,
        "incident-response/postmortems/INC-34.md:12"
    );
}
