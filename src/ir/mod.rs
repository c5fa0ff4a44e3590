//! Incident-response documents kept as code (SPEC §5): severity definitions, on-call,
//! runbooks, incidents, post-incident reviews, the business calendar — each loaded with
//! positions for its errors — and the alert inventory taken from Terraform.

pub mod alert;
pub mod calendar;
pub mod incident;
pub mod review;
pub mod severity;

/// Where the severity definitions live by default, relative to the scanned root.
pub const DEFAULT_SEVERITY_DEFINITIONS: &str = "incident-response/severity-definitions.yml";
