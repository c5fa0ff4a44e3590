//! Collection and number functions: lists, maps, sets, and arithmetic helpers.

use super::{
    Flow, Outcome, arity, integer_arg, invalid, known, list_arg, number_arg, object_arg,
    string_arg, values_equal, wholly_known,
};
use crate::terraform::value::{Value, format_number};
use std::collections::BTreeMap;

/// `concat(lists...)`: elements may be unknown; the result keeps its known length.
pub(super) fn concat(_: &str, args: &[Value]) -> Outcome<Value> {
    let mut out = Vec::new();
    let mut unknown = None;
    for arg in args {
        match list_arg(arg) {
            Ok(items) => out.extend_from_slice(items),
            Err(Flow::Unknown(u)) => {
                unknown.get_or_insert(u);
            }
            Err(e) => return Err(e),
        }
    }
    match unknown {
        // The length is unknown, but the known elements make it non-empty.
        Some(u) if !out.is_empty() => Ok(Value::unknown_non_empty(
            u.unknown_reason()
                .unwrap_or("an argument of concat() is unknown"),
        )),
        Some(u) => Ok(u),
        None => Ok(Value::List(out)),
    }
}

/// `merge(maps...)`: later keys win; null arguments are skipped, as in Terraform.
pub(super) fn merge(_: &str, args: &[Value]) -> Outcome<Value> {
    let mut out = BTreeMap::new();
    for arg in args {
        if arg.is_null() {
            continue;
        }
        for (k, v) in object_arg(arg)? {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(Value::Object(out))
}

/// `lookup(map, key[, default])`.
pub(super) fn lookup(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 3)?;
    let map = object_arg(&args[0])?;
    let key = super::string_arg(&args[1])?;
    match (map.get(&key), args.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => invalid(format!("the given map has no key {key:?}")),
    }
}

/// `coalesce(vals...)`: the first argument that is neither null nor `""`. An unknown before
/// it makes the result unknown (it might have been the one).
pub(super) fn coalesce(_: &str, args: &[Value]) -> Outcome<Value> {
    for arg in args {
        match arg {
            Value::Null => continue,
            Value::String(s) if s.is_empty() => continue,
            Value::Unknown(_) => return Err(Flow::Unknown(arg.clone())),
            _ => return Ok(arg.clone()),
        }
    }
    invalid("no non-null, non-empty-string arguments")
}

/// `coalescelist(lists...)`: the first non-empty list.
pub(super) fn coalescelist(_: &str, args: &[Value]) -> Outcome<Value> {
    for arg in args {
        if !list_arg(arg)?.is_empty() {
            return Ok(arg.clone());
        }
    }
    invalid("no non-empty lists")
}

/// `compact(list)`: drops nulls and empty strings; unknown if any element is (it might be
/// `""`).
pub(super) fn compact(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let mut out = Vec::new();
    for item in list_arg(&args[0])? {
        match item {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::Unknown(_) => return Err(Flow::Unknown(item.clone())),
            Value::List(_) | Value::Object(_) => {
                return invalid("list of strings required");
            }
            _ => out.push(item.clone()),
        }
    }
    Ok(Value::List(out))
}

/// `flatten(list)`: nested lists are spliced in; an unknown element might be a list of any
/// length, so it makes the result unknown. `Ref`s stay single opaque elements.
pub(super) fn flatten(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let mut out = Vec::new();
    let mut stack: Vec<std::slice::Iter<'_, Value>> = vec![list_arg(&args[0])?.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            None => {
                stack.pop();
            }
            Some(Value::List(inner)) => stack.push(inner.iter()),
            Some(v @ Value::Unknown(_)) => return Err(Flow::Unknown(v.clone())),
            Some(v) => out.push(v.clone()),
        }
    }
    Ok(Value::List(out))
}

/// `distinct(list)`: the first occurrence of each value, in order.
pub(super) fn distinct(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    Ok(Value::List(dedupe(list_arg(&args[0])?)?))
}

/// Removes duplicates, keeping first occurrences; unknown when equality is undecidable.
fn dedupe(items: &[Value]) -> Outcome<Vec<Value>> {
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        let mut duplicate = false;
        for seen in &out {
            match values_equal(seen, item) {
                Some(true) => {
                    duplicate = true;
                    break;
                }
                Some(false) => {}
                None => {
                    return Err(Flow::Unknown(Value::unknown(format!(
                        "cannot tell whether {seen} and {item} are equal"
                    ))));
                }
            }
        }
        if !duplicate {
            out.push(item.clone());
        }
    }
    Ok(out)
}

