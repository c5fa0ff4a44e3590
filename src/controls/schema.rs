//! The validated control model, and the loader that turns YAML text into it.
//!
//! Loading is two steps: serde reads the text into `raw` structs (unknown fields, wrong
//! types and missing required fields are caught there, with the position serde-saphyr
//! reports), then `validate` checks what serde cannot: known operators and the keys each
//! one needs, regexes that compile, severities and engines from the known vocabulary, and
//! check ids that are unique in the file. Everything found is a `Diagnostic`; a broken file
//! never stops another from loading.

use super::operators::Op;
use super::raw::{RawAssertion, RawCheck, RawControl, RawScope};
use crate::diagnostic::Diagnostic;
use crate::finding::{RegulatoryMapping, Severity};
use crate::source::{Location, display_path};
use fancy_regex::Regex;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A WAF++ control: metadata for reports plus the checks that run.
#[derive(Debug, Clone)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub pillar: String,
    pub severity: Severity,
    pub status: Option<String>,
    pub category: String,
    pub types: Vec<String>,
    pub tags: Vec<String>,
    pub description: String,
    pub rationale: String,
    pub threat: Vec<String>,
    pub requirements: Vec<String>,
    pub regulatory_mapping: Vec<RegulatoryMapping>,
    pub implementation_guidance: Vec<String>,
    /// `level_1`..`level_5` → the level's description and criteria.
    pub maturity_levels: BTreeMap<String, MaturityLevel>,
    pub evidence: Evidence,
    pub checks: Vec<ControlCheck>,
    pub references: References,
    /// The file the control came from, as displayed (`builtin:controls/...` for ours).
    pub source: Arc<str>,
    /// Where the control's `id` is written.
    pub location: Location,
}

/// Where the control is explained, and the controls related to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    pub narrative: Option<String>,
    pub best_practice: Option<String>,
    pub related_controls: Vec<String>,
}

/// One maturity level of a control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaturityLevel {
    pub name: Option<String>,
    pub description: String,
    pub criteria: Vec<String>,
}

/// The evidence an auditor asks for, required and optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub required: Vec<EvidenceItem>,
    pub optional: Vec<EvidenceItem>,
}

/// One piece of evidence: its kind (`governance`, `process`, `config`) and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceItem {
    pub kind: String,
    pub description: String,
}

/// Which engine a check is for. irready runs `terraform` and its own `documentation`
/// checks, and reports `manual` as SKIP; checks for other engines (checkov, cdk, ...) are
/// loaded and not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    Terraform,
    Manual,
    /// Incident-response documents: runs only checks built into irready
    /// (`implementation: builtin`); others are loaded and not run.
    Documentation,
    Other(String),
}

impl Engine {
    /// The engine as the YAML writes it.
    pub fn name(&self) -> &str {
        match self {
            Engine::Terraform => "terraform",
            Engine::Manual => "manual",
            Engine::Documentation => "documentation",
            Engine::Other(name) => name,
        }
    }
}

/// How a check is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    /// The YAML assertions, evaluated by `engine.rs`.
    Assertions,
    /// The Rust check registered in `crate::checks` under the check's id (irready's
    /// extension; the YAML assertions, if any, are a portable approximation for other tools).
    Builtin,
}

/// One check of a control.
#[derive(Debug, Clone)]
pub struct ControlCheck {
    pub id: String,
    pub engine: Engine,
    pub provider: String,
    pub automated: bool,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub scope: Scope,
    pub assertions: Vec<Assertion>,
    pub on_fail: String,
    pub remediation: String,
    pub example_compliant: Option<String>,
    pub example_non_compliant: Option<String>,
    pub implementation: Implementation,
    /// Where the check's `id` is written.
    pub location: Location,
}

/// Which Terraform blocks a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockType {
    Resource,
    Provider,
    Variable,
    Terraform,
    Module,
    /// Every resource, data source and non-resource block that sets the asserted attribute.
    Any,
}

/// A check's scope: block type, resource types, and narrowing filters.
#[derive(Debug, Clone)]
pub struct Scope {
    pub block_type: BlockType,
    /// For resources: the types; for providers: provider names (as upstream writes them).
    pub resource_types: Vec<String>,
    pub provider_name: Option<String>,
    /// Blocks whose name (resource name, variable name) this regex finds are in scope.
    pub name_pattern: Option<Regex>,
    /// Blocks for which this assertion holds are in scope.
    pub filter: Option<Box<Assertion>>,
    /// Accepted for compatibility with the upstream catalog; not used for matching.
    pub block_type_fallback: Vec<String>,
    /// The nested block the assertions look into (`required_providers` in `terraform`).
    pub sub_block: Option<String>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            block_type: BlockType::Resource,
            resource_types: Vec::new(),
            provider_name: None,
            name_pattern: None,
            filter: None,
            block_type_fallback: Vec::new(),
            sub_block: None,
        }
    }
}

