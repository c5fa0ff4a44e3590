//! SPEC §9: same input, same bytes — for every format, at any thread count.
//!
//! The fixture `tests/fixtures/cli/multi` has two root modules (`envs/prod`,
//! `envs/staging`), a module called twice from one root and from both roots, and
//! `for_each` instances, so that parallel evaluation has something to reorder.

use assert_cmd::cargo::cargo_bin;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

/// stdout of `irready check multi broken --controls-dir controls/extra ARGS` with
/// `threads` rayon threads; the exit code must be 2 (the broken file).
fn run(threads: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(cargo_bin!("irready"))
        .current_dir(fixtures())
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("NO_COLOR")
        .args([
            "check",
            "multi",
            "broken",
            "--controls-dir",
            "controls/extra",
        ])
        .args(args)
        .output()
        .expect("irready runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty());
    out.stdout
}

fn assert_stable(args: &[&str]) {
    let reference = run("1", args);
    for threads in ["1", "4", "4", "2"] {
        let again = run(threads, args);
        assert!(
            again == reference,
            "{args:?} differs with RAYON_NUM_THREADS={threads}:\n--- 1 thread\n{}\n--- {threads} threads\n{}",
            String::from_utf8_lossy(&reference),
            String::from_utf8_lossy(&again)
        );
    }
}

#[test]
fn console_output_is_the_same_bytes_at_any_thread_count() {
    assert_stable(&["--no-color", "-v"]);
}

#[test]
fn json_output_is_the_same_bytes_at_any_thread_count() {
    assert_stable(&["--format", "json"]);
}

#[test]
fn sarif_output_is_the_same_bytes_at_any_thread_count() {
    assert_stable(&["--format", "sarif"]);
}

#[test]
fn inspect_output_is_the_same_bytes_at_any_thread_count() {
    let inspect = |threads: &str| {
        Command::new(cargo_bin!("irready"))
            .current_dir(fixtures())
            .env("RAYON_NUM_THREADS", threads)
            .args(["inspect", "multi"])
            .output()
            .expect("irready runs")
            .stdout
    };
    let reference = inspect("1");
    assert!(reference.len() > 100);
    for threads in ["4", "2"] {
        assert!(
            inspect(threads) == reference,
            "inspect differs at {threads} threads"
        );
    }
}
