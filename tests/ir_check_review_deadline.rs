//! `waf-rel-060.ir.review-within-deadline` end to end. Both fixtures share one calendar:
//! Saturday and Sunday off, holidays 2026-04-03 (Fri), 2026-04-06 (Mon), 2026-05-25 (Mon).
//! The deadline is 5 business days after the resolution date, that date not counted.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::{assert_statuses, findings};
use irready::Status;

const ID: &str = "waf-rel-060.ir.review-within-deadline";

#[test]
fn reviews_within_the_deadline_pass() {
    // INC-5 (SEV3), INC-6 (resolved 2025-05-01, before the window 2025-06-30..2026-06-30)
    // and INC-7 (not resolved) get no verdict.
    let got = assert_statuses(
        ID,
        "pass",
        "2026-06-30",
        &[
            ("INC-1", Status::Pass),
            ("INC-2", Status::Pass),
            ("INC-3", Status::Pass),
            ("INC-4", Status::Pass),
        ],
    );
    // A weekend: resolved Fri 2026-03-06; Mon 9, Tue 10, Wed 11, Thu 12, Fri 13 →
    // deadline Fri 2026-03-13; the review is dated on the deadline itself.
    assert_eq!(
        got["INC-1"].message,
        "reviewed on 2026-03-13, within 5 business days of resolution on 2026-03-06 (deadline 2026-03-13)"
    );
    assert_eq!(
        got["INC-1"].at, "incident-response/postmortems/INC-1.md:3",
        "a PASS with a review points at the review's incident line"
    );
    // Holidays: resolved Wed 2026-04-01; Thu 2 (1), Fri 3 holiday, Mon 6 holiday, Tue 7
    // (2), Wed 8 (3), Thu 9 (4), Fri 10 (5) → deadline 2026-04-10. Without the calendar's
    // holidays the deadline would be Wed 2026-04-08 and this review two days late.
    assert_eq!(
        got["INC-2"].message,
        "reviewed on 2026-04-10, within 5 business days of resolution on 2026-04-01 (deadline 2026-04-10)"
    );
    // Not due yet, on the boundary: resolved Tue 2026-06-23; Wed 24, Thu 25, Fri 26,
    // Mon 29, Tue 30 → deadline 2026-06-30 = as_of, so not yet passed.
    assert_eq!(
        got["INC-3"].message,
        "review not due yet: due by 2026-06-30 (5 business days after resolution on 2026-06-23)"
    );
    assert_eq!(
        got["INC-3"].at,
        "incident-response/incidents/incidents.yml:14"
    );
    // resolved_at from the review's timeline: "Service fully restored" at 23:30 on
    // 2026-05-12 (-05:00), a Tuesday; Wed 13, Thu 14, Fri 15, Mon 18, Tue 19 → 2026-05-19.
    assert_eq!(
        got["INC-4"].message,
        "reviewed on 2026-05-19, within 5 business days of resolution on 2026-05-12 (deadline 2026-05-19)"
    );
}

#[test]
fn the_day_after_the_deadline_a_missing_review_is_overdue() {
    // as_of 2026-07-01 (not the usual 2026-06-30): the day after INC-3's deadline
    // (2026-06-30, see above), so its missing review turns from "not due" into 1 business
    // day overdue (Wed 2026-07-01 is the first business day after the deadline).
    let got = findings(ID, "pass", "2026-07-01");
    assert_eq!(got["INC-3"].status, Status::Fail);
    assert_eq!(
        got["INC-3"].message,
        "no post-incident review: due by 2026-06-30 (5 business days after resolution on 2026-06-23), 1 business day overdue as of 2026-07-01"
    );
}

#[test]
fn missing_late_and_undecidable_reviews() {
    let got = assert_statuses(
        ID,
        "fail",
        "2026-06-30",
        &[
            ("INC-11", Status::Fail),
            ("INC-12", Status::Fail),
            ("INC-13", Status::Fail),
            ("INC-14", Status::Skip),
            ("INC-15", Status::Skip),
            ("INC-16", Status::Fail),
            ("INC-17", Status::Fail),
        ],
    );
    // Late by exactly 1: resolved Mon 2026-03-02; Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 →
    // deadline 2026-03-09; the review of Tue 2026-03-10 is 1 business day late.
    assert_eq!(
        got["INC-11"].message,
        "review dated 2026-03-10 is late by 1 business day (deadline 2026-03-09, 5 business days after resolution on 2026-03-02)"
    );
    assert_eq!(
        got["INC-11"].at,
        "incident-response/postmortems/INC-11.md:3"
    );
    // Missing: resolved Tue 2026-05-05; Wed 6, Thu 7, Fri 8, Mon 11, Tue 12 → deadline
    // 2026-05-12. Business days in (05-12, 06-30]: May 13–15 (3), 18–22 (5), 26–29 (4:
    // the 25th is a holiday), Jun 1–5, 8–12, 15–19, 22–26 (20), 29–30 (2) = 34.
    assert_eq!(
        got["INC-12"].message,
        "no post-incident review: due by 2026-05-12 (5 business days after resolution on 2026-05-05), 34 business days overdue as of 2026-06-30"
    );
    assert_eq!(got["INC-12"].at, "incident-response/incidents/INC-12.yml:1");
    // Resolution from the timeline, in its own offset: "fully restored" at 23:30 -05:00
    // on Thu 2026-02-05 (already 02-06 in UTC). Fri 6, Mon 9, Tue 10, Wed 11, Thu 12 →
    // deadline 2026-02-12, so the review of Fri 02-13 is 1 late. Counting from the UTC
    // date would give a deadline of 02-13 and hide the lateness.
    assert_eq!(
        got["INC-13"].message,
        "review dated 2026-02-13 is late by 1 business day (deadline 2026-02-12, 5 business days after resolution on 2026-02-05)"
    );
    assert_eq!(
        got["INC-14"].message,
        "UNKNOWN: no severity, so whether it needs a review cannot be decided"
    );
    assert_eq!(got["INC-14"].at, "incident-response/incidents/INC-14.yml:1");
    assert_eq!(
        got["INC-15"].message,
        "UNKNOWN: severity `Sev-1` is not a defined level (SEV1, SEV2, SEV3, SEV4), so whether it needs a review cannot be decided"
    );
    // Resolved Mon 2026-04-20, reviewed Fri 2026-04-17: one of the dates is wrong. The
    // deadline: Tue 21, Wed 22, Thu 23, Fri 24, Mon 27 → 2026-04-27.
    assert_eq!(
        got["INC-16"].message,
        "review dated 2026-04-17 is before the resolution on 2026-04-20: one of the two dates is wrong; expected a review dated from 2026-04-20 to 2026-04-27 (5 business days after resolution on 2026-04-20)"
    );
    assert_eq!(
        got["INC-16"].at,
        "incident-response/postmortems/INC-16.md:3"
    );
    // A deadline moved by a holiday, then late: resolved Tue 2026-05-19; Wed 20, Thu 21,
    // Fri 22, (Mon 25 holiday), Tue 26, Wed 27 → deadline 2026-05-27. Reviewed Wed
    // 2026-06-03: Thu 28, Fri 29, Mon 1, Tue 2, Wed 3 → 5 business days late.
    assert_eq!(
        got["INC-17"].message,
        "review dated 2026-06-03 is late by 5 business days (deadline 2026-05-27, 5 business days after resolution on 2026-05-19)"
    );
}
