//! WAF++ control YAML: loading with validation, the built-in WAF-REL-060 control, and
//! running controls over evaluated Terraform.
//!
//! - `raw` / `schema`: the YAML format, read with positions and validated into `Control`.
//! - `builtin`: the control embedded in the binary.
//! - `operators`: what each assertion operator means on irready's values.
//! - `engine`: scope matching, one finding per block, built-in Rust checks, manual checks.
//! - `selection`: `--controls`, `--checks`, `--skip-checks`, `--severity`.

mod builtin;
mod engine;
pub mod operators;
mod raw;
mod schema;
mod selection;

pub use builtin::{WAF_REL_060_DISPLAY, WAF_REL_060_YAML, builtin, parse_builtin};
pub use engine::{CheckLookup, run, run_configuration, run_documents, run_with};
pub use operators::Op;
pub use schema::{
    Assertion, BlockType, CONDITIONS, Control, ControlCheck, Engine, Evidence, EvidenceItem,
    Implementation, MaturityLevel, References, Scope, load_dir, load_file, parse_severity,
};
pub use selection::Selection;

use crate::diagnostic::Diagnostic;
use crate::finding::{CheckSummary, ControlSummary};
use std::sync::Arc;

/// The controls a run uses: the built-in one and those from `--controls-dir`.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub controls: Vec<Control>,
}

/// What merging extra controls into a catalog did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// For stderr: `control X from FILE replaces the built-in one`.
    pub notes: Vec<String>,
    /// Extra controls rejected because a check id is already taken by another control.
    pub diagnostics: Vec<Diagnostic>,
}

impl Catalog {
    /// Adds controls; one with the id of a control already in the catalog replaces it (a
    /// note says so), and one that reuses a check id of a different control is rejected.
    pub fn merge(&mut self, extra: Vec<Control>) -> MergeReport {
        let mut notes = Vec::new();
        let mut kept = std::mem::take(&mut self.controls);
        for c in &extra {
            if let Some(i) = kept.iter().position(|k| k.id.eq_ignore_ascii_case(&c.id)) {
                notes.push(format!(
                    "control {} from {} replaces the built-in one",
                    c.id, c.source
                ));
                kept.remove(i);
            }
        }
        let (controls, diagnostics) = schema::reject_duplicate_checks(kept, extra);
        self.controls = controls;
        MergeReport { notes, diagnostics }
    }

    /// The control with this id (case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id.eq_ignore_ascii_case(id))
    }

    /// What reporters know of each control, in catalog order.
    pub fn summaries(&self) -> Vec<ControlSummary> {
        self.controls.iter().map(Control::summary).collect()
    }
}

impl Control {
    /// The control as reporters see it (wafpass's `controls_meta`).
    pub fn summary(&self) -> ControlSummary {
        ControlSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            pillar: self.pillar.clone(),
            severity: self.severity.as_str().to_string(),
            category: self.category.clone(),
            description: self.description.clone(),
            rationale: self.rationale.clone(),
            threat: self.threat.clone(),
            regulatory_mapping: self.regulatory_mapping.clone(),
            checks: self
                .checks
                .iter()
                .map(|k| CheckSummary {
                    id: k.id.clone(),
                    title: k.title.clone(),
                    severity: k.severity.as_str().to_string(),
                    description: k.description.clone(),
                    remediation: k.remediation.clone(),
                    example_compliant: k.example_compliant.clone(),
                    example_non_compliant: k.example_non_compliant.clone(),
                })
                .collect(),
        }
    }
}

/// Parses control YAML from a string (for `irready controls validate -` and tests), with
/// `implementation: builtin` ids checked against the Rust registry.
pub fn load_str(text: &str, display: Arc<str>) -> Result<Control, Vec<Diagnostic>> {
    let exists = crate::checks::builtin_engine;
    schema::parse_control(text, display, Some(&exists))
}

/// `load_str` with the set of Rust check ids given (tests, and callers with their own
/// registry).
pub fn load_str_with(
    text: &str,
    display: Arc<str>,
    is_builtin_check: &dyn Fn(&str) -> Option<&'static str>,
) -> Result<Control, Vec<Diagnostic>> {
    schema::parse_control(text, display, Some(is_builtin_check))
}
