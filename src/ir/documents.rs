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
        },
        diagnostics,
    )
}
