//! Incident-response documents kept as code (SPEC §5): one module per document kind, each a
//! pure loader from a file to a model whose items carry their `Location`. `config` reads
//! `irready.yml` (where the documents live, the thresholds); `severity`, `oncall`,
//! `runbook`, `incident`, `review` and `calendar` read the documents; `alert` is the
//! inventory of alerts taken from the evaluated Terraform.

pub mod alert;
pub mod calendar;
pub mod config;
pub mod documents;
pub mod incident;
pub mod oncall;
pub mod oncall_terraform;
pub mod prometheus;
pub mod review;
pub mod runbook;
pub mod severity;

/// Where the severity definitions live by default, relative to the scanned root.
pub const DEFAULT_SEVERITY_DEFINITIONS: &str = "incident-response/severity-definitions.yml";
