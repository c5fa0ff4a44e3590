//! Severity definitions (SPEC §5): the good sample loads in file order with durations,
//! escalation and targets; each broken sample gives its exact `file:line:col: message`.

use irready::ir::severity::{load_severity_definitions, parse_severity_definitions};
use jiff::SignedDuration;
use std::path::Path;

fn load(name: &str) -> Result<irready::ir::severity::SeverityDefinitions, Vec<String>> {
    let path = Path::new("tests/fixtures/ir/severity").join(name);
    load_severity_definitions(&path, name.into())
        .map_err(|ds| ds.iter().map(|d| d.to_string()).collect())
}

fn errors(name: &str) -> Vec<String> {
    match load(name) {
        Ok(d) => panic!("{name} loaded but should not: {d:?}"),
        Err(e) => e,
    }
}

#[test]
fn good_sample_keeps_order_durations_escalation_and_targets() {
    let defs = load("good.yml").unwrap();
    assert_eq!(&*defs.file, "good.yml");
    assert_eq!(defs.ids(), ["SEV1", "SEV2", "SEV3", "SEV4"]);

    let sev1 = defs.level("SEV1").unwrap();
    assert_eq!(sev1.location.to_string(), "good.yml:3:3");
    assert_eq!(sev1.name.as_deref(), Some("Critical"));
    assert_eq!(
        sev1.description.as_deref(),
        Some("Complete outage or data loss in production")
    );
    assert_eq!(sev1.criteria.len(), 2);
    assert_eq!(sev1.criteria[1].text, "Data loss confirmed");
    assert_eq!(sev1.criteria[1].location.to_string(), "good.yml:6:57");
    let sla = sev1.response_time_sla.as_ref().unwrap();
    assert_eq!(sla.text, "15 minutes");
    assert_eq!(sla.duration, SignedDuration::from_mins(15));
    assert_eq!(sla.location.to_string(), "good.yml:7:24");
    let esc = sev1.escalation.as_ref().unwrap();
    assert_eq!(esc.primary(), Some("On-call engineer"));
    assert_eq!(esc.secondary(), Some("Engineering manager (after 20min)"));
    assert_eq!(esc.steps[0].role.as_deref(), Some("primary"));
    assert_eq!(
        sev1.targets.mttr.as_ref().map(|t| t.duration),
        Some(SignedDuration::from_mins(30))
    );
    assert_eq!(
        sev1.targets.mttd.as_ref().map(|t| t.duration),
        Some(SignedDuration::from_mins(5))
    );
    assert!(sev1.targets.mtta.is_none());

    let sev2 = defs.level("SEV2").unwrap();
    let esc = sev2.escalation.as_ref().unwrap();
    assert_eq!(esc.primary(), Some("On-call engineer"));
    assert_eq!(esc.secondary(), Some("Team lead"));
    assert_eq!(esc.steps[1].role, None);
    assert_eq!(
        sev2.targets.mttr.as_ref().map(|t| t.duration),
        Some(SignedDuration::from_mins(150))
    );
    assert_eq!(sev2.measurable_criteria().count(), 2);

    let sev3 = defs.level("SEV3").unwrap();
    let esc = sev3.escalation.as_ref().unwrap();
    assert_eq!(
        esc.primary(),
        Some("On-call engineer during business hours")
    );
    assert_eq!(esc.secondary(), None);
    assert_eq!(sev3.measurable_criteria().count(), 0);
    assert_eq!(
        sev3.response_time_sla.as_ref().map(|t| t.duration),
        Some(SignedDuration::from_hours(4))
    );

    let sev4 = defs.level("SEV4").unwrap();
    assert!(sev4.escalation.is_none());
    assert!(sev4.description.is_none());
    assert_eq!(
        sev4.response_time_sla.as_ref().map(|t| t.duration),
        Some(SignedDuration::from_hours(24))
    );
    assert_eq!(
        sev1.measurable_criteria()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["Service unavailable for > 5% of users"]
    );
}

#[test]
fn every_bad_duration_is_reported_at_its_value() {
    let expected = "expected a duration such as `15 minutes`, `15m`, `1h` or `2h30m`";
    assert_eq!(
        errors("bad-duration.yml"),
        [
            format!("bad-duration.yml:3:24: invalid duration `soon`: {expected}"),
            format!("bad-duration.yml:4:21: invalid duration `30 parsecs`: {expected}"),
            format!("bad-duration.yml:6:24: invalid duration `15`: {expected}"),
        ]
    );
}

#[test]
fn a_misspelt_key_is_an_error_at_the_key() {
    assert_eq!(
        errors("unknown-key.yml"),
        [
            "unknown-key.yml:4:5: unknown field `critera`, expected one of name, description, criteria, examples, response_time_sla, escalation, targets"
        ]
    );
}

#[test]
fn wrong_shapes_say_what_was_expected() {
    assert_eq!(
        errors("wrong-type.yml"),
        ["wrong-type.yml:3:15: wrong type: expected a list"]
    );
    assert_eq!(
        errors("list.yml"),
        ["list.yml:2:3: wrong type: expected a mapping"]
    );
    assert_eq!(
        errors("bad-escalation.yml"),
        ["bad-escalation.yml:3:27: wrong type: expected a string"]
    );
    assert_eq!(
        errors("empty-levels.yml"),
        [
            "empty-levels.yml:1:18: severity_levels is empty: expected the levels (SEV1..SEV4) as keys"
        ]
    );
}

#[test]
fn duplicate_levels_invalid_utf8_and_missing_files_are_errors() {
    let dup = errors("duplicate.yml");
    assert_eq!(dup.len(), 1);
    assert!(
        dup[0].starts_with("duplicate.yml:3:3: duplicate mapping key: SEV1"),
        "{dup:?}"
    );
    assert_eq!(
        errors("invalid-utf8.yml"),
        ["invalid-utf8.yml:3:15: invalid UTF-8: expected UTF-8 encoded text"]
    );
    let missing = errors("missing.yml");
    assert!(
        missing[0].starts_with("missing.yml:1:1: cannot read:"),
        "{missing:?}"
    );
}

#[test]
fn an_empty_document_names_what_it_should_hold() {
    let e = parse_severity_definitions("# nothing yet\n", "s.yml".into()).unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "s.yml:1:1: empty document: expected `severity_levels:` with the levels (SEV1..SEV4) as keys"
    );
}

#[test]
fn a_level_without_a_body_is_kept_empty() {
    let defs =
        parse_severity_definitions("severity_levels:\n  SEV1:\n  SEV2: {}\n", "s.yml".into())
            .unwrap();
    assert_eq!(defs.ids(), ["SEV1", "SEV2"]);
    assert!(defs.levels[0].criteria.is_empty());
    assert!(defs.levels[0].response_time_sla.is_none());
}

proptest::proptest! {
    /// Nothing a user writes makes the criterion or duration analysis panic.
    #[test]
    fn analysis_never_panics(text in "\\PC{0,60}") {
        let _ = irready::ir::severity::is_measurable(&text);
        let _ = irready::ir::severity::parse_duration(&text);
    }

    /// Any YAML-ish text loads or fails with diagnostics, never a panic.
    #[test]
    fn loading_never_panics(text in "(severity_levels:|\\s|SEV1:|criteria:|\\[|\\]|\\{|\\}|-|: |[a-z0-9]|\n){0,80}") {
        let _ = parse_severity_definitions(&text, "s.yml".into());
        let _ = irready::ir::oncall::parse_oncall(&text, "o.yml".into());
        let _ = irready::ir::config::Config::parse(&text, "c.yml".into());
    }
}
