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

#[test]
fn levels_come_from_the_severity_definitions_and_sections_from_irready_yml() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("incident-response/runbooks")).unwrap();
    std::fs::write(
        root.join("irready.yml"),
        "runbooks:\n  required_sections: [Symptom, Rollback]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("incident-response/severity-definitions.yml"),
        "severity_levels:\n  P1: {name: Critical}\n  P2: {name: High}\n",
    )
    .unwrap();
    let header = "**Owner:** a\n**Last Updated:** 2026-01-01\n## Symptom\n";
    std::fs::write(
        root.join("incident-response/runbooks/p1.md"),
        format!("**Severity:** P1\n{header}## Rollback\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("incident-response/runbooks/sev1.md"),
        format!("**Severity:** SEV1\n{header}## Diagnosis\n"),
    )
    .unwrap();
    let got = ir_checks::findings_at(ID, root, AS_OF);
    let p1 = &got["incident-response/runbooks/p1.md"];
    assert_eq!(p1.status, Pass, "{}", p1.message);
    assert!(
        p1.message.ends_with("has the sections Symptom, Rollback"),
        "{}",
        p1.message
    );
    assert_eq!(
        got["incident-response/runbooks/sev1.md"].message,
        "runbook has severity `SEV1`, which is not a defined level (expected one of P1, P2); \
         lacks the required section Rollback"
    );
}
