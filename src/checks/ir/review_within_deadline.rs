//! `waf-rel-060.ir.review-within-deadline`: every incident of a review severity (SEV1 and
//! SEV2 by default, `review.severities`) resolved in the 12 months before the as-of date
//! has a post-incident review dated at most `review.deadline_business_days` (5) business
//! days after its resolution.
//!
//! Why: the seed asks for a blameless review of every major incident while memory is
//! fresh; a review written weeks later reconstructs rather than remembers. "Business days"
//! are counted with the team's calendar (`calendar.yml`: weekend days and holidays), from
//! the date of resolution in the offset the resolution was written with — the team's
//! date, not UTC's.
//!
//! Semantics (SPEC §4.1):
//! - in scope: incidents resolved (record, or the review's timeline) in the window whose
//!   severity needs a review; an unresolved incident has no deadline yet, so no verdict;
//! - an incident of the window without a severity, or with a severity that is not a
//!   defined level, cannot be judged: SKIP (a typo such as `Sev-1` must not silently
//!   exempt an incident);
//! - no review: PASS while the deadline has not passed, FAIL once it has, with the number
//!   of business days overdue as of today;
//! - a review: PASS when dated on or before the deadline, FAIL "late" with the business
//!   days late otherwise; a review dated before the resolution contradicts the record and
//!   is a FAIL too (one of the two dates is wrong, and the deadline cannot be trusted).

use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::documents::FilledIncident;
use crate::ir::incident::Incident;

/// See the module documentation.
pub struct ReviewWithinDeadline;

impl DocumentCheck for ReviewWithinDeadline {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.review-within-deadline"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        let levels = cx.documents.level_names();
        cx.documents
            .incidents_with_timelines()
            .iter()
            .filter_map(|filled| judge(cx, &levels, filled))
            .collect()
    }
}

/// The verdict on one incident, or `None` when it is out of scope.
fn judge(
    cx: &DocumentContext<'_>,
    levels: &[String],
    filled: &FilledIncident<'_>,
) -> Option<Verdict> {
    let incident = &filled.incident;
    // Unresolved: no deadline runs yet. Resolved outside the window: not this year's review.
    let resolved = incident.resolved_date?;
    if !cx.in_window(resolved) {
        return None;
    }
    let severity = incident
        .severity
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let Some(severity) = severity else {
        return Some(skip(
            incident,
            "UNKNOWN: no severity, so whether it needs a review cannot be decided".into(),
        ));
    };
    if !cx.needs_review(severity) {
        let defined = levels.iter().any(|l| l.eq_ignore_ascii_case(severity));
        if defined {
            return None;
        }
        return Some(skip(
            incident,
            format!(
                "UNKNOWN: severity `{severity}` is not a defined level ({}), so whether it needs a review cannot be decided",
                levels.join(", ")
            ),
        ));
    }
    let days = cx.documents.config.review.deadline_business_days;
    let Some(deadline) = cx.documents.review_deadline(resolved) else {
        return Some(skip(
            incident,
            format!(
                "UNKNOWN: the review deadline, {days} business days after resolution on {resolved}, lies beyond the last date that can be counted"
            ),
        ));
    };
    let after = format!("{days} business days after resolution on {resolved}");
    let id = incident.id.clone();
    let Some(review) = filled.review else {
        if cx.as_of <= deadline {
            return Some(Verdict {
                root: None,
                status: Status::Pass,
                resource: id,
                message: format!("review not due yet: due by {deadline} ({after})"),
                location: incident.location.clone(),
            });
        }
        let overdue = cx.documents.calendar.business_days_late(deadline, cx.as_of);
        return Some(Verdict {
            root: None,
            status: Status::Fail,
            resource: id,
            message: format!(
                "no post-incident review: due by {deadline} ({after}), {overdue} business {} overdue as of {}",
                day_word(overdue),
                cx.as_of
            ),
            location: incident.location.clone(),
        });
    };
    let (status, message) = if review.date < resolved {
        (
            Status::Fail,
            format!(
                "review dated {} is before the resolution on {resolved}: one of the two dates is wrong; expected a review dated from {resolved} to {deadline} ({after})",
                review.date
            ),
        )
    } else if review.date <= deadline {
        (
            Status::Pass,
            format!(
                "reviewed on {}, within {days} business days of resolution on {resolved} (deadline {deadline})",
                review.date
            ),
        )
    } else {
        let late = cx
            .documents
            .calendar
            .business_days_late(deadline, review.date);
        (
            Status::Fail,
            format!(
                "review dated {} is late by {late} business {} (deadline {deadline}, {after})",
                review.date,
                day_word(late)
            ),
        )
    };
    Some(Verdict {
        root: None,
        status,
        resource: id,
        message,
        location: review.location.clone(),
    })
}

fn skip(incident: &Incident, message: String) -> Verdict {
    Verdict {
        root: None,
        status: Status::Skip,
        resource: incident.id.clone(),
        message,
        location: incident.location.clone(),
    }
}

/// "day" or "days".
fn day_word(n: i64) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::documents::Documents;
    use crate::source::Location;
    use jiff::civil::{Date, date};

    fn incident(id: &str, severity: Option<&str>, resolved: Date) -> Incident {
        Incident {
            id: id.into(),
            title: None,
            service: None,
            severity: severity.map(String::from),
            alert: None,
            started_at: None,
            detected_at: None,
            acknowledged_at: None,
            mitigated_at: None,
            resolved_at: None,
            resolved_date: Some(resolved),
            postmortem: None,
            failure_class: None,
            location: Location::new("incidents.yml".into(), 1, 1),
        }
    }

    fn run(incidents: Vec<Incident>, as_of: Date) -> Vec<Verdict> {
        let documents = Documents {
            incidents,
            ..Documents::default()
        };
        let cx = DocumentContext {
            documents: &documents,
            alerts: &[],
            terraform_oncall: &[],
            as_of,
        };
        ReviewWithinDeadline.run(&cx)
    }

    #[test]
    fn a_deadline_past_the_last_date_is_unknown_not_a_panic() {
        // Thu 9999-12-30 + 5 business days would be in year 10000.
        let got = run(
            vec![incident("INC-9", Some("SEV1"), date(9999, 12, 30))],
            date(9999, 12, 31),
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].status, Status::Skip);
        assert_eq!(
            got[0].message,
            "UNKNOWN: the review deadline, 5 business days after resolution on 9999-12-30, lies beyond the last date that can be counted"
        );
    }

    #[test]
    fn the_window_includes_both_ends() {
        // as_of Tue 2026-06-30: the window starts on 2025-06-30. Resolved on that first
        // day (a Monday): deadline Mon 2025-07-07, long passed, no review → FAIL. A day
        // earlier is out of the window: no verdict.
        let got = run(
            vec![
                incident("INC-1", Some("SEV2"), date(2025, 6, 30)),
                incident("INC-2", Some("SEV2"), date(2025, 6, 29)),
                incident("INC-3", Some("SEV3"), date(2026, 6, 1)),
            ],
            date(2026, 6, 30),
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].resource, "INC-1");
        assert_eq!(got[0].status, Status::Fail);
        assert!(
            got[0]
                .message
                .starts_with("no post-incident review: due by 2025-07-07 "),
            "{}",
            got[0].message
        );
    }
}
