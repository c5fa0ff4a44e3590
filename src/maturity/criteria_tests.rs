//! The criteria over hand-made findings and documents (no check implementation needed).

use super::*;
use crate::finding::Severity;
use crate::ir::documents::Documents;
use crate::maturity::automation::{AutomationAction, AutomationScan};
use crate::maturity::restore::{duration, median_seconds};
use crate::maturity::{Maturity, assess};
use CriterionStatus::*;

fn finding(check: &str, resource: &str, status: Status) -> Finding {
    Finding {
        check_id: check.into(),
        check_title: String::new(),
        control_id: "WAF-REL-060".into(),
        pillar: "reliability".into(),
        severity: Severity::High,
        status,
        resource: resource.into(),
        message: format!("{resource} is {status}"),
        remediation: String::new(),
        file: "incident-response/x.yml".into(),
        line: 3,
        column: 1,
        root: String::new(),
    }
}

/// A level-2 repository's findings: severity levels, escalation, on-call all pass, and
/// one of two critical alerts links a runbook.
fn level2_findings() -> Vec<Finding> {
    vec![
        finding(SEVERITY_LEVELS, "SEV1", Status::Pass),
        finding(SEVERITY_LEVELS, "SEV2", Status::Pass),
        finding(EVIDENCE_PRESENT, "escalation-paths", Status::Pass),
        finding(EVIDENCE_PRESENT, "oncall", Status::Pass),
        finding(ONCALL, "payments", Status::Pass),
        finding(
            RUNBOOK_LINKED,
            "aws_cloudwatch_metric_alarm.a",
            Status::Pass,
        ),
        finding(
            RUNBOOK_LINKED,
            "aws_cloudwatch_metric_alarm.b",
            Status::Fail,
        ),
    ]
}

/// Documents loaded from files written into a temporary repository.
fn documents(files: &[(&str, &str)]) -> Documents {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let (docs, diags) = crate::ir::documents::load(dir.path());
    assert!(diags.is_empty(), "{diags:?}");
    docs
}

const RUNBOOK: &str = "---\nalert_ids: [a]\nservice: s\nseverity: SEV1\nowner: o\nlast_updated: 2026-06-01\n---\n# Runbook\n## Symptom\n## Diagnosis\n## Remediation\n## Escalation\n";
const AUTOMATED_RUNBOOK: &str = "---\nalert_ids: [b]\nservice: s\nseverity: SEV1\nowner: o\nlast_updated: 2026-06-01\n---\n# Runbook\n## Symptom\n## Automated remediation\n";

fn with_runbook() -> Documents {
    documents(&[("incident-response/runbooks/a.md", RUNBOOK)])
}

fn run(findings: &[Finding], docs: &Documents, automation: &AutomationScan) -> Maturity {
    assess(&Inputs {
        findings,
        documents: docs,
        automation,
        as_of: jiff::civil::date(2026, 6, 30),
    })
}

fn status(m: &Maturity, id: &str) -> CriterionStatus {
    criterion(m, id).status
}

fn criterion<'a>(m: &'a Maturity, id: &str) -> &'a Criterion {
    m.criteria
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no criterion {id}"))
}

#[test]
fn nothing_at_all_is_level_one_with_unknowns_and_todos() {
    let m = run(&[], &Documents::default(), &AutomationScan::default());
    assert_eq!(m.level, 1);
    assert_eq!(status(&m, "2.severity-levels"), Unknown);
    assert_eq!(status(&m, "2.escalation"), Unknown);
    assert_eq!(status(&m, "2.oncall"), Unknown);
    assert_eq!(
        status(&m, "2.basic-runbooks"),
        NotMet,
        "an empty catalog is evidence"
    );
    assert_eq!(status(&m, "4.alert-automation"), Unknown);
    assert_eq!(status(&m, "5.known-class-restore"), Unknown);
    for c in &m.criteria {
        assert_ne!(c.status, Met, "{c:?}");
        assert!(
            c.todo.is_some(),
            "every unmet criterion says what to do: {c:?}"
        );
        assert!(!c.evidence.is_empty(), "{c:?}");
        assert!((2..=5).contains(&c.level));
    }
    let ids: Vec<&str> = m.criteria.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 14);
    let mut levels: Vec<u8> = m.criteria.iter().map(|c| c.level).collect();
    levels.dedup();
    assert_eq!(levels, vec![2, 3, 4, 5], "in level order");
}

