//! End-to-end fixtures of `waf-rel-060.ir.evidence-present`: always four verdicts, one
//! per evidence kind.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::{assert_statuses, findings_at};
use irready::Status;

const ID: &str = "waf-rel-060.ir.evidence-present";
const SEVERITY: &str = "incident-response/severity-definitions.yml";

#[test]
fn a_complete_plan_and_reviewed_incidents_pass() {
    let got = assert_statuses(
        ID,
        "pass",
        "2026-06-30",
        &[
            ("severity-definitions", Status::Pass),
            ("escalation-paths", Status::Pass),
            ("oncall", Status::Pass),
            ("post-incident-reviews", Status::Pass),
        ],
    );
    assert_eq!(
        got["severity-definitions"].message,
        format!("severity definitions {SEVERITY}: 4 levels (SEV1, SEV2, SEV3, SEV4)")
    );
    assert_eq!(got["severity-definitions"].at, format!("{SEVERITY}:1"));
    assert_eq!(
        got["oncall"].message,
        "on-call is defined in incident-response/oncall.yml (1 service)"
    );
    // 2026-06-30 minus 12 months = 2025-06-30. INC-1 (SEV1, resolved 2026-03-05 in its
    // own offset) is due and reviewed; INC-2 (2025-05-01) is before the window; INC-3 is
    // SEV3.
    assert_eq!(
        got["post-incident-reviews"].message,
        "the one SEV1/SEV2 incident resolved in the 12 months before 2026-06-30 (since \
         2025-06-30) has a review record: INC-1 (incident-response/postmortems/INC-1.md)"
    );
    // At the review's `**Incident:**` line.
    assert_eq!(
        got["post-incident-reviews"].at,
        "incident-response/postmortems/INC-1.md:3"
    );
}

#[test]
fn missing_escalations_on_call_and_reviews_fail() {
    let got = assert_statuses(
        ID,
        "fail",
        "2026-06-30",
        &[
            ("severity-definitions", Status::Pass),
            ("escalation-paths", Status::Fail),
            ("oncall", Status::Fail),
            ("post-incident-reviews", Status::Fail),
        ],
    );
    // SEV3 has no escalation, SEV4's is an empty list: at SEV3's key (line 10).
    assert_eq!(
        got["escalation-paths"].message,
        format!("2 of 4 severity levels in {SEVERITY} have no escalation path: SEV3, SEV4")
    );
    assert_eq!(got["escalation-paths"].at, format!("{SEVERITY}:10"));
    assert_eq!(
        got["oncall"].message,
        "no on-call structure: incident-response/oncall.yml does not exist, and no \
         PagerDuty/Opsgenie service is defined in the Terraform"
    );
    assert_eq!(got["oncall"].at, "incident-response/oncall.yml:1");
    // Window 2025-06-30..2026-06-30: INC-10 (2026-02-10, reviewed) and INC-11
    // (2025-07-01, deadline 2025-07-08 long passed) count. INC-12 (2026-06-30 at -07:00,
    // although 2026-07-01 in UTC; `sev2`) is in the window but its review is not due
    // before 2026-07-07 (Wed 1, Thu 2, Fri 3, Mon 6, Tue 7 July): no missing evidence yet.
    // INC-13 (2025-06-29) is outside, INC-14 is not resolved.
    assert_eq!(
        got["post-incident-reviews"].message,
        "1 of 2 SEV1/SEV2 incidents resolved in the 12 months before 2026-06-30 (since \
         2025-06-30) has no review record: INC-11"
    );
    assert_eq!(
        got["post-incident-reviews"].at,
        "incident-response/incidents/incidents.yml:7"
    );
}

#[test]
fn an_empty_repository_fails_every_kind_at_the_configured_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let got = findings_at(ID, dir.path(), "2026-06-30");
    let statuses: Vec<(&str, Status)> = got.iter().map(|(r, g)| (r.as_str(), g.status)).collect();
    assert_eq!(
        statuses,
        [
            ("escalation-paths", Status::Fail),
            ("oncall", Status::Fail),
            ("post-incident-reviews", Status::Fail),
            ("severity-definitions", Status::Fail),
        ]
    );
    assert_eq!(
        got["severity-definitions"].message,
        format!(
            "no severity definitions: {SEVERITY} does not exist; WAF-REL-060's incident \
             response plan needs the severity levels with their criteria"
        )
    );
    assert_eq!(got["severity-definitions"].at, format!("{SEVERITY}:1"));
    assert!(
        got["escalation-paths"]
            .message
            .starts_with("no escalation paths: there are no severity definitions"),
        "{}",
        got["escalation-paths"].message
    );
    assert_eq!(
        got["post-incident-reviews"].message,
        "no incident records: incident-response/incidents does not exist, so the \
         post-incident reviews of the last 12 months cannot be shown"
    );
    assert_eq!(
        got["post-incident-reviews"].at,
        "incident-response/incidents:1"
    );
}

#[test]
fn on_call_from_pagerduty_terraform_alone_is_evidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("main.tf"),
        r#"variable "policy" {}
resource "pagerduty_service" "api" {
  name              = "payment-api"
  escalation_policy = var.policy
}
"#,
    )
    .expect("write main.tf");
    let got = findings_at(ID, dir.path(), "2026-06-30");
    let oncall = &got["oncall"];
    assert_eq!(oncall.status, Status::Pass);
    assert_eq!(
        oncall.message,
        "on-call is defined in PagerDuty/Opsgenie Terraform (1 service)"
    );
    assert_eq!(oncall.at, "main.tf:2");
}
