//! The control YAML exactly as written, with positions: what serde reads before validation.
//!
//! Every struct denies unknown fields, so a misspelt key is an error at its line and column
//! instead of a silently ignored option. Values that validation must point at (ids, ops,
//! patterns, severities) are `Spanned`. The field set is the WAF++ control format as the
//! upstream catalog and wafpass use it, plus irready's `implementation` key on checks.

use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawControl {
    pub id: Spanned<String>,
    pub title: String,
    pub pillar: String,
    pub severity: Spanned<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub category: String,
    #[serde(default, rename = "type")]
    pub types: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub threat: Vec<String>,
    /// The control's requirements as a list (irready's built-in control carries them).
    #[serde(default)]
    pub requirements: Vec<String>,
    #[serde(default)]
    pub regulatory_mapping: Vec<RawMapping>,
    #[serde(default)]
    pub implementation_guidance: Vec<String>,
    #[serde(default)]
    pub maturity_levels: BTreeMap<String, RawMaturityLevel>,
    #[serde(default)]
    pub evidence: Option<RawEvidence>,
    #[serde(default)]
    pub checks: Vec<RawCheck>,
    #[serde(default)]
    pub references: Option<RawReferences>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMapping {
    pub framework: String,
    #[serde(default)]
    pub controls: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMaturityLevel {
    #[serde(default)]
    pub name: Option<String>,
    pub description: String,
    #[serde(default)]
    pub criteria: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvidence {
    #[serde(default)]
    pub required: Vec<RawEvidenceItem>,
    #[serde(default)]
    pub optional: Vec<RawEvidenceItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvidenceItem {
    pub kind: String,
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReferences {
    #[serde(default)]
    pub narrative: Option<String>,
    #[serde(default)]
    pub best_practice: Option<String>,
    #[serde(default)]
    pub related_controls: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCheck {
    pub id: Spanned<String>,
    pub engine: Spanned<String>,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub automated: Option<bool>,
    #[serde(default)]
    pub severity: Option<Spanned<String>>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub scope: Option<RawScope>,
    #[serde(default)]
    pub assertions: Vec<RawAssertion>,
    #[serde(default)]
    pub on_fail: Option<String>,
    #[serde(default)]
    pub remediation: String,
    #[serde(default)]
    pub example: Option<RawExample>,
    /// irready's extension: `builtin` runs the Rust check registered under this id.
    #[serde(default)]
    pub implementation: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExample {
    #[serde(default)]
    pub compliant: Option<String>,
    #[serde(default)]
    pub non_compliant: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScope {
    #[serde(default)]
    pub block_type: Option<Spanned<String>>,
    #[serde(default)]
    pub resource_types: Vec<String>,
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub name_pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub filter: Option<Box<RawAssertion>>,
    #[serde(default)]
    pub block_type_fallback: Vec<String>,
    #[serde(default)]
    pub sub_block: Option<String>,
}

/// One assertion. `expected`, `value` and `values` are synonyms (wafpass normalises them
/// to one field, `expected` first).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAssertion {
    #[serde(default)]
    pub attribute: Option<String>,
    pub op: Spanned<String>,
    #[serde(default)]
    pub expected: Option<serde_json::Value>,
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    #[serde(default)]
    pub values: Option<serde_json::Value>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub fallback_attribute: Option<String>,
    #[serde(default)]
    pub variable: Option<String>,
    #[serde(default)]
    pub allowed_values_variable: Option<String>,
    #[serde(default)]
    pub associated_resource_type: Option<String>,
    #[serde(default)]
    pub associated_attribute: Option<String>,
    #[serde(default)]
    pub filter_attribute: Option<String>,
    #[serde(default)]
    pub filter_contains: Option<String>,
    #[serde(default)]
    pub filter_pattern: Option<String>,
    #[serde(default)]
    pub condition: Option<Spanned<String>>,
    #[serde(default)]
    pub conditions: Vec<RawAssertion>,
    #[serde(default)]
    pub sibling_condition: Option<Box<RawAssertion>>,
}
