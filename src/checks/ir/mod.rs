//! The incident-response document checks (`waf-rel-060.ir.*`, SPEC §4.1), one module each,
//! behind check ids that the built-in control declares with `engine: documentation` and
//! `implementation: builtin`. The registry at the bottom is the only list of them.
//!
//! A document check runs once per scanned PATH. It sees the documents of that PATH
//! (`ir::documents`), the alerts and the PagerDuty/Opsgenie on-call of every root module
//! under it (taken while each root was evaluated), and the date that counts as today. It
//! returns `Verdict`s, like a Terraform check; the engine makes them findings.

mod action_items_tracked;
mod evidence_present;
mod metrics_computable;
mod oncall_primary_secondary;
mod prometheus_alert_labels;
mod review_within_deadline;
mod runbook_linked;
mod runbook_orphan;
mod runbook_quality;
mod runbooks;
mod severity_levels;
mod top_alerts_have_runbooks;

use super::Verdict;
use crate::ir::alert::Alert;
use crate::ir::documents::Documents;
use crate::ir::oncall::OnCallService;
use jiff::civil::Date;

/// What a document check has to look at.
pub struct DocumentContext<'a> {
    pub documents: &'a Documents,
    /// Every alert of every root module under the scanned PATH, in address order.
    pub alerts: &'a [Alert],
    /// The services whose on-call the PagerDuty/Opsgenie Terraform defines.
    pub terraform_oncall: &'a [OnCallService],
    /// "Today" for deadlines, staleness, overdue items and the 12-month window.
    pub as_of: Date,
}

impl DocumentContext<'_> {
    /// Whether an alert or incident of this severity needs a runbook (irready.yml's
    /// `critical_severities`, case-insensitive).
    pub fn is_critical(&self, severity: &str) -> bool {
        self.documents
            .config
            .critical_severities
            .iter()
            .any(|c| c.eq_ignore_ascii_case(severity.trim()))
    }

    /// Whether an incident of this severity needs a post-incident review.
    pub fn needs_review(&self, severity: &str) -> bool {
        self.documents.needs_review(severity)
    }

    /// The first day of the 12-month window that ends at `as_of` (SPEC §6: "the 12
    /// months before --as-of").
    pub fn window_start(&self) -> Date {
        self.as_of
            .checked_sub(jiff::Span::new().years(1))
            .unwrap_or(self.as_of)
    }

    /// Whether a date lies in the 12 months before `as_of` (both ends included).
    pub fn in_window(&self, date: Date) -> bool {
        date >= self.window_start() && date <= self.as_of
    }
}

/// A built-in check over the incident-response documents.
pub trait DocumentCheck: Sync {
    /// The stable check id (`waf-rel-060.ir.severity-levels`).
    fn id(&self) -> &'static str;
    /// Verdicts for every item in scope (a level, a service, an alert, a runbook...).
    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict>;
}

/// Every built-in document check.
pub fn registry() -> Vec<&'static dyn DocumentCheck> {
    vec![
        &action_items_tracked::ActionItemsTracked,
        &evidence_present::EvidencePresent,
        &metrics_computable::MetricsComputable,
        &oncall_primary_secondary::OnCallPrimarySecondary,
        &prometheus_alert_labels::PrometheusAlertLabels,
        &review_within_deadline::ReviewWithinDeadline,
        &runbook_linked::RunbookLinked,
        &runbook_orphan::RunbookOrphan,
        &runbook_quality::RunbookQuality,
        &severity_levels::SeverityLevels,
        &top_alerts_have_runbooks::TopAlertsHaveRunbooks,
    ]
}

/// The built-in document check with this id.
pub fn find(id: &str) -> Option<&'static dyn DocumentCheck> {
    registry().into_iter().find(|c| c.id() == id)
}
