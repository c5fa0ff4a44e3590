//! `irready check` through the real binary, on the small repositories under
//! `tests/fixtures/cli/`: exit codes, formats, selection flags, controls, colour, paths.
//!
//! Every test pins the exact findings (status, check id, address, file:line:col, root) so
//! that a change of verdict, position or path shows up as a diff, not as "still contains".

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

/// The binary, run from the fixtures folder so that PATH arguments are short and relative,
/// with the colour environment cleared.
fn irready() -> Command {
    let mut cmd = cargo_bin_cmd!("irready");
    // These fixtures are Terraform only: the document checks have their own tests.
    cmd.current_dir(fixtures())
        .env("IRREADY_SKIP_CHECKS", "waf-rel-060.ir.*")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    cmd
}

/// Runs `irready check ARGS --format json`, asserts the exit code, and returns the report.
fn check_json(args: &[&str], code: i32) -> Json {
    let out = irready()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("the json report is valid JSON")
}

/// One finding as `STATUS check_id address file:line:col root`.
fn finding_line(f: &Json) -> String {
    format!(
        "{} {} {} {}:{}:{} {}",
        f["status"].as_str().unwrap_or("?"),
        f["check_id"].as_str().unwrap_or("?"),
        f["resource"].as_str().unwrap_or("?"),
        f["file"].as_str().unwrap_or("?"),
        f["line"],
        f["column"],
        f["root"].as_str().unwrap_or("?"),
    )
}

fn findings(report: &Json) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(finding_line)
        .collect()
}

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).expect("stdout is UTF-8")
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stderr.clone();
    String::from_utf8(out).expect("stderr is UTF-8")
}

const ONCALL: &str = "waf-rel-060.tf.aws.alarm-action-reaches-oncall";
const RUNBOOK: &str = "waf-rel-060.tf.aws.alarm-runbook-severity";
const ACTIONS: &str = "waf-rel-060.tf.aws.sns-topic-alarm-action";

fn pinned(lines: &[(&str, &str, &str, &str, &str)]) -> Vec<String> {
    lines
        .iter()
        .map(|(status, check, address, at, root)| format!("{status} {check} {address} {at} {root}"))
        .collect()
}

#[test]
fn a_compliant_repository_exits_0_with_every_check_passing() {
    let report = check_json(&["compliant"], 0);
    assert_eq!(
        findings(&report),
        pinned(&[
            (
                "PASS",
                ONCALL,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:12:1",
                "."
            ),
            (
                "PASS",
                RUNBOOK,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:12:1",
                "."
            ),
            (
                "PASS",
                ACTIONS,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:12:1",
                "."
            ),
        ])
    );
}

fn violation_findings() -> Vec<String> {
    pinned(&[
        (
            "PASS",
            ONCALL,
            "aws_cloudwatch_metric_alarm.api_errors",
            "main.tf:11:1",
            ".",
        ),
        (
            "PASS",
            RUNBOOK,
            "aws_cloudwatch_metric_alarm.api_errors",
            "main.tf:11:1",
            ".",
        ),
        (
            "PASS",
            ACTIONS,
            "aws_cloudwatch_metric_alarm.api_errors",
            "main.tf:11:1",
            ".",
        ),
        (
            "PASS",
            ONCALL,
            "aws_cloudwatch_metric_alarm.latency",
            "main.tf:26:1",
            ".",
        ),
        (
            "FAIL",
            ACTIONS,
            "aws_cloudwatch_metric_alarm.latency",
            "main.tf:26:1",
            ".",
        ),
        // On the attribute at fault: alarm_description lacks the runbook.
        (
            "FAIL",
            RUNBOOK,
            "aws_cloudwatch_metric_alarm.latency",
            "main.tf:35:3",
            ".",
        ),
    ])
}

#[test]
fn a_violation_exits_1_and_names_block_and_attribute() {
    assert_eq!(
        findings(&check_json(&["violation"], 1)),
        violation_findings()
    );
}

#[test]
fn quiet_console_prints_one_line_per_failure_and_the_summary() {
    let out = stdout_of(irready().args(["check", "violation", "-q"]), 1);
    assert_eq!(
        out,
        "main.tf:26:1: FAIL waf-rel-060.tf.aws.sns-topic-alarm-action \
aws_cloudwatch_metric_alarm.latency: ok_actions is not set: nobody learns that the alarm resolved\n\
main.tf:35:3: FAIL waf-rel-060.tf.aws.alarm-runbook-severity \
aws_cloudwatch_metric_alarm.latency: alarm_description has no runbook URL (a `runbook` key, \
`Runbook: https://...` text, or a `runbook` tag)\n\
6 findings: 2 FAIL, 0 ERROR, 0 SKIP, 0 WAIVED, 4 PASS; 1 control run (1 loaded)\n"
    );
}

