//! End-to-end fixtures of `waf-rel-060.ir.severity-levels`.

#[path = "support/ir_checks.rs"]
mod ir_checks;

use ir_checks::{assert_statuses, findings_at};
use irready::Status;

const ID: &str = "waf-rel-060.ir.severity-levels";
const FILE: &str = "incident-response/severity-definitions.yml";

#[test]
fn four_complete_levels_with_the_teams_own_names_pass() {
    let got = assert_statuses(
        ID,
        "pass",
        "2026-06-30",
        &[
            ("P1", Status::Pass),
            ("P2", Status::Pass),
            ("P3", Status::Pass),
            ("P4", Status::Pass),
        ],
    );
    assert_eq!(got["P1"].at, format!("{FILE}:3"));
    assert_eq!(
        got["P2"].message,
        "severity level P2: measurable criterion \"Error rate >= 1% for 10 minutes\", \
         response target 30m, escalation On-call engineer → Team lead"
    );
    // "Data loss confirmed" is not measurable, but the first criterion is.
    assert!(
        got["P1"]
            .message
            .contains("\"Checkout unavailable for > 5% of users\""),
        "{}",
        got["P1"].message
    );
}

#[test]
fn wrong_level_count_and_every_missing_part_fail() {
    let got = assert_statuses(
        ID,
        "fail",
        "2026-06-30",
        &[
            (FILE, Status::Fail),
            ("SEV1", Status::Pass),
            ("SEV2", Status::Fail),
            ("SEV3", Status::Fail),
        ],
    );
    assert_eq!(
        got[FILE].message,
        "3 severity levels defined (SEV1, SEV2, SEV3): WAF-REL-060 requires exactly 4 levels"
    );
    assert_eq!(got[FILE].at, format!("{FILE}:1"));
    // Only the criteria are wrong: the finding points at the first criterion (line 10).
    assert_eq!(got["SEV2"].at, format!("{FILE}:10"));
    assert!(
        got["SEV2"].message.starts_with(
            "severity level SEV2: no measurable criterion: \"Major impact\", \
             \"significant degradation\" have nothing to measure"
        ),
        "{}",
        got["SEV2"].message
    );
    assert!(
        !got["SEV2"].message.contains("response"),
        "{}",
        got["SEV2"].message
    );
    // Everything missing: all three parts in one message, at the level's key (line 13).
    assert_eq!(got["SEV3"].at, format!("{FILE}:13"));
    let m = &got["SEV3"].message;
    assert!(m.contains("no criteria"), "{m}");
    assert!(m.contains("no response target (response_time_sla)"), "{m}");
    assert!(m.contains("escalation names nobody"), "{m}");
}

#[test]
fn absent_definitions_are_one_failure_at_the_configured_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("irready.yml"),
        "paths:\n  severity_definitions: docs/ir/severity.yml\n",
    )
    .expect("write irready.yml");
    let got = findings_at(ID, dir.path(), "2026-06-30");
    assert_eq!(got.len(), 1, "{got:#?}");
    let f = &got["docs/ir/severity.yml"];
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.at, "docs/ir/severity.yml:1");
    assert!(
        f.message
            .starts_with("no severity definitions: docs/ir/severity.yml does not exist"),
        "{}",
        f.message
    );
}
