//! Functions whose value irready passes through or knows to be unknown at plan time:
//! sensitivity marks, `timestamp()`, `uuid()`, the file functions; and path functions.

use super::{Flow, Outcome, arity, string_arg};
use crate::terraform::value::Value;

/// `sensitive`, `nonsensitive`, `ephemeralasnull`: irready carries no sensitivity or
/// ephemerality marks, so the value itself is the result (unknowns stay unknown).
pub(super) fn identity(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    Ok(args[0].clone())
}

/// `issensitive(value)`: the answer depends on marks irready does not track (a value from a
/// `sensitive = true` variable is sensitive), so `false` would be a guess: unknown.
pub(super) fn issensitive(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    Ok(Value::unknown(
        "issensitive() depends on sensitivity marks (sensitive variables and outputs), \
         which irready does not track",
    ))
}

/// Functions whose result Terraform itself does not know at plan time, or that depend on
/// the machine running Terraform: unknown with the reason, after checking the arity.
pub(super) fn unknown_at_plan(name: &str, args: &[Value]) -> Outcome<Value> {
    let (min, max, reason) = match name {
        "uuid" => (0, 0, "uuid() changes on every run"),
        "timestamp" => (0, 0, "timestamp() changes on every run"),
        "plantimestamp" => (0, 0, "plantimestamp() is the time the plan is made"),
        "bcrypt" => (1, 2, "bcrypt() uses a random salt: it changes on every run"),
        "type" => (1, 1, "type() is only available in terraform console"),
        "pathexpand" => (
            1,
            1,
            "pathexpand() depends on the home directory of whoever runs Terraform",
        ),
        "base64gzip" => (
            1,
            1,
            "base64gzip() output depends on Go's gzip encoder, which irready does not reproduce",
        ),
        "rsadecrypt" => (
            2,
            2,
            "rsadecrypt() needs a private key irready does not read",
        ),
        _ => (
            0,
            usize::MAX,
            "this function's result is not known at plan time",
        ),
    };
    arity(args, min, max)?;
    Ok(Value::unknown(reason))
}

/// The file functions read files relative to the module's directory, which the evaluator
/// provides; called here, without it, their result is unknown.
pub(super) fn file_function(name: &str, _args: &[Value]) -> Outcome<Value> {
    Err(Flow::Unknown(Value::unknown(format!(
        "function {name} reads files relative to the module, which this evaluation has no \
         directory for"
    ))))
}

/// `abspath(path)`: an absolute path is cleaned as Go's `filepath.Abs` does; a relative one
/// depends on the directory Terraform runs in, so its result is unknown.
pub(super) fn abspath(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let path = string_arg(&args[0])?;
    if path.starts_with('/') {
        Ok(Value::String(clean(&path)))
    } else {
        Ok(Value::unknown(format!(
            "abspath({path:?}) depends on the directory Terraform runs in"
        )))
    }
}

/// `dirname(path)` and `basename(path)`, as Go's `filepath.Dir` and `filepath.Base` on a
/// Unix host.
pub(super) fn dirname_basename(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let path = string_arg(&args[0])?;
    Ok(Value::String(if name == "dirname" {
        dir(&path)
    } else {
        base(&path)
    }))
}

/// Go's `filepath.Dir`: everything before the last separator, cleaned.
fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => clean(&path[..=i]),
        None => ".".to_string(),
    }
}

/// Go's `filepath.Base`: the last element, trailing separators removed.
fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// Go's `filepath.Clean` on Unix: single separators, no `.` elements, `..` resolved
/// lexically (and dropped at the root), `.` for an empty result.
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}
