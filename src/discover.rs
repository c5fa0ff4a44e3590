//! Finding the files to scan: a walk of each PATH that honours `.gitignore` (also outside
//! a git repository), skips `.terraform/` and `.git/`, and reports what it cannot read
//! (a symlink loop, a permission error) as diagnostics instead of stopping.

use crate::diagnostic::Diagnostic;
use crate::source::display_path;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The files of one scanned root, by kind, each list sorted.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Directory → its `.tf` and `.tf.json` files.
    pub terraform: BTreeMap<PathBuf, Vec<PathBuf>>,
    /// `.yml` / `.yaml` files (Prometheus rule files are among them), sorted.
    pub yaml: Vec<PathBuf>,
    /// Walk errors, one per unreadable entry.
    pub diagnostics: Vec<Diagnostic>,
}

/// Is this a Terraform configuration file?
pub fn is_terraform_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// Is this a YAML file (by its extension)?
pub fn is_yaml_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yml" | "yaml")
    )
}

/// Walks `root` (a directory or a single file).
pub fn discover(root: &Path) -> Discovered {
    let mut out = Discovered::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|e| {
            let name = e.file_name();
            !(e.depth() > 0 && (name == ".terraform" || name == ".git"))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let path = entry.path();
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                if is_file && is_terraform_file(path) {
                    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    out.terraform
                        .entry(dir)
                        .or_default()
                        .push(path.to_path_buf());
                } else if is_file && is_yaml_file(path) {
                    out.yaml.push(path.to_path_buf());
                } else if !is_file && !is_dir && is_terraform_file(path) {
                    // A FIFO, socket or device named like Terraform: reading it could block
                    // forever, and skipping it silently would hide it.
                    out.diagnostics.push(Diagnostic::file(
                        display_path(root, path),
                        "not a regular file; not read (expected a Terraform file)",
                    ));
                }
            }
            Err(e) => out.diagnostics.push(walk_error(root, &e)),
        }
    }
    for files in out.terraform.values_mut() {
        files.sort();
    }
    out.yaml.sort();
    out.diagnostics.sort();
    out
}

fn walk_error(root: &Path, e: &ignore::Error) -> Diagnostic {
    fn path_of(e: &ignore::Error) -> Option<&Path> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    let file = path_of(e)
        .map(|p| display_path(root, p))
        .unwrap_or_else(|| display_path(root, root));
    // The walker wraps a loop in `WithDepth`/`WithPath`: look inside, so that the message
    // names the ancestor relative to the root instead of ignore's absolute-path text.
    fn inner(e: &ignore::Error) -> &ignore::Error {
        match e {
            ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. }
            | ignore::Error::WithLineNumber { err, .. } => inner(err),
            other => other,
        }
    }
    let message = match inner(e) {
        ignore::Error::Loop { ancestor, .. } => format!(
            "symbolic link loop back to {}; not followed",
            display_path(root, ancestor)
        ),
        _ => format!("cannot read: {e}"),
    };
    Diagnostic::file(file, message)
}

/// Resolves `.` and `..` components without touching the file system, so that a module at
/// `envs/prod/../../modules/x` is known as `modules/x` and displays as such.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots_lexically() {
        assert_eq!(normalize(Path::new("a/b/../../m")), PathBuf::from("m"));
        assert_eq!(normalize(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(normalize(Path::new("../../m")), PathBuf::from("../../m"));
        assert_eq!(normalize(Path::new("x/..")), PathBuf::from("."));
        assert_eq!(normalize(Path::new("/r/a/../b")), PathBuf::from("/r/b"));
    }
}
