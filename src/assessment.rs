//! One complete assessment of a repository: the findings of every check, the documents,
//! the incident metrics and the maturity level, all as of one date. `irready report` and
//! `irready evidence` show the same assessment in different forms, so it is computed in
//! one place.

use crate::ir::documents::Documents;
use crate::maturity::{self, Maturity};
use crate::metrics::{self, Metrics, MetricsOptions};
use crate::scan::{self, CheckOptions, ScanOutcome};
use jiff::civil::Date;
use std::path::Path;

/// Everything known about one scanned PATH.
pub struct Assessment {
    /// The findings of `irready check` (every selected check), with the diagnostics.
    pub outcome: ScanOutcome,
    pub documents: Documents,
    /// `None` when the repository keeps no incident records at all (no incidents path).
    pub metrics: Option<Metrics>,
    pub maturity: Maturity,
    pub as_of: Date,
}

impl Assessment {
    /// The metrics as `irready metrics --format json` prints them.
    pub fn metrics_json(&self) -> Option<serde_json::Value> {
        let m = self.metrics.as_ref()?;
        serde_json::to_value(m).ok()
    }

    /// The maturity as `irready maturity --format json` prints it.
    pub fn maturity_json(&self) -> serde_json::Value {
        maturity::render::to_json(&self.maturity)
    }
}

/// Assesses `path` with `options` (its `paths` are replaced by `path`; `as_of` defaults
/// to today).
pub fn assess(path: &Path, options: &CheckOptions) -> Assessment {
    let as_of = options
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let options = CheckOptions {
        paths: vec![path.to_path_buf()],
        as_of: Some(as_of),
        ..options.clone()
    };
    let mut outcome = scan::check(&options);
    // The scan read the documents (and reported their diagnostics); a PATH that does not
    // exist has none.
    let documents = outcome.documents.pop().unwrap_or_default();
    let metrics = if documents.present.incidents {
        metrics::compute(&documents, &MetricsOptions::new(as_of)).ok()
    } else {
        None
    };
    let maturity = maturity::assess(&maturity::Inputs {
        findings: &outcome.findings,
        documents: &documents,
        automation: &outcome.automation,
        as_of,
    });
    Assessment {
        outcome,
        documents,
        metrics,
        maturity,
        as_of,
    }
}
