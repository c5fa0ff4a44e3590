//! Collection functions over several lists or a map of lists: `alltrue`, `anytrue`,
//! `setproduct`, `matchkeys`, `transpose`.

use super::{
    Flow, Outcome, arity, invalid, known, list_arg, object_arg, string_arg, values_equal,
    wholly_known,
};
use crate::terraform::value::{Value, format_number};
use std::collections::BTreeMap;

/// The most combinations `setproduct` builds; beyond, the result is unknown to irready.
const MAX_PRODUCT: usize = 100_000;

/// `alltrue(list)` and `anytrue(list)`: elements are bools or the strings `"true"` and
/// `"false"`. A known deciding element (`false` for `alltrue`, `true` for `anytrue`) decides
/// whatever the unknown ones are; otherwise an unknown element makes the result unknown.
/// A null element counts as not true, as in Terraform.
pub(super) fn all_any_true(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let deciding = name == "anytrue";
    let mut unknown = None;
    for item in list_arg(&args[0])? {
        let b = match item {
            Value::Bool(b) => *b,
            Value::String(s) if s == "true" => true,
            Value::String(s) if s == "false" => false,
            Value::Null => false,
            Value::Unknown(_) | Value::Ref(_) => {
                unknown.get_or_insert(item);
                continue;
            }
            other => return invalid(format!("list of bool required, got element {other}")),
        };
        if b == deciding {
            return Ok(Value::Bool(deciding));
        }
    }
    match unknown {
        Some(item) => Err(Flow::Unknown(Value::unknown(format!(
            "{name} of a list with an unknown element ({item})"
        )))),
        None => Ok(Value::Bool(!deciding)),
    }
}

/// `setproduct(sets...)`: every combination, the first argument varying slowest. Elements
/// may be unknown; each combination keeps them, so the result keeps its known length.
pub(super) fn setproduct(_: &str, args: &[Value]) -> Outcome<Value> {
    if args.len() < 2 {
        return invalid("at least two arguments are required");
    }
    let lists = args.iter().map(list_arg).collect::<Outcome<Vec<_>>>()?;
    let total = lists
        .iter()
        .try_fold(1usize, |acc, l| acc.checked_mul(l.len()))
        .unwrap_or(usize::MAX);
    if total > MAX_PRODUCT {
        return Err(Flow::Unknown(Value::unknown(format!(
            "setproduct would have {total} elements, more than the {MAX_PRODUCT} irready builds"
        ))));
    }
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for list in &lists {
        let mut next = Vec::with_capacity(out.len() * list.len());
        for prefix in &out {
            for item in list.iter() {
                let mut row = prefix.clone();
                row.push(item.clone());
                next.push(row);
            }
        }
        out = next;
    }
    Ok(Value::List(out.into_iter().map(Value::List).collect()))
}

/// Equality after Terraform's type unification: a string compares with a number or bool
/// as its string form.
fn unified_equal(a: &Value, b: &Value) -> Option<bool> {
    let as_string = |v: &Value| match v {
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(x) => Some(x.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    };
    match (a, b) {
        (Value::String(_), Value::Number(_) | Value::Bool(_))
        | (Value::Number(_) | Value::Bool(_), Value::String(_)) => {
            Some(as_string(a) == as_string(b))
        }
        _ => values_equal(a, b),
    }
}

/// `matchkeys(values, keys, searchset)`: the elements of `values` whose key (same index in
/// `keys`) is in `searchset`. Unknown keys or search values make the result unknown (its
/// length is not known); unknown elements of `values` are kept as they are.
pub(super) fn matchkeys(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 3, 3)?;
    let values = list_arg(&args[0])?;
    let keys = list_arg(&args[1])?;
    let search = list_arg(&args[2])?;
    if values.len() != keys.len() {
        return invalid("length of keys and values should be equal");
    }
    if search.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    let mut out = Vec::new();
    for (value, key) in values.iter().zip(keys) {
        let mut found = false;
        for s in search {
            match unified_equal(key, s) {
                Some(true) => {
                    found = true;
                    break;
                }
                Some(false) => {}
                None => {
                    return Err(Flow::Unknown(Value::unknown(format!(
                        "matchkeys cannot compare key {key} with {s}"
                    ))));
                }
            }
        }
        if found {
            out.push(value.clone());
        }
    }
    Ok(Value::List(out))
}

/// `transpose(map)`: a map of lists of strings turned inside out — each string becomes a
/// key whose list holds, in key order, the keys that listed it. Needs the whole map known.
pub(super) fn transpose(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let map = object_arg(wholly_known(&args[0])?)?;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (key, list) in map {
        let items = match known(list)? {
            Value::List(items) => items,
            _ => return invalid("input must be a map of lists of strings"),
        };
        for item in items {
            if item.is_null() {
                return invalid("input must be a map of lists of strings, without nulls");
            }
            if matches!(item, Value::List(_) | Value::Object(_)) {
                return invalid("input must be a map of lists of strings");
            }
            out.entry(string_arg(item)?)
                .or_default()
                .push(Value::String(key.clone()));
        }
    }
    Ok(Value::Object(
        out.into_iter().map(|(k, v)| (k, Value::List(v))).collect(),
    ))
}