#[test]
fn level_two_from_findings_and_a_catalog() {
    let m = run(
        &level2_findings(),
        &with_runbook(),
        &AutomationScan::default(),
    );
    assert_eq!(m.level, 2);
    for id in [
        "2.severity-levels",
        "2.escalation",
        "2.oncall",
        "2.basic-runbooks",
    ] {
        assert_eq!(status(&m, id), Met, "{id}: {:?}", criterion(&m, id));
        assert_eq!(criterion(&m, id).todo, None);
    }
    let runbooks = criterion(&m, "2.basic-runbooks");
    assert_eq!(
        runbooks.evidence[0],
        "1 runbook(s) in incident-response/runbooks"
    );
    assert!(
        runbooks.evidence[1].starts_with("1 of 2 critical alert(s)"),
        "{runbooks:?}"
    );
    let linked = criterion(&m, "3.critical-alerts-runbooks");
    assert_eq!(linked.status, NotMet);
    assert_eq!(
        linked.evidence[0],
        "waf-rel-060.ir.runbook-linked: 1 PASS, 1 FAIL, 0 SKIP in incident-response/x.yml"
    );
    assert_eq!(
        linked.evidence[1],
        "FAIL aws_cloudwatch_metric_alarm.b (incident-response/x.yml:3): aws_cloudwatch_metric_alarm.b is FAIL"
    );
    assert!(linked.todo.as_deref().unwrap().contains("runbook-linked"));
}

#[test]
fn severity_levels_fail_or_only_skip_blocks_level_two() {
    let mut f = level2_findings();
    f[1].status = Status::Fail;
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(status(&m, "2.severity-levels"), NotMet);
    assert_eq!(m.level, 1);
    let mut f = level2_findings();
    f[0].status = Status::Skip;
    f[1].status = Status::Skip;
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(
        status(&m, "2.severity-levels"),
        Unknown,
        "no PASS is no evidence"
    );
    assert_eq!(m.level, 1);
}

#[test]
fn escalation_reads_only_the_escalation_paths_finding() {
    let mut f = level2_findings();
    f[2].status = Status::Fail;
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(status(&m, "2.escalation"), NotMet);
    f.remove(2);
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(
        status(&m, "2.escalation"),
        Unknown,
        "the oncall evidence is not escalation"
    );
}

#[test]
fn oncall_falls_back_to_terraform_only_without_ir_findings() {
    let base: Vec<Finding> = level2_findings()
        .into_iter()
        .filter(|f| f.check_id != ONCALL)
        .collect();
    let m = run(&base, &with_runbook(), &AutomationScan::default());
    assert_eq!(status(&m, "2.oncall"), Unknown);
    let mut f = base.clone();
    f.push(finding(TF_ONCALL[0], "pagerduty_service.a", Status::Pass));
    assert_eq!(
        status(
            &run(&f, &with_runbook(), &AutomationScan::default()),
            "2.oncall"
        ),
        Met
    );
    f.push(finding(TF_ONCALL[1], "opsgenie_team.b", Status::Fail));
    assert_eq!(
        status(
            &run(&f, &with_runbook(), &AutomationScan::default()),
            "2.oncall"
        ),
        NotMet
    );
    // The document check wins when it reported: its FAIL is not outweighed by Terraform.
    f.retain(|x| x.check_id != TF_ONCALL[1]);
    f.push(finding(ONCALL, "payments", Status::Fail));
    assert_eq!(
        status(
            &run(&f, &with_runbook(), &AutomationScan::default()),
            "2.oncall"
        ),
        NotMet
    );
}

#[test]
fn basic_runbooks_need_half_the_critical_alerts() {
    let mut f = level2_findings();
    f.push(finding(
        RUNBOOK_LINKED,
        "aws_cloudwatch_metric_alarm.c",
        Status::Fail,
    ));
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(status(&m, "2.basic-runbooks"), NotMet, "1 of 3");
    f.last_mut().unwrap().status = Status::Skip;
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(
        status(&m, "2.basic-runbooks"),
        Unknown,
        "1 PASS, 1 FAIL, 1 SKIP: the unknown one decides"
    );
    let mut f = level2_findings();
    f.retain(|x| x.check_id != RUNBOOK_LINKED);
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(status(&m, "2.basic-runbooks"), Unknown, "no critical alert");
    let m = run(
        &level2_findings(),
        &Documents::default(),
        &AutomationScan::default(),
    );
    assert_eq!(status(&m, "2.basic-runbooks"), NotMet, "no catalog");
}

fn level3_findings() -> Vec<Finding> {
    let mut f = level2_findings();
    f[6].status = Status::Pass;
    f.push(finding(METRICS_COMPUTABLE, "INC-1", Status::Pass));
    f.push(finding(REVIEW_DEADLINE, "INC-1", Status::Pass));
    f.push(finding(ACTION_ITEMS, "INC-1", Status::Pass));
    f
}