#[test]
fn verbose_console_shows_pass_findings_and_default_hides_them() {
    let default = stdout_of(irready().args(["check", "violation"]), 1);
    assert!(!default.contains("PASS    main.tf"), "{default}");
    assert!(default.contains("FAIL    main.tf:26  aws_cloudwatch_metric_alarm.latency"));
    let verbose = stdout_of(irready().args(["check", "violation", "-v"]), 1);
    assert!(
        verbose.contains("PASS    main.tf:11  aws_cloudwatch_metric_alarm.api_errors"),
        "{verbose}"
    );
    assert!(verbose.contains("FAIL    main.tf:35  aws_cloudwatch_metric_alarm.latency"));
    assert!(verbose.contains("6 findings: 2 FAIL, 0 ERROR, 0 SKIP, 0 WAIVED, 4 PASS"));
}

#[test]
fn a_broken_file_among_good_ones_exits_2_and_the_good_files_are_still_checked() {
    let mut cmd = irready();
    cmd.args(["check", "broken", "--format", "json"]);
    let assert = cmd.assert().code(2);
    let output = assert.get_output();
    let report: Json = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(
        findings(&report),
        pinned(&[
            (
                "PASS",
                ONCALL,
                "aws_cloudwatch_metric_alarm.api_errors",
                "alarms.tf:12:1",
                "."
            ),
            (
                "PASS",
                RUNBOOK,
                "aws_cloudwatch_metric_alarm.api_errors",
                "alarms.tf:12:1",
                "."
            ),
            (
                "PASS",
                ACTIONS,
                "aws_cloudwatch_metric_alarm.api_errors",
                "alarms.tf:12:1",
                "."
            ),
            (
                "ERROR",
                "irready.input-error",
                "broken.tf",
                "broken.tf:4:35",
                "."
            ),
        ])
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        "broken.tf:4:35: invalid HCL: invalid block body; expected `}`, newline or identifier\n"
    );
}

