//! The criteria of levels 2–5 (docs/maturity.md lists them with their evidence and todo).
//!
//! Most criteria read the findings of `irready check` by check id, so that the maturity
//! verdict and the check report cannot disagree. Two rules recur:
//! - "no failure": met when at least one finding passes and none fails; a check that only
//!   skipped (UNKNOWN) or had nothing in scope is `unknown`;
//! - "all pass": met when there are findings and every one passes; a SKIP makes it
//!   `unknown`, nothing in scope is `unknown`.
//!
//! A WAIVED finding counts as not met: a waiver accepts a risk, it does not make the
//! criterion hold.

use super::{Criterion, CriterionStatus, Inputs, window_start};
use crate::finding::{Finding, Status};

/// Check ids whose findings are evidence.
const SEVERITY_LEVELS: &str = "waf-rel-060.ir.severity-levels";
const EVIDENCE_PRESENT: &str = "waf-rel-060.ir.evidence-present";
const ONCALL: &str = "waf-rel-060.ir.oncall-primary-secondary";
const TF_ONCALL: [&str; 2] = [
    "waf-rel-060.tf.pagerduty.escalation-primary-secondary",
    "waf-rel-060.tf.opsgenie.escalation-primary-secondary",
];
const RUNBOOK_LINKED: &str = "waf-rel-060.ir.runbook-linked";
const METRICS_COMPUTABLE: &str = "waf-rel-060.ir.metrics-computable";
const REVIEW_DEADLINE: &str = "waf-rel-060.ir.review-within-deadline";
const ACTION_ITEMS: &str = "waf-rel-060.ir.action-items-tracked";

/// How many failing findings a criterion lists before "and N more".
const MAX_LISTED: usize = 8;

/// Every criterion, in level order.
pub(super) fn all(inputs: &Inputs<'_>) -> Vec<Criterion> {
    let f = inputs.findings;
    let runbooks = inputs
        .documents
        .config
        .paths
        .runbooks
        .to_string_lossy()
        .replace('\\', "/");
    vec![
        // Level 2: Process Documented.
        no_failure(
            tally(f, SEVERITY_LEVELS),
            2,
            "2.severity-levels",
            "Severity levels defined: SEV1-SEV4 with measurable criteria, a response target and an escalation",
            "no severity definitions were checked",
            "Define the four levels in the severity definitions, each with a measurable criterion, a response target and an escalation (`irready init` writes a template); fix the waf-rel-060.ir.severity-levels findings.",
        ),
        escalation(f),
        oncall(f),
        basic_runbooks(inputs, &runbooks),
        // Level 3: Runbooks Linked, MTTR Tracked.
        all_pass(
            tally(f, RUNBOOK_LINKED),
            3,
            "3.critical-alerts-runbooks",
            "Every critical alert links a runbook of the catalog that is current",
            "no critical alert (by critical_severities) in the Terraform",
            "Link every critical alert to a runbook of the catalog (a `runbook` key in its description or tag) and keep linked runbooks updated; fix the waf-rel-060.ir.runbook-linked findings.",
        ),
        all_pass(
            tally(f, METRICS_COMPUTABLE),
            3,
            "3.mttr-computable",
            "MTTR computable for every incident of the 12-month window",
            "no incident resolved in the 12-month window",
            "Record every incident with started_at, detected_at and resolved_at (or a review timeline that has them), so MTTR can be computed; fix the waf-rel-060.ir.metrics-computable findings.",
        ),
        no_failure(
            tally(f, REVIEW_DEADLINE),
            3,
            "3.reviews",
            "A post-incident review within the deadline for every SEV1/SEV2 incident",
            "no SEV1/SEV2 incident whose review deadline passed in the 12-month window",
            "Write a post-incident review for every SEV1/SEV2 incident within the deadline (5 business days by default), matched to the incident by id; fix the waf-rel-060.ir.review-within-deadline findings.",
        ),
        all_pass(
            tally(f, ACTION_ITEMS),
            3,
            "3.action-items",
            "Action items tracked: every review has items with an owner and a due date, none overdue",
            "no post-incident review",
            "Give every review an Action Items table whose items have an owner and a due date, and close or re-plan overdue items; fix the waf-rel-060.ir.action-items-tracked findings.",
        ),
        Criterion {
            level: 3,
            id: "3.mttr-reviewed-monthly",
            criterion: "MTTR reviewed monthly",
            status: CriterionStatus::Unknown,
            blocks: false,
            evidence: vec!["not decidable from a repository: a review meeting leaves no file irready knows".into()],
            todo: Some("Show it: publish `irready metrics --format openmetrics` to the team's dashboard and keep the notes of a monthly MTTR review; informational, it does not block level 3.".into()),
        },
        // Level 4: Automated Triage.
        alert_automation(inputs),
        runbook_automation(inputs, &runbooks),
        generated_timelines(inputs),
        // Level 5: Self-Healing.
        super::restore::known_class_restore(inputs),
        Criterion {
            level: 5,
            id: "5.aiops-correlation",
            criterion: "AIOps incident correlation",
            status: CriterionStatus::Unknown,
            blocks: false,
            evidence: vec!["not decidable from a repository: correlation happens in the alerting platform".into()],
            todo: Some("Show it: enable alert correlation / grouping in the incident platform (e.g. PagerDuty Event Intelligence, Opsgenie alert deduplication) and describe it in the incident response plan; informational, it does not block level 5.".into()),
        },
    ]
}

