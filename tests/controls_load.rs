//! Loading control YAML: a valid control with everything reporters need, and every kind
//! of broken file reported at its exact line and column without stopping the others.

use irready::controls::{self, Catalog, Engine, Implementation};
use irready::finding::Severity;
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/controls"
    ))
}

fn diagnostics_of(dir: &str) -> (usize, Vec<String>) {
    let (controls, diags) = controls::load_dir(&fixtures().join(dir), fixtures());
    (
        controls.len(),
        diags.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn valid_control_loads_with_its_metadata() {
    let (controls, diags) = controls::load_dir(&fixtures().join("valid"), fixtures());
    assert!(diags.is_empty(), "{diags:?}");
    let [c] = controls.as_slice() else {
        panic!("one control expected, got {}", controls.len());
    };
    assert_eq!(c.id, "WAF-TST-010");
    assert_eq!(c.severity, Severity::High);
    assert_eq!(&*c.source, "valid/WAF-TST-010.yml");
    assert_eq!(c.checks.len(), 2);
    let auto = &c.checks[0];
    assert_eq!(auto.engine, Engine::Terraform);
    assert_eq!(
        auto.severity,
        Severity::High,
        "inherits the control's severity"
    );
    assert_eq!(auto.implementation, Implementation::Assertions);
    assert_eq!(auto.location.to_string(), "valid/WAF-TST-010.yml:11:9");
    assert_eq!(auto.example_non_compliant.as_deref(), Some("# none"));
    let manual = &c.checks[1];
    assert_eq!(manual.engine, Engine::Manual);
    assert_eq!(manual.severity, Severity::Low);
    let summary = &c.summary();
    assert_eq!(
        summary.regulatory_mapping[0].framework,
        "ISO/IEC 27001:2022"
    );
    assert_eq!(summary.checks[0].title, "Alarm actions set");
}

#[test]
fn broken_files_are_reported_at_line_and_column() {
    let (loaded, diags) = diagnostics_of("broken");
    assert_eq!(loaded, 0);
    let expected = [
        "broken/alias_bomb.yml:17:22: YAML resource limit exceeded",
        "broken/bad_regex.yml:4:11: unknown severity `severe`: expected one of critical, high, medium, low, info",
        "broken/bad_regex.yml:11:18: invalid regex `(unclosed`: error: unclosed group",
        "broken/bad_regex.yml:14:18: invalid regex `[z-a]`: error: invalid character class range",
        "broken/missing_field.yml:4:1: missing field `title`",
        "broken/unknown_field.yml:13:9: unknown field `mesage`, expected one of attribute, op,",
        "broken/unknown_op.yml:10:13: unknown operator `is_truthy`: expected one of attribute_exists,",
        "broken/unknown_op.yml:12:13: operator `key_exists` needs `key`",
        "broken/wrong_type.yml:10:23: wrong type: expected a list",
    ];
    assert_eq!(diags.len(), expected.len(), "{diags:#?}");
    for (got, want) in diags.iter().zip(expected) {
        assert!(got.starts_with(want), "got {got}\nwant {want}...");
        assert!(!got.contains('\n'));
    }
}

#[test]
fn duplicate_check_ids_are_errors_across_files() {
    let (loaded, diags) = diagnostics_of("duplicates");
    // a.yml loads; b.yml repeats an id within itself; c.yml reuses a.yml's id.
    assert_eq!(loaded, 1);
    assert_eq!(
        diags,
        [
            "duplicates/b.yml:8:9: duplicate check id `tst.own`: already defined at duplicates/b.yml:6:9; expected check ids to be unique across all controls",
            "duplicates/c.yml:6:9: duplicate check id `tst.shared`: already defined at duplicates/a.yml:6:9; expected check ids to be unique across all controls",
        ]
    );
}

#[test]
fn unreadable_and_non_utf8_files_are_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.yml"), b"id: \"x\"\ntitle: \xff\n").expect("write");
    let (controls, diags) = controls::load_dir(dir.path(), dir.path());
    assert!(controls.is_empty());
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0]
            .to_string()
            .starts_with("bad.yml:2:8: invalid UTF-8"),
        "{}",
        diags[0]
    );
    let missing = controls::load_file(&dir.path().join("none.yml"), "none.yml".into());
    let err = missing.expect_err("missing file");
    assert!(err[0].to_string().starts_with("none.yml:1:1: cannot read:"));
}

#[test]
fn a_yaml_control_replaces_the_builtin_one_with_a_note() {
    let mut catalog = controls::builtin();
    assert_eq!(catalog.controls.len(), 1);
    let yaml = "id: \"waf-rel-060\"\ntitle: \"Own version\"\npillar: \"reliability\"\nseverity: \"medium\"\nchecks:\n  - id: \"own.check\"\n    engine: \"manual\"\n";
    let own = controls::load_str(yaml, "mine/WAF-REL-060.yml".into()).expect("loads");
    let report = catalog.merge(vec![own]);
    assert_eq!(
        report.notes,
        ["control waf-rel-060 from mine/WAF-REL-060.yml replaces the built-in one"]
    );
    assert!(report.diagnostics.is_empty());
    assert_eq!(catalog.controls.len(), 1);
    assert_eq!(catalog.controls[0].title, "Own version");
}

#[test]
fn merging_a_control_that_reuses_a_builtin_check_id_is_rejected() {
    let mut catalog: Catalog = controls::builtin();
    let yaml = "id: \"WAF-X-001\"\ntitle: \"Copycat\"\npillar: \"reliability\"\nseverity: \"low\"\nchecks:\n  - id: \"waf-rel-060.tf.aws.sns-topic-alarm-action\"\n    engine: \"manual\"\n";
    let copy = controls::load_str(yaml, "x.yml".into()).expect("loads");
    let report = catalog.merge(vec![copy]);
    assert!(report.notes.is_empty());
    assert_eq!(report.diagnostics.len(), 1);
    assert!(
        report.diagnostics[0]
            .to_string()
            .starts_with("x.yml:6:9: duplicate check id `waf-rel-060.tf.aws.sns-topic-alarm-action`: already defined at builtin:controls/WAF-REL-060.yml:"),
        "{}",
        report.diagnostics[0]
    );
    assert_eq!(catalog.controls.len(), 1);
}

#[test]
fn builtin_implementation_needs_a_rust_check() {
    let yaml = "id: \"WAF-X-002\"\ntitle: \"t\"\npillar: \"reliability\"\nseverity: \"low\"\nchecks:\n  - id: \"x.rust\"\n    engine: \"terraform\"\n    implementation: \"builtin\"\n";
    let none = controls::load_str_with(yaml, "x.yml".into(), &|_| None).expect_err("no such check");
    assert_eq!(
        none[0].to_string(),
        "x.yml:8:21: no built-in check `x.rust`: expected the id of a check irready implements (see `irready controls list`)"
    );
    let some = controls::load_str_with(yaml, "x.yml".into(), &|id| {
        (id == "x.rust").then_some("terraform")
    })
    .expect("loads");
    assert_eq!(some.checks[0].implementation, Implementation::Builtin);
}
