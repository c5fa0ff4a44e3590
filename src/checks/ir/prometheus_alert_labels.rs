//! `waf-rel-060.prometheus.alert-runbook-severity`: every Prometheus alerting rule has
//! `labels.severity` and `annotations.runbook_url`, the kube-prometheus convention that
//! Alertmanager templates and on-call tools display. The severity's value is not judged
//! here (kube-prometheus uses `critical`/`warning`); whether a critical alert's runbook
//! resolves is `runbook-linked`'s job, which sees these alerts too.

use super::{DocumentCheck, DocumentContext};
use crate::checks::Verdict;
use crate::finding::Status;
use crate::ir::prometheus::KIND;

/// The check.
pub struct PrometheusAlertLabels;

impl DocumentCheck for PrometheusAlertLabels {
    fn id(&self) -> &'static str {
        "waf-rel-060.prometheus.alert-runbook-severity"
    }

    fn run(&self, cx: &DocumentContext<'_>) -> Vec<Verdict> {
        cx.alerts
            .iter()
            .filter(|a| a.kind == KIND)
            .filter_map(|a| {
                let meta = a.meta.as_ref().ok()?;
                let mut missing = Vec::new();
                if meta.severity.is_none() {
                    missing.push("labels.severity");
                }
                if meta.runbook.is_none() {
                    missing.push("annotations.runbook_url");
                }
                let (status, message) = if missing.is_empty() {
                    (
                        Status::Pass,
                        format!(
                            "severity {} and runbook {}",
                            meta.severity.as_deref().unwrap_or_default(),
                            meta.runbook.as_deref().unwrap_or_default()
                        ),
                    )
                } else {
                    (
                        Status::Fail,
                        format!(
                            "alert {} has no {}: {}",
                            a.name.as_deref().unwrap_or(&a.address),
                            missing.join(" and no "),
                            match (meta.severity.is_none(), meta.runbook.is_none()) {
                                (true, true) => "whoever is paged learns neither its urgency nor where its runbook is",
                                (true, false) => "whoever is paged cannot tell how urgent it is",
                                _ => "whoever is paged gets no runbook",
                            }
                        ),
                    )
                };
                Some(Verdict {
                    root: None,
                    status,
                    resource: a.address.clone(),
                    message,
                    location: a.location.clone(),
                })
            })
            .collect()
    }
}