#[test]
fn level_three_needs_its_four_computed_criteria_and_not_the_monthly_review() {
    let m = run(
        &level3_findings(),
        &with_runbook(),
        &AutomationScan::default(),
    );
    assert_eq!(m.level, 3);
    let monthly = criterion(&m, "3.mttr-reviewed-monthly");
    assert_eq!((monthly.status, monthly.blocks), (Unknown, false));
    assert!(monthly.todo.as_deref().unwrap().contains("openmetrics"));
    for (check, id) in [
        (METRICS_COMPUTABLE, "3.mttr-computable"),
        (REVIEW_DEADLINE, "3.reviews"),
        (ACTION_ITEMS, "3.action-items"),
        (RUNBOOK_LINKED, "3.critical-alerts-runbooks"),
    ] {
        let without: Vec<Finding> = level3_findings()
            .into_iter()
            .filter(|f| f.check_id != check)
            .collect();
        let m = run(&without, &with_runbook(), &AutomationScan::default());
        assert_eq!(status(&m, id), Unknown, "{id} without findings");
        assert!(m.level < 3, "{id}");
        let mut failing = level3_findings();
        failing.push(finding(check, "INC-9", Status::Fail));
        let m = run(&failing, &with_runbook(), &AutomationScan::default());
        assert_eq!(status(&m, id), NotMet, "{id} with a failure");
        assert_eq!(m.level, 2, "{id}");
    }
}

#[test]
fn skip_makes_all_pass_criteria_unknown_but_not_no_failure_ones() {
    let mut f = level3_findings();
    f.push(finding(METRICS_COMPUTABLE, "INC-2", Status::Skip));
    f.push(finding(REVIEW_DEADLINE, "INC-2", Status::Skip));
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(status(&m, "3.mttr-computable"), Unknown);
    assert_eq!(status(&m, "3.reviews"), Met);
    let mut f = level3_findings();
    f.push(finding(ACTION_ITEMS, "INC-3", Status::Waived));
    let m = run(&f, &with_runbook(), &AutomationScan::default());
    assert_eq!(
        status(&m, "3.action-items"),
        NotMet,
        "a waiver does not make it hold"
    );
}

fn automation() -> AutomationScan {
    AutomationScan {
        actions: vec![AutomationAction {
            root: "infra".into(),
            address: "aws_cloudwatch_metric_alarm.a".into(),
            runs: "Lambda aws_lambda_function.diag".into(),
        }],
        examined: 2,
        unknown: vec![],
    }
}

#[test]
fn level_four_from_actions_runbooks_and_generated_timelines() {
    let review = "---\nincident: INC-1\ndate: 2026-05-02\ntimeline_source: generated\n---\n# R\n";
    let docs = documents(&[
        ("incident-response/runbooks/a.md", RUNBOOK),
        ("incident-response/runbooks/b.md", AUTOMATED_RUNBOOK),
        ("incident-response/postmortems/INC-1.md", review),
    ]);
    let m = run(&level3_findings(), &docs, &automation());
    assert_eq!(status(&m, "4.alert-automation"), Met);
    assert_eq!(
        criterion(&m, "4.alert-automation").evidence,
        vec!["aws_cloudwatch_metric_alarm.a (root infra) runs Lambda aws_lambda_function.diag"]
    );
    let rb = criterion(&m, "4.runbook-automation");
    assert_eq!(rb.status, Met);
    assert_eq!(
        rb.evidence,
        vec![
            "1 of 2 runbook(s) in incident-response/runbooks have an automation section",
            "incident-response/runbooks/b.md"
        ]
    );
    assert_eq!(status(&m, "4.generated-timelines"), Met);
    assert_eq!(m.level, 4);

    // The same review without the key: unknown, not met; level 3.
    let plain = documents(&[
        ("incident-response/runbooks/a.md", RUNBOOK),
        ("incident-response/runbooks/b.md", AUTOMATED_RUNBOOK),
        (
            "incident-response/postmortems/INC-1.md",
            "---\nincident: INC-1\ndate: 2026-05-02\n---\n# R\n",
        ),
    ]);
    let m = run(&level3_findings(), &plain, &automation());
    assert_eq!(status(&m, "4.generated-timelines"), Unknown);
    assert_eq!(m.level, 3);
    // A review outside the window does not count.
    let m = run(&level3_findings(), &docs, &automation());
    assert_eq!(m.level, 4);
    let old = assess(&Inputs {
        findings: &level3_findings(),
        documents: &docs,
        automation: &automation(),
        as_of: jiff::civil::date(2027, 6, 30),
    });
    assert_eq!(status(&old, "4.generated-timelines"), Unknown);
}