/// `element(list, index)`: the index wraps around the list's length.
pub(super) fn element(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let list = list_arg(&args[0])?;
    let index = integer_arg(&args[1])?;
    if list.is_empty() {
        return invalid("cannot use element function with an empty list");
    }
    if index < 0 {
        return invalid("cannot use element function with a negative index");
    }
    let i = (index as u64 % list.len() as u64) as usize;
    Ok(list[i].clone())
}

/// `contains(list, value)`.
pub(super) fn contains(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let list = list_arg(&args[0])?;
    let mut undecided = None;
    for item in list {
        match values_equal(item, &args[1]) {
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
            None => undecided = Some(item),
        }
    }
    match undecided {
        Some(item) => Err(Flow::Unknown(Value::unknown(format!(
            "contains cannot compare {} with {item}",
            args[1]
        )))),
        None => Ok(Value::Bool(false)),
    }
}

/// `keys(map)`: sorted, as Terraform returns them.
pub(super) fn keys(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let map = object_arg(&args[0])?;
    Ok(Value::List(
        map.keys().map(|k| Value::String(k.clone())).collect(),
    ))
}

/// `values(map)`: in key order.
pub(super) fn values(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    Ok(Value::List(
        object_arg(&args[0])?.values().cloned().collect(),
    ))
}

/// `length(value)`: characters of a string, elements of a list, keys of a map.
pub(super) fn length(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let n = match known(&args[0])? {
        Value::String(s) => s.chars().count(),
        Value::List(items) => items.len(),
        Value::Object(map) => map.len(),
        Value::Null => return invalid("argument must not be null"),
        other => {
            return invalid(format!(
                "collection or string required, got {}",
                other.type_name()
            ));
        }
    };
    Ok(Value::Number(n as f64))
}

/// `zipmap(keys, values)`.
pub(super) fn zipmap(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let keys = list_arg(&args[0])?;
    let values = list_arg(&args[1])?;
    if keys.len() != values.len() {
        return invalid(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        ));
    }
    let mut out = BTreeMap::new();
    for (k, v) in keys.iter().zip(values) {
        out.insert(string_arg(k)?, v.clone());
    }
    Ok(Value::Object(out))
}

/// `one(list)`: null for an empty list, the element for one, an error for more.
pub(super) fn one(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    match list_arg(&args[0])? {
        [] => Ok(Value::Null),
        [only] => Ok(only.clone()),
        more => invalid(format!(
            "must be a list, set, or tuple value with either zero or one elements, got {}",
            more.len()
        )),
    }
}

/// `range(limit)`, `range(start, limit)`, `range(start, limit, step)`; Terraform caps the
/// result at 1024 elements.
pub(super) fn range(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 3)?;
    let nums = args.iter().map(number_arg).collect::<Outcome<Vec<f64>>>()?;
    let (start, limit, step) = match nums.as_slice() {
        [limit] => (0.0, *limit, 1.0),
        [start, limit] => (*start, *limit, if limit >= start { 1.0 } else { -1.0 }),
        [start, limit, step] => (*start, *limit, *step),
        _ => return invalid("expected 1 to 3 arguments"),
    };
    if step == 0.0 {
        return invalid("step must not be zero");
    }
    if (step > 0.0 && limit < start) || (step < 0.0 && limit > start) {
        return invalid(
            "step must be positive when limit is greater than start, and negative otherwise",
        );
    }
    let mut out = Vec::new();
    let mut v = start;
    while (step > 0.0 && v < limit) || (step < 0.0 && v > limit) {
        if out.len() >= 1024 {
            return invalid(
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step",
            );
        }
        out.push(Value::Number(v));
        v += step;
    }
    Ok(Value::List(out))
}

/// `abs`, `ceil`, `floor`.
pub(super) fn unary_number(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let n = number_arg(&args[0])?;
    Ok(Value::Number(match name {
        "abs" => n.abs(),
        "ceil" => n.ceil(),
        _ => n.floor(),
    }))
}

/// `max(numbers...)` and `min(numbers...)`.
pub(super) fn max_min(name: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, usize::MAX)?;
    let nums = args.iter().map(number_arg).collect::<Outcome<Vec<f64>>>()?;
    let fold = if name == "max" { f64::max } else { f64::min };
    let first = nums[0];
    Ok(Value::Number(nums.into_iter().fold(first, fold)))
}

/// `sum(list)`.
pub(super) fn sum(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let list = list_arg(&args[0])?;
    if list.is_empty() {
        return invalid("cannot sum an empty list");
    }
    let mut total = 0.0;
    for item in list {
        total += number_arg(item)?;
    }
    Ok(Value::Number(total))
}