/// The findings of one check, by status.
#[derive(Debug, Default)]
pub(super) struct Tally<'a> {
    check: &'a str,
    pass: Vec<&'a Finding>,
    /// FAIL and WAIVED.
    fail: Vec<&'a Finding>,
    /// SKIP (UNKNOWN) and ERROR.
    skip: Vec<&'a Finding>,
}

pub(super) fn tally<'a>(findings: &'a [Finding], check: &'a str) -> Tally<'a> {
    tally_where(findings, check, |_| true)
}

fn tally_where<'a>(
    findings: &'a [Finding],
    check: &'a str,
    keep: impl Fn(&Finding) -> bool,
) -> Tally<'a> {
    let mut t = Tally {
        check,
        ..Default::default()
    };
    for finding in findings.iter().filter(|x| x.check_id == check && keep(x)) {
        match finding.status {
            Status::Pass => t.pass.push(finding),
            Status::Fail | Status::Waived => t.fail.push(finding),
            Status::Skip | Status::Error => t.skip.push(finding),
        }
    }
    t
}

impl Tally<'_> {
    fn total(&self) -> usize {
        self.pass.len() + self.fail.len() + self.skip.len()
    }

    /// "check: 3 PASS, 1 FAIL, 0 SKIP in a.yml, b.md", then the failing and skipped findings.
    fn evidence(&self) -> Vec<String> {
        let mut files: Vec<&str> = self
            .pass
            .iter()
            .chain(&self.fail)
            .chain(&self.skip)
            .map(|f| f.file.as_str())
            .filter(|f| !f.is_empty())
            .collect();
        files.sort_unstable();
        files.dedup();
        let mut head = format!(
            "{}: {} PASS, {} FAIL, {} SKIP",
            self.check,
            self.pass.len(),
            self.fail.len(),
            self.skip.len()
        );
        if !files.is_empty() {
            let shown: Vec<&str> = files.iter().take(MAX_LISTED).copied().collect();
            head.push_str(&format!(" in {}", shown.join(", ")));
            if files.len() > MAX_LISTED {
                head.push_str(&format!(" and {} more files", files.len() - MAX_LISTED));
            }
        }
        let mut out = vec![head];
        let listed: Vec<&&Finding> = self.fail.iter().chain(&self.skip).collect();
        for f in listed.iter().take(MAX_LISTED) {
            out.push(format!(
                "{} {} ({}:{}): {}",
                f.status, f.resource, f.file, f.line, f.message
            ));
        }
        if listed.len() > MAX_LISTED {
            out.push(format!("... and {} more", listed.len() - MAX_LISTED));
        }
        out
    }
}

/// Met when ≥1 PASS and no FAIL; FAIL → not met; else unknown.
fn no_failure(
    t: Tally<'_>,
    level: u8,
    id: &'static str,
    criterion: &'static str,
    none: &str,
    todo: &str,
) -> Criterion {
    let status = if !t.fail.is_empty() {
        CriterionStatus::NotMet
    } else if !t.pass.is_empty() {
        CriterionStatus::Met
    } else {
        CriterionStatus::Unknown
    };
    build(level, id, criterion, status, evidence_or(&t, none), todo)
}

/// Met when there are findings and all PASS; FAIL → not met; SKIP or none → unknown.
fn all_pass(
    t: Tally<'_>,
    level: u8,
    id: &'static str,
    criterion: &'static str,
    none: &str,
    todo: &str,
) -> Criterion {
    let status = if !t.fail.is_empty() {
        CriterionStatus::NotMet
    } else if t.total() > 0 && t.skip.is_empty() {
        CriterionStatus::Met
    } else {
        CriterionStatus::Unknown
    };
    build(level, id, criterion, status, evidence_or(&t, none), todo)
}

