//! `irready evidence`: the audit evidence bundle (SPEC §8, the seed's "Evidence"). One
//! assessment written as files an auditor can verify: the reports (JSON, SARIF, HTML, the
//! metrics and the maturity), copies of the evidence documents WAF-REL-060 requires (the
//! incident response plan — severity definitions with escalation, on-call, calendar,
//! configuration —, the incident log and the post-incident reviews of the last 12 months),
//! an index of the runbook catalog, the regulatory mapping of every check, and a
//! `manifest.json` with the SHA-256 and size of every file, irready's version, the
//! scanned repository's git commit and the as-of date.
//!
//! The bundle is a function of the repository and `--as-of` only: files in a fixed
//! order, zip entries with a fixed timestamp (1980-01-01, the zip epoch) and mode, no
//! clock and no absolute path anywhere, so that building it twice gives the same bytes
//! and an auditor can rebuild it.

use crate::assessment::Assessment;
use crate::finding::ControlSummary;
use crate::report::{self, ConsoleOptions, Format, ReportInput};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files of a bundle: path inside the bundle (forward slashes) → bytes, in order.
pub type Bundle = BTreeMap<String, Vec<u8>>;

/// Builds the bundle of an assessment of `root` (shown as `shown` in the reports).
pub fn build(a: &Assessment, root: &Path, shown: &str) -> Bundle {
    let mut files = Bundle::new();
    let scanned = vec![shown.to_string()];
    let input = ReportInput {
        findings: &a.outcome.findings,
        controls: &a.outcome.controls,
        controls_loaded: a.outcome.controls_loaded,
        scanned_paths: &scanned,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let console = ConsoleOptions::default();
    for (name, format) in [
        ("reports/irready-result.json", Format::Json),
        ("reports/irready.sarif", Format::Sarif),
        ("reports/irready-junit.xml", Format::Junit),
    ] {
        files.insert(
            name.into(),
            report::render(format, &input, &console).into_bytes(),
        );
    }
    let metrics = a.metrics_json();
    let maturity = a.maturity_json();
    let as_of = a.as_of.to_string();
    files.insert(
        "reports/dashboard.html".into(),
        report::html::render(&report::html::Dashboard {
            report: input,
            metrics: metrics.as_ref(),
            maturity: Some(&maturity),
            as_of: &as_of,
        })
        .into_bytes(),
    );
    if let Some(m) = &metrics {
        files.insert("reports/metrics.json".into(), pretty(m));
    }
    files.insert("reports/maturity.json".into(), pretty(&maturity));
    for rel in evidence_documents(a, root) {
        if let Ok(bytes) = std::fs::read(root.join(&rel)) {
            files.insert(format!("documents/{rel}"), bytes);
        }
    }
    files.insert(
        "documents/runbook-catalog.md".into(),
        runbook_index(a).into_bytes(),
    );
    files.insert(
        "regulatory-mapping.json".into(),
        pretty(&regulatory_mapping(&a.outcome.controls)),
    );
    let manifest = manifest(&files, a, shown, git_commit(root));
    files.insert("manifest.json".into(), pretty(&manifest));
    files
}

/// The documents copied into the bundle, as paths relative to `root` with forward
/// slashes, sorted: the incident response plan, the incident log, and the reviews of the
/// incidents resolved (or reviews dated) in the 12 months before `as_of`.
fn evidence_documents(a: &Assessment, root: &Path) -> Vec<String> {
    let d = &a.documents;
    let mut out = std::collections::BTreeSet::new();
    let paths = &d.config.paths;
    for p in [&paths.severity_definitions, &paths.oncall, &paths.calendar] {
        if root.join(p).is_file() {
            out.insert(slashes(p));
        }
    }
    if root.join(crate::ir::config::CONFIG_FILE).is_file() {
        out.insert(crate::ir::config::CONFIG_FILE.to_string());
    }
    for incident in &d.incidents {
        out.insert(incident.location.file.to_string());
    }
    let since = crate::maturity::window_start(a.as_of);
    let in_window = |date: jiff::civil::Date| date >= since && date <= a.as_of;
    for f in d.incidents_with_timelines() {
        if let (Some(review), Some(resolved)) = (f.review, f.incident.resolved_date)
            && in_window(resolved)
        {
            out.insert(review.location.file.to_string());
        }
    }
    for review in &d.reviews {
        if in_window(review.date) {
            out.insert(review.location.file.to_string());
        }
    }
    // Only files inside the repository: a display path never climbs out, but a copy
    // must not follow one that does.
    out.into_iter()
        .filter(|p| !p.split('/').any(|c| c == ".."))
        .collect()
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// A Markdown index of the runbook catalog: what an auditor asks to see ("runbook catalog
/// with links to the runbooks of all critical alerts").
fn runbook_index(a: &Assessment) -> String {
    let mut out = format!(
        "# Runbook catalog as of {}\n\n| runbook | alert ids | service | severity | owner | last updated |\n|---|---|---|---|---|---|\n",
        a.as_of
    );
    let mut runbooks: Vec<_> = a.documents.runbooks.runbooks.iter().collect();
    runbooks.sort_by(|x, y| x.path.cmp(&y.path));
    for r in runbooks {
        let cell = |s: Option<&str>| s.unwrap_or("—").replace('|', "\\|");
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            cell(Some(&r.path)),
            cell(
                Some(r.alert_ids.join(", "))
                    .filter(|s| !s.is_empty())
                    .as_deref()
            ),
            cell(r.service.as_deref()),
            cell(r.severity.as_deref()),
            cell(r.owner.as_deref()),
            r.last_updated
                .map_or_else(|| "—".to_string(), |d| d.to_string()),
        ));
    }
    if a.documents.runbooks.runbooks.is_empty() {
        out.push_str("\nThe catalog is empty.\n");
    }
    out
}

