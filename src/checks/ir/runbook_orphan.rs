//! `waf-rel-060.ir.runbook-orphan`: every runbook belongs to an alert that exists (a
//! warning: severity low in the control).
//!
//! Why: alerts get renamed and removed; the runbook stays behind, still listing the old
//! name. Whoever is paged by the renamed alert does not find it, and the catalog fills
//! with procedures for alerts that no longer fire.
//!
//! A runbook is linked when an alert's runbook link resolves to it (`runbooks`), when one
//! of its alert ids is an alert's name or Terraform address, or when an incident record
//! names one of its alert ids as the alert that fired. Alerts are compared exactly (alarm
//! names are case-sensitive). When the scan found no alert at all, no verdict is given:
//! the alerts may be defined in another repository. When some alert cannot be read (its
//! description or its name is unknown), an unlinked runbook is SKIP: that alert might be
//! the one that links it.

use super::runbooks::runbook_of_alert;
use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::runbook::Runbook;

/// See the module documentation.
pub struct RunbookOrphan;

/// How many links a PASS message names before it summarises the rest.
const SHOWN: usize = 3;

impl DocumentCheck for RunbookOrphan {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.runbook-orphan"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        if cx.alerts.is_empty() {
            return Vec::new();
        }
        let unreadable = unreadable_alerts(cx);
        cx.documents
            .runbooks
            .runbooks
            .iter()
            .map(|runbook| {
                let links = links_of(cx, runbook);
                let (status, message) = if !links.is_empty() {
                    (
                        Status::Pass,
                        format!("runbook is linked: {}", summary(&links)),
                    )
                } else if !unreadable.is_empty() {
                    (
                        Status::Skip,
                        format!(
                            "UNKNOWN: {}, but {} cannot be read and might link it: {}",
                            unlinked_so_far(runbook),
                            if unreadable.len() == 1 {
                                "one alert"
                            } else {
                                "some alerts"
                            },
                            summary(&unreadable)
                        ),
                    )
                } else {
                    (Status::Fail, unlinked(runbook))
                };
                Verdict {
                    root: None,
                    status,
                    resource: runbook.path.to_string(),
                    message,
                    location: runbook
                        .alert_ids_location
                        .clone()
                        .unwrap_or_else(|| runbook.location.clone()),
                }
            })
            .collect()
    }
}

/// Why the runbook counts as an orphan, as the FAIL message says it.
fn unlinked(runbook: &Runbook) -> String {
    if runbook.alert_ids.is_empty() {
        "it lists no alert ids and no alert links it".to_string()
    } else {
        format!(
            "its alert ids {} match no alert; the alert was renamed or removed",
            runbook.alert_ids.join(", ")
        )
    }
}

/// What is known while some alert cannot be read, as the SKIP message says it.
fn unlinked_so_far(runbook: &Runbook) -> String {
    if runbook.alert_ids.is_empty() {
        "it lists no alert ids and no alert that could be read links it".to_string()
    } else {
        format!(
            "its alert ids {} match no alert that could be read",
            runbook.alert_ids.join(", ")
        )
    }
}

/// The alerts whose link or name is unknown, each with why.
fn unreadable_alerts(cx: &DocumentContext<'_>) -> Vec<String> {
    cx.alerts
        .iter()
        .filter_map(|a| match (&a.meta, &a.name) {
            (Err(reason), _) => Some(format!("{} ({reason})", a.address)),
            (Ok(_), None) => Some(format!("{} (its name is unknown)", a.address)),
            _ => None,
        })
        .collect()
}

/// Everything that links this runbook, in words.
fn links_of(cx: &DocumentContext<'_>, runbook: &Runbook) -> Vec<String> {
    let mut out = Vec::new();
    for alert in cx.alerts {
        if runbook_of_alert(cx, alert).is_some_and(|r| r.path == runbook.path) {
            out.push(format!("{} links it", alert.address));
            continue;
        }
        let named = runbook
            .alert_ids
            .iter()
            .find(|id| alert.name.as_deref() == Some(id.as_str()) || alert.address == id.as_str());
        if let Some(id) = named {
            out.push(format!("alert id {id} is {}", alert.address));
        }
    }
    for incident in &cx.documents.incidents {
        if let Some(alert) = incident.alert.as_deref().map(str::trim)
            && runbook.alert_ids.iter().any(|id| id == alert)
        {
            out.push(format!("incident {} names alert {alert}", incident.id));
        }
    }
    out
}

/// The first few items, then how many more.
fn summary(items: &[String]) -> String {
    let shown = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match items.len().saturating_sub(SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}
