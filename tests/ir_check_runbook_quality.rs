//! `waf-rel-060.ir.runbook-quality` end to end: every runbook names its owner, a defined
//! severity and its last-updated date, and has the required sections.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::assert_statuses;
use irready::Status::{Fail, Pass};

const ID: &str = "waf-rel-060.ir.runbook-quality";
const AS_OF: &str = "2026-06-30";

#[test]
fn front_matter_and_template_header_lines_both_count() {
    let got = assert_statuses(
        ID,
        "pass",
        AS_OF,
        &[
            ("incident-response/runbooks/db-replica-lag.md", Pass),
            (
                "incident-response/runbooks/payments/payment-api-errors.md",
                Pass,
            ),
        ],
    );
    let bold = &got["incident-response/runbooks/db-replica-lag.md"];
    assert_eq!(bold.at, "incident-response/runbooks/db-replica-lag.md:1");
    assert_eq!(
        bold.message,
        "runbook has owner data-platform, severity SEV1, last updated 2026-03-15, and has the \
         sections Symptom, Diagnosis, Remediation, Escalation"
    );
}

#[test]
fn every_problem_of_a_runbook_is_listed_in_one_finding() {
    let got = assert_statuses(
        ID,
        "fail",
        AS_OF,
        &[
            ("incident-response/runbooks/bare.md", Fail),
            ("incident-response/runbooks/no-sections.md", Fail),
            ("incident-response/runbooks/wrong-severity.md", Fail),
        ],
    );
    let bare = &got["incident-response/runbooks/bare.md"];
    assert_eq!(bare.at, "incident-response/runbooks/bare.md:1");
    assert_eq!(
        bare.message,
        "runbook has no owner; has no severity; has no valid last-updated date; lacks the \
         required sections Symptom, Diagnosis, Remediation, Escalation"
    );
    assert_eq!(
        got["incident-response/runbooks/wrong-severity.md"].message,
        "runbook has severity `P1`, which is not a defined level (expected one of SEV1, SEV2, \
         SEV3, SEV4)"
    );
    assert_eq!(
        got["incident-response/runbooks/no-sections.md"].message,
        "runbook lacks the required sections Diagnosis, Escalation"
    );
}
