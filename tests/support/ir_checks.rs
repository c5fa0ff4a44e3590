//! Runs one document check (`waf-rel-060.ir.*`) end to end on a fixture repository —
//! Terraform and incident-response documents together, through `scan::check` exactly as
//! `irready check` runs it — and returns its findings by resource.

#![allow(dead_code)]

use irready::Status;
use irready::controls::Selection;
use irready::scan::{CheckOptions, check};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One finding of the check: status, message and `file:line`.
#[derive(Debug, Clone)]
pub struct Got {
    pub status: Status,
    pub message: String,
    pub at: String,
}

/// `tests/fixtures/ir-checks/<check_id>/<case>`.
pub fn fixture(check_id: &str, case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ir-checks")
        .join(check_id)
        .join(case)
}

/// The findings of `check_id` on the repository at `dir`, with `as_of` as today,
/// resource → finding. Fails the test on broken input or two findings on one resource.
pub fn findings_at(check_id: &str, dir: &Path, as_of: &str) -> BTreeMap<String, Got> {
    let options = CheckOptions {
        paths: vec![dir.to_path_buf()],
        selection: Selection::new(None, &[check_id.to_string()], &[], None).unwrap(),
        as_of: Some(as_of.parse().expect("as_of is a date")),
        ..Default::default()
    };
    let outcome = check(&options);
    assert!(
        outcome.diagnostics.is_empty(),
        "{}: {:?}",
        dir.display(),
        outcome.diagnostics
    );
    let mut out = BTreeMap::new();
    for f in outcome.findings {
        assert_eq!(f.check_id, check_id);
        assert!(f.line > 0, "{f:?}");
        if f.status == Status::Skip {
            assert!(f.message.starts_with("UNKNOWN: "), "{f:?}");
        }
        let got = Got {
            status: f.status,
            message: f.message,
            at: format!("{}:{}", f.file, f.line),
        };
        assert!(
            out.insert(f.resource.clone(), got).is_none(),
            "two findings on {}",
            f.resource
        );
    }
    out
}

/// `findings_at` on `tests/fixtures/ir-checks/<check_id>/<case>`.
pub fn findings(check_id: &str, case: &str, as_of: &str) -> BTreeMap<String, Got> {
    findings_at(check_id, &fixture(check_id, case), as_of)
}

/// Asserts the status of every finding (and that there are no others); returns the
/// findings for assertions on messages and locations.
pub fn assert_statuses(
    check_id: &str,
    case: &str,
    as_of: &str,
    expected: &[(&str, Status)],
) -> BTreeMap<String, Got> {
    let got = findings(check_id, case, as_of);
    let statuses: BTreeMap<&str, Status> =
        got.iter().map(|(r, g)| (r.as_str(), g.status)).collect();
    let want: BTreeMap<&str, Status> = expected.iter().copied().collect();
    assert_eq!(statuses, want, "{check_id}/{case}: {got:#?}");
    got
}