fn evidence_or(t: &Tally<'_>, none: &str) -> Vec<String> {
    if t.total() == 0 {
        vec![format!("no {} finding: {none}", t.check)]
    } else {
        t.evidence()
    }
}

pub(super) fn build(
    level: u8,
    id: &'static str,
    criterion: &'static str,
    status: CriterionStatus,
    evidence: Vec<String>,
    todo: &str,
) -> Criterion {
    Criterion {
        level,
        id,
        criterion,
        status,
        blocks: true,
        evidence,
        todo: (status != CriterionStatus::Met).then(|| todo.to_string()),
    }
}

/// 2(b): the evidence check's `escalation-paths` finding.
fn escalation(findings: &[Finding]) -> Criterion {
    let t = tally_where(findings, EVIDENCE_PRESENT, |f| {
        f.resource == "escalation-paths"
    });
    let status = if !t.fail.is_empty() {
        CriterionStatus::NotMet
    } else if !t.pass.is_empty() {
        CriterionStatus::Met
    } else {
        CriterionStatus::Unknown
    };
    let mut evidence = evidence_or(&t, "the evidence check did not report escalation paths");
    if let Some(first) = evidence.first_mut() {
        *first = first.replacen(
            EVIDENCE_PRESENT,
            "waf-rel-060.ir.evidence-present (escalation-paths)",
            1,
        );
    }
    for f in &t.pass {
        evidence.push(format!("PASS ({}:{}): {}", f.file, f.line, f.message));
    }
    build(
        2,
        "2.escalation",
        "Escalation defined: every severity level says who is escalated to and when",
        status,
        evidence,
        "Give every severity level an escalation (primary, secondary and after how long) in the severity definitions, or escalation policies in PagerDuty/Opsgenie Terraform.",
    )
}

/// 2(c): on-call with a primary and a secondary; the document check when it reported
/// anything, else the PagerDuty/Opsgenie Terraform checks.
fn oncall(findings: &[Finding]) -> Criterion {
    const ID: &str = "2.oncall";
    const CRITERION: &str = "On-call configured with a primary and a different secondary";
    const TODO: &str = "Give every production service a primary and a different secondary on-call (oncall.yml, or PagerDuty/Opsgenie escalation policies with two rules and rotations of two or more people); fix the oncall-primary-secondary findings.";
    let ir = tally(findings, ONCALL);
    if ir.total() > 0 {
        return no_failure(ir, 2, ID, CRITERION, "", TODO);
    }
    let mut pass = 0;
    let mut fail = 0;
    let mut evidence = vec![format!(
        "no {ONCALL} finding: on-call taken from the Terraform checks"
    )];
    for check in TF_ONCALL {
        let t = tally(findings, check);
        if t.total() > 0 {
            pass += t.pass.len();
            fail += t.fail.len();
            evidence.extend(t.evidence());
        }
    }
    let status = if fail > 0 {
        CriterionStatus::NotMet
    } else if pass > 0 {
        CriterionStatus::Met
    } else {
        if evidence.len() == 1 {
            evidence = vec![format!(
                "no {ONCALL} finding and no PagerDuty/Opsgenie escalation in the Terraform"
            )];
        }
        CriterionStatus::Unknown
    };
    build(2, ID, CRITERION, status, evidence, TODO)
}

/// 2(d): basic runbooks: a catalog, and a runbook for at least half the critical alerts.
fn basic_runbooks(inputs: &Inputs<'_>, catalog: &str) -> Criterion {
    const ID: &str = "2.basic-runbooks";
    const CRITERION: &str = "Basic runbooks available: a runbook catalog, and runbooks linked from at least half of the critical alerts";
    let todo = format!(
        "Write runbooks in {catalog} (the runbook template of `irready init`) and link them from the critical alerts; at least half of the critical alerts need one."
    );
    let count = inputs.documents.runbooks.runbooks.len();
    let mut evidence = vec![format!("{count} runbook(s) in {catalog}")];
    if count == 0 {
        return build(2, ID, CRITERION, CriterionStatus::NotMet, evidence, &todo);
    }
    let t = tally(inputs.findings, RUNBOOK_LINKED);
    let (pass, skip, total) = (t.pass.len(), t.skip.len(), t.total());
    let status = if total == 0 {
        evidence.push(format!(
            "no {RUNBOOK_LINKED} finding: no critical alert (by critical_severities) in the Terraform"
        ));
        CriterionStatus::Unknown
    } else {
        evidence.push(format!(
            "{pass} of {total} critical alert(s) link a current runbook of the catalog ({RUNBOOK_LINKED}: {pass} PASS, {} FAIL, {skip} SKIP)",
            t.fail.len()
        ));
        if pass * 2 >= total {
            CriterionStatus::Met
        } else if (pass + skip) * 2 >= total {
            CriterionStatus::Unknown
        } else {
            CriterionStatus::NotMet
        }
    };
    build(2, ID, CRITERION, status, evidence, &todo)
}