/// Every check of the run controls with its control's regulatory mapping (the seed maps
/// the control as a whole; each check inherits it), ISO/IEC 27001:2022 numbering as the
/// control writes it.
fn regulatory_mapping(controls: &[ControlSummary]) -> serde_json::Value {
    let checks: Vec<serde_json::Value> = controls
        .iter()
        .flat_map(|c| {
            c.checks.iter().map(move |k| {
                serde_json::json!({
                    "check_id": k.id,
                    "title": k.title,
                    "control_id": c.id,
                    "frameworks": c.regulatory_mapping,
                })
            })
        })
        .collect();
    serde_json::json!({ "checks": checks })
}

fn manifest(
    files: &Bundle,
    a: &Assessment,
    shown: &str,
    git: Option<GitState>,
) -> serde_json::Value {
    let entries: Vec<serde_json::Value> = files
        .iter()
        .map(|(path, bytes)| {
            serde_json::json!({
                "path": path,
                "sha256": hex(&Sha256::digest(bytes)),
                "size": bytes.len(),
            })
        })
        .collect();
    let mut m = serde_json::json!({
        "tool": {"name": "irready", "version": env!("CARGO_PKG_VERSION")},
        "as_of": a.as_of.to_string(),
        "scanned_path": shown,
        "maturity_level": a.maturity.level,
        "findings": status_counts(&a.outcome.findings),
        "files": entries,
    });
    if let Some(git) = git {
        m["git"] = serde_json::json!({"commit": git.commit, "dirty": git.dirty});
    }
    m
}

/// How many findings have each status.
fn status_counts(findings: &[crate::finding::Finding]) -> serde_json::Value {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(f.status.as_str()).or_default() += 1;
    }
    serde_json::json!(counts)
}

/// The scanned repository's commit, when it is a git repository and git is installed.
struct GitState {
    commit: String,
    /// Uncommitted changes: the bundle then shows more than the commit holds.
    dirty: bool,
}

fn git_commit(root: &Path) -> Option<GitState> {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = run(&["rev-parse", "HEAD"])?;
    if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let dirty = run(&["status", "--porcelain", "--", "."]).is_some_and(|s| !s.is_empty());
    Some(GitState { commit, dirty })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// Writes the bundle into a directory (created when missing; files of the bundle are
/// replaced, other files left alone).
pub fn write_dir(files: &Bundle, dir: &Path) -> std::io::Result<()> {
    for (rel, bytes) in files {
        let path: PathBuf = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
    }
    Ok(())
}

/// The bundle as a zip archive, byte for byte the same for the same files: entries in
/// path order, the zip epoch as their time, mode 0644, deflated.
pub fn zip(files: &Bundle) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (rel, bytes) in files {
        writer
            .start_file(rel.as_str(), options)
            .map_err(std::io::Error::other)?;
        writer.write_all(bytes)?;
    }
    let cursor = writer.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zip_is_the_same_bytes_for_the_same_files() {
        let mut files = Bundle::new();
        files.insert("b/two.txt".into(), b"two".to_vec());
        files.insert("a.txt".into(), b"one".to_vec());
        let first = zip(&files).expect("zip");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(first, zip(&files).expect("zip"));
        let archive = zip::ZipArchive::new(std::io::Cursor::new(first)).expect("reads back");
        assert_eq!(archive.len(), 2);
    }

    #[test]
    fn hex_is_lowercase_two_digits_per_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
