//! `--format json`: the wafpass-result.json contract.
//!
//! Pinned three ways: a reviewed snapshot; a pure-Rust check of every field name and JSON
//! type against a list written from wafpass's `schema.py` (WafpassResultSchema,
//! FindingSchema, ControlMetaSchema, ControlCheckMetaSchema), so the contract holds
//! without Python; and validation by wafpass's own pydantic model through
//! `tests/support/validate_wafpass.py`.

#[path = "support/report_fixture.rs"]
mod fixture;
#[path = "support/python.rs"]
mod python;

use fixture::render_fixture;
use irready::report::{ConsoleOptions, Format};
use serde_json::Value;

fn json_text() -> String {
    render_fixture(Format::Json, ConsoleOptions::default())
}

fn json() -> Value {
    match serde_json::from_str(&json_text()) {
        Ok(value) => value,
        Err(err) => panic!("the JSON report does not parse: {err}"),
    }
}

/// A JSON type as pydantic's annotations in schema.py allow it.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Str,
    Int,
    Object,
    Array,
    /// `Optional[...]`: the inner kind or null.
    OrNull(&'static Kind),
}

fn is_kind(value: &Value, kind: Kind) -> bool {
    match kind {
        Kind::Str => value.is_string(),
        Kind::Int => value.is_i64() || value.is_u64(),
        Kind::Object => value.is_object(),
        Kind::Array => value.is_array(),
        Kind::OrNull(inner) => value.is_null() || is_kind(value, *inner),
    }
}

/// (field, type, required by the model — i.e. without a default).
type Spec = &'static [(&'static str, Kind, bool)];

/// `WafpassResultSchema`: every field has a default; irready writes them all.
const RESULT: Spec = &[
    ("schema_version", Kind::Str, false),
    ("project", Kind::Str, false),
    ("branch", Kind::Str, false),
    ("git_sha", Kind::Str, false),
    ("triggered_by", Kind::Str, false),
    ("run", Kind::Object, false),
    ("iac_framework", Kind::Str, false),
    ("stage", Kind::Str, false),
    ("score", Kind::Int, false),
    ("pillar_scores", Kind::Object, false),
    ("path", Kind::Str, false),
    ("controls_loaded", Kind::Int, false),
    ("controls_run", Kind::Int, false),
    ("detected_regions", Kind::Array, false),
    ("source_paths", Kind::Array, false),
    ("controls_meta", Kind::Array, false),
    ("findings", Kind::Array, false),
    ("secret_findings", Kind::Array, false),
    ("plan_changes", Kind::OrNull(&Kind::Object), false),
    ("source_snapshot", Kind::Object, false),
    ("completed_at", Kind::OrNull(&Kind::Str), false),
    ("attestation", Kind::OrNull(&Kind::Object), false),
];

/// `FindingSchema`.
const FINDING: Spec = &[
    ("check_id", Kind::Str, true),
    ("check_title", Kind::Str, true),
    ("control_id", Kind::Str, true),
    ("pillar", Kind::Str, false),
    ("severity", Kind::Str, true),
    ("status", Kind::Str, true),
    ("resource", Kind::Str, true),
    ("message", Kind::Str, true),
    ("remediation", Kind::Str, true),
    ("example", Kind::OrNull(&Kind::Object), false),
    ("regulatory_mapping", Kind::Array, false),
];

/// irready's extension of a finding (SPEC §3, §8).
const FINDING_EXTENSION: Spec = &[
    ("file", Kind::Str, true),
    ("line", Kind::Int, true),
    ("column", Kind::Int, true),
    ("root", Kind::Str, true),
];

/// `ControlMetaSchema`.
const CONTROL_META: Spec = &[
    ("id", Kind::Str, true),
    ("title", Kind::Str, true),
    ("pillar", Kind::Str, true),
    ("severity", Kind::Str, true),
    ("category", Kind::Str, false),
    ("description", Kind::Str, false),
    ("rationale", Kind::Str, false),
    ("threat", Kind::Array, false),
    ("regulatory_mapping", Kind::Array, false),
    ("checks", Kind::Array, false),
];

/// `ControlCheckMetaSchema`.
const CHECK_META: Spec = &[
    ("id", Kind::Str, true),
    ("title", Kind::Str, true),
    ("severity", Kind::Str, true),
    ("remediation", Kind::Str, false),
    ("example", Kind::OrNull(&Kind::Object), false),
];

/// Checks `value` against `specs`: an object, every spec field present (irready writes
/// optional ones too) with its type, and no field outside the specs.
fn check_object(what: &str, value: &Value, specs: &[Spec]) {
    let Some(object) = value.as_object() else {
        panic!("{what} is not an object: {value}");
    };
    for spec in specs {
        for (name, kind, _required) in *spec {
            match object.get(*name) {
                None => panic!("{what} lacks `{name}`"),
                Some(v) => assert!(is_kind(v, *kind), "{what}.{name} is not {kind:?}: {v}"),
            }
        }
    }
    for key in object.keys() {
        let known = specs.iter().any(|s| s.iter().any(|(n, _, _)| n == key));
        assert!(known, "{what} has a field outside the contract: `{key}`");
    }
}

