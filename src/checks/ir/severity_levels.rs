//! `waf-rel-060.ir.severity-levels`: the severity definitions hold exactly four levels
//! (whatever the team calls them: SEV1..SEV4, P1..P4), and each level has at least one
//! objective, measurable criterion, a response target and an escalation.
//!
//! Why: WAF-REL-060 asks for four levels with measurable criteria so that two engineers
//! classify the same incident the same way ("error rate > 5% for 5 minutes", not "major
//! impact"), and for each level a response time and whom to escalate to, so that the
//! level tells the responder what to do and how fast.
//!
//! Verdicts: the file when it is absent or does not hold four levels (resource = the file
//! as displayed), and one per level (resource = the level id). A file that exists but
//! could not be read gets no verdict here: the loader already reported it as an ERROR.

use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::severity::{Escalation, SeverityLevel};
use crate::source::Location;
use std::path::Path;
use std::sync::Arc;

/// How many levels WAF-REL-060 asks for.
const REQUIRED_LEVELS: usize = 4;

/// See the module documentation.
pub struct SeverityLevels;

impl DocumentCheck for SeverityLevels {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.severity-levels"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        let documents = cx.documents;
        if !documents.present.severity_definitions {
            let at = absent_file(&documents.config.paths.severity_definitions);
            return vec![Verdict {
                root: None,
                status: Status::Fail,
                resource: at.file.to_string(),
                message: format!(
                    "no severity definitions: {} does not exist; WAF-REL-060 asks for four \
                     severity levels, each with a measurable criterion, a response target \
                     and an escalation",
                    at.file
                ),
                location: at,
            }];
        }
        // Present but unreadable: the loader's ERROR finding says why.
        let Some(definitions) = &documents.severity else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let count = definitions.levels.len();
        if count != REQUIRED_LEVELS {
            let ids = definitions.ids().join(", ");
            // Too many: point at the first level beyond four; too few: at the file.
            let location = definitions
                .levels
                .get(REQUIRED_LEVELS)
                .map(|l| l.location.clone())
                .unwrap_or_else(|| Location::new(definitions.file.clone(), 1, 1));
            out.push(Verdict {
                root: None,
                status: Status::Fail,
                resource: definitions.file.to_string(),
                message: format!(
                    "{count} severity level{} defined ({ids}): WAF-REL-060 requires exactly \
                     {REQUIRED_LEVELS} levels",
                    if count == 1 { "" } else { "s" }
                ),
                location,
            });
        }
        out.extend(definitions.levels.iter().map(level_verdict));
        out
    }
}

/// The verdict on one level: every missing part at once, so one fix round is enough.
fn level_verdict(level: &SeverityLevel) -> Verdict {
    let measurable = level.measurable_criteria().next();
    let response = level
        .response_time_sla
        .as_ref()
        .filter(|r| r.duration.is_positive());
    let escalation = level.escalation.as_ref().filter(|e| has_contact(e));
    if let (Some(criterion), Some(response), Some(escalation)) = (measurable, response, escalation)
    {
        let steps: Vec<&str> = escalation
            .steps
            .iter()
            .map(|s| s.contact.trim())
            .filter(|c| !c.is_empty())
            .collect();
        return Verdict {
            root: None,
            status: Status::Pass,
            resource: level.id.clone(),
            message: format!(
                "severity level {}: measurable criterion \"{}\", response target {}, escalation {}",
                level.id,
                criterion.text,
                response.text,
                steps.join(" → ")
            ),
            location: level.location.clone(),
        };
    }
    let mut problems = Vec::new();
    if measurable.is_none() {
        if level.criteria.is_empty() {
            problems.push(
                "no criteria (expected at least one measurable criterion, such as \"error rate > 5% for 5 minutes\")"
                    .to_string(),
            );
        } else {
            let quoted: Vec<String> = level
                .criteria
                .iter()
                .map(|c| format!("\"{}\"", c.text))
                .collect();
            problems.push(format!(
                "no measurable criterion: {} {} nothing to measure (expected a number with a \
                 unit or percent, or a comparison, such as \"error rate > 5% for 5 minutes\")",
                quoted.join(", "),
                if quoted.len() == 1 { "has" } else { "have" }
            ));
        }
    }
    match (&level.response_time_sla, response) {
        (None, _) => problems.push("no response target (response_time_sla)".to_string()),
        (Some(r), None) => problems.push(format!(
            "response_time_sla `{}` is zero: not a response target",
            r.text
        )),
        _ => {}
    }
    if escalation.is_none() {
        problems.push(match &level.escalation {
            None => "no escalation".to_string(),
            Some(_) => "escalation names nobody".to_string(),
        });
    }
    // A level whose only fault is its criteria is best fixed at the first criterion.
    let location = match level.criteria.first() {
        Some(first) if problems.len() == 1 && measurable.is_none() => first.location.clone(),
        _ => level.location.clone(),
    };
    Verdict {
        root: None,
        status: Status::Fail,
        resource: level.id.clone(),
        message: format!("severity level {}: {}", level.id, problems.join("; ")),
        location,
    }
}

