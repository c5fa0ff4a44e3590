//! Every report format on the bundled example (`examples/platform` as of 2026-11-30),
//! pinned by reviewed snapshots: what a user sees first, in each form.

use assert_cmd::cargo::cargo_bin_cmd;

fn report(format: &str) -> String {
    let out = cargo_bin_cmd!("irready")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args([
            "check",
            "examples/platform",
            "--as-of",
            "2026-11-30",
            "--format",
            format,
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn console() {
    insta::assert_snapshot!("example_console", report("console"));
}

#[test]
fn json() {
    insta::assert_snapshot!("example_json", report("json"));
}

#[test]
fn sarif() {
    insta::assert_snapshot!("example_sarif", report("sarif"));
}

#[test]
fn junit() {
    insta::assert_snapshot!("example_junit", report("junit"));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("example_markdown", report("markdown"));
}

#[test]
fn html_dashboard() {
    let out = cargo_bin_cmd!("irready")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["report", "examples/platform", "--as-of", "2026-11-30"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("example_html", String::from_utf8(out).expect("UTF-8"));
}

#[test]
fn metrics_and_maturity_tables() {
    let run = |args: &[&str]| {
        let out = cargo_bin_cmd!("irready")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("UTF-8")
    };
    insta::assert_snapshot!(
        "example_metrics",
        run(&["metrics", "examples/platform", "--as-of", "2026-11-30"])
    );
    insta::assert_snapshot!(
        "example_maturity",
        run(&["maturity", "examples/platform", "--as-of", "2026-11-30"])
    );
}
