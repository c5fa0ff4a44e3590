//! irready: WAF-REL-060 "Incident Response & Runbook Readiness" checked as code.
//!
//! Data flows one way (see ARCHITECTURE.md):
//! `discover` → `terraform` (parse, evaluate) and `controls` (load YAML) → `checks` and
//! control assertions → `Finding`s → `report`.

pub mod assessment;
pub mod baseline;
pub mod checks;
pub mod cli;
pub mod controls;
pub mod diagnostic;
pub mod discover;
pub mod evidence;
pub mod finding;
pub mod init;
pub mod ir;
pub mod maturity;
pub mod metrics;
pub mod progress;
pub mod report;
pub mod scan;
pub mod source;
pub mod terraform;
pub mod waivers;
pub mod yaml;

pub use diagnostic::Diagnostic;
pub use finding::{Finding, Severity, Status};