#[test]
fn alert_automation_none_found_is_not_met_unless_actions_are_unknown() {
    let docs = with_runbook();
    let none = AutomationScan {
        examined: 3,
        ..Default::default()
    };
    let m = run(&[], &docs, &none);
    assert_eq!(status(&m, "4.alert-automation"), NotMet);
    let unknown = AutomationScan {
        examined: 3,
        unknown: vec!["aws_cloudwatch_metric_alarm.x: var.a has no value".into()],
        ..Default::default()
    };
    let m = run(&[], &docs, &unknown);
    let c = criterion(&m, "4.alert-automation");
    assert_eq!(c.status, Unknown);
    assert_eq!(
        c.evidence[1],
        "aws_cloudwatch_metric_alarm.x: var.a has no value"
    );
    assert_eq!(status(&m, "4.runbook-automation"), NotMet);
}

fn incident(id: &str, class: &str, detected: &str, resolved: &str) -> String {
    format!(
        "- id: {id}\n  severity: SEV3\n  failure_class: {class}\n  started_at: {detected}\n  detected_at: {detected}\n  resolved_at: {resolved}\n"
    )
}

#[test]
fn self_healing_uses_the_median_restore_time_of_classes_seen_twice() {
    let fast = [
        incident(
            "I1",
            "disk-full",
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:02:00Z",
        ),
        incident(
            "I2",
            "Disk-Full",
            "2026-04-01T10:00:00Z",
            "2026-04-01T10:04:00Z",
        ),
        incident(
            "I3",
            "disk-full",
            "2026-05-01T10:00:00Z",
            "2026-05-01T11:00:00Z",
        ),
        // Seen once: not a known class, however slow.
        incident(
            "I4",
            "provider-outage",
            "2026-05-01T10:00:00Z",
            "2026-05-01T14:00:00Z",
        ),
        // Outside the window.
        incident("I5", "oom", "2025-01-01T10:00:00Z", "2025-01-01T12:00:00Z"),
        incident("I6", "oom", "2025-02-01T10:00:00Z", "2025-02-01T12:00:00Z"),
    ]
    .concat();
    let docs = documents(&[("incident-response/incidents/all.yml", &fast)]);
    let m = run(&[], &docs, &AutomationScan::default());
    let c = criterion(&m, "5.known-class-restore");
    assert_eq!(c.status, Met, "{c:?}");
    assert_eq!(
        c.evidence,
        vec![
            "4 incident(s) of the 12-month window with a failure_class; 1 known class(es) (seen at least twice)",
            "disk-full: 3 incident(s), time to restore known for 3, median 4m (under 5m)",
        ]
    );

    let slow = [
        incident(
            "I1",
            "deploy",
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:04:00Z",
        ),
        incident(
            "I2",
            "deploy",
            "2026-04-01T10:00:00Z",
            "2026-04-01T10:06:00Z",
        ),
    ]
    .concat();
    let docs = documents(&[("incident-response/incidents/all.yml", &slow)]);
    let c = criterion(
        &run(&[], &docs, &AutomationScan::default()),
        "5.known-class-restore",
    )
    .clone();
    assert_eq!(c.status, NotMet, "median of 4m and 6m is 5m, not under");
    assert!(c.evidence[1].ends_with("median 5m (not under 5m)"), "{c:?}");

    let once = incident(
        "I1",
        "deploy",
        "2026-03-01T10:00:00Z",
        "2026-03-01T10:01:00Z",
    );
    let docs = documents(&[("incident-response/incidents/all.yml", &once)]);
    let c = criterion(
        &run(&[], &docs, &AutomationScan::default()),
        "5.known-class-restore",
    )
    .clone();
    assert_eq!(c.status, Unknown, "no class seen twice");
}

#[test]
fn full_house_is_level_five() {
    let fast = [
        incident(
            "I1",
            "disk-full",
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:02:00Z",
        ),
        incident(
            "I2",
            "disk-full",
            "2026-04-01T10:00:00Z",
            "2026-04-01T10:03:00Z",
        ),
    ]
    .concat();
    let review = "---\nincident: I1\ndate: 2026-03-02\ntimeline_source: generated\n---\n# R\n";
    let docs = documents(&[
        ("incident-response/runbooks/b.md", AUTOMATED_RUNBOOK),
        ("incident-response/incidents/all.yml", &fast),
        ("incident-response/postmortems/I1.md", review),
    ]);
    let m = run(&level3_findings(), &docs, &automation());
    assert_eq!(status(&m, "5.aiops-correlation"), Unknown);
    assert_eq!(m.level, 5, "{:#?}", m.criteria);
}

#[test]
fn median_and_duration() {
    assert_eq!(median_seconds(&mut []), None);
    assert_eq!(median_seconds(&mut [9, 1, 5]), Some(5.0));
    assert_eq!(median_seconds(&mut [4, 1, 2, 3]), Some(2.5));
    assert_eq!(duration(45.0), "45s");
    assert_eq!(duration(150.0), "2m 30s");
    assert_eq!(duration(3720.0), "1h 2m");
}
