//! The scan pipeline: discover → load → evaluate → check.

use crate::terraform::module::{LoadOptions, evaluate_tree};
use crate::terraform::{Configuration, EvalBody, Value};
use std::path::{Path, PathBuf};

/// `irready inspect`: the evaluated configurations as JSON on stdout.
pub fn inspect(path: &Path, var_files: &[PathBuf]) -> i32 {
    let options = LoadOptions {
        var_files: var_files.to_vec(),
    };
    let (configs, diagnostics) = evaluate_tree(path, &options);
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let json = serde_json::Value::Array(configs.iter().map(configuration_json).collect());
    println!(
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    if diagnostics.is_empty() { 0 } else { 2 }
}

fn configuration_json(c: &Configuration) -> serde_json::Value {
    serde_json::json!({
        "root": c.root,
        "variables": c.variables.iter().map(|(k, v)| (k.clone(), value_json(v))).collect::<serde_json::Map<_, _>>(),
        "resources": c.resources.iter().map(|r| serde_json::json!({
            "address": r.address,
            "location": r.location.to_string(),
            "expansion_unknown": r.expansion_unknown,
            "values": body_json(&r.body),
        })).collect::<Vec<_>>(),
        "warnings": c.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
    })
}

fn body_json(b: &EvalBody) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (k, a) in &b.attributes {
        map.insert(k.clone(), value_json(&a.value));
    }
    for blk in &b.blocks {
        let entry = map
            .entry(blk.kind.clone())
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(items) = entry {
            items.push(body_json(&blk.body));
        }
    }
    for (k, why) in &b.unknown_blocks {
        map.insert(
            k.clone(),
            serde_json::Value::String(format!("(unknown blocks: {why})")),
        );
    }
    serde_json::Value::Object(map)
}

/// A value as JSON, references and unknowns shown as `${...}` / `(unknown: ...)` strings.
pub fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::List(items) => serde_json::Value::Array(items.iter().map(value_json).collect()),
        Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_json(v)))
                .collect(),
        ),
        Value::Ref(_) => serde_json::Value::String(format!("${{{v}}}")),
        Value::Unknown(_) => serde_json::Value::String(v.to_string()),
        other => other.to_json().unwrap_or(serde_json::Value::Null),
    }
}
