//! `waf-rel-060.ir.evidence-present`: the evidence WAF-REL-060 requires exists — the
//! incident response plan (severity definitions, escalation paths, on-call structure) and
//! the post-incident review records of the last 12 months.
//!
//! Why: an auditor asks for these documents first; the other checks judge their quality,
//! this one says plainly whether each exists. Always four verdicts, one per evidence kind
//! (`severity-definitions`, `escalation-paths`, `oncall`, `post-incident-reviews`), so
//! that a report shows the whole list even when everything is missing. Whether a review
//! was on time is `review-within-deadline`'s question, not this one's.

use super::severity_levels::{absent_file, has_contact};
use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::documents::FilledIncident;
use crate::ir::severity::SeverityDefinitions;
use crate::source::Location;

/// See the module documentation.
pub struct EvidencePresent;

impl DocumentCheck for EvidencePresent {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.evidence-present"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        vec![
            severity_definitions(cx),
            escalation_paths(cx),
            oncall(cx),
            post_incident_reviews(cx),
        ]
    }
}

fn verdict(status: Status, resource: &str, message: String, location: Location) -> Verdict {
    Verdict {
        root: None,
        status,
        resource: resource.to_string(),
        message,
        location,
    }
}

/// The loaded severity definitions with at least one level, or why there are none.
fn definitions<'a>(
    cx: &DocumentContext<'a>,
) -> Result<&'a SeverityDefinitions, (String, Location)> {
    let documents = cx.documents;
    let at = absent_file(&documents.config.paths.severity_definitions);
    match &documents.severity {
        Some(s) if !s.levels.is_empty() => Ok(s),
        Some(s) => Err((format!("{} defines no severity level", s.file), at)),
        None if documents.present.severity_definitions => Err((
            format!(
                "{} exists but could not be read (see the ERROR finding for why)",
                at.file
            ),
            at,
        )),
        None => Err((format!("{} does not exist", at.file), at)),
    }
}

fn severity_definitions(cx: &DocumentContext<'_>) -> Verdict {
    const KIND: &str = "severity-definitions";
    match definitions(cx) {
        Ok(s) => verdict(
            Status::Pass,
            KIND,
            format!(
                "severity definitions {}: {} level{} ({})",
                s.file,
                s.levels.len(),
                if s.levels.len() == 1 { "" } else { "s" },
                s.ids().join(", ")
            ),
            Location::new(s.file.clone(), 1, 1),
        ),
        Err((why, at)) => verdict(
            Status::Fail,
            KIND,
            format!(
                "no severity definitions: {why}; WAF-REL-060's incident response plan needs \
                 the severity levels with their criteria"
            ),
            at,
        ),
    }
}

fn escalation_paths(cx: &DocumentContext<'_>) -> Verdict {
    const KIND: &str = "escalation-paths";
    let s = match definitions(cx) {
        Ok(s) => s,
        Err((why, at)) => {
            return verdict(
                Status::Fail,
                KIND,
                format!(
                    "no escalation paths: there are no severity definitions to hold them \
                     ({why})"
                ),
                at,
            );
        }
    };
    let without: Vec<_> = s
        .levels
        .iter()
        .filter(|l| !l.escalation.as_ref().is_some_and(has_contact))
        .collect();
    match without.first() {
        None => verdict(
            Status::Pass,
            KIND,
            format!(
                "every severity level of {} has an escalation path ({})",
                s.file,
                s.ids().join(", ")
            ),
            Location::new(s.file.clone(), 1, 1),
        ),
        Some(first) => {
            let ids: Vec<&str> = without.iter().map(|l| l.id.as_str()).collect();
            verdict(
                Status::Fail,
                KIND,
                format!(
                    "{} of {} severity levels in {} have no escalation path: {}",
                    ids.len(),
                    s.levels.len(),
                    s.file,
                    ids.join(", ")
                ),
                first.location.clone(),
            )
        }
    }
}

fn oncall(cx: &DocumentContext<'_>) -> Verdict {
    const KIND: &str = "oncall";
    let documents = cx.documents;
    let at = absent_file(&documents.config.paths.oncall);
    let in_file = documents.oncall.as_ref().map_or(0, |o| o.services.len());
    let in_terraform = cx.terraform_oncall.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut sources = Vec::new();
    if in_file > 0 {
        sources.push(format!(
            "{} ({in_file} service{})",
            at.file,
            plural(in_file)
        ));
    }
    if in_terraform > 0 {
        sources.push(format!(
            "PagerDuty/Opsgenie Terraform ({in_terraform} service{})",
            plural(in_terraform)
        ));
    }
    if !sources.is_empty() {
        let location = match (in_file, cx.terraform_oncall.first()) {
            (0, Some(first)) => first.location.clone(),
            _ => at,
        };
        return verdict(
            Status::Pass,
            KIND,
            format!("on-call is defined in {}", sources.join(" and ")),
            location,
        );
    }
    let state = match &documents.oncall {
        Some(_) => format!("{} defines no service", at.file),
        None if documents.present.oncall => format!(
            "{} exists but could not be read (see the ERROR finding for why)",
            at.file
        ),
        None => format!("{} does not exist", at.file),
    };
    verdict(
        Status::Fail,
        KIND,
        format!(
            "no on-call structure: {state}, and no PagerDuty/Opsgenie service is defined in the \
             Terraform"
        ),
        at,
    )
}