/// `sort(list)`: lexical order of strings (numbers are converted to strings first).
pub(super) fn sort(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let mut strings = list_arg(&args[0])?
        .iter()
        .map(string_arg)
        .collect::<Outcome<Vec<String>>>()?;
    strings.sort();
    Ok(Value::List(
        strings.into_iter().map(Value::String).collect(),
    ))
}

/// `reverse(list)`.
pub(super) fn reverse(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 1, 1)?;
    let mut list = list_arg(&args[0])?.to_vec();
    list.reverse();
    Ok(Value::List(list))
}

/// `slice(list, start, end)`: end exclusive; out-of-range bounds are errors.
pub(super) fn slice(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 3, 3)?;
    let list = list_arg(&args[0])?;
    let start = integer_arg(&args[1])?;
    let end = integer_arg(&args[2])?;
    if start < 0 {
        return invalid("the start index must not be less than zero");
    }
    if end > list.len() as i64 {
        return invalid("the end index must not be greater than the length of the list");
    }
    if start > end {
        return invalid("the start index must not be greater than the end index");
    }
    Ok(Value::List(list[start as usize..end as usize].to_vec()))
}

/// `index(list, value)`: the first position of the value.
pub(super) fn index(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    for (i, item) in list_arg(&args[0])?.iter().enumerate() {
        match values_equal(item, &args[1]) {
            Some(true) => return Ok(Value::Number(i as f64)),
            Some(false) => {}
            None => {
                return Err(Flow::Unknown(Value::unknown(format!(
                    "index cannot compare {} with {item}",
                    args[1]
                ))));
            }
        }
    }
    invalid("item not found")
}

/// `setunion`, `setintersection`, `setsubtract`: results are sets (deduplicated, sorted as
/// Terraform orders sets of primitives).
pub(super) fn set_operation(name: &str, args: &[Value]) -> Outcome<Value> {
    let min = if name == "setsubtract" { 2 } else { 1 };
    let max = if name == "setsubtract" { 2 } else { usize::MAX };
    arity(args, min, max)?;
    let sets = args
        .iter()
        .map(|a| wholly_known(a).and_then(list_arg))
        .collect::<Outcome<Vec<&[Value]>>>()?;
    let result: Vec<Value> = match name {
        "setunion" => sets.iter().flat_map(|s| s.iter().cloned()).collect(),
        "setintersection" => sets[0]
            .iter()
            .filter(|v| sets[1..].iter().all(|s| s.contains(v)))
            .cloned()
            .collect(),
        _ => sets[0]
            .iter()
            .filter(|v| !sets[1].contains(v))
            .cloned()
            .collect(),
    };
    Ok(Value::List(set_order(dedupe(&result)?)))
}

/// `chunklist(list, size)`; size 0 gives the whole list as one chunk.
pub(super) fn chunklist(_: &str, args: &[Value]) -> Outcome<Value> {
    arity(args, 2, 2)?;
    let list = list_arg(&args[0])?;
    let size = integer_arg(&args[1])?;
    if size < 0 {
        return invalid("the size argument must be positive");
    }
    if size == 0 {
        return Ok(Value::List(vec![Value::List(list.to_vec())]));
    }
    Ok(Value::List(
        list.chunks(size as usize)
            .map(|c| Value::List(c.to_vec()))
            .collect(),
    ))
}

/// Orders a deduplicated set as Terraform does: strings lexically, numbers numerically,
/// `false` before `true`; other element kinds keep their order.
pub(super) fn set_order(mut items: Vec<Value>) -> Vec<Value> {
    if items.iter().all(|v| matches!(v, Value::String(_))) {
        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    } else if items.iter().all(|v| matches!(v, Value::Number(_))) {
        items.sort_by(|a, b| {
            a.as_number()
                .unwrap_or(0.0)
                .total_cmp(&b.as_number().unwrap_or(0.0))
        });
    } else if items.iter().all(|v| matches!(v, Value::Bool(_))) {
        items.sort_by_key(|v| v.as_bool());
    } else if items
        .iter()
        .all(|v| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)))
    {
        // Mixed primitives unify to strings in a Terraform set.
        let mut strings: Vec<Value> = items
            .iter()
            .map(|v| match v {
                Value::Number(n) => Value::String(format_number(*n)),
                Value::Bool(b) => Value::String(b.to_string()),
                other => other.clone(),
            })
            .collect();
        strings.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        strings.dedup();
        return strings;
    }
    items
}
