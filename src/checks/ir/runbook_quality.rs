//! `waf-rel-060.ir.runbook-quality`: every runbook of the catalog says who owns it, which
//! severity it answers, when it was last updated, and has the required sections.
//!
//! Why: a runbook without an owner is kept by nobody; without a date nobody can tell
//! whether it still matches the system; without a severity the paged engineer cannot
//! tell how urgent the procedure is; and the sections (Symptom, Diagnosis, Remediation,
//! Escalation by default, `runbooks.required_sections`) are what someone woken at night
//! looks for. One verdict per runbook, listing every problem at once so that one edit
//! fixes them all.
//!
//! A severity must be one of the defined levels (the severity definitions' ids, SEV1-SEV4
//! without them), compared case-insensitively as alert severities are; a runbook that
//! serves several levels may list them separated by `,` or `/`. A date that could not be
//! parsed counts as missing here (the loader reports the bad date itself). The location
//! is the runbook file: the model keeps no position for the fields that can be absent.

use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::runbook::Runbook;

/// See the module documentation.
pub struct RunbookQuality;

impl DocumentCheck for RunbookQuality {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.runbook-quality"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        let levels = cx.documents.level_names();
        let required = &cx.documents.config.runbooks.required_sections;
        cx.documents
            .runbooks
            .runbooks
            .iter()
            .map(|runbook| {
                let problems = problems(runbook, &levels, required);
                let (status, message) = if problems.is_empty() {
                    (Status::Pass, praise(runbook, required))
                } else {
                    (Status::Fail, format!("runbook {}", problems.join("; ")))
                };
                Verdict {
                    root: None,
                    status,
                    resource: runbook.path.to_string(),
                    message,
                    location: runbook.location.clone(),
                }
            })
            .collect()
    }
}

/// Everything the runbook lacks, in the order its header and body are written.
fn problems(runbook: &Runbook, levels: &[String], required: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if runbook.owner.is_none() {
        out.push("has no owner".to_string());
    }
    match &runbook.severity {
        None => out.push("has no severity".to_string()),
        Some(severity) => {
            let undefined: Vec<&str> = severity
                .split([',', '/'])
                .map(str::trim)
                .filter(|s| !levels.iter().any(|l| l.eq_ignore_ascii_case(s)))
                .collect();
            if !undefined.is_empty() {
                out.push(format!(
                    "has severity `{severity}`, which is not a defined level (expected one \
                     of {})",
                    levels.join(", ")
                ));
            }
        }
    }
    if runbook.last_updated.is_none() {
        out.push("has no valid last-updated date".to_string());
    }
    let missing = runbook.missing_sections(required);
    if !missing.is_empty() {
        out.push(format!(
            "lacks the required section{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ));
    }
    out
}

/// What a good runbook was verified to have.
fn praise(runbook: &Runbook, required: &[String]) -> String {
    let sections = if required.is_empty() {
        "no section is required".to_string()
    } else {
        format!("has the sections {}", required.join(", "))
    };
    format!(
        "runbook has owner {}, severity {}, last updated {}, and {sections}",
        runbook.owner.as_deref().unwrap_or_default(),
        runbook.severity.as_deref().unwrap_or_default(),
        runbook
            .last_updated
            .map(|d| d.to_string())
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::runbook::parse_runbook;

    fn problems_of(text: &str) -> Vec<String> {
        let (runbook, _) = parse_runbook(text, "rb/x.md".into(), "x.md");
        let levels: Vec<String> = ["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec();
        let required: Vec<String> = ["Symptom", "Escalation"].map(String::from).to_vec();
        problems(&runbook, &levels, &required)
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        assert_eq!(
            problems_of("# x\n## Symptoms\n"),
            [
                "has no owner",
                "has no severity",
                "has no valid last-updated date",
                "lacks the required section Escalation"
            ]
        );
    }

    #[test]
    fn severities_are_defined_levels_in_any_case_and_may_be_listed() {
        let ok = "**Owner:** a\n**Last Updated:** 2026-01-01\n## Symptom\n## Escalation\n";
        assert!(problems_of(&format!("**Severity:** sev2\n{ok}")).is_empty());
        assert!(problems_of(&format!("**Severity:** SEV1 / SEV2\n{ok}")).is_empty());
        assert_eq!(
            problems_of(&format!("**Severity:** SEV2, P1\n{ok}")),
            [
                "has severity `SEV2, P1`, which is not a defined level (expected one of SEV1, SEV2, SEV3, SEV4)"
            ]
        );
    }
}