/// One assertion on one attribute, with the operator's extra keys.
#[derive(Debug, Clone)]
pub struct Assertion {
    /// Dotted path into the block (`rule.copy_action.destination_vault_arn`).
    pub attribute: String,
    pub op: Op,
    /// `expected`, `value` or `values` (in that order of precedence, as wafpass reads them).
    pub expected: Option<serde_json::Value>,
    pub key: Option<String>,
    pub pattern: Option<Regex>,
    pub message: Option<String>,
    pub fallback_attribute: Option<String>,
    pub variable: Option<String>,
    pub allowed_values_variable: Option<String>,
    pub associated_resource_type: Option<String>,
    pub associated_attribute: Option<String>,
    pub filter_attribute: Option<String>,
    pub filter_contains: Option<String>,
    pub filter_pattern: Option<String>,
    pub condition: Option<String>,
    pub conditions: Vec<Assertion>,
    pub sibling_condition: Option<Box<Assertion>>,
}

/// Gives the engine (`terraform`, `documentation`) of the built-in check with an id, or
/// `None` when irready has no such check.
pub type EngineOf<'f> = dyn Fn(&str) -> Option<&'static str> + 'f;

/// The conditions `attribute_exists_if` understands.
pub const CONDITIONS: &[&str] = &["source_starts_with_registry"];

/// Parses and validates one control file's text. `is_builtin_check` gives the engine of the
/// built-in check with an id (`None`: no such check); `None` skips that validation (the embedded catalog, whose
/// checks are registered in the same binary).
pub(crate) fn parse_control(
    text: &str,
    display: Arc<str>,
    is_builtin_check: Option<&EngineOf<'_>>,
) -> Result<Control, Vec<Diagnostic>> {
    let raw: RawControl = match serde_saphyr::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(vec![crate::yaml::error(&display, &e)]),
    };
    let mut v = Validator {
        file: display.clone(),
        diagnostics: Vec::new(),
        is_builtin_check,
    };
    let control = v.control(raw);
    if v.diagnostics.is_empty() {
        Ok(control)
    } else {
        v.diagnostics.sort();
        Err(v.diagnostics)
    }
}

/// Loads one control file. The display name is used in every diagnostic and finding.
/// Checks declared `implementation: builtin` must exist in `crate::checks`.
pub fn load_file(path: &Path, display: Arc<str>) -> Result<Control, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::file(
            display.clone(),
            format!("cannot read: {e}"),
        )]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let index = crate::source::LineIndex::new(display.clone(), valid.into());
        vec![Diagnostic::new(
            index.location(offset),
            "invalid UTF-8: expected a UTF-8 text file",
        )]
    })?;
    let exists = crate::checks::builtin_engine;
    parse_control(&text, display, Some(&exists))
}

/// Loads every `*.yml` / `*.yaml` file directly in `dir`, in name order. Returns the
/// controls that loaded and the diagnostics of those that did not. A control that reuses
/// a check id of an earlier file is rejected whole (one diagnostic per reused id), so a
/// half-loaded control never runs.
pub fn load_dir(dir: &Path, display_base: &Path) -> (Vec<Control>, Vec<Diagnostic>) {
    let shown: Arc<str> = display_path(display_base, dir).into();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return (
                Vec::new(),
                vec![Diagnostic::file(
                    shown,
                    format!("cannot read directory: {e}"),
                )],
            );
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yml") | Some("yaml")
                )
        })
        .collect();
    paths.sort();
    let mut controls = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        let display: Arc<str> = display_path(display_base, &path).into();
        match load_file(&path, display) {
            Ok(c) => controls.push(c),
            Err(d) => diagnostics.extend(d),
        }
    }
    let (controls, dups) = reject_duplicate_checks(Vec::new(), controls);
    diagnostics.extend(dups);
    (controls, diagnostics)
}