/// Whether an escalation names at least one contact: `escalation: []` or an empty text
/// is written down but escalates to nobody.
pub(super) fn has_contact(escalation: &Escalation) -> bool {
    escalation
        .steps
        .iter()
        .any(|s| !s.contact.trim().is_empty())
}

/// Where a finding about an absent configured document points: the path as configured
/// (relative to the scanned root, forward slashes), line 1.
pub(super) fn absent_file(path: &Path) -> Location {
    let shown: Arc<str> = path.to_string_lossy().replace('\\', "/").into();
    Location::new(shown, 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::documents::{Documents, Present};
    use crate::ir::severity::parse_severity_definitions;

    fn run(documents: &Documents) -> Vec<Verdict> {
        let cx = DocumentContext {
            documents,
            alerts: &[],
            terraform_oncall: &[],
            as_of: jiff::civil::date(2026, 6, 30),
        };
        SeverityLevels.run(&cx)
    }

    fn with_file(text: &str) -> Documents {
        Documents {
            severity: Some(parse_severity_definitions(text, "sev.yml".into()).unwrap()),
            present: Present {
                severity_definitions: true,
                ..Present::default()
            },
            ..Documents::default()
        }
    }

    #[test]
    fn a_present_but_unreadable_file_gets_no_verdict() {
        let documents = Documents {
            present: Present {
                severity_definitions: true,
                ..Present::default()
            },
            ..Documents::default()
        };
        assert!(run(&documents).is_empty());
    }

    #[test]
    fn an_absent_file_is_one_failure_at_the_configured_path() {
        let v = run(&Documents::default());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].status, Status::Fail);
        assert_eq!(v[0].resource, "incident-response/severity-definitions.yml");
        assert_eq!(
            v[0].location.to_string(),
            "incident-response/severity-definitions.yml:1:1"
        );
    }

    #[test]
    fn empty_escalations_and_zero_targets_are_missing() {
        let v = run(&with_file(
            "severity_levels:\n  P1:\n    criteria: [\"> 5% of users\"]\n    response_time_sla: 0m\n    escalation: []\n",
        ));
        // One level: the count finding and the level finding.
        assert_eq!(v.len(), 2, "{v:#?}");
        assert_eq!(v[0].resource, "sev.yml");
        assert!(
            v[0].message.contains("1 severity level defined (P1)"),
            "{v:#?}"
        );
        assert_eq!(v[1].status, Status::Fail);
        assert!(v[1].message.contains("`0m` is zero"), "{}", v[1].message);
        assert!(
            v[1].message.contains("escalation names nobody"),
            "{}",
            v[1].message
        );
        assert!(!v[1].message.contains("measurable"), "{}", v[1].message);
    }

    #[test]
    fn the_fifth_level_is_where_too_many_levels_point() {
        let level = |id: &str| {
            format!(
                "  {id}:\n    criteria: [\"> 5% of users\"]\n    response_time_sla: 15m\n    escalation: On-call\n"
            )
        };
        let text = format!(
            "severity_levels:\n{}{}{}{}{}",
            level("P1"),
            level("P2"),
            level("P3"),
            level("P4"),
            level("P5")
        );
        let v = run(&with_file(&text));
        assert_eq!(v.len(), 6);
        assert_eq!(v[0].status, Status::Fail);
        assert!(
            v[0].message
                .starts_with("5 severity levels defined (P1, P2, P3, P4, P5)"),
            "{}",
            v[0].message
        );
        // P5's key is on line 18 (1 header line + 4 lines per level).
        assert_eq!(v[0].location.line, 18);
        assert!(v[1..].iter().all(|v| v.status == Status::Pass), "{v:#?}");
    }
}
