//! `--format json`: the wafpass-result.json contract, so a run can be posted to a
//! wafpass-server or read by any wafpass consumer.
//!
//! The shape follows wafpass's `WafpassResultSchema` (wafpass/schema.py) field for field
//! and in its order, as `model_dump_json` writes it: every field present, `null` where
//! wafpass has `None`. Each finding carries irready's location fields (`file`, `line`,
//! `column`, `root`) on top; wafpass's model ignores extra fields, so the file still
//! validates. Nothing here reads the clock, git or the environment: `completed_at` is
//! `null` and `project`/`branch`/`git_sha` are wafpass's defaults, so the same input gives
//! the same bytes.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;

use super::ReportInput;
use crate::finding::{CheckSummary, ControlSummary, Finding, RegulatoryMapping, Status};

/// The schema version this file claims (SPEC §8). wafpass-core 1.1 still writes its
/// model's default "1.0"; the fields are the same, and its model accepts any string.
pub(crate) const SCHEMA_VERSION: &str = "1.1";

/// wafpass-result.json, top level, in wafpass's field order.
#[derive(Serialize)]
struct WafpassResult<'a> {
    schema_version: &'static str,
    project: &'static str,
    branch: &'static str,
    git_sha: &'static str,
    triggered_by: &'static str,
    run: Map<String, Value>,
    iac_framework: &'static str,
    stage: &'static str,
    score: u32,
    pillar_scores: Map<String, Value>,
    path: String,
    controls_loaded: usize,
    controls_run: usize,
    detected_regions: Vec<Vec<Option<String>>>,
    source_paths: &'a [String],
    controls_meta: Vec<ControlMeta<'a>>,
    findings: Vec<JsonFinding<'a>>,
    secret_findings: Vec<Value>,
    plan_changes: Option<Value>,
    source_snapshot: Map<String, Value>,
    completed_at: Option<String>,
    attestation: Option<Value>,
}

/// wafpass's `FindingSchema`, plus irready's location of the finding.
#[derive(Serialize)]
struct JsonFinding<'a> {
    check_id: &'a str,
    check_title: &'a str,
    control_id: &'a str,
    pillar: &'a str,
    severity: &'a str,
    status: &'a str,
    resource: &'a str,
    message: &'a str,
    remediation: &'a str,
    example: Option<&'a RawValue>,
    regulatory_mapping: &'a RawValue,
    /// Relative to the scanned PATH, forward slashes.
    file: &'a str,
    line: u32,
    column: u32,
    /// The root module's directory; empty for documents.
    root: &'a str,
}

/// wafpass's `ControlMetaSchema`.
#[derive(Serialize)]
struct ControlMeta<'a> {
    id: &'a str,
    title: &'a str,
    pillar: &'a str,
    severity: &'a str,
    category: &'a str,
    description: &'a str,
    rationale: &'a str,
    threat: &'a [String],
    regulatory_mapping: &'a [RegulatoryMapping],
    checks: Vec<CheckMeta<'a>>,
}

/// wafpass's `ControlCheckMetaSchema`.
#[derive(Serialize)]
struct CheckMeta<'a> {
    id: &'a str,
    title: &'a str,
    severity: &'a str,
    remediation: &'a str,
    example: Option<Map<String, Value>>,
}

