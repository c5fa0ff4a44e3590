//! `--format markdown`: the pull-request comment, pinned by a reviewed snapshot.

#[path = "support/report_fixture.rs"]
mod fixture;

use fixture::{findings, render_fixture};
use irready::Status;
use irready::report::{ConsoleOptions, Format};

fn markdown() -> String {
    render_fixture(Format::Markdown, ConsoleOptions::default())
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!("markdown", markdown());
}

#[test]
fn failing_findings_are_open_and_passing_ones_collapsed() {
    let out = markdown();
    let failing = out.find("#### Failing").expect("a failing section");
    let passing = out
        .find("<details><summary>Passing")
        .expect("a collapsed passing section");
    assert!(failing < passing);
    let all = findings();
    let rows = out
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" | `") && !l.starts_with("| Status"))
        .count();
    assert_eq!(rows, all.len(), "one row per finding:\n{out}");
    let fails = all.iter().filter(|f| f.status == Status::Fail).count();
    assert!(
        out.starts_with(&format!("### irready: {fails} failing")),
        "{out}"
    );
}