/// Whether the review deadline of a resolved incident (business days after its
/// resolution, as `review-within-deadline` counts them) lies before `as_of`.
fn review_deadline_passed(cx: &DocumentContext<'_>, f: &FilledIncident<'_>) -> bool {
    let Some(resolved) = f.incident.resolved_date else {
        return false;
    };
    cx.documents
        .review_deadline(resolved)
        .is_some_and(|deadline| cx.as_of > deadline)
}

fn post_incident_reviews(cx: &DocumentContext<'_>) -> Verdict {
    const KIND: &str = "post-incident-reviews";
    let documents = cx.documents;
    let severities = documents.config.review.severities.join("/");
    let window = format!(
        "resolved in the 12 months before {} (since {})",
        cx.as_of,
        cx.window_start()
    );
    let log = absent_file(&documents.config.paths.incidents);
    if !documents.present.incidents {
        return verdict(
            Status::Fail,
            KIND,
            format!(
                "no incident records: {} does not exist, so the post-incident reviews of the \
                 last 12 months cannot be shown",
                log.file
            ),
            log,
        );
    }
    let filled = documents.incidents_with_timelines();
    let due: Vec<_> = filled
        .iter()
        .filter(|f| {
            f.incident
                .severity
                .as_deref()
                .is_some_and(|s| cx.needs_review(s))
                && f.incident.resolved_date.is_some_and(|d| cx.in_window(d))
                // A review whose deadline has not passed is not missing evidence yet.
                && (f.review.is_some() || review_deadline_passed(cx, f))
        })
        .collect();
    if due.is_empty() {
        return verdict(
            Status::Pass,
            KIND,
            format!("no {severities} incident {window}, so no review record is due"),
            log,
        );
    }
    let missing: Vec<_> = due.iter().filter(|f| f.review.is_none()).collect();
    let n = due.len();
    match missing.first() {
        None => {
            let reviewed: Vec<String> = due
                .iter()
                .filter_map(|f| {
                    f.review
                        .map(|r| format!("{} ({})", f.incident.id, r.location.file))
                })
                .collect();
            let location = due
                .iter()
                .find_map(|f| f.review.map(|r| r.location.clone()))
                .unwrap_or(log);
            verdict(
                Status::Pass,
                KIND,
                format!(
                    "{} {window} {} a review record: {}",
                    if n == 1 {
                        format!("the one {severities} incident")
                    } else {
                        format!("all {n} {severities} incidents")
                    },
                    if n == 1 { "has" } else { "have" },
                    reviewed.join(", ")
                ),
                location,
            )
        }
        Some(first) => {
            let ids: Vec<&str> = missing.iter().map(|f| f.incident.id.as_str()).collect();
            let folder = if documents.present.postmortems {
                String::new()
            } else {
                format!(
                    " ({} does not exist)",
                    absent_file(&documents.config.paths.postmortems).file
                )
            };
            verdict(
                Status::Fail,
                KIND,
                format!(
                    "{} of {n} {severities} incident{} {window} {} no review record{folder}: {}",
                    ids.len(),
                    if n == 1 { "" } else { "s" },
                    if ids.len() == 1 { "has" } else { "have" },
                    ids.join(", ")
                ),
                first.incident.location.clone(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::documents::{Documents, Present};

    #[test]
    fn broken_documents_are_reported_as_unreadable_not_absent() {
        let documents = Documents {
            present: Present {
                severity_definitions: true,
                oncall: true,
                incidents: true,
                ..Present::default()
            },
            ..Documents::default()
        };
        let cx = DocumentContext {
            documents: &documents,
            alerts: &[],
            terraform_oncall: &[],
            as_of: jiff::civil::date(2026, 6, 30),
        };
        let v = EvidencePresent.run(&cx);
        let kinds: Vec<(&str, Status)> =
            v.iter().map(|v| (v.resource.as_str(), v.status)).collect();
        assert_eq!(
            kinds,
            [
                ("severity-definitions", Status::Fail),
                ("escalation-paths", Status::Fail),
                ("oncall", Status::Fail),
                ("post-incident-reviews", Status::Pass),
            ]
        );
        assert!(
            v[0].message.contains(
                "incident-response/severity-definitions.yml exists but could not be read"
            ),
            "{}",
            v[0].message
        );
        assert_eq!(
            v[0].location.to_string(),
            "incident-response/severity-definitions.yml:1:1"
        );
        assert!(
            v[1].message.contains("could not be read"),
            "{}",
            v[1].message
        );
        assert!(
            v[2].message
                .contains("incident-response/oncall.yml exists but could not be read"),
            "{}",
            v[2].message
        );
        // 2026-06-30 minus one year = 2025-06-30.
        assert_eq!(
            v[3].message,
            "no SEV1/SEV2 incident resolved in the 12 months before 2026-06-30 (since \
             2025-06-30), so no review record is due"
        );
    }
}