fn array<'v>(value: &'v Value, what: &str) -> &'v Vec<Value> {
    match value.as_array() {
        Some(items) => items,
        None => panic!("{what} is not an array"),
    }
}

#[test]
fn every_field_has_wafpass_name_and_type() {
    let report = json();
    check_object("result", &report, &[RESULT]);
    let findings = array(&report["findings"], "findings");
    assert_eq!(findings.len(), 8);
    for (i, finding) in findings.iter().enumerate() {
        check_object(
            &format!("findings[{i}]"),
            finding,
            &[FINDING, FINDING_EXTENSION],
        );
        for mapping in array(&finding["regulatory_mapping"], "regulatory_mapping") {
            assert!(mapping["framework"].is_string());
            assert!(
                array(&mapping["controls"], "controls")
                    .iter()
                    .all(Value::is_string)
            );
        }
    }
    let controls = array(&report["controls_meta"], "controls_meta");
    assert_eq!(controls.len(), 2);
    for (i, control) in controls.iter().enumerate() {
        check_object(&format!("controls_meta[{i}]"), control, &[CONTROL_META]);
        for (j, check) in array(&control["checks"], "checks").iter().enumerate() {
            check_object(
                &format!("controls_meta[{i}].checks[{j}]"),
                check,
                &[CHECK_META],
            );
        }
    }
    for path in array(&report["source_paths"], "source_paths") {
        assert!(path.is_string());
    }
    for score in report["pillar_scores"].as_object().into_iter().flatten() {
        assert!(score.1.is_u64(), "pillar score {score:?} is not an integer");
    }
}

#[test]
fn values_follow_wafpass() {
    let report = json();
    assert_eq!(report["schema_version"], "1.1");
    assert_eq!(report["iac_framework"], "terraform");
    assert_eq!(report["triggered_by"], "local");
    assert_eq!(report["path"], "infra");
    assert_eq!(report["controls_loaded"], 3);
    assert_eq!(report["controls_run"], 2);
    assert_eq!(report["run"]["tool"], "irready");
    assert_eq!(
        report["completed_at"],
        Value::Null,
        "no clock: same input, same bytes"
    );
    // WAF-REL-060 has a FAIL (0), WAF-OPS-020 only PASS (100): mean 50.
    assert_eq!(
        report["pillar_scores"],
        serde_json::json!({"reliability": 0, "operations": 100})
    );
    assert_eq!(report["score"], 50);

    let findings = array(&report["findings"], "findings");
    let statuses: Vec<&str> = findings
        .iter()
        .filter_map(|f| f["status"].as_str())
        .collect();
    for status in ["PASS", "FAIL", "SKIP", "ERROR", "WAIVED"] {
        assert!(statuses.contains(&status), "no {status} in {statuses:?}");
    }
    // wafpass writes the YAML's severity as it is, lowercase in the upstream catalog.
    assert!(findings.iter().all(|f| {
        f["severity"]
            .as_str()
            .is_some_and(|s| s == s.to_lowercase())
    }));

    let latency = findings
        .iter()
        .find(|f| f["resource"] == "module.payments.aws_cloudwatch_metric_alarm.this[\"latency\"]");
    let Some(latency) = latency else {
        panic!("the latency alarm's finding is missing")
    };
    assert_eq!(latency["file"], "prod env/main.tf");
    assert_eq!(latency["line"], 30);
    assert_eq!(latency["column"], 3);
    assert_eq!(latency["root"], "prod env");
    assert_eq!(latency["pillar"], "reliability");
    assert_eq!(
        latency["regulatory_mapping"][1],
        serde_json::json!({"framework": "DORA", "controls": ["Art. 17"]})
    );

    let action = findings
        .iter()
        .find(|f| f["resource"] == "aws_cloudwatch_metric_alarm.api" && f["status"] == "FAIL");
    let Some(action) = action else {
        panic!("the api alarm's FAIL is missing")
    };
    assert!(action["example"]["compliant"].is_string());
    assert!(action["example"]["non_compliant"].is_string());

    let broken = findings.iter().find(|f| f["status"] == "ERROR");
    let Some(broken) = broken else {
        panic!("no ERROR finding")
    };
    assert_eq!(broken["regulatory_mapping"], serde_json::json!([]));
    assert_eq!(broken["example"], Value::Null);
}

#[test]
fn json_report_snapshot() {
    insta::assert_snapshot!("json", json_text());
}

#[test]
fn deterministic() {
    assert_eq!(json_text(), json_text());
}

/// Validation by wafpass itself (`tests/support/python.rs` says which Python).
#[test]
fn validates_against_wafpass_pydantic_model() {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => panic!("no temporary directory: {err}"),
    };
    let report = dir.path().join("wafpass-result.json");
    if let Err(err) = std::fs::write(&report, json_text()) {
        panic!("cannot write {}: {err}", report.display());
    }
    if let Some(stdout) = python::validate(
        "validate_wafpass.py",
        &report,
        "wafpass validation of the JSON report",
    ) {
        assert!(stdout.contains("8 findings, score 50"), "{stdout}");
    }
}
