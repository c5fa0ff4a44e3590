//! Where things are: a file path as the user should see it, and line/column positions.
//!
//! Every finding and every diagnostic points at a `Location`. Paths are relative to the
//! scanned PATH argument with forward slashes (SPEC §3), so output is the same on every
//! machine and at every thread count.

use std::fmt;
use std::sync::Arc;

/// A position in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    /// The file as displayed: relative to the scanned root, forward slashes.
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(file: Arc<str>, line: u32, column: u32) -> Self {
        Location { file, line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Turns byte offsets of one file into 1-based line:column positions by binary search over
/// the line starts, so that a parse keeps only offsets and pays for positions on demand.
#[derive(Debug, Clone)]
pub struct LineIndex {
    file: Arc<str>,
    line_starts: Vec<usize>,
    text: Arc<str>,
}

impl LineIndex {
    pub fn new(file: Arc<str>, text: Arc<str>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            file,
            line_starts,
            text,
        }
    }

    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The location of a byte offset (clamped to the text).
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        Location::new(self.file.clone(), line as u32 + 1, column as u32)
    }
}

/// Renders a path relative to `base` with forward slashes; `.` for `base` itself. Paths
/// outside `base` (a module in `../../modules`) keep their `..` components.
pub fn display_path(base: &std::path::Path, path: &std::path::Path) -> String {
    use std::path::Component;
    let rel = relative_path(base, path);
    let mut out = String::new();
    for c in rel.components() {
        match c {
            // An absolute path (outside a relative base) keeps its single leading slash.
            Component::RootDir => out.push('/'),
            Component::Prefix(p) => out.push_str(&p.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}

fn relative_path(base: &std::path::Path, path: &std::path::Path) -> std::path::PathBuf {
    use std::path::{Component, PathBuf};
    let base: Vec<Component> = base
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let path: Vec<Component> = path
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &path[common..] {
        out.push(c.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn line_and_column_are_one_based_and_count_chars() {
        let idx = LineIndex::new("a.tf".into(), "ab\nçd\n".into());
        assert_eq!(idx.location(0).line, 1);
        assert_eq!(idx.location(3).to_string(), "a.tf:2:1");
        assert_eq!(idx.location(5).to_string(), "a.tf:2:2");
        assert_eq!(idx.location(100).line, 3);
    }

    #[test]
    fn display_paths_are_relative_with_forward_slashes() {
        assert_eq!(display_path(Path::new("/r"), Path::new("/r")), ".");
        assert_eq!(
            display_path(Path::new("/r"), Path::new("/r/a/b.tf")),
            "a/b.tf"
        );
        assert_eq!(
            display_path(Path::new("/r/x"), Path::new("/r/m/c.tf")),
            "../m/c.tf"
        );
        assert_eq!(display_path(Path::new("."), Path::new("./a.tf")), "a.tf");
        assert_eq!(
            display_path(Path::new("."), Path::new("/work/c/x.yml")),
            "/work/c/x.yml"
        );
    }
}
