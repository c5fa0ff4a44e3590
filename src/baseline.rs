//! Baselines: adopt irready on a repository with existing findings and fail only on new
//! ones. `--write-baseline FILE` records the failing findings of a run; `--baseline FILE`
//! reports the findings it records as WAIVED (message `baseline: ...`), so they stay
//! visible in every report but no longer fail the build.
//!
//! A finding is keyed by check id, root module, resource address and file — not by the
//! address alone (two roots may declare the same address, and document findings share
//! names across files), and not by line (lines move with every edit above them). Why
//! WAIVED and not a new status: the JSON report must validate against wafpass's model,
//! whose statuses are PASS|FAIL|SKIP|ERROR|WAIVED.

use crate::diagnostic::Diagnostic;
use crate::finding::{Finding, Status};
use crate::source::Location;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// The baseline file format's version.
pub const VERSION: u32 = 1;

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub check_id: String,
    pub root: String,
    pub resource: String,
    pub file: String,
}

impl Key {
    /// The key of a finding.
    pub fn of(f: &Finding) -> Key {
        Key {
            check_id: f.check_id.clone(),
            root: f.root.clone(),
            resource: f.resource.clone(),
            file: f.file.clone(),
        }
    }
}

/// A baseline file: `{"version": 1, "findings": [...]}`, entries sorted and unique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Key>,
}

/// True for the findings a baseline records and accepts: the ones that fail a build
/// under some `--fail-on` (FAIL, and SKIP for `--fail-on skip`). ERROR is broken input,
/// which must never turn green.
fn recorded(status: Status) -> bool {
    matches!(status, Status::Fail | Status::Skip)
}

impl Baseline {
    /// The baseline of a run: its FAIL and SKIP findings (waived ones are not recorded:
    /// when their waiver expires they are meant to fail).
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let keys: BTreeSet<Key> = findings
            .iter()
            .filter(|f| recorded(f.status))
            .map(Key::of)
            .collect();
        Baseline {
            version: VERSION,
            findings: keys.into_iter().collect(),
        }
    }

    /// The file's text: pretty JSON, one key per line, newline-terminated, deterministic.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Parses a baseline file's text; errors name `display:line:col`.
    pub fn parse(text: &str, display: &Arc<str>) -> Result<Baseline, Diagnostic> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            Diagnostic::new(
                Location::new(
                    display.clone(),
                    (e.line() as u32).max(1),
                    (e.column() as u32).max(1),
                ),
                format!(
                    "not a baseline file ({e}): expected {{\"version\": 1, \"findings\": [{{\"check_id\", \"root\", \"resource\", \"file\"}}]}} as written by --write-baseline"
                ),
            )
        })?;
        if b.version != VERSION {
            return Err(Diagnostic::file(
                display.clone(),
                format!("baseline version {}: expected version {VERSION}", b.version),
            ));
        }
        Ok(b)
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, Diagnostic> {
        let display: Arc<str> = path.to_string_lossy().replace('\\', "/").into();
        let text = crate::terraform::module::read_text(path, &display)?;
        Baseline::parse(&text, &display)
    }

    /// Writes the baseline file.
    pub fn write(&self, path: &Path) -> Result<(), Diagnostic> {
        std::fs::write(path, self.to_json()).map_err(|e| {
            Diagnostic::file(
                path.to_string_lossy().replace('\\', "/"),
                format!("cannot write the baseline: {e}"),
            )
        })
    }

    /// Reports the FAIL and SKIP findings the baseline records as WAIVED, their message
    /// prefixed `baseline: `. Returns how many findings were accepted and how many entries
    /// matched none (fixed since, which is fine).
    pub fn apply(&self, findings: &mut [Finding]) -> (usize, usize) {
        let keys: BTreeSet<&Key> = self.findings.iter().collect();
        let mut seen: BTreeSet<Key> = BTreeSet::new();
        let mut accepted = 0;
        for f in findings.iter_mut().filter(|f| recorded(f.status)) {
            let key = Key::of(f);
            if keys.contains(&key) {
                f.status = Status::Waived;
                f.message = format!("baseline: {}", f.message);
                accepted += 1;
                seen.insert(key);
            }
        }
        (accepted, keys.len() - seen.len())
    }
}

