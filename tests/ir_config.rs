//! `irready.yml` (SPEC §2): defaults, every key, and errors with `file:line:col`.

use irready::ir::config::{Config, TimelinePhrases};
use std::path::{Path, PathBuf};

fn load(name: &str) -> Result<Config, Vec<String>> {
    let path = Path::new("tests/fixtures/ir/config").join(name);
    Config::load(&path, name.into()).map_err(|ds| ds.iter().map(|d| d.to_string()).collect())
}

#[test]
fn absent_file_gives_the_defaults_of_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load_from_root(dir.path()).unwrap();
    assert_eq!(c, Config::default());
    assert_eq!(
        c.paths.severity_definitions,
        PathBuf::from("incident-response/severity-definitions.yml")
    );
    assert_eq!(
        c.paths.oncall,
        PathBuf::from("incident-response/oncall.yml")
    );
    assert_eq!(
        c.paths.runbooks,
        PathBuf::from("incident-response/runbooks")
    );
    assert_eq!(
        c.paths.incidents,
        PathBuf::from("incident-response/incidents")
    );
    assert_eq!(
        c.paths.postmortems,
        PathBuf::from("incident-response/postmortems")
    );
    assert_eq!(
        c.paths.calendar,
        PathBuf::from("incident-response/calendar.yml")
    );
    assert_eq!(c.critical_severities, ["SEV1", "SEV2"]);
    assert!(c.runbooks.url_bases.is_empty());
    assert_eq!(c.runbooks.stale_after_days, 180);
    assert_eq!(
        c.runbooks.required_sections,
        ["Symptom", "Diagnosis", "Remediation", "Escalation"]
    );
    assert_eq!(c.review.severities, ["SEV1", "SEV2"]);
    assert_eq!(c.review.deadline_business_days, 5);
    assert_eq!(c.review.timeline_phrases.detected[0], "alarm fired");
    assert_eq!(
        c.review.timeline_phrases.acknowledged[0],
        "on-call responds"
    );
    assert_eq!(
        c.review.timeline_phrases.mitigated[0],
        "mitigation deployed"
    );
    assert_eq!(c.review.timeline_phrases.resolved[0], "fully restored");
    assert_eq!(c.escalation.max_first_delay_minutes, 15);
    assert_eq!(c.waivers, PathBuf::from("risk_acceptance.yml"));
}

#[test]
fn the_file_at_the_root_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("irready.yml"),
        "critical_severities: [SEV1]\n",
    )
    .unwrap();
    let c = Config::load_from_root(dir.path()).unwrap();
    assert_eq!(c.critical_severities, ["SEV1"]);
    std::fs::write(dir.path().join("irready.yml"), "critical: [SEV1]\n").unwrap();
    let e = Config::load_from_root(dir.path()).unwrap_err();
    assert!(
        e[0].to_string()
            .starts_with("irready.yml:1:1: unknown field `critical`")
    );
}

#[test]
fn empty_or_comment_only_files_are_the_defaults() {
    for text in ["", "# nothing configured\n", "---\n", "{}\n"] {
        assert_eq!(
            Config::parse(text, "irready.yml".into()).unwrap(),
            Config::default()
        );
    }
}

#[test]
fn every_key_is_read() {
    let c = load("full.yml").unwrap();
    assert_eq!(
        c.paths.severity_definitions,
        PathBuf::from("ir/severity.yml")
    );
    assert_eq!(c.paths.oncall, PathBuf::from("ir/oncall.yml"));
    assert_eq!(c.paths.runbooks, PathBuf::from("docs/runbooks"));
    assert_eq!(c.paths.incidents, PathBuf::from("ir/incidents.csv"));
    assert_eq!(c.paths.postmortems, PathBuf::from("docs/postmortems"));
    assert_eq!(c.paths.calendar, PathBuf::from("ir/calendar.yml"));
    assert_eq!(c.critical_severities, ["P1"]);
    assert_eq!(
        c.runbooks.url_bases,
        ["https://runbooks.example/", "https://wiki.example/rb/"]
    );
    assert_eq!(c.runbooks.stale_after_days, 90);
    assert_eq!(c.runbooks.required_sections, ["Symptoms", "Mitigation"]);
    assert_eq!(c.review.severities, ["P1", "P2"]);
    assert_eq!(c.review.deadline_business_days, 3);
    // Phrases given replace the default list; phrases not given keep theirs.
    let d = TimelinePhrases::default();
    assert_eq!(c.review.timeline_phrases.detected, ["page sent"]);
    assert_eq!(c.review.timeline_phrases.resolved, ["all clear"]);
    assert_eq!(c.review.timeline_phrases.acknowledged, d.acknowledged);
    assert_eq!(c.review.timeline_phrases.mitigated, d.mitigated);
    assert_eq!(c.escalation.max_first_delay_minutes, 10);
    assert_eq!(c.waivers, PathBuf::from("compliance/waivers.yml"));
}

