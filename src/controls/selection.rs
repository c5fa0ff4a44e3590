//! Which controls and checks a run includes: `--controls`, `--checks`, `--skip-checks`
//! and `--severity`.

use super::schema::{Control, ControlCheck};
use crate::finding::Severity;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A filter over controls and checks. The default selects everything.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Control ids (case-insensitive); `None` means every control.
    controls: Option<Vec<String>>,
    /// Check id globs; empty means every check.
    checks: Option<GlobSet>,
    /// Check id globs to leave out; they win over `checks`.
    skip_checks: Option<GlobSet>,
    /// Checks below this severity are left out.
    min_severity: Option<Severity>,
}

impl Selection {
    /// Builds a selection from the CLI's lists. Globs use `*` and `?` and match whole,
    /// case-insensitive check ids (`waf-rel-060.ir.*`). An invalid glob is an error that
    /// names it.
    pub fn new(
        controls: Option<Vec<String>>,
        checks: &[String],
        skip_checks: &[String],
        min_severity: Option<Severity>,
    ) -> Result<Selection, String> {
        Ok(Selection {
            controls: controls.map(|ids| ids.into_iter().map(|s| s.trim().to_string()).collect()),
            checks: glob_set(checks)?,
            skip_checks: glob_set(skip_checks)?,
            min_severity,
        })
    }

    /// Is the control in `--controls` (or is there no such list)?
    pub fn selects_control(&self, control: &Control) -> bool {
        self.controls
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|id| id.eq_ignore_ascii_case(&control.id)))
    }

    /// Does the check pass `--checks`, `--skip-checks` and `--severity`?
    pub fn selects_check(&self, check: &ControlCheck) -> bool {
        self.checks.as_ref().is_none_or(|g| g.is_match(&check.id))
            && !self
                .skip_checks
                .as_ref()
                .is_some_and(|g| g.is_match(&check.id))
            && self.min_severity.is_none_or(|min| check.severity >= min)
    }
}

fn glob_set(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = GlobBuilder::new(p.trim())
            .case_insensitive(true)
            .literal_separator(false)
            .build()
            .map_err(|e| format!("invalid check pattern `{p}`: {e}"))?;
        builder.add(glob);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| format!("invalid check patterns: {e}"))
}