/// 4(a): alert actions that collect diagnostics or run automation.
fn alert_automation(inputs: &Inputs<'_>) -> Criterion {
    let scan = inputs.automation;
    let mut evidence: Vec<String> = scan
        .actions
        .iter()
        .map(|a| {
            let root = if a.root == "." || a.root.is_empty() {
                String::new()
            } else {
                format!(" (root {})", a.root)
            };
            format!("{}{root} runs {}", a.address, a.runs)
        })
        .collect();
    let status = if !evidence.is_empty() {
        CriterionStatus::Met
    } else if scan.examined == 0 {
        evidence.push("no alarm or action group in the Terraform".into());
        CriterionStatus::Unknown
    } else if !scan.unknown.is_empty() {
        evidence.push(format!(
            "{} alarm(s)/action group(s) examined, no automation found; {} action(s) unknown",
            scan.examined,
            scan.unknown.len()
        ));
        evidence.extend(scan.unknown.iter().take(MAX_LISTED).cloned());
        CriterionStatus::Unknown
    } else {
        evidence.push(format!(
            "{} alarm(s)/action group(s) examined: none runs a Lambda, an SSM Automation, an Azure Automation runbook, Function or Logic App",
            scan.examined
        ));
        CriterionStatus::NotMet
    };
    build(
        4,
        "4.alert-automation",
        "Automated diagnostic data on alert: alert actions that run diagnostics or runbook automation",
        status,
        evidence,
        "Have alerts collect diagnostics automatically: put an SSM Automation or a Lambda in alarm_actions (or subscribe a Lambda to the alarm topic, or target one from an EventBridge rule on \"CloudWatch Alarm State Change\"), or add an automation_runbook_receiver, azure_function_receiver or logic_app_receiver to the Azure action group.",
    )
}

/// 4(b): runbooks with an automation section.
fn runbook_automation(inputs: &Inputs<'_>, catalog: &str) -> Criterion {
    let runbooks = &inputs.documents.runbooks.runbooks;
    let automated: Vec<&str> = runbooks
        .iter()
        .filter(|r| r.has_automation)
        .map(|r| &*r.path)
        .collect();
    let mut evidence = vec![format!(
        "{} of {} runbook(s) in {catalog} have an automation section",
        automated.len(),
        runbooks.len()
    )];
    evidence.extend(automated.iter().take(MAX_LISTED).map(|p| p.to_string()));
    if automated.len() > MAX_LISTED {
        evidence.push(format!("... and {} more", automated.len() - MAX_LISTED));
    }
    let status = if automated.is_empty() {
        CriterionStatus::NotMet
    } else {
        CriterionStatus::Met
    };
    build(
        4,
        "4.runbook-automation",
        "Runbook steps partially automated: runbooks with an automation section",
        status,
        evidence,
        "Automate runbook steps (scripts, SSM documents, jobs) and describe them under an `## Automation` heading of the runbook.",
    )
}

/// 4(c): timelines generated from events, as the reviews of the window declare it.
fn generated_timelines(inputs: &Inputs<'_>) -> Criterion {
    let since = window_start(inputs.as_of);
    let in_window: Vec<&crate::ir::review::Review> = inputs
        .documents
        .reviews
        .iter()
        .filter(|r| r.date >= since && r.date <= inputs.as_of)
        .collect();
    let generated: Vec<String> = in_window
        .iter()
        .filter(|r| r.timeline_source.as_deref() == Some("generated"))
        .map(|r| r.location.file.to_string())
        .collect();
    let mut evidence = vec![format!(
        "{} of {} review(s) of the 12-month window declare `timeline_source: generated`",
        generated.len(),
        in_window.len()
    )];
    evidence.extend(generated.iter().take(MAX_LISTED).map(|f| f.to_string()));
    let status = if generated.is_empty() {
        // Absence of the key shows nothing about how a timeline was written.
        CriterionStatus::Unknown
    } else {
        CriterionStatus::Met
    };
    build(
        4,
        "4.generated-timelines",
        "Incident timelines generated from events",
        status,
        evidence,
        "Generate review timelines from the alerting and paging events (alarm history, the PagerDuty/Opsgenie log) and mark those reviews with `timeline_source: generated` in their front matter.",
    )
}

#[cfg(test)]
#[path = "criteria_tests.rs"]
mod tests;
