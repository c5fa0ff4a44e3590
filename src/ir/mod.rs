//! Incident-response documents kept as code (SPEC §5): severity definitions first; on-call,
//! runbooks, incidents and reviews follow with the IR-documents issue.

pub mod config;
pub mod oncall;
pub mod runbook;
pub mod severity;

/// Where the severity definitions live by default, relative to the scanned root.
pub const DEFAULT_SEVERITY_DEFINITIONS: &str = "incident-response/severity-definitions.yml";