/// Renders the run as wafpass-result.json, pretty-printed, ending in a newline.
pub(crate) fn render(input: &ReportInput) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(input, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the run as wafpass-result.json to `w`, streaming: a large run's report (every
/// finding carries its check's example and its control's regulatory mapping, as wafpass
/// writes them) is never held in memory whole.
pub(crate) fn write(input: &ReportInput, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (score, pillar_scores) = scores(input.controls, input.findings);
    let mut run = Map::new();
    run.insert("tool".into(), Value::from("irready"));
    run.insert("tool_version".into(), Value::from(input.tool_version));
    // Every finding repeats its check's example and its control's regulatory mapping (as
    // wafpass writes them): each is serialised once and copied in as raw JSON.
    let examples: HashMap<(&str, &str), Box<RawValue>> = input
        .controls
        .iter()
        .flat_map(|c| c.checks.iter().map(move |k| (c.id.as_str(), k)))
        .filter_map(|(c, k)| Some(((c, k.id.as_str()), raw(&example(k)?))))
        .collect();
    let mappings: HashMap<&str, Box<RawValue>> = input
        .controls
        .iter()
        .map(|c| (c.id.as_str(), raw(&c.regulatory_mapping)))
        .collect();
    let no_mapping = raw(&Vec::<RegulatoryMapping>::new());
    let fragments = Fragments {
        examples: &examples,
        mappings: &mappings,
        no_mapping: &no_mapping,
    };
    let result = WafpassResult {
        schema_version: SCHEMA_VERSION,
        project: "",
        branch: "",
        git_sha: "",
        triggered_by: "local",
        run,
        iac_framework: "terraform",
        stage: "",
        score,
        pillar_scores,
        path: input.scanned_paths.join(" | "),
        controls_loaded: input.controls_loaded,
        controls_run: input.controls.len(),
        detected_regions: Vec::new(),
        source_paths: input.scanned_paths,
        controls_meta: input.controls.iter().map(control_meta).collect(),
        findings: input
            .findings
            .iter()
            .map(|f| finding(&fragments, f))
            .collect(),
        secret_findings: Vec::new(),
        plan_changes: None,
        source_snapshot: Map::new(),
        completed_at: None,
        attestation: None,
    };
    let mut buffered = std::io::BufWriter::new(w);
    serde_json::to_writer_pretty(&mut buffered, &result).map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}

/// Pre-serialised pieces that findings share.
struct Fragments<'a> {
    examples: &'a HashMap<(&'a str, &'a str), Box<RawValue>>,
    mappings: &'a HashMap<&'a str, Box<RawValue>>,
    no_mapping: &'a RawValue,
}

/// Serialises a value once, compactly, to be embedded verbatim.
fn raw<T: Serialize + ?Sized>(value: &T) -> Box<RawValue> {
    // Serialising strings, lists and maps cannot fail; `null` would still be valid.
    serde_json::value::to_raw_value(value).unwrap_or_default()
}

fn finding<'a>(fragments: &'a Fragments<'a>, f: &'a Finding) -> JsonFinding<'a> {
    JsonFinding {
        check_id: &f.check_id,
        check_title: &f.check_title,
        control_id: &f.control_id,
        pillar: &f.pillar,
        severity: f.severity.as_str(),
        status: f.status.as_str(),
        resource: &f.resource,
        message: &f.message,
        remediation: &f.remediation,
        example: fragments
            .examples
            .get(&(f.control_id.as_str(), f.check_id.as_str()))
            .map(|r| &**r),
        regulatory_mapping: fragments
            .mappings
            .get(f.control_id.as_str())
            .map_or(fragments.no_mapping, |r| &**r),
        file: &f.file,
        line: f.line,
        column: f.column,
        root: &f.root,
    }
}

fn control_meta(control: &ControlSummary) -> ControlMeta<'_> {
    ControlMeta {
        id: &control.id,
        title: &control.title,
        pillar: &control.pillar,
        severity: &control.severity,
        category: &control.category,
        description: &control.description,
        rationale: &control.rationale,
        threat: &control.threat,
        regulatory_mapping: &control.regulatory_mapping,
        checks: control
            .checks
            .iter()
            .map(|check| CheckMeta {
                id: &check.id,
                title: &check.title,
                severity: &check.severity,
                remediation: &check.remediation,
                example: example(check),
            })
            .collect(),
    }
}

/// The check's `example` mapping as the control YAML has it (`compliant`,
/// `non_compliant`), or `None` when it has neither, as wafpass does.
fn example(check: &CheckSummary) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    if let Some(text) = &check.example_compliant {
        map.insert("compliant".into(), Value::from(text.as_str()));
    }
    if let Some(text) = &check.example_non_compliant {
        map.insert("non_compliant".into(), Value::from(text.as_str()));
    }
    (!map.is_empty()).then_some(map)
}