/// The baseline step of `irready check`, after waivers: writes `write_to` from the run's
/// failing findings (before any baseline accepts them), then applies `baseline`. Problems
/// are diagnostics (exit 2); what happened is a note.
pub fn run(
    baseline: Option<&Path>,
    write_to: Option<&Path>,
    findings: &mut [Finding],
    diagnostics: &mut Vec<Diagnostic>,
    notes: &mut Vec<String>,
) {
    if let Some(path) = write_to {
        let b = Baseline::from_findings(findings);
        match b.write(path) {
            Ok(()) => notes.push(format!(
                "wrote the baseline {} ({} finding(s))",
                path.display(),
                b.findings.len()
            )),
            Err(d) => diagnostics.push(d),
        }
    }
    if let Some(path) = baseline {
        match Baseline::load(path) {
            Ok(b) => {
                let (accepted, fixed) = b.apply(findings);
                notes.push(format!(
                    "baseline {}: {accepted} known finding(s) reported as WAIVED, {fixed} entr{} no longer found",
                    path.display(),
                    if fixed == 1 { "y" } else { "ies" }
                ));
            }
            Err(d) => diagnostics.push(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(check: &str, root: &str, resource: &str, file: &str, status: Status) -> Finding {
        Finding {
            check_id: check.into(),
            check_title: String::new(),
            control_id: "WAF-REL-060".into(),
            pillar: "reliability".into(),
            severity: Severity::High,
            status,
            resource: resource.into(),
            message: "ok_actions is not set".into(),
            remediation: String::new(),
            file: file.into(),
            line: 3,
            column: 1,
            root: root.into(),
        }
    }

    #[test]
    fn records_fail_and_skip_sorted_unique_and_round_trips() {
        let findings = vec![
            finding("b.check", ".", "aws_x.b", "main.tf", Status::Fail),
            finding("a.check", ".", "aws_x.a", "main.tf", Status::Fail),
            finding("a.check", ".", "aws_x.a", "main.tf", Status::Fail),
            finding("a.check", ".", "aws_x.p", "main.tf", Status::Pass),
            finding("a.check", ".", "aws_x.w", "main.tf", Status::Waived),
            finding("a.check", ".", "aws_x.s", "main.tf", Status::Skip),
            finding("irready.input-error", ".", "x.tf", "x.tf", Status::Error),
        ];
        let b = Baseline::from_findings(&findings);
        let resources: Vec<&str> = b.findings.iter().map(|k| k.resource.as_str()).collect();
        assert_eq!(resources, ["aws_x.a", "aws_x.s", "aws_x.b"]);
        let text = b.to_json();
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"findings\": ["));
        let back = Baseline::parse(&text, &"b.json".into()).unwrap();
        assert_eq!(back, b);
    }

    #[test]
    fn apply_keys_on_root_and_file_not_address_alone() {
        let b = Baseline {
            version: 1,
            findings: vec![
                Key::of(&finding(
                    "c",
                    "prod",
                    "aws_x.a",
                    "prod/main.tf",
                    Status::Fail,
                )),
                Key::of(&finding("c", ".", "aws_x.gone", "main.tf", Status::Fail)),
            ],
        };
        let mut findings = vec![
            finding("c", "prod", "aws_x.a", "prod/main.tf", Status::Fail),
            finding("c", "staging", "aws_x.a", "staging/main.tf", Status::Fail),
            finding("other", "prod", "aws_x.a", "prod/main.tf", Status::Fail),
        ];
        findings[0].line = 99; // lines move; the key does not hold them
        let (accepted, fixed) = b.apply(&mut findings);
        assert_eq!((accepted, fixed), (1, 1));
        assert_eq!(findings[0].status, Status::Waived);
        assert_eq!(findings[0].message, "baseline: ok_actions is not set");
        assert_eq!(findings[1].status, Status::Fail);
        assert_eq!(findings[2].status, Status::Fail);
    }

    #[test]
    fn broken_files_name_the_position() {
        let d = Baseline::parse(
            "{\"version\": 1,\n \"findings\": [{\"check\": 1}]}",
            &"b.json".into(),
        )
        .unwrap_err();
        assert_eq!(d.location.line, 2);
        assert!(d.message.contains("unknown field `check`"), "{}", d.message);
        let d =
            Baseline::parse("{\"version\": 2, \"findings\": []}", &"b.json".into()).unwrap_err();
        assert_eq!(d.message, "baseline version 2: expected version 1");
    }
}
