//! `waf-rel-060.ir.runbook-linked`: every critical alert links a runbook of the catalog,
//! and that runbook is current.
//!
//! Why: WAF-REL-060 asks that critical alerts lead whoever is paged to a documented
//! procedure. A missing link, a link to nowhere, and a runbook nobody has reviewed in
//! months all leave the on-call engineer improvising at 3 a.m.
//!
//! In scope: every alert (all providers) whose severity is one of `critical_severities`.
//! An alert without a severity, or of a lower one, gets no verdict here: the Terraform
//! check `alarm-runbook-severity` reports missing severities. An alert whose description
//! cannot be evaluated is SKIP. A link is resolved as `runbooks::resolve_link` says (URL
//! base, relative path, alert id); it cannot be verified at all when the catalog folder
//! does not exist (SKIP: the runbooks may be published from another repository; the
//! evidence check reports the missing folder). A runbook without a last-updated date
//! fails: its currency cannot be shown.

use super::runbooks::{Resolution, catalog_display, resolve_link};
use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::alert::Alert;
use crate::ir::runbook::Runbook;

/// See the module documentation.
pub struct RunbookLinked;

impl DocumentCheck for RunbookLinked {
    fn id(&self) -> &'static str {
        "waf-rel-060.ir.runbook-linked"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        cx.alerts
            .iter()
            .filter_map(|alert| {
                assess(cx, alert).map(|(status, message)| verdict(alert, status, message))
            })
            .collect()
    }
}

fn verdict(alert: &Alert, status: Status, message: String) -> Verdict {
    Verdict {
        root: (!alert.root.is_empty()).then(|| alert.root.clone()),
        status,
        resource: alert.address.clone(),
        message,
        location: alert.location.clone(),
    }
}

/// The status and message for one alert; `None` when it is not critical.
fn assess(cx: &DocumentContext<'_>, alert: &Alert) -> Option<(Status, String)> {
    let meta = match &alert.meta {
        Ok(meta) => meta,
        Err(reason) => {
            return Some((
                Status::Skip,
                format!("UNKNOWN: its severity and runbook cannot be read: {reason}"),
            ));
        }
    };
    let severity = meta.severity.as_deref()?;
    if !cx.is_critical(severity) {
        return None;
    }
    let Some(link) = meta.runbook.as_deref() else {
        return Some((
            Status::Fail,
            format!(
                "{severity} alert links no runbook: whoever is paged has no documented \
                 procedure; expected a runbook URL in its description or its runbook tag"
            ),
        ));
    };
    let catalog = catalog_display(cx);
    if !cx.documents.present.runbooks {
        return Some((
            Status::Skip,
            format!("UNKNOWN: no runbook catalog at {catalog}; the link {link} cannot be verified"),
        ));
    }
    let settings = &cx.documents.config.runbooks;
    let runbook = match resolve_link(
        &cx.documents.runbooks,
        link,
        &settings.url_bases,
        Some(&*alert.location.file),
    ) {
        Resolution::Found(runbook, form) => (runbook, form),
        Resolution::Unresolved(why) => {
            return Some((
                Status::Fail,
                format!(
                    "{severity} alert's runbook link {link} resolves to no runbook of the \
                     catalog at {catalog}: {why}; if the runbooks are published under \
                     another URL, configure its prefix in runbooks.url_bases (irready.yml)"
                ),
            ));
        }
        Resolution::Ambiguous {
            segment,
            candidates,
        } => {
            return Some((
                Status::Fail,
                format!(
                    "{severity} alert's runbook link {link} is ambiguous: `{segment}` names \
                     {} runbooks ({}); link one by its path or through runbooks.url_bases",
                    candidates.len(),
                    paths(&candidates)
                ),
            ));
        }
    };
    let (runbook, form) = runbook;
    let limit = settings.stale_after_days;
    let Some(updated) = runbook.last_updated else {
        return Some((
            Status::Fail,
            format!(
                "{severity} alert links runbook {}, which has no last-updated date: it \
                 cannot be shown to have been reviewed within {limit} days",
                runbook.path
            ),
        ));
    };
    let age = i64::from((cx.as_of - updated).get_days());
    if runbook.is_stale(cx.as_of, limit) == Some(true) {
        return Some((
            Status::Fail,
            format!(
                "{severity} alert links runbook {}, which is stale: last updated {updated}, \
                 {age} days before {}, more than the {limit} days allowed \
                 (runbooks.stale_after_days)",
                runbook.path, cx.as_of
            ),
        ));
    }
    Some((
        Status::Pass,
        format!(
            "{severity} alert links runbook {} ({}), last updated {updated} ({}; at most \
             {limit} allowed)",
            runbook.path,
            form.describe(),
            age_words(age)
        ),
    ))
}

/// "12 days before the as-of date", or "after the as-of date" for a scan of the past.
fn age_words(age: i64) -> String {
    match age {
        a if a < 0 => "after the as-of date".to_string(),
        0 => "on the as-of date".to_string(),
        1 => "1 day before the as-of date".to_string(),
        a => format!("{a} days before the as-of date"),
    }
}

fn paths(runbooks: &[&Runbook]) -> String {
    runbooks
        .iter()
        .map(|r| r.path.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