#[test]
fn a_broken_file_wins_over_a_failing_finding() {
    // 2 wins over 1: the broken file is next to a FAIL, and --fail-on any cannot lower it.
    irready()
        .args(["check", "broken", "violation", "--fail-on", "any"])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_flag_exits_2_with_a_usage_error() {
    irready()
        .args(["check", "compliant", "--frobnicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--frobnicate"));
    irready()
        .args(["check", "compliant", "--format", "yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("yaml"));
}

#[test]
fn a_missing_path_exits_2_and_names_it() {
    let stderr = stderr_of(irready().args(["check", "does-not-exist"]), 2);
    assert_eq!(stderr, "does-not-exist:1:1: no such file or directory\n");
}

#[test]
fn fail_on_decides_whether_an_unknown_value_fails_the_run() {
    let report = check_json(&["unknown"], 0);
    assert_eq!(
        findings(&report),
        pinned(&[
            (
                "PASS",
                RUNBOOK,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:6:1",
                "."
            ),
            (
                "SKIP",
                ONCALL,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:16:3",
                "."
            ),
            (
                "SKIP",
                ACTIONS,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:16:3",
                "."
            ),
        ])
    );
    for f in report["findings"].as_array().into_iter().flatten() {
        if f["status"] == "SKIP" {
            let message = f["message"].as_str().unwrap_or("");
            assert!(
                message.starts_with("UNKNOWN: ") && message.contains("var.alarm_topics"),
                "{message}"
            );
        }
    }
    for (fail_on, code) in [("fail", 0), ("skip", 1), ("any", 1)] {
        irready()
            .args(["check", "unknown", "--fail-on", fail_on])
            .assert()
            .code(code);
    }
    // A FAIL fails under every setting.
    for fail_on in ["fail", "skip", "any"] {
        irready()
            .args(["check", "violation", "--fail-on", fail_on])
            .assert()
            .code(1);
    }
}

#[test]
fn json_report_holds_every_finding_with_its_location() {
    let report = check_json(&["unknown"], 0);
    assert_eq!(report["schema_version"], "1.1");
    let all = report["findings"].as_array().expect("findings");
    assert!(all.iter().any(|f| f["status"] == "PASS"));
    assert!(all.iter().any(|f| f["status"] == "SKIP"));
    for f in all {
        assert!(f["file"].is_string() && f["root"].is_string(), "{f}");
        assert!(f["line"].as_u64().is_some_and(|l| l > 0), "{f}");
        assert!(f["column"].as_u64().is_some_and(|c| c > 0), "{f}");
        assert_eq!(f["control_id"], "WAF-REL-060");
    }
}

#[test]
fn sarif_report_has_results_only_for_fail_and_error() {
    let out = stdout_of(
        irready().args(["check", "violation", "--format", "sarif"]),
        1,
    );
    let sarif: Json = serde_json::from_str(&out).expect("SARIF is valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let got: Vec<(String, String, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap_or("").to_string(),
                loc["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                loc["region"]["startLine"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (ACTIONS.to_string(), "violation/main.tf".to_string(), 26),
            (RUNBOOK.to_string(), "violation/main.tf".to_string(), 35),
        ]
    );
    // A compliant repository has no result at all; a broken file has its ERROR result.
    let out = stdout_of(
        irready().args(["check", "compliant", "--format", "sarif"]),
        0,
    );
    let sarif: Json = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    let out = stdout_of(irready().args(["check", "broken", "--format", "sarif"]), 2);
    let sarif: Json = serde_json::from_str(&out).expect("valid JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["ruleId"], "irready.input-error");
    assert_eq!(results[0]["properties"]["status"], "ERROR");
}

#[test]
fn out_writes_the_report_to_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.json");
    let stdout = stdout_of(
        irready()
            .args(["check", "violation", "--format", "json", "--out"])
            .arg(&file),
        1,
    );
    assert_eq!(stdout, "");
    let written = std::fs::read_to_string(&file).expect("report written");
    let direct = stdout_of(
        irready().args(["check", "violation", "--format", "json"]),
        1,
    );
    assert_eq!(written, direct);
    // An unwritable --out is broken invocation, exit 2, with the reason.
    let stderr = stderr_of(
        irready()
            .args(["check", "compliant", "--out"])
            .arg(dir.path().join("no/such/dir/report.txt")),
        2,
    );
    assert!(stderr.contains("cannot write"), "{stderr}");
}

#[test]
fn checks_and_skip_checks_select_by_glob() {
    let report = check_json(&["violation", "--checks", "*.alarm-runbook-*"], 1);
    assert_eq!(
        findings(&report),
        pinned(&[
            (
                "PASS",
                RUNBOOK,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:11:1",
                "."
            ),
            (
                "FAIL",
                RUNBOOK,
                "aws_cloudwatch_metric_alarm.latency",
                "main.tf:35:3",
                "."
            ),
        ])
    );
    let report = check_json(
        &[
            "violation",
            "--skip-checks",
            "waf-rel-060.tf.aws.sns-*,*runbook*,waf-rel-060.ir.*",
        ],
        0,
    );
    assert_eq!(
        findings(&report),
        pinned(&[
            (
                "PASS",
                ONCALL,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:11:1",
                "."
            ),
            (
                "PASS",
                ONCALL,
                "aws_cloudwatch_metric_alarm.latency",
                "main.tf:26:1",
                "."
            ),
        ])
    );
    // A malformed glob is a broken invocation.
    irready()
        .args(["check", "violation", "--checks", "waf-[rel"])
        .assert()
        .code(2);
}

const TST: &str = "tst-100.treat-missing-data";

#[test]
fn controls_dir_adds_a_yaml_control_next_to_the_builtin_one() {
    let report = check_json(&["violation", "--controls-dir", "controls/extra"], 1);
    let mut expected = violation_findings();
    expected.insert(
        0,
        format!("FAIL {TST} aws_cloudwatch_metric_alarm.api_errors main.tf:11:1 ."),
    );
    expected.insert(
        4,
        format!("FAIL {TST} aws_cloudwatch_metric_alarm.latency main.tf:26:1 ."),
    );
    assert_eq!(findings(&report), expected);
    assert_eq!(report["controls_loaded"], 2);
}

#[test]
fn controls_and_severity_filter_the_run() {
    let only_tst = pinned(&[
        (
            "FAIL",
            TST,
            "aws_cloudwatch_metric_alarm.api_errors",
            "main.tf:11:1",
            ".",
        ),
        (
            "FAIL",
            TST,
            "aws_cloudwatch_metric_alarm.latency",
            "main.tf:26:1",
            ".",
        ),
    ]);
    let report = check_json(
        &[
            "violation",
            "--controls-dir",
            "controls/extra",
            "--controls",
            "WAF-TST-100",
        ],
        1,
    );
    assert_eq!(findings(&report), only_tst);
    assert_eq!(report["controls_run"], 1);
    // The team control's check is medium: --severity high leaves only the built-in ones.
    let report = check_json(
        &[
            "violation",
            "--controls-dir",
            "controls/extra",
            "--severity",
            "high",
        ],
        1,
    );
    assert_eq!(findings(&report), violation_findings());
    // Nothing is critical: no finding, nothing fails.
    let report = check_json(&["violation", "--severity", "critical"], 0);
    assert_eq!(findings(&report), Vec::<String>::new());
}

#[test]
fn no_builtin_runs_only_the_yaml_controls() {
    let report = check_json(
        &[
            "violation",
            "--no-builtin",
            "--controls-dir",
            "controls/extra",
        ],
        1,
    );
    assert_eq!(
        findings(&report),
        pinned(&[
            (
                "FAIL",
                TST,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:11:1",
                "."
            ),
            (
                "FAIL",
                TST,
                "aws_cloudwatch_metric_alarm.latency",
                "main.tf:26:1",
                "."
            ),
        ])
    );
    // No control at all: nothing to find.
    let report = check_json(&["violation", "--no-builtin"], 0);
    assert_eq!(findings(&report), Vec::<String>::new());
}

#[test]
fn a_yaml_control_with_the_builtin_id_replaces_it_with_a_note() {
    let mut cmd = irready();
    cmd.args([
        "check",
        "violation",
        "--controls-dir",
        "controls/replace",
        "--format",
        "json",
    ]);
    let assert = cmd.assert().code(0);
    let out = assert.get_output();
    let report: Json = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(
        findings(&report),
        pinned(&[
            (
                "PASS",
                "team.alarm-name-prefix",
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:11:1",
                "."
            ),
            (
                "PASS",
                "team.alarm-name-prefix",
                "aws_cloudwatch_metric_alarm.latency",
                "main.tf:26:1",
                "."
            ),
        ])
    );
    assert_eq!(
        report["controls_meta"][0]["title"],
        "Incident Response (team edition)"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "irready: note: control WAF-REL-060 from controls/replace/WAF-REL-060.yml \
replaces the built-in one\n"
    );
}

#[test]
fn a_broken_control_in_controls_dir_exits_2_and_the_terraform_is_still_checked() {
    let mut cmd = irready();
    cmd.args([
        "check",
        "violation",
        "--controls-dir",
        "controls/broken",
        "--format",
        "json",
    ]);
    let assert = cmd.assert().code(2);
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "controls/broken/WAF-TST-200.yml:13:13: unknown operator `not_emptyy`: expected one of"
        ),
        "{stderr}"
    );
    let report: Json = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let mut expected = violation_findings();
    expected.insert(
        0,
        "ERROR irready.input-error controls/broken/WAF-TST-200.yml controls/broken/WAF-TST-200.yml:13:13 controls/broken"
            .to_string(),
    );
    assert_eq!(findings(&report), expected);
}

/// ANSI escape sequences start with ESC (0x1b).
fn has_ansi(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
}

#[test]
fn no_colour_when_piped_with_no_color_or_with_the_flag() {
    // assert_cmd pipes stdout, so this is the "piped output" case.
    let piped = irready()
        .args(["check", "violation", "-v"])
        .output()
        .expect("runs");
    assert!(!has_ansi(&piped.stdout) && !has_ansi(&piped.stderr));
    assert!(String::from_utf8_lossy(&piped.stdout).contains("FAIL"));
    let no_color = irready()
        .env("NO_COLOR", "1")
        .args(["check", "violation", "-v"])
        .output()
        .expect("runs");
    assert!(!has_ansi(&no_color.stdout) && !has_ansi(&no_color.stderr));
    let flag = irready()
        .args(["check", "broken", "-v", "--no-color"])
        .output()
        .expect("runs");
    assert!(!has_ansi(&flag.stdout) && !has_ansi(&flag.stderr));
    // Colour is a function of the terminal only: the bytes are the same either way.
    assert_eq!(piped.stdout, no_color.stdout);
}

#[test]
fn var_file_changes_a_verdict() {
    let without = check_json(&["varfile"], 1);
    assert_eq!(
        findings(&without),
        pinned(&[
            (
                "PASS",
                ONCALL,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:16:1",
                "."
            ),
            (
                "PASS",
                RUNBOOK,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:16:1",
                "."
            ),
            (
                "FAIL",
                ACTIONS,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:27:3",
                "."
            ),
        ])
    );
    let with = check_json(&["varfile", "--var-file", "varfile/prod.tfvars"], 0);
    assert_eq!(
        findings(&with),
        pinned(&[
            (
                "PASS",
                ONCALL,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:16:1",
                "."
            ),
            (
                "PASS",
                RUNBOOK,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:16:1",
                "."
            ),
            (
                "PASS",
                ACTIONS,
                "aws_cloudwatch_metric_alarm.api_errors",
                "main.tf:16:1",
                "."
            ),
        ])
    );
}

#[test]
fn paths_are_relative_to_the_path_argument_with_a_dot_root() {
    // Absolute PATH, and PATH given as `.` from inside the module: the same findings.
    let absolute = fixtures().join("compliant");
    let report = check_json(&[absolute.to_str().expect("utf-8 path")], 0);
    let expected = findings(&check_json(&["compliant"], 0));
    assert_eq!(findings(&report), expected);
    let out = cargo_bin_cmd!("irready")
        .current_dir(&absolute)
        .env("IRREADY_SKIP_CHECKS", "waf-rel-060.ir.*")
        .args(["check", ".", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report: Json = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(findings(&report), expected);
}

#[test]
fn a_module_called_from_two_roots_yields_findings_in_both_sorted() {
    let report = check_json(&["multi"], 1);
    let got = findings(&report);
    let staging_q = |status: &str, check: &str, key: &str, at: &str| {
        format!(
            "{status} {check} aws_cloudwatch_metric_alarm.queue_depth[\"{key}\"] envs/staging/main.tf:{at} envs/staging"
        )
    };
    let module = |status: &str, check: &str, name: &str, at: &str, root: &str| {
        format!(
            "{status} {check} module.{name}.aws_cloudwatch_metric_alarm.this modules/alarm/main.tf:{at} {root}"
        )
    };
    let expected = vec![
        staging_q("PASS", RUNBOOK, "invoices", "13:1"),
        staging_q("PASS", RUNBOOK, "orders", "13:1"),
        staging_q("PASS", RUNBOOK, "refunds", "13:1"),
        staging_q("FAIL", ACTIONS, "invoices", "13:1"),
        staging_q("FAIL", ACTIONS, "orders", "13:1"),
        staging_q("FAIL", ACTIONS, "refunds", "13:1"),
        // The staging topic has no subscription.
        staging_q("FAIL", ONCALL, "invoices", "24:3"),
        staging_q("FAIL", ONCALL, "orders", "24:3"),
        staging_q("FAIL", ONCALL, "refunds", "24:3"),
        module("PASS", ONCALL, "payments", "20:1", "envs/prod"),
        module("PASS", ONCALL, "search", "20:1", "envs/prod"),
        module("PASS", RUNBOOK, "payments", "20:1", "envs/prod"),
        module("PASS", RUNBOOK, "payments", "20:1", "envs/staging"),
        module("PASS", RUNBOOK, "search", "20:1", "envs/prod"),
        module("PASS", ACTIONS, "payments", "20:1", "envs/prod"),
        module("PASS", ACTIONS, "payments", "20:1", "envs/staging"),
        module("FAIL", ONCALL, "payments", "30:3", "envs/staging"),
        // notify_recovery = false: ok_actions is [].
        module("FAIL", ACTIONS, "search", "31:3", "envs/prod"),
    ];
    assert_eq!(got, expected);
}

#[test]
fn several_paths_show_files_relative_to_the_working_directory() {
    let report = check_json(&["compliant", "violation"], 1);
    let got = findings(&report);
    assert_eq!(got.len(), 9);
    assert_eq!(
        got[0],
        format!(
            "PASS {ONCALL} aws_cloudwatch_metric_alarm.api_errors compliant/main.tf:12:1 compliant"
        )
    );
    assert_eq!(
        got[8],
        format!(
            "FAIL {RUNBOOK} aws_cloudwatch_metric_alarm.latency violation/main.tf:35:3 violation"
        )
    );
}
