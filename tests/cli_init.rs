//! `irready init` writes a starting point that every loader reads without a complaint,
//! that `irready check` accepts, and that a second run leaves alone.

use assert_cmd::Command;
use irready::ir::documents::load;

fn irready() -> Command {
    Command::cargo_bin("irready").unwrap()
}

#[test]
fn init_writes_documents_that_load_cleanly_and_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = irready()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out.matches("wrote").count(),
        irready::init::FILES.len(),
        "{out}"
    );

    let (docs, diags) = load(dir.path());
    assert!(diags.is_empty(), "{diags:?}");
    let severity = docs.severity.expect("severity definitions");
    assert_eq!(severity.ids(), ["SEV1", "SEV2", "SEV3", "SEV4"]);
    for level in &severity.levels {
        assert!(
            level.measurable_criteria().next().is_some(),
            "{} has no measurable criterion",
            level.id
        );
    }
    let oncall = docs.oncall.expect("oncall.yml");
    let service = &oncall.services[0];
    let (primary, secondary) = (
        service.primary.as_ref().unwrap(),
        service.secondary.as_ref().unwrap(),
    );
    assert!(primary.people().len() >= 2 && secondary.people().len() >= 2);
    assert!(primary.shared_people(secondary).is_empty());
    let runbook = &docs.runbooks.runbooks[0];
    assert!(
        runbook
            .missing_sections(&docs.config.runbooks.required_sections)
            .is_empty()
    );
    // The review template is a template, not a review.
    assert!(docs.reviews.is_empty());

    irready()
        .args(["check", "--no-color"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn a_second_init_keeps_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("irready.yml"),
        "critical_severities: [SEV1]\n",
    )
    .unwrap();
    let out = irready()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("kept (exists)"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("irready.yml")).unwrap(),
        "critical_severities: [SEV1]\n"
    );
}
