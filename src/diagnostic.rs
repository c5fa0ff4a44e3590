//! Bad input: one type for every error a user's file can cause.
//!
//! A `Diagnostic` always names `file:line:col` and what was expected, renders as one line,
//! and never stops the rest of the scan: loaders collect them, the CLI prints them, turns
//! each into an ERROR finding and exits 2.

use crate::source::Location;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl Diagnostic {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            message: message.into(),
        }
    }

    /// A diagnostic about a whole file (unreadable, not UTF-8): positioned at 1:1.
    pub fn file(file: impl Into<std::sync::Arc<str>>, message: impl Into<String>) -> Self {
        Diagnostic::new(Location::new(file.into(), 1, 1), message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, always: messages from parsers may carry newlines and snippets.
        let msg = self
            .message
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        write!(f, "{}: {}", self.location, msg)
    }
}

impl std::error::Error for Diagnostic {}
