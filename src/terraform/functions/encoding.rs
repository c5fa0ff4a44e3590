//! Encoding (`jsonencode`, `jsondecode`, `yamlencode`) and type conversion functions.

use super::collections::set_order;
use super::{Flow, Outcome, arity, invalid, known, list_arg};
use crate::terraform::value::{Value, format_number};
use std::fmt::Write;

/// Stops with an unknown whose reason names the unknown or provider-computed part, for
/// encoders that need every byte of their input.
fn fully_known<'v>(name: &str, value: &'v Value) -> Outcome<&'v Value> {
    if let Some(reason) = value.unknown_reason() {
        return Err(Flow::Unknown(Value::unknown(format!(
            "{name} of a value that is not known: {reason}"
        ))));
    }
    if let Some(r) = value.refs().first() {
        return Err(Flow::Unknown(Value::unknown(format!(
            "{name} of a value computed by the provider ({})",
            r.address
        ))));
    }
    Ok(value)
}

/// `jsonencode(value)`: Terraform's encoding (Go's): object keys sorted, whole numbers
/// without a fraction, and `<`, `>`, `&`, U+2028, U+2029 escaped as `\u003c` etc.
pub(super) fn jsonencode(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let value = fully_known(name, &args[0])?;
    let mut out = String::new();
    write_json(value, &mut out)?;
    Ok(Value::String(out))
}

fn write_json(value: &Value, out: &mut String) -> Outcome<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if !n.is_finite() {
                return invalid(format!("cannot encode {n} as JSON"));
            }
            out.push_str(&format_number(*n));
        }
        Value::String(s) => write_json_string(s, out),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_json(v, out)?;
            }
            out.push('}');
        }
        Value::Ref(_) | Value::Unknown(_) => return Err(Flow::Unknown(value.clone())),
    }
    Ok(())
}

/// A JSON string literal escaped as Go's `encoding/json` does (HTML-safe).
pub(super) fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `jsondecode(string)`.
pub(super) fn jsondecode(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let text = super::string_arg(&args[0])?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(json) => Ok(Value::from_json(&json)),
        Err(e) => invalid(format!("invalid JSON: {e}")),
    }
}

/// `yamlencode(value)`: block style as Terraform writes it — keys and strings
/// double-quoted, sequences under a key not indented, empty collections as `[]`/`{}`.
pub(super) fn yamlencode(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let value = fully_known(name, &args[0])?;
    let mut out = String::new();
    for line in yaml_lines(value) {
        out.push_str(&line);
        out.push('\n');
    }
    Ok(Value::String(out))
}

fn is_block_collection(value: &Value) -> bool {
    match value {
        Value::List(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => false,
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format_number(*n),
        Value::String(s) => yaml_string(s),
        Value::List(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
        // Not reached: `fully_known` ran first.
        Value::Ref(_) | Value::Unknown(_) => "null".to_string(),
    }
}

/// A YAML double-quoted scalar (JSON escapes are valid YAML escapes).
fn yaml_string(s: &str) -> String {
    let mut out = String::new();
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_lines(value: &Value) -> Vec<String> {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut lines = Vec::new();
            for (k, v) in map {
                let key = yaml_string(k);
                match v {
                    Value::Object(_) if is_block_collection(v) => {
                        lines.push(format!("{key}:"));
                        lines.extend(yaml_lines(v).into_iter().map(|l| format!("  {l}")));
                    }
                    Value::List(_) if is_block_collection(v) => {
                        lines.push(format!("{key}:"));
                        lines.extend(yaml_lines(v));
                    }
                    _ => lines.push(format!("{key}: {}", yaml_scalar(v))),
                }
            }
            lines
        }
        Value::List(items) if !items.is_empty() => {
            let mut lines = Vec::new();
            for item in items {
                let child = yaml_lines(item);
                for (i, line) in child.into_iter().enumerate() {
                    lines.push(if i == 0 {
                        format!("- {line}")
                    } else {
                        format!("  {line}")
                    });
                }
            }
            lines
        }
        scalar => vec![yaml_scalar(scalar)],
    }
}

/// `tostring(value)`: primitives only; null stays null.
pub(super) fn tostring(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    match known(&args[0])? {
        Value::Null => Ok(Value::Null),
        Value::String(_) => Ok(args[0].clone()),
        Value::Number(n) => Ok(Value::String(format_number(*n))),
        Value::Bool(b) => Ok(Value::String(b.to_string())),
        other => invalid(format!("cannot convert {} to string", other.type_name())),
    }
}

/// `tonumber(value)`: numbers and numeric strings; null stays null.
pub(super) fn tonumber(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    match known(&args[0])? {
        Value::Null => Ok(Value::Null),
        Value::Number(_) => Ok(args[0].clone()),
        Value::String(s) => match s.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Number(n)),
            _ => invalid(format!("cannot convert {s:?} to number")),
        },
        other => invalid(format!("cannot convert {} to number", other.type_name())),
    }
}

/// `tobool(value)`: bools and the strings `"true"`/`"false"`; null stays null.
pub(super) fn tobool(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    match known(&args[0])? {
        Value::Null => Ok(Value::Null),
        Value::Bool(_) => Ok(args[0].clone()),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        other => invalid(format!("cannot convert {other} to bool")),
    }
}

/// `tolist(value)`: a list or set; elements may be unknown.
pub(super) fn tolist(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    Ok(Value::List(list_arg(&args[0])?.to_vec()))
}

/// `toset(value)`: deduplicated and ordered as Terraform orders sets. With unknown
/// elements among several the size is not known (two may be equal), so the result is
/// unknown; a single unknown element is still a one-element set.
pub(super) fn toset(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let items = list_arg(&args[0])?;
    if items.len() > 1
        && let Some(unknown) = items.iter().find(|v| !v.is_wholly_known())
    {
        let reason = unknown.unknown_reason().unwrap_or("an element is unknown");
        return Err(Flow::Unknown(Value::unknown(format!(
            "toset of a list with an unknown element: {reason}"
        ))));
    }
    let deduped = super::collections::distinct("toset", &[Value::List(items.to_vec())])?;
    match deduped {
        Value::List(items) => Ok(Value::List(set_order(items))),
        other => Ok(other),
    }
}

/// `tomap(value)`: an object or map; null stays null.
pub(super) fn tomap(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    match known(&args[0])? {
        Value::Null => Ok(Value::Null),
        Value::Object(_) => Ok(args[0].clone()),
        other => invalid(format!("cannot convert {} to map", other.type_name())),
    }
}