/// Adds `extra` controls after `existing` ones, rejecting any extra control that reuses a
/// check id already taken (one diagnostic at the reused id, naming the first one).
pub(crate) fn reject_duplicate_checks(
    existing: Vec<Control>,
    extra: Vec<Control>,
) -> (Vec<Control>, Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, Location> = BTreeMap::new();
    for c in &existing {
        for check in &c.checks {
            seen.insert(check.id.clone(), check.location.clone());
        }
    }
    let mut out = existing;
    let mut diagnostics = Vec::new();
    for control in extra {
        let mut clash = false;
        for check in &control.checks {
            if let Some(first) = seen.get(&check.id) {
                diagnostics.push(Diagnostic::new(
                    check.location.clone(),
                    format!(
                        "duplicate check id `{}`: already defined at {first}; expected check ids to be unique across all controls",
                        check.id
                    ),
                ));
                clash = true;
            }
        }
        if !clash {
            for check in &control.checks {
                seen.insert(check.id.clone(), check.location.clone());
            }
            out.push(control);
        }
    }
    (out, diagnostics)
}

struct Validator<'a> {
    file: Arc<str>,
    diagnostics: Vec<Diagnostic>,
    is_builtin_check: Option<&'a EngineOf<'a>>,
}

impl Validator<'_> {
    fn at<T>(&self, s: &Spanned<T>) -> Location {
        let l = s.referenced;
        Location::new(
            self.file.clone(),
            (l.line() as u32).max(1),
            (l.column() as u32).max(1),
        )
    }

    fn error(&mut self, location: Location, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(location, message));
    }

    fn severity(&mut self, s: &Spanned<String>) -> Severity {
        match parse_severity(&s.value) {
            Some(sev) => sev,
            None => {
                let at = self.at(s);
                self.error(
                    at,
                    format!(
                        "unknown severity `{}`: expected one of critical, high, medium, low, info",
                        s.value
                    ),
                );
                Severity::Medium
            }
        }
    }

    fn control(&mut self, raw: RawControl) -> Control {
        let location = self.at(&raw.id);
        if raw.id.value.trim().is_empty() {
            self.error(
                location.clone(),
                "empty control id: expected e.g. WAF-REL-060",
            );
        }
        let severity = self.severity(&raw.severity);
        let mut ids: BTreeMap<String, Location> = BTreeMap::new();
        let mut checks = Vec::new();
        for rc in raw.checks {
            let at = self.at(&rc.id);
            if let Some(first) = ids.get(&rc.id.value) {
                let msg = format!(
                    "duplicate check id `{}`: already defined at {first}; expected check ids to be unique across all controls",
                    rc.id.value
                );
                self.error(at.clone(), msg);
            } else {
                ids.insert(rc.id.value.clone(), at);
            }
            checks.push(self.check(rc, severity));
        }
        let evidence = raw
            .evidence
            .map(|e| Evidence {
                required: e
                    .required
                    .into_iter()
                    .map(|i| EvidenceItem {
                        kind: i.kind,
                        description: i.description,
                    })
                    .collect(),
                optional: e
                    .optional
                    .into_iter()
                    .map(|i| EvidenceItem {
                        kind: i.kind,
                        description: i.description,
                    })
                    .collect(),
            })
            .unwrap_or_default();
        let references = raw
            .references
            .map(|r| References {
                narrative: r.narrative,
                best_practice: r.best_practice,
                related_controls: r.related_controls,
            })
            .unwrap_or_default();
        Control {
            id: raw.id.value.trim().to_string(),
            title: raw.title,
            pillar: raw.pillar,
            severity,
            status: raw.status,
            category: raw.category,
            types: raw.types,
            tags: raw.tags,
            description: raw.description.trim().to_string(),
            rationale: raw.rationale.trim().to_string(),
            threat: raw.threat,
            requirements: raw.requirements,
            regulatory_mapping: raw
                .regulatory_mapping
                .into_iter()
                .map(|m| RegulatoryMapping {
                    framework: m.framework,
                    controls: m.controls,
                })
                .collect(),
            implementation_guidance: raw.implementation_guidance,
            maturity_levels: raw
                .maturity_levels
                .into_iter()
                .map(|(k, l)| {
                    (
                        k,
                        MaturityLevel {
                            name: l.name,
                            description: l.description,
                            criteria: l.criteria,
                        },
                    )
                })
                .collect(),
            evidence,
            checks,
            references,
            source: self.file.clone(),
            location,
        }
    }

    fn check(&mut self, raw: RawCheck, control_severity: Severity) -> ControlCheck {
        let location = self.at(&raw.id);
        if raw.id.value.trim().is_empty() {
            self.error(
                location.clone(),
                "empty check id: expected e.g. waf-rel-060.tf.aws.x",
            );
        }
        let engine = match raw.engine.value.as_str() {
            "terraform" => Engine::Terraform,
            "manual" => Engine::Manual,
            "documentation" => Engine::Documentation,
            "checkov" | "config" | "cdk" | "bicep" | "pulumi" => {
                Engine::Other(raw.engine.value.clone())
            }
            other => {
                let at = self.at(&raw.engine);
                self.error(
                    at,
                    format!(
                        "unknown engine `{other}`: expected one of terraform, manual, checkov, config, cdk, documentation"
                    ),
                );
                Engine::Other(other.to_string())
            }
        };
        let severity = match &raw.severity {
            Some(s) => self.severity(s),
            None => control_severity,
        };
        let implementation = match &raw.implementation {
            None => Implementation::Assertions,
            Some(s) if s.value == "assertions" => Implementation::Assertions,
            Some(s) if s.value == "builtin" => {
                let at = self.at(s);
                if engine != Engine::Terraform && engine != Engine::Documentation {
                    self.error(
                        at.clone(),
                        "`implementation: builtin` needs `engine: terraform` or `engine: documentation`",
                    );
                } else if let Some(engine_of) = self.is_builtin_check {
                    match engine_of(&raw.id.value) {
                        None => self.error(
                            at,
                            format!(
                                "no built-in check `{}`: expected the id of a check irready implements (see `irready controls list`)",
                                raw.id.value
                            ),
                        ),
                        Some(e) if e != engine.name() => self.error(
                            at,
                            format!(
                                "built-in check `{}` is a `{e}` check: expected `engine: {e}`",
                                raw.id.value
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                Implementation::Builtin
            }
            Some(s) => {
                let at = self.at(s);
                self.error(
                    at,
                    format!(
                        "unknown implementation `{}`: expected `builtin` or `assertions`",
                        s.value
                    ),
                );
                Implementation::Assertions
            }
        };
        let scope = match raw.scope {
            Some(s) => self.scope(s),
            None => Scope::default(),
        };
        let assertions = raw
            .assertions
            .into_iter()
            .map(|a| self.assertion(a))
            .collect();
        let (example_compliant, example_non_compliant) = match raw.example {
            Some(e) => (e.compliant, e.non_compliant),
            None => (None, None),
        };
        ControlCheck {
            id: raw.id.value.trim().to_string(),
            engine,
            provider: raw.provider.unwrap_or_else(|| "any".to_string()),
            automated: raw.automated.unwrap_or(true),
            severity,
            title: raw.title,
            description: raw.description.trim().to_string(),
            scope,
            assertions,
            on_fail: raw.on_fail.unwrap_or_else(|| "violation".to_string()),
            remediation: raw.remediation.trim().to_string(),
            example_compliant,
            example_non_compliant,
            implementation,
            location,
        }
    }

    fn scope(&mut self, raw: RawScope) -> Scope {
        let block_type = match &raw.block_type {
            None => BlockType::Resource,
            Some(s) => match s.value.as_str() {
                "resource" => BlockType::Resource,
                "provider" => BlockType::Provider,
                "variable" => BlockType::Variable,
                "terraform" => BlockType::Terraform,
                "module" => BlockType::Module,
                "any" => BlockType::Any,
                other => {
                    let at = self.at(s);
                    self.error(
                        at,
                        format!(
                            "unknown block_type `{other}`: expected one of resource, provider, variable, terraform, module, any"
                        ),
                    );
                    BlockType::Resource
                }
            },
        };
        let name_pattern = raw.name_pattern.as_ref().and_then(|p| self.regex(p));
        Scope {
            block_type,
            resource_types: raw.resource_types,
            provider_name: raw.provider_name,
            name_pattern,
            filter: raw.filter.map(|f| Box::new(self.assertion(*f))),
            block_type_fallback: raw.block_type_fallback,
            sub_block: raw.sub_block,
        }
    }

    fn regex(&mut self, p: &Spanned<String>) -> Option<Regex> {
        match Regex::new(&p.value) {
            Ok(r) => Some(r),
            Err(e) => {
                // The plain `regex` crate explains syntax errors better; fancy-regex only
                // adds look-around and backreferences on top of it.
                let why = match regex::Regex::new(&p.value) {
                    Err(plain) => plain
                        .to_string()
                        .lines()
                        .last()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                    Ok(_) => e.to_string(),
                };
                let at = self.at(p);
                self.error(
                    at,
                    format!(
                        "invalid regex `{}`: {why}; expected a valid regular expression",
                        p.value
                    ),
                );
                None
            }
        }
    }

    fn assertion(&mut self, raw: RawAssertion) -> Assertion {
        let RawAssertion {
            attribute,
            op: op_text,
            expected,
            value,
            values,
            key,
            pattern,
            message,
            fallback_attribute,
            variable,
            allowed_values_variable,
            associated_resource_type,
            associated_attribute,
            filter_attribute,
            filter_contains,
            filter_pattern,
            condition,
            conditions,
            sibling_condition,
        } = raw;
        let at = self.at(&op_text);
        let op = match Op::parse(&op_text.value) {
            Some(op) => op,
            None => {
                let known: Vec<&str> = Op::ALL.iter().map(|o| o.name()).collect();
                self.error(
                    at.clone(),
                    format!(
                        "unknown operator `{}`: expected one of {}",
                        op_text.value,
                        known.join(", ")
                    ),
                );
                Op::BlockExists
            }
        };
        let expected = expected.or(value).or(values);
        let attribute = attribute.unwrap_or_default();
        let mut missing: Vec<&str> = Vec::new();
        if attribute.is_empty() && op != Op::BlockExists {
            missing.push("attribute");
        }
        // wafpass falls back to `expected` as the pattern of `matches` / `not_matches`.
        let pattern = match (pattern, &expected) {
            (Some(p), _) => Some(p),
            (None, Some(serde_json::Value::String(s)))
                if matches!(op, Op::Matches | Op::NotMatches) =>
            {
                Some(Spanned {
                    value: s.clone(),
                    referenced: op_text.referenced,
                    defined: op_text.defined,
                })
            }
            (None, _) => None,
        };
        match op {
            Op::Equals
            | Op::NotEquals
            | Op::GreaterThanOrEqual
            | Op::LessThanOrEqual
            | Op::In
            | Op::NotIn
            | Op::NotContains
                if expected.is_none() =>
            {
                missing.push("expected");
            }
            Op::Matches | Op::NotMatches | Op::JsonNotContainsPattern if pattern.is_none() => {
                missing.push("pattern");
            }
            Op::KeyExists
                if key.is_none() && !matches!(expected, Some(serde_json::Value::String(_))) =>
            {
                missing.push("key")
            }
            Op::AttributeExistsOrFallback if fallback_attribute.is_none() => {
                missing.push("fallback_attribute")
            }
            Op::InVariable if variable.is_none() => missing.push("variable"),
            Op::RegionInArnMatches if allowed_values_variable.is_none() => {
                missing.push("allowed_values_variable")
            }
            Op::HasAssociatedResource => {
                if associated_resource_type.is_none() {
                    missing.push("associated_resource_type");
                }
                if associated_attribute.is_none() {
                    missing.push("associated_attribute");
                }
            }
            Op::HasAssociatedMetricFilter if filter_pattern.is_none() => {
                missing.push("filter_pattern")
            }
            Op::NotAllTrueWith if conditions.is_empty() => missing.push("conditions"),
            Op::NotEqualsWithSibling => {
                if sibling_condition.is_none() {
                    missing.push("sibling_condition");
                }
                if expected.is_none() {
                    missing.push("value");
                }
            }
            Op::AttributeExistsIf => match &condition {
                None => missing.push("condition"),
                Some(c) if !CONDITIONS.contains(&c.value.as_str()) => {
                    let at = self.at(c);
                    self.error(
                        at,
                        format!(
                            "unknown condition `{}`: expected one of {}",
                            c.value,
                            CONDITIONS.join(", ")
                        ),
                    );
                }
                Some(_) => {}
            },
            _ => {}
        }
        for k in missing {
            self.error(at.clone(), format!("operator `{}` needs `{k}`", op.name()));
        }
        let pattern = pattern.as_ref().and_then(|p| self.regex(p));
        // Upstream writes the key of `key_exists` as `expected` too; take it from there.
        let key = match (key, &expected) {
            (Some(k), _) => Some(k),
            (None, Some(serde_json::Value::String(k))) if op == Op::KeyExists => Some(k.clone()),
            (None, _) => None,
        };
        Assertion {
            attribute,
            op,
            expected,
            key,
            pattern,
            message,
            fallback_attribute,
            variable,
            allowed_values_variable,
            associated_resource_type,
            associated_attribute,
            filter_attribute,
            filter_contains,
            filter_pattern,
            condition: condition.map(|c| c.value),
            conditions: conditions.into_iter().map(|a| self.assertion(a)).collect(),
            sibling_condition: sibling_condition.map(|a| Box::new(self.assertion(*a))),
        }
    }
}

/// WAF++ severities, with `informational` as a synonym of `info`.
pub fn parse_severity(s: &str) -> Option<Severity> {
    if s.eq_ignore_ascii_case("informational") {
        return Some(Severity::Info);
    }
    Severity::parse(s)
}
