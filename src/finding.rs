//! The one thing reporters consume: a `Finding` — a check's verdict on one resource.

use serde::Serialize;
use std::fmt;

/// Verdict of a check on one resource, with wafpass's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Pass,
    Fail,
    /// Not evaluable: an UNKNOWN value, a runtime-only operator, a manual check.
    Skip,
    /// The input is broken (unparseable file, invalid control).
    Error,
    Waived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
            Status::Error => "ERROR",
            Status::Waived => "WAIVED",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Check and control severity, WAF++'s scale (lowest first, so `>=` means "at least").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check's verdict on one resource (or document), with where to look.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub check_id: String,
    pub check_title: String,
    pub control_id: String,
    pub pillar: String,
    pub severity: Severity,
    pub status: Status,
    /// Terraform address (`module.a.aws_x.y["k"]`), or the document's resource (SPEC §4.1).
    pub resource: String,
    pub message: String,
    pub remediation: String,
    /// Relative to the scanned PATH, forward slashes.
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// The root module's directory (`.` for PATH itself); empty for documents.
    pub root: String,
}

impl Finding {
    /// The deterministic order of every report: file, line, check id, address, then the rest.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.file,
            self.line,
            &self.check_id,
            &self.resource,
            self.column,
            &self.root,
            self.status,
            &self.message,
        )
    }
}

/// Sorts findings into report order and drops exact duplicates (a finding reached twice
/// through the same root and address is one finding).
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
}

/// What reporters know of a control that was run: enough for wafpass's `controls_meta`,
/// SARIF rules and the regulatory mapping, without the YAML.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ControlSummary {
    pub id: String,
    pub title: String,
    pub pillar: String,
    pub severity: String,
    pub category: String,
    pub description: String,
    pub rationale: String,
    pub threat: Vec<String>,
    pub regulatory_mapping: Vec<RegulatoryMapping>,
    pub checks: Vec<CheckSummary>,
}

/// One framework's controls that a WAF++ control maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RegulatoryMapping {
    pub framework: String,
    pub controls: Vec<String>,
}

/// What reporters know of one check of a control.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CheckSummary {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub description: String,
    pub remediation: String,
    /// `compliant` / `non_compliant` examples, when the control has them.
    pub example_compliant: Option<String>,
    pub example_non_compliant: Option<String>,
}
