//! All incident-response documents of one scanned root, loaded together: `irready.yml`
//! says where they live, and each is read by its own loader. A broken document is a
//! diagnostic; the others still load, and an absent one is simply absent (the checks
//! decide what absence means).

use super::calendar::{self, BusinessCalendar};
use super::config::Config;
use super::incident::{self, Incident};
use super::oncall::{self, OnCall};
use super::review::{self, Review};
use super::runbook::{self, RunbookCatalog};
use super::severity::{self, SeverityDefinitions};
use crate::diagnostic::Diagnostic;
use crate::source::display_path;
use std::path::Path;
use std::sync::Arc;

/// The documents of one scanned root.
#[derive(Debug, Default)]
pub struct Documents {
    pub config: Config,
    pub calendar: BusinessCalendar,
    /// `None` when the file does not exist or cannot be read.
    pub severity: Option<SeverityDefinitions>,
    pub oncall: Option<OnCall>,
    pub runbooks: RunbookCatalog,
    pub incidents: Vec<Incident>,
    pub reviews: Vec<Review>,
    /// Which of the configured paths exist (a folder with no document in it exists).
    pub present: Present,
}

/// Which configured document paths exist, for the checks that report absence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Present {
    pub severity_definitions: bool,
    pub oncall: bool,
    pub runbooks: bool,
    pub incidents: bool,
    pub postmortems: bool,
    pub calendar: bool,
}

impl Documents {
    /// The severity level names alerts and incidents may use: the definitions' ids, or
    /// SEV1..SEV4 when there are none.
    pub fn level_names(&self) -> Vec<String> {
        match &self.severity {
            Some(s) if !s.levels.is_empty() => s.ids().into_iter().map(String::from).collect(),
            _ => super::severity::DEFAULT_LEVELS.map(String::from).to_vec(),
        }
    }

    /// Whether an incident of this severity needs a post-incident review (irready.yml's
    /// `review.severities`, case-insensitive).
    pub fn needs_review(&self, severity: &str) -> bool {
        self.config
            .review
            .severities
            .iter()
            .any(|s| s.trim().eq_ignore_ascii_case(severity.trim()))
    }

    /// The review deadline of an incident resolved on `resolved`: `review.deadline_business_days`
    /// business days later by the calendar. `None` only past the last countable date. The
    /// checks, the metrics and the evidence all use this one rule.
    pub fn review_deadline(&self, resolved: jiff::civil::Date) -> Option<jiff::civil::Date> {
        self.calendar
            .add_business_days(resolved, self.config.review.deadline_business_days)
    }

    /// The review of an incident: the one whose `Incident:` is the incident's id
    /// (case-insensitive); the earliest dated when there are several.
    pub fn review_of(&self, incident_id: &str) -> Option<&Review> {
        self.reviews
            .iter()
            .filter(|r| r.incident.trim().eq_ignore_ascii_case(incident_id.trim()))
            .min_by_key(|r| r.date)
    }

    /// The incidents with the timestamps their records lack filled from their review's
    /// timeline (SPEC §5). Each filled incident says which fields came from where.
    pub fn incidents_with_timelines(&self) -> Vec<FilledIncident<'_>> {
        let phrases = &self.config.review.timeline_phrases;
        self.incidents
            .iter()
            .map(|record| {
                let mut incident = record.clone();
                let mut filled = Vec::new();
                let review = self.review_of(&record.id);
                if let Some(review) = review {
                    let times = review::timeline_fills(review, phrases);
                    let mut fill = |slot: &mut Option<jiff::Timestamp>,
                                    from: Option<jiff::Timestamp>,
                                    field: &'static str| {
                        if slot.is_none() && from.is_some() {
                            *slot = from;
                            filled.push(field);
                        }
                    };
                    fill(&mut incident.detected_at, times.detected, "detected_at");
                    fill(
                        &mut incident.acknowledged_at,
                        times.acknowledged,
                        "acknowledged_at",
                    );
                    fill(&mut incident.mitigated_at, times.mitigated, "mitigated_at");
                    fill(&mut incident.resolved_at, times.resolved, "resolved_at");
                    if incident.resolved_date.is_none() {
                        incident.resolved_date = times.resolved_date;
                    }
                }
                FilledIncident {
                    incident,
                    review,
                    filled,
                }
            })
            .collect()
    }
}

/// An incident record completed from its review's timeline.
#[derive(Debug, Clone)]
pub struct FilledIncident<'a> {
    pub incident: Incident,
    /// Its post-incident review, matched by id.
    pub review: Option<&'a Review>,
    /// The fields taken from the review's timeline (`resolved_at`...).
    pub filled: Vec<&'static str>,
}

/// Loads every document under `root`, with the diagnostics of the broken ones.
pub fn load(root: &Path) -> (Documents, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config = match Config::load_from_root(root) {
        Ok(c) => c,
        Err(d) => {
            diagnostics.extend(d);
            Config::default()
        }
    };
    let display = |p: &Path| -> Arc<str> { display_path(root, &root.join(p)).into() };
    let paths = &config.paths;

    let calendar =
        match calendar::load_calendar(&root.join(&paths.calendar), display(&paths.calendar)) {
            Ok(c) => c.unwrap_or_default(),
            Err(d) => {
                diagnostics.extend(d);
                BusinessCalendar::default()
            }
        };
    let severity_path = root.join(&paths.severity_definitions);
    let severity = if severity_path.exists() {
        match severity::load_severity_definitions(
            &severity_path,
            display(&paths.severity_definitions),
        ) {
            Ok(s) => Some(s),
            Err(d) => {
                diagnostics.extend(d);
                None
            }
        }
    } else {
        None
    };
    let oncall_path = root.join(&paths.oncall);
    let oncall = if oncall_path.exists() {
        match oncall::load_oncall(&oncall_path, display(&paths.oncall)) {
            Ok(o) => Some(o),
            Err(d) => {
                diagnostics.extend(d);
                None
            }
        }
    } else {
        None
    };
    let present = Present {
        severity_definitions: severity_path.exists(),
        oncall: oncall_path.exists(),
        runbooks: root.join(&paths.runbooks).exists(),
        incidents: root.join(&paths.incidents).exists(),
        postmortems: root.join(&paths.postmortems).exists(),
        calendar: root.join(&paths.calendar).exists(),
    };
    let (runbooks, d) = runbook::load_runbooks(root, &root.join(&paths.runbooks));
    diagnostics.extend(d);
    let (incidents, d) =
        incident::load_incidents(&root.join(&paths.incidents), display(&paths.incidents));
    diagnostics.extend(d);
    let (reviews, d) =
        review::load_reviews(&root.join(&paths.postmortems), display(&paths.postmortems));
    diagnostics.extend(d);
    diagnostics.sort();
    diagnostics.dedup();
    (
        Documents {
            config,
            calendar,
            severity,
            oncall,
            runbooks,
            incidents,
            reviews,
            present,
        },
        diagnostics,
    )
}
