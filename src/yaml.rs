//! YAML for every document irready reads (controls, IR documents, configuration):
//! serde-saphyr, which bounds aliases and sizes, and one way to turn its errors into
//! `file:line:col: what was expected`.

use crate::diagnostic::Diagnostic;
use crate::source::Location;
use std::sync::Arc;

/// Deserializes a YAML document, or says where and why it could not.
pub fn from_str<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &Arc<str>,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str(text).map_err(|e| error(file, &e))
}

/// Turns a serde-saphyr error into a one-line diagnostic at the position it reports.
pub fn error(file: &Arc<str>, e: &serde_saphyr::Error) -> Diagnostic {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .filter(|(l, _)| *l > 0)
        .unwrap_or((1, 1));
    let text = e.without_snippet().to_string();
    Diagnostic::new(
        Location::new(file.clone(), line, column.max(1)),
        strip_position_suffix(&text),
    )
}

/// serde-saphyr ends messages with ` at line L, column C` (the diagnostic already says
/// it) and words type errors in parser terms; say "wrong type" and what was expected.
fn strip_position_suffix(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let msg = match first.find(" at line ") {
        Some(i) if first[i..].contains(", column ") => &first[..i],
        _ => first,
    };
    let wrong_type = [
        ("expected sequence start", "a list"),
        ("expected mapping start", "a mapping"),
        ("expected string scalar", "a string"),
        ("invalid u32", "a whole number"),
        ("invalid bool", "true or false"),
    ];
    if let Some(breach) = msg.strip_prefix("budget breached: ") {
        return format!(
            "YAML resource limit exceeded ({breach}): an alias bomb or an oversized document; expected a document of ordinary size"
        );
    }
    for (phrase, wanted) in wrong_type {
        if msg.starts_with(phrase) {
            return format!("wrong type: expected {wanted}");
        }
    }
    msg.to_string()
}