/// The overall score and the per-pillar scores, computed as wafpass's `run_scan` does:
/// a control scores 1 when its status is PASS and 0 otherwise; a pillar scores the
/// truncated percentage of its controls that pass; the overall score is the truncated
/// mean of the pillar scores (0 with no control).
///
/// A control's status is wafpass's `ControlResult.status`: FAIL if any finding fails,
/// else PASS if any passes, else SKIP (no finding, or only SKIP/ERROR/WAIVED). Pillars
/// keep the order in which the controls first name them. Floating point is used on
/// purpose, exactly as Python computes `int(sum(v) / len(v) * 100)`, so the numbers match
/// wafpass's to the unit.
pub(crate) fn scores(
    controls: &[ControlSummary],
    findings: &[Finding],
) -> (u32, Map<String, Value>) {
    let mut pillars: Vec<(&str, usize, usize)> = Vec::new(); // (pillar, passing, total)
    for control in controls {
        let passes = control_passes(&control.id, findings);
        match pillars.iter_mut().find(|(p, _, _)| *p == control.pillar) {
            Some(entry) => {
                entry.1 += usize::from(passes);
                entry.2 += 1;
            }
            None => pillars.push((&control.pillar, usize::from(passes), 1)),
        }
    }
    let mut pillar_scores = Map::new();
    let mut sum = 0u32;
    for (pillar, passing, total) in &pillars {
        let score = (*passing as f64 / *total as f64 * 100.0) as u32;
        sum += score;
        pillar_scores.insert((*pillar).to_string(), Value::from(score));
    }
    let score = if pillars.is_empty() {
        0
    } else {
        (f64::from(sum) / pillars.len() as f64) as u32
    };
    (score, pillar_scores)
}

/// wafpass's control status reduced to "is it PASS".
fn control_passes(control_id: &str, findings: &[Finding]) -> bool {
    let mut any_pass = false;
    for f in findings.iter().filter(|f| f.control_id == control_id) {
        match f.status {
            Status::Fail => return false,
            Status::Pass => any_pass = true,
            Status::Skip | Status::Error | Status::Waived => {}
        }
    }
    any_pass
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn control(id: &str, pillar: &str) -> ControlSummary {
        ControlSummary {
            id: id.into(),
            pillar: pillar.into(),
            ..ControlSummary::default()
        }
    }

    fn finding(control_id: &str, status: Status) -> Finding {
        Finding {
            check_id: "c".into(),
            check_title: String::new(),
            control_id: control_id.into(),
            pillar: String::new(),
            severity: Severity::High,
            status,
            resource: "r".into(),
            message: String::new(),
            remediation: String::new(),
            file: "f.tf".into(),
            line: 1,
            column: 1,
            root: ".".into(),
        }
    }

    #[test]
    fn scores_truncate_like_python() {
        // Python: int(29 / 100 * 100) == 28, not 29.
        let controls: Vec<ControlSummary> = (0..100)
            .map(|i| control(&format!("C{i}"), "reliability"))
            .collect();
        let findings: Vec<Finding> = (0..29)
            .map(|i| finding(&format!("C{i}"), Status::Pass))
            .collect();
        let (score, pillars) = scores(&controls, &findings);
        assert_eq!(pillars["reliability"], 28);
        assert_eq!(score, 28);
    }

    #[test]
    fn control_status_follows_wafpass() {
        let controls = vec![
            control("PASSES", "a"),
            control("FAILS", "a"),
            control("ERROR-AND-PASS", "b"),
            control("ONLY-SKIP", "b"),
            control("NO-FINDING", "c"),
        ];
        let findings = vec![
            finding("PASSES", Status::Pass),
            finding("PASSES", Status::Skip),
            finding("FAILS", Status::Pass),
            finding("FAILS", Status::Fail),
            finding("ERROR-AND-PASS", Status::Error),
            finding("ERROR-AND-PASS", Status::Pass),
            finding("ONLY-SKIP", Status::Skip),
        ];
        let (score, pillars) = scores(&controls, &findings);
        // a: 1 of 2 → 50; b: 1 of 2 (ERROR does not count in wafpass) → 50; c: 0.
        assert_eq!(
            serde_json::Value::Object(pillars),
            serde_json::json!({"a": 50, "b": 50, "c": 0})
        );
        assert_eq!(score, 33);
        assert_eq!(scores(&[], &findings).0, 0);
    }
}
