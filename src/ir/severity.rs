//! Severity definitions (`severity_levels: {SEV1: {...}, ...}`): the level names an alert
//! may carry. Without the file, irready uses WAF-REL-060's four levels, SEV1–SEV4.

use crate::diagnostic::Diagnostic;
use crate::terraform::module::read_text;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

/// The levels WAF-REL-060 asks for when a repository defines none.
pub const DEFAULT_LEVELS: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];

#[derive(Deserialize)]
struct Raw {
    severity_levels: serde_json::Map<String, serde_json::Value>,
}

/// Reads the level names, in the file's order. `Ok(None)` when the file does not exist.
pub fn load_level_names(path: &Path, display: Arc<str>) -> Result<Option<Vec<String>>, Diagnostic> {
    if !path.exists() {
        return Ok(None);
    }
    let text = read_text(path, &display)?;
    let raw: Raw = crate::yaml::from_str(&text, &display)?;
    if raw.severity_levels.is_empty() {
        return Err(Diagnostic::file(
            display,
            "severity_levels is empty: expected the levels (SEV1..SEV4) as keys",
        ));
    }
    Ok(Some(raw.severity_levels.keys().cloned().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_in_file_order_and_errors_have_positions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.yml");
        std::fs::write(
            &p,
            "severity_levels:\n  P1: {name: Critical}\n  P2: {name: High}\n",
        )
        .unwrap();
        assert_eq!(
            load_level_names(&p, "s.yml".into()).unwrap(),
            Some(vec!["P1".to_string(), "P2".to_string()])
        );
        std::fs::write(&p, "severity_levels:\n  - P1\n").unwrap();
        let e = load_level_names(&p, "s.yml".into())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("s.yml:2:"), "{e}");
        assert_eq!(
            load_level_names(&dir.path().join("none.yml"), "none.yml".into()).unwrap(),
            None
        );
    }
}
