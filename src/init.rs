//! `irready init [DIR]`: a working starting point for incident response as code — the
//! configuration, four measurable severity levels, on-call with a primary and a secondary,
//! a runbook, a post-incident review template and a business calendar. Existing files are
//! never overwritten.

use std::path::Path;

/// The files `init` writes, relative to the directory, with their text.
pub const FILES: &[(&str, &str)] = &[
    ("irready.yml", include_str!("../templates/irready.yml")),
    (
        "incident-response/severity-definitions.yml",
        include_str!("../templates/incident-response/severity-definitions.yml"),
    ),
    (
        "incident-response/oncall.yml",
        include_str!("../templates/incident-response/oncall.yml"),
    ),
    (
        "incident-response/calendar.yml",
        include_str!("../templates/incident-response/calendar.yml"),
    ),
    (
        "incident-response/runbooks/example-service-high-error-rate.md",
        include_str!("../templates/incident-response/runbooks/example-service-high-error-rate.md"),
    ),
    (
        "incident-response/postmortems/TEMPLATE.md",
        include_str!("../templates/incident-response/postmortems/TEMPLATE.md"),
    ),
    (
        "incident-response/incidents/README.md",
        include_str!("../templates/incident-response/incidents/README.md"),
    ),
];

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written,
    /// Left as it was: the file exists.
    Kept,
}

/// Writes the starting point under `dir`; `Err` names the file that could not be written.
pub fn init(dir: &Path) -> Result<Vec<(&'static str, Outcome)>, String> {
    let mut out = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if path.exists() {
            out.push((*rel, Outcome::Kept));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: cannot create the directory: {e}", parent.display()))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        out.push((*rel, Outcome::Written));
    }
    Ok(out)
}
