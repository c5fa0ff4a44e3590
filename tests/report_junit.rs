//! `--format junit`: one test case per check × resource, read by junitparser (the
//! library CI integrations use) and pinned by a reviewed snapshot.

#[path = "support/report_fixture.rs"]
mod fixture;
#[path = "support/python.rs"]
mod python;

use fixture::{findings, render_fixture};
use irready::Status;
use irready::report::{ConsoleOptions, Format};

fn junit() -> String {
    render_fixture(Format::Junit, ConsoleOptions::default())
}

#[test]
fn junit_report_snapshot() {
    insta::assert_snapshot!("junit", junit());
}

#[test]
fn one_case_per_finding_with_the_counts_of_the_findings() {
    let out = junit();
    let all = findings();
    let cases = out.matches("<testcase ").count();
    assert_eq!(cases, all.len());
    let count = |s: Status| all.iter().filter(|f| f.status == s).count();
    assert_eq!(out.matches("<failure ").count(), count(Status::Fail));
    assert_eq!(out.matches("<error ").count(), count(Status::Error));
    assert_eq!(
        out.matches("<skipped ").count(),
        count(Status::Skip) + count(Status::Waived)
    );
    // A failure's text gives the place and the remediation, which CI pages show.
    let failing = all
        .iter()
        .find(|f| f.status == Status::Fail)
        .expect("the fixture has a FAIL");
    assert!(out.contains(&format!("at {}:{}:", failing.file, failing.line)));
    assert!(out.contains("remediation: "));
}

#[test]
fn junitparser_reads_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("irready.xml");
    std::fs::write(&file, junit()).expect("write");
    if let Some(stdout) = python::validate("validate_junit.py", &file, "junitparser") {
        let all = findings();
        let fails = all.iter().filter(|f| f.status == Status::Fail).count();
        assert!(
            stdout.starts_with(&format!("{} cases, {fails} failures", all.len())),
            "{stdout}"
        );
    }
}
