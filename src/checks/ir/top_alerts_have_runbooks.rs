//! `waf-rel-060.ir.top-alerts-have-runbooks`: the five alerts that raised the most
//! incidents of each service in the last 12 months have runbooks.
//!
//! Why: the seed asks for runbooks for the most frequent alerts first; the incident
//! records say which alerts actually wake people up, whatever their configured severity.
//!
//! The incidents counted are those whose resolution date (or, while unresolved, whose
//! start or detection date) lies in the 12 months before the as-of date; the review's
//! timeline fills what the record lacks. Incidents are grouped by service (`(no service)`
//! when they name none); one without an alert is not counted. The five most frequent
//! alerts of each service are ranked by count, then by name, so that ties always rank the
//! same way. An alert has a runbook when a runbook lists it in its alert ids, or when a
//! Terraform alert with that name or address links a runbook of the catalog; when the only
//! candidate alert cannot be read, the verdict is SKIP. The finding is on the alert's
//! first incident in the window (the earliest, then the first written).

use super::runbooks::runbook_of_alert;
use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::incident::Incident;
use jiff::civil::Date;
use jiff::tz::Offset;
use std::collections::BTreeMap;

/// See the module documentation.
pub struct TopAlertsHaveRunbooks;

/// One incident an alert raised in the window: the date that placed it there, its
/// position in the records (ties of date keep the written order), and the record.
type Raised<'a> = (Date, usize, &'a Incident);

/// How many alerts per service must have runbooks (the seed's "top 5").
const TOP: usize = 5;

/// The group of incidents that name no service.
const NO_SERVICE: &str = "(no service)";

impl DocumentCheck for TopAlertsHaveRunbooks {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.top-alerts-have-runbooks"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        let filled = cx.documents.incidents_with_timelines();
        // service → alert → the incidents it raised in the window, as (date, order).
        let mut tally: BTreeMap<&str, BTreeMap<&str, Vec<Raised<'_>>>> = BTreeMap::new();
        for (order, f) in filled.iter().enumerate() {
            let incident = &f.incident;
            let Some(alert) = incident.alert.as_deref().map(str::trim) else {
                continue;
            };
            if alert.is_empty() {
                continue;
            }
            let Some(date) = counted_date(incident).filter(|d| cx.in_window(*d)) else {
                continue;
            };
            let service = incident
                .service
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(NO_SERVICE);
            tally
                .entry(service)
                .or_default()
                .entry(alert)
                .or_default()
                .push((date, order, incident));
        }
        let mut out = Vec::new();
        for (service, alerts) in tally {
            let mut ranked: Vec<(&str, Vec<Raised<'_>>)> = alerts.into_iter().collect();
            // BTreeMap order is by name; a stable sort by count keeps names ascending.
            ranked.sort_by_key(|(_, raised)| std::cmp::Reverse(raised.len()));
            for (rank, (alert, mut incidents)) in ranked.into_iter().take(TOP).enumerate() {
                incidents.sort_by_key(|(date, order, _)| (*date, *order));
                let Some((_, _, first)) = incidents.first() else {
                    continue;
                };
                let (status, message) = assess(cx, service, alert, rank + 1, &incidents);
                out.push(Verdict {
                    root: None,
                    status,
                    resource: format!("{service}/{alert}"),
                    message,
                    location: first.location.clone(),
                });
            }
        }
        out
    }
}

/// The date that places an incident in the window: its resolution, or while unresolved
/// its start or detection. Instants without their written offset count in UTC.
fn counted_date(incident: &Incident) -> Option<Date> {
    let utc = |t: jiff::Timestamp| Offset::UTC.to_datetime(t).date();
    incident
        .resolved_date
        .or_else(|| incident.resolved_at.map(utc))
        .or_else(|| incident.started_at.map(utc))
        .or_else(|| incident.detected_at.map(utc))
}

fn assess(
    cx: &DocumentContext<'_>,
    service: &str,
    alert: &str,
    rank: usize,
    incidents: &[Raised<'_>],
) -> (Status, String) {
    let count = incidents.len();
    let raised = format!(
        "alert {alert} raised {count} incident{} of {service} between {} and {} ({}), rank \
         {rank} of the service's alerts",
        if count == 1 { "" } else { "s" },
        cx.window_start(),
        cx.as_of,
        ids(incidents)
    );
    let listing = cx.documents.runbooks.by_alert_id(alert);
    if let Some(runbook) = listing.first() {
        return (
            Status::Pass,
            format!(
                "{raised}; runbook {} lists it in its alert ids",
                runbook.path
            ),
        );
    }
    let terraform: Vec<_> = cx
        .alerts
        .iter()
        .filter(|a| a.name.as_deref() == Some(alert) || a.address == alert)
        .collect();
    for a in &terraform {
        if let Some(runbook) = runbook_of_alert(cx, a) {
            return (
                Status::Pass,
                format!(
                    "{raised}; its Terraform alert {} links runbook {}",
                    a.address, runbook.path
                ),
            );
        }
    }
    if let Some((a, reason)) = terraform
        .iter()
        .find_map(|a| a.meta.as_ref().err().map(|reason| (a, reason)))
    {
        return (
            Status::Skip,
            format!(
                "UNKNOWN: {raised}; no runbook lists it in its alert ids, and the runbook \
                 link of its Terraform alert {} cannot be read: {reason}",
                a.address
            ),
        );
    }
    let terraform_note = match terraform.as_slice() {
        [] => String::new(),
        found => format!(
            ", and its Terraform alert{} {} link{} none",
            if found.len() == 1 { "" } else { "s" },
            found
                .iter()
                .map(|a| a.address.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if found.len() == 1 { "s" } else { "" }
        ),
    };
    (
        Status::Fail,
        format!(
            "{raised}, but no runbook of the catalog at {} lists it in its alert ids{terraform_note}",
            super::runbooks::catalog_display(cx)
        ),
    )
}

/// The first incident ids in date order, then how many more.
fn ids(incidents: &[Raised<'_>]) -> String {
    const SHOWN: usize = 5;
    let shown = incidents
        .iter()
        .take(SHOWN)
        .map(|(_, _, i)| i.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match incidents.len().saturating_sub(SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}
