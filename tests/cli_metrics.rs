//! `irready metrics` through the real binary: the three formats, the filters, `--as-of`,
//! bad flags, and a broken document (exit 2, figures still computed from what loaded).
//! The figures themselves are pinned by metrics_exact.rs; here the wiring is.

#[path = "support/openmetrics.rs"]
mod openmetrics;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics/exact")
}

fn irready() -> Command {
    let mut cmd = cargo_bin_cmd!("irready");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `irready metrics <fixture> <args>` (with `--as-of 2026-06-30` unless the args
/// give one) and returns stdout, after checking the exit code.
fn run(args: &[&str], code: i32) -> String {
    let mut cmd = irready();
    cmd.arg("metrics").arg(fixture());
    if !args.contains(&"--as-of") {
        cmd.args(["--as-of", "2026-06-30"]);
    }
    let out = cmd
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    String::from_utf8_lossy(&out).into_owned()
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let text = run(&all, 0);
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {text}"),
    }
}

#[test]
fn table_is_the_default_and_shows_the_warnings() {
    let text = run(&[], 0);
    assert!(
        text.contains(
            "Incident metrics as of 2026-06-30: incidents resolved 2025-06-30 to 2026-06-30"
        ),
        "{text}"
    );
    assert!(text.contains("Incidents: 7"), "{text}");
    // MTTD: n 6, mean 510 s = 8m 30s, median 450 s = 7m 30s, p90 1200 s = 20m.
    assert!(
        text.contains("│ MTTD   ┆ 6 ┆ 8m 30s ┆ 7m 30s ┆ 20m 00s ┆"),
        "{text}"
    );
    // Per severity, every mean is on fewer than 5 incidents.
    assert!(
        text.contains("* fewer than 5 incidents: not meaningful"),
        "{text}"
    );
    assert!(text.contains("missed (n < 5)"), "{text}");
    assert!(text.contains("no data"), "{text}");
    assert!(
        text.contains("4 due: 2 on time, 1 late, 1 missing; compliance 50.0%"),
        "{text}"
    );
    assert!(
        text.contains("6 total, 3 due: 2 closed, 1 overdue; closure 66.7%"),
        "{text}"
    );
    assert!(
        text.contains("overdue: INC-1 Alert on card error rate (due 2026-02-01, @bob)"),
        "{text}"
    );
    assert!(
        text.contains("- 1 incident has no resolved_at and is not counted"),
        "{text}"
    );
    // `console` is accepted for `table`, as in `irready check`.
    assert_eq!(run(&["--format", "console"], 0), text);
}

#[test]
fn table_flags_a_small_overall_sample() {
    // Only payments: 3 incidents, so the overall figures are not meaningful.
    let text = run(&["--service", "payments"], 0);
    assert!(text.contains("Only service payments"), "{text}");
    assert!(text.contains("not meaningful (n < 5)"), "{text}");
}

#[test]
fn json_has_the_spec_fields() {
    let j = json(&[]);
    for key in [
        "as_of",
        "window",
        "incidents",
        "by_severity",
        "mttd",
        "mtta",
        "mttr",
        "review_compliance",
        "action_items",
        "by_service",
        "by_month",
        "targets",
        "notes",
    ] {
        assert!(j.get(key).is_some(), "no {key}");
    }
    for f in ["mttd", "mtta", "mttr"] {
        for k in [
            "n",
            "mean_seconds",
            "median_seconds",
            "p90_seconds",
            "meaningful",
        ] {
            assert!(j[f].get(k).is_some(), "no {f}.{k}");
        }
    }
    for k in ["eligible", "on_time", "late", "missing", "rate"] {
        assert!(
            j["review_compliance"].get(k).is_some(),
            "no review_compliance.{k}"
        );
    }
    for k in ["total", "due", "closed", "overdue", "closure_rate"] {
        assert!(j["action_items"].get(k).is_some(), "no action_items.{k}");
    }
    assert_eq!(j["incidents"], 7);
}

#[test]
fn filters_compare_case_insensitively() {
    let j = json(&["--service", "CHECKOUT", "--severity", "sev2"]);
    // INC-3 and INC-4; only INC-4 has the figures (INC-3 lacks detected_at).
    assert_eq!(j["incidents"], 2);
    assert_eq!(j["mttr"]["n"], 1);
    assert_eq!(j["mttr"]["mean_seconds"], 3300);
    assert_eq!(j["filters"]["service"], "CHECKOUT");
    // A service nobody has: zero everywhere, nulls for the figures.
    let j = json(&["--service", "nobody"]);
    assert_eq!(j["incidents"], 0);
    assert_eq!(j["mttr"]["mean_seconds"], Value::Null);
    assert_eq!(j["review_compliance"]["rate"], Value::Null);
}

#[test]
fn as_of_moves_the_window_and_the_deadlines() {
    // As of 2026-02-25 the window is 2025-02-25..2026-02-25: INC-7 (2025-05-10), INC-9,
    // INC-1, INC-2, INC-3 are in it; INC-3's deadline (2026-02-27) has not passed, INC-7's
    // review (2025-05-12, deadline Fri 2025-05-16) is on time, INC-1 on time, INC-2 late.
    let j = json(&["--as-of", "2026-02-25"]);
    assert_eq!(j["as_of"], "2026-02-25");
    assert_eq!(j["window"]["since"], "2025-02-25");
    assert_eq!(j["incidents"], 5);
    assert_eq!(
        j["review_compliance"],
        serde_json::json!({"eligible": 3, "on_time": 2, "late": 1, "missing": 0,
                           "rate": 0.667, "late_incidents": ["INC-2"], "missing_incidents": []})
    );
    // Due before 2026-02-25: INC-7's item (2025-06-01, open), INC-1's A (done) and B
    // (2026-02-01, open); INC-2's C is due in July and D has no date.
    assert_eq!(j["action_items"]["total"], 5);
    assert_eq!(j["action_items"]["due"], 3);
    assert_eq!(j["action_items"]["overdue"], 2);
}

#[test]
fn since_and_until_choose_the_window() {
    let j = json(&["--since", "2026-02-01", "--until", "2026-02-28"]);
    assert_eq!(
        j["window"],
        serde_json::json!({"since": "2026-02-01", "until": "2026-02-28"})
    );
    assert_eq!(j["incidents"], 2);
    assert_eq!(j["by_month"], serde_json::json!({"2026-02": 2}));
}

#[test]
fn openmetrics_is_valid_and_names_are_stable() {
    let text = run(&["--format", "openmetrics"], 0);
    if let Err(e) = openmetrics::validate(&text) {
        panic!("{e}\n{text}");
    }
    let families = openmetrics::families(&text);
    for (name, kind) in [
        ("irready_window", "info"),
        ("irready_incidents", "gauge"),
        ("irready_time_to_detect_seconds", "summary"),
        ("irready_time_to_acknowledge_seconds", "summary"),
        ("irready_time_to_restore_seconds", "summary"),
        ("irready_target_seconds", "gauge"),
        ("irready_target_met", "gauge"),
        ("irready_reviews", "gauge"),
        ("irready_review_compliance_ratio", "gauge"),
        ("irready_action_items", "gauge"),
        ("irready_action_item_closure_ratio", "gauge"),
    ] {
        assert_eq!(families.get(name).map(String::as_str), Some(kind), "{name}");
    }
    assert_eq!(families.len(), 11, "{families:?}");
    for line in [
        "irready_window_info{as_of=\"2026-06-30\",since=\"2025-06-30\",until=\"2026-06-30\"} 1",
        "irready_incidents{service=\"payments\",severity=\"SEV1\"} 2",
        "irready_incidents{service=\"payments\",severity=\"SEV2\"} 1",
        // MTTR in seconds: median 3600, p90 7230, sum 24810, n 6.
        "irready_time_to_restore_seconds{quantile=\"0.5\"} 3600",
        "irready_time_to_restore_seconds{quantile=\"0.9\"} 7230",
        "irready_time_to_restore_seconds_sum 24810",
        "irready_time_to_restore_seconds_count 6",
        "irready_time_to_acknowledge_seconds{severity=\"SEV1\",quantile=\"0.5\"} 150.5",
        "irready_time_to_detect_seconds_count{service=\"checkout\"} 1",
        "irready_target_seconds{metric=\"mttr\",severity=\"SEV1\"} 1800",
        "irready_target_met{metric=\"mttr\",severity=\"SEV1\"} 0",
        "irready_target_met{metric=\"mtta\",severity=\"SEV1\"} 1",
        "irready_reviews{outcome=\"late\"} 1",
        "irready_review_compliance_ratio 0.5",
        "irready_action_items{state=\"overdue\"} 1",
        "irready_action_item_closure_ratio 0.6666666666666666",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
    // SEV4's mttr target has no data: no target_met sample for it.
    assert!(
        !text.contains("irready_target_met{metric=\"mttr\",severity=\"SEV4\"}"),
        "{text}"
    );
    assert!(text.ends_with("\n# EOF\n"));
}

#[test]
fn openmetrics_with_no_incident_is_valid() {
    let text = run(&["--format", "openmetrics", "--service", "nobody"], 0);
    if let Err(e) = openmetrics::validate(&text) {
        panic!("{e}\n{text}");
    }
    assert!(
        text.contains("irready_time_to_restore_seconds{quantile=\"0.5\"} NaN\n"),
        "{text}"
    );
    assert!(
        text.contains("irready_time_to_restore_seconds_sum 0\n"),
        "{text}"
    );
    assert!(
        text.contains("irready_time_to_restore_seconds_count 0\n"),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("irready_review_compliance_ratio")),
        "{text}"
    );
}

/// Python's `prometheus_client` OpenMetrics parser, the reference. Runs with
/// `$IRREADY_PROMETHEUS_PYTHON`, or `python3` when that is unset; skipped (loudly) only
/// when the variable is unset and `python3` lacks prometheus_client.
/// The text format the textfile collector and the Pushgateway read: prometheus_client's
/// (0.0.4) parser accepts it, and it holds the same samples as the OpenMetrics output.
#[test]
fn prometheus_text_parses_with_prometheus_client() {
    let text = run(&["--format", "prometheus"], 0);
    assert!(!text.contains("# EOF") && !text.contains("# UNIT") && !text.contains(" info\n"));
    assert!(
        text.contains("# TYPE irready_window_info gauge\n"),
        "{text}"
    );
    let open = run(&["--format", "openmetrics"], 0);
    let samples = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(samples(&text), samples(&open), "the same samples");
    let Some(python) = std::env::var_os("IRREADY_PROMETHEUS_PYTHON") else {
        eprintln!(
            "!!!!!!!! SKIPPED: prometheus_client parse of the 0.0.4 text: IRREADY_PROMETHEUS_PYTHON unset."
        );
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("irready.prom");
    std::fs::write(&file, &text).expect("write");
    let script = "import sys\n\
from prometheus_client.parser import text_string_to_metric_families\n\
fams = list(text_string_to_metric_families(open(sys.argv[1]).read()))\n\
print(len(fams), sum(len(f.samples) for f in fams))\n";
    let output = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&file)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "prometheus_client rejects the text format:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn openmetrics_parses_with_prometheus_client() {
    let explicit = std::env::var_os("IRREADY_PROMETHEUS_PYTHON");
    let python = explicit.clone().unwrap_or_else(|| "python3".into());
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary directory: {e}"),
    };
    let mut texts = vec![run(&["--format", "openmetrics"], 0)];
    texts.push(run(&["--format", "openmetrics", "--service", "nobody"], 0));
    for (i, text) in texts.iter().enumerate() {
        let file = dir.path().join(format!("metrics-{i}.txt"));
        if let Err(e) = std::fs::write(&file, text) {
            panic!("cannot write {}: {e}", file.display());
        }
        let script = "import sys\n\
try:\n    from prometheus_client.openmetrics.parser import text_string_to_metric_families\n\
except ImportError as e:\n    print(e, file=sys.stderr); sys.exit(3)\n\
fams = list(text_string_to_metric_families(open(sys.argv[1]).read()))\n\
print(len(fams), sum(len(f.samples) for f in fams))\n";
        let output = std::process::Command::new(&python)
            .args(["-c", script])
            .arg(&file)
            .output();
        let skip = |why: String| {
            eprintln!(
                "!!!!!!!! SKIPPED: prometheus_client validation of the OpenMetrics output: {why}."
            );
            eprintln!(
                "!!!!!!!! Set IRREADY_PROMETHEUS_PYTHON to a python with prometheus-client installed."
            );
        };
        let output = match output {
            Ok(o) => o,
            Err(e) if explicit.is_none() => return skip(format!("python3 cannot run: {e}")),
            Err(e) => panic!("IRREADY_PROMETHEUS_PYTHON cannot run: {e}"),
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() == Some(3) && explicit.is_none() {
            return skip(format!("no prometheus_client ({})", stderr.trim()));
        }
        assert!(
            output.status.success(),
            "prometheus_client rejects the output ({}):\n{stderr}\n{text}",
            output.status
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with("11 "), "{stdout}");
    }
}

#[test]
fn bad_flags_are_exit_2() {
    irready()
        .args(["metrics"])
        .arg(fixture())
        .args(["--since", "2026-05-01", "--until", "2026-04-01"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--since 2026-05-01 is after --until 2026-04-01",
        ));
    irready()
        .args(["metrics"])
        .arg(fixture())
        .args(["--as-of", "June"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("expected a date as YYYY-MM-DD"));
    irready()
        .args(["metrics", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/dir: no such directory"));
    irready()
        .args(["metrics"])
        .arg(fixture())
        .args(["--format", "sarif"])
        .assert()
        .code(2);
}

#[test]
fn a_broken_document_is_exit_2_with_the_figures_still_computed() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary directory: {e}"),
    };
    copy_tree(&fixture(), dir.path());
    let broken = dir.path().join("incident-response/incidents/zz-broken.yml");
    if let Err(e) = std::fs::write(&broken, "- id: INC-99\n  started_at: [not, a, time\n") {
        panic!("cannot write {}: {e}", broken.display());
    }
    let out = irready()
        .args(["metrics", "--as-of", "2026-06-30", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "incident-response/incidents/zz-broken.yml:",
        ))
        .get_output()
        .stdout
        .clone();
    let j: Value = match serde_json::from_slice(&out) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e})"),
    };
    assert_eq!(j["incidents"], 7);
    assert_eq!(j["mttr"]["n"], 6);
}

#[test]
fn out_writes_a_file() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary directory: {e}"),
    };
    let file = dir.path().join("metrics.prom");
    let stdout = run(
        &["--format", "openmetrics", "--out", &file.to_string_lossy()],
        0,
    );
    assert!(stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(written.ends_with("# EOF\n"), "{written}");
}

fn copy_tree(from: &Path, to: &Path) {
    let entries = match std::fs::read_dir(from) {
        Ok(e) => e,
        Err(e) => panic!("cannot read {}: {e}", from.display()),
    };
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            if let Err(e) = std::fs::create_dir_all(&target) {
                panic!("cannot create {}: {e}", target.display());
            }
            copy_tree(&entry.path(), &target);
        } else if let Err(e) = std::fs::copy(entry.path(), &target) {
            panic!("cannot copy to {}: {e}", target.display());
        }
    }
}