#[test]
fn keys_not_given_keep_their_defaults() {
    let c = load("partial.yml").unwrap();
    let d = Config::default();
    assert_eq!(c.runbooks.stale_after_days, 30);
    assert_eq!(c.runbooks.required_sections, d.runbooks.required_sections);
    assert_eq!(c.paths, d.paths);
    assert_eq!(c.review, d.review);
}

#[test]
fn unknown_keys_are_errors_at_the_key() {
    assert_eq!(
        load("unknown-key.yml").unwrap_err(),
        [
            "unknown-key.yml:2:3: unknown field `runbook`, expected one of severity_definitions, oncall, runbooks, incidents, postmortems, calendar"
        ]
    );
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    assert_eq!(
        load("wrong-type.yml").unwrap_err(),
        ["wrong-type.yml:1:22: wrong type: expected a list"]
    );
    assert_eq!(
        Config::parse(
            "runbooks:\n  stale_after_days: half a year\n",
            "c.yml".into()
        )
        .unwrap_err()[0]
            .to_string(),
        "c.yml:2:21: wrong type: expected a whole number"
    );
    assert_eq!(
        Config::parse("paths: 3\n", "c.yml".into()).unwrap_err()[0].to_string(),
        "c.yml:1:8: wrong type: expected a mapping"
    );
}

#[test]
fn absolute_paths_and_empty_names_are_all_reported() {
    assert_eq!(
        load("bad-values.yml").unwrap_err(),
        [
            "bad-values.yml:2:11: absolute path `/etc/oncall.yml`: expected a path relative to the scanned root",
            "bad-values.yml:4:22: empty value: expected a severity level name",
        ]
    );
}

/// The schema documents the defaults; this keeps it honest when either side moves.
#[test]
fn the_schema_documents_the_same_defaults() {
    let text = std::fs::read_to_string("schemas/irready.schema.json").unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let p = &schema["properties"];
    let default = |v: &serde_json::Value| v["default"].clone();
    let d = Config::default();
    let s = |x: &str| serde_json::Value::from(x);
    let list = |xs: &[String]| serde_json::Value::from(xs.to_vec());
    let paths = &p["paths"]["properties"];
    for (key, value) in [
        ("severity_definitions", &d.paths.severity_definitions),
        ("oncall", &d.paths.oncall),
        ("runbooks", &d.paths.runbooks),
        ("incidents", &d.paths.incidents),
        ("postmortems", &d.paths.postmortems),
        ("calendar", &d.paths.calendar),
    ] {
        assert_eq!(default(&paths[key]), s(&value.to_string_lossy()), "{key}");
    }
    assert_eq!(
        default(&p["critical_severities"]),
        list(&d.critical_severities)
    );
    let rb = &p["runbooks"]["properties"];
    assert_eq!(default(&rb["url_bases"]), list(&d.runbooks.url_bases));
    assert_eq!(
        default(&rb["stale_after_days"]),
        d.runbooks.stale_after_days
    );
    assert_eq!(
        default(&rb["required_sections"]),
        list(&d.runbooks.required_sections)
    );
    let rv = &p["review"]["properties"];
    assert_eq!(default(&rv["severities"]), list(&d.review.severities));
    assert_eq!(
        default(&rv["deadline_business_days"]),
        d.review.deadline_business_days
    );
    let tp = &rv["timeline_phrases"]["properties"];
    let phrases = &d.review.timeline_phrases;
    assert_eq!(default(&tp["detected"]), list(&phrases.detected));
    assert_eq!(default(&tp["acknowledged"]), list(&phrases.acknowledged));
    assert_eq!(default(&tp["mitigated"]), list(&phrases.mitigated));
    assert_eq!(default(&tp["resolved"]), list(&phrases.resolved));
    assert_eq!(
        default(&p["escalation"]["properties"]["max_first_delay_minutes"]),
        d.escalation.max_first_delay_minutes
    );
    assert_eq!(default(&p["waivers"]), s(&d.waivers.to_string_lossy()));
    for other in [
        "severity-definitions.schema.json",
        "oncall.schema.json",
        "runbook-front-matter.schema.json",
    ] {
        let text = std::fs::read_to_string(format!("schemas/{other}")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{other}"
        );
    }
}
