//! The progress line of `irready check` (src/progress.rs) is for terminals only: with
//! stderr piped, as in CI logs and here (assert_cmd always pipes), stderr carries the
//! diagnostics and notes and nothing of the progress line.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::Path;

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/platform");
    for quiet in [false, true] {
        let mut cmd = cargo_bin_cmd!("irready");
        cmd.arg("check")
            .arg(&example)
            .args(["--as-of", "2026-11-30", "--format", "json"]);
        if quiet {
            cmd.arg("-q");
        }
        let output = cmd.output().unwrap_or_else(|e| panic!("{e}"));
        // The scan ran and reported (the example has findings of every status).
        assert!(
            output.stdout.starts_with(b"{"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        for marker in ["\x1b[", "\r", "root module", "checked "] {
            assert!(
                !stderr.contains(marker),
                "progress output {marker:?} on a piped stderr:\n{stderr}"
            );
        }
        // The spinner's frames (indicatif's default tick strings).
        assert!(!stderr.contains(|c| "⠁⠂⠄⡀⢀⠠⠐⠈".contains(c)), "{stderr}");
    }
}
