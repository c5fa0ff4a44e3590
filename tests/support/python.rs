//! Runs a validator script of `tests/support/` with the CI's Python, the one `.ci/run`
//! sets up with the real consumers of irready's reports (wafpass-core, junitparser,
//! prometheus-client).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `tests/support/<script>` on `file` with `$IRREADY_WAFPASS_PYTHON` (the CI venv),
/// or `/work/peers/bin/python` when that is unset. Returns the script's stdout. When the
/// variable is unset and that Python is missing or lacks the package (the script exits
/// 3), says so loudly on stderr and returns `None`: a developer machine without the venv
/// skips, CI never does. A rejection panics with the script's stderr.
pub fn validate(script: &str, file: &Path, what: &str) -> Option<String> {
    let explicit = std::env::var_os("IRREADY_WAFPASS_PYTHON");
    let python = explicit
        .clone()
        .map_or_else(|| PathBuf::from("/work/peers/bin/python"), PathBuf::from);
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(script);
    let skip = |why: String| {
        eprintln!("!!!!!!!! SKIPPED: {what}: {why}.");
        eprintln!("!!!!!!!! Set IRREADY_WAFPASS_PYTHON to the python of .ci/run's venv.");
        None
    };
    let output = match Command::new(&python).arg(&script).arg(file).output() {
        Ok(output) => output,
        Err(err) if explicit.is_none() => {
            return skip(format!("{} cannot run: {err}", python.display()));
        }
        Err(err) => panic!(
            "IRREADY_WAFPASS_PYTHON={} cannot run: {err}",
            python.display()
        ),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) && explicit.is_none() {
        return skip(format!(
            "{} lacks the package ({})",
            python.display(),
            stderr.trim()
        ));
    }
    assert!(
        output.status.success(),
        "{what}: rejected ({}):\n{stderr}",
        output.status
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}
