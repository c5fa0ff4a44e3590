//! `irready evidence` through the binary on the bundled example: the bundle holds the
//! reports, the evidence documents and a manifest whose SHA-256 sums `sha256sum -c`
//! accepts after `unzip`; built twice, the zip is the same bytes.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;

fn build(out: &Path) {
    cargo_bin_cmd!("irready")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "evidence",
            "examples/platform",
            "--as-of",
            "2026-11-30",
            "--out",
        ])
        .arg(out)
        .assert()
        .code(0);
}

#[test]
fn the_zip_is_byte_identical_for_the_same_input_and_as_of() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    build(&a);
    // A second later: no clock may leak into the archive.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    build(&b);
    let (a, b) = (std::fs::read(a).expect("a"), std::fs::read(b).expect("b"));
    assert!(a.starts_with(b"PK\x03\x04"), "a zip archive");
    assert_eq!(a, b, "the two bundles differ");
}

#[test]
fn unzip_and_sha256sum_accept_the_bundle_and_the_manifest_lists_every_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("evidence.zip");
    build(&zip);
    let folder = dir.path().join("folder");
    build(&folder);
    let extracted = dir.path().join("x");
    let unzip = Command::new("unzip")
        .arg("-q")
        .arg(&zip)
        .arg("-d")
        .arg(&extracted)
        .status();
    let root = match unzip {
        Ok(status) => {
            assert!(status.success(), "unzip rejects the bundle");
            extracted
        }
        Err(err) => {
            eprintln!("!!!!!!!! unzip not installed ({err}); checking the folder form only");
            folder.clone()
        }
    };
    let manifest: Json =
        serde_json::from_slice(&std::fs::read(root.join("manifest.json")).expect("manifest.json"))
            .expect("valid JSON");
    assert_eq!(manifest["as_of"], "2026-11-30");
    assert_eq!(manifest["tool"]["name"], "irready");
    assert_eq!(manifest["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["findings"]["FAIL"], 13);
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    let mut sorted = files.clone();
    sorted.sort_unstable();
    assert_eq!(files, sorted, "the manifest is in path order");
    for needed in [
        "reports/irready-result.json",
        "reports/irready.sarif",
        "reports/dashboard.html",
        "reports/metrics.json",
        "reports/maturity.json",
        "regulatory-mapping.json",
        "documents/runbook-catalog.md",
        "documents/incident-response/severity-definitions.yml",
        "documents/incident-response/oncall.yml",
        "documents/incident-response/postmortems/INC-2026-019.md",
    ] {
        assert!(files.contains(&needed), "{needed} missing: {files:?}");
    }
    // The checksum list `sha256sum -c` reads, from the manifest.
    let sums: String = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            format!(
                "{}  {}\n",
                f["sha256"].as_str().unwrap_or(""),
                f["path"].as_str().unwrap_or("")
            )
        })
        .collect();
    std::fs::write(dir.path().join("SHA256SUMS"), &sums).expect("write sums");
    match Command::new("sha256sum")
        .arg("--check")
        .arg("--quiet")
        .arg(dir.path().join("SHA256SUMS"))
        .current_dir(&root)
        .status()
    {
        Ok(status) => assert!(status.success(), "sha256sum rejects the manifest"),
        Err(err) => eprintln!("!!!!!!!! sha256sum not installed ({err})"),
    }
    // The folder form holds the same files with the same bytes as the zip.
    for f in &files {
        assert_eq!(
            std::fs::read(folder.join(f)).expect("in the folder"),
            std::fs::read(root.join(f)).expect("in the bundle"),
            "{f}"
        );
    }
    let mapping: Json = serde_json::from_slice(
        &std::fs::read(root.join("regulatory-mapping.json")).expect("mapping"),
    )
    .expect("valid JSON");
    let checks = mapping["checks"].as_array().expect("checks");
    assert!(
        checks
            .iter()
            .any(|c| c["check_id"] == "waf-rel-060.ir.review-within-deadline")
    );
    let iso = &checks[0]["frameworks"][0];
    assert_eq!(iso["framework"], "ISO/IEC 27001:2022");
    assert!(
        iso["controls"][4]
            .as_str()
            .is_some_and(|c| c.starts_with("A.5.28"))
    );
}

#[test]
fn a_missing_path_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    cargo_bin_cmd!("irready")
        .args(["evidence", "does-not-exist", "--out"])
        .arg(dir.path().join("e.zip"))
        .assert()
        .code(2);
}
