//! Terraform's built-in functions over `Value`.
//!
//! Each function behaves as Terraform's does on known values, and tracks what is not
//! known precisely, because a check's verdict depends on it: a list keeps its known length
//! when its elements are unknown (`length([data.x.arn])` is 1), a `Ref` is an opaque,
//! known, non-empty element whose content only the provider knows, and anything whose
//! result depends on an unknown becomes `Unknown` with a reason naming why. Arguments
//! Terraform would reject (wrong type, wrong arity, null) are errors.

mod collections;
mod crypto;
mod encoding;
mod misc;
mod network;
mod numbers;
mod sets;
mod text;
mod time;
mod yaml;

use crate::terraform::value::{Value, format_number};

/// Calls a Terraform function on evaluated arguments. `Ok(Value::Unknown)` when an argument
/// it depends on is unknown (or the function is not implemented: reason "function NAME is
/// not evaluated by irready"); `Err(message)` when the arguments are invalid (Terraform
/// would reject the configuration), e.g. wrong type or arity.
pub fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    if name.starts_with("provider::") {
        return Ok(Value::unknown(format!(
            "provider-defined function {name} is evaluated by the provider"
        )));
    }
    let Some(function) = lookup(name) else {
        return Ok(Value::unknown(format!(
            "function {name} is not evaluated by irready"
        )));
    };
    match function(name, args) {
        Ok(v) => Ok(v),
        Err(Flow::Unknown(v)) => Ok(v),
        Err(Flow::Invalid(message)) => Err(format!("{name}: {message}")),
    }
}

/// Whether irready knows this function: it evaluates it as Terraform does, or knows its
/// result is unknown at plan time (`timestamp()`, provider-defined functions), or the
/// evaluator evaluates it (`try`, `can`, and the file functions, which need the module's
/// directory). A name that is not known is a gap in irready, not in the configuration.
pub fn is_known(name: &str) -> bool {
    name.starts_with("provider::") || lookup(name).is_some()
}

/// Why a function stopped early: its result is unknown, or Terraform would reject the call.
#[derive(Debug)]
enum Flow {
    /// The (unknown) result to return as `Ok`.
    Unknown(Value),
    /// The arguments are invalid.
    Invalid(String),
}

type Outcome<T> = Result<T, Flow>;
type Function = fn(&str, &[Value]) -> Outcome<Value>;

fn invalid<T>(message: impl Into<String>) -> Outcome<T> {
    Err(Flow::Invalid(message.into()))
}

fn lookup(name: &str) -> Option<Function> {
    use collections as c;
    use crypto as h;
    use encoding as e;
    use misc as m;
    use network as net;
    use numbers as num;
    use sets as s;
    use text as t;
    Some(match name {
        "try" | "can" => lazy,
        "jsonencode" => e::jsonencode,
        "jsondecode" => e::jsondecode,
        "yamlencode" => e::yamlencode,
        "tostring" => e::tostring,
        "tonumber" => e::tonumber,
        "tobool" => e::tobool,
        "tolist" => e::tolist,
        "toset" => e::toset,
        "tomap" => e::tomap,
        "concat" => c::concat,
        "merge" => c::merge,
        "lookup" => c::lookup,
        "coalesce" => c::coalesce,
        "coalescelist" => c::coalescelist,
        "compact" => c::compact,
        "flatten" => c::flatten,
        "distinct" => c::distinct,
        "element" => c::element,
        "contains" => c::contains,
        "keys" => c::keys,
        "values" => c::values,
        "length" => c::length,
        "zipmap" => c::zipmap,
        "one" => c::one,
        "range" => c::range,
        "abs" | "ceil" | "floor" => c::unary_number,
        "max" | "min" => c::max_min,
        "sum" => c::sum,
        "sort" => c::sort,
        "reverse" => c::reverse,
        "slice" => c::slice,
        "index" => c::index,
        "setunion" | "setintersection" | "setsubtract" => c::set_operation,
        "chunklist" => c::chunklist,
        "format" => t::format,
        "formatlist" => t::formatlist,
        "join" => t::join,
        "split" => t::split,
        "lower" | "upper" | "title" | "trimspace" => t::case_and_space,
        "replace" => t::replace,
        "trim" | "trimprefix" | "trimsuffix" => t::trim,
        "substr" => t::substr,
        "regex" | "regexall" => t::regex,
        "startswith" | "endswith" => t::starts_ends_with,
        "strcontains" => t::strcontains,
        "chomp" => t::chomp,
        "indent" => t::indent,
        "strrev" => t::strrev,
        "urlencode" => t::urlencode,
        "yamldecode" => yaml::yamldecode,
        "base64encode" => h::base64encode,
        "base64decode" => h::base64decode,
        "textencodebase64" => h::textencodebase64,
        "textdecodebase64" => h::textdecodebase64,
        "md5" | "sha1" | "sha256" | "sha512" => h::hex_digest,
        "base64sha256" | "base64sha512" => h::base64_digest,
        "uuidv5" => h::uuidv5,
        "parseint" => num::parseint,
        "pow" => num::pow,
        "log" => num::log,
        "signum" => num::signum,
        "alltrue" | "anytrue" => s::all_any_true,
        "setproduct" => s::setproduct,
        "matchkeys" => s::matchkeys,
        "transpose" => s::transpose,
        "formatdate" => time::formatdate,
        "timeadd" => time::timeadd,
        "timecmp" => time::timecmp,
        "cidrhost" => net::cidrhost,
        "cidrnetmask" => net::cidrnetmask,
        "cidrsubnet" => net::cidrsubnet,
        "cidrsubnets" => net::cidrsubnets,
        "sensitive" | "nonsensitive" | "ephemeralasnull" => m::identity,
        "issensitive" => m::issensitive,
        "abspath" => m::abspath,
        "dirname" | "basename" => m::dirname_basename,
        "uuid" | "timestamp" | "plantimestamp" | "bcrypt" | "type" | "pathexpand"
        | "base64gzip" | "rsadecrypt" => m::unknown_at_plan,
        "file" | "fileexists" | "fileset" | "filebase64" | "filemd5" | "filesha1"
        | "filesha256" | "filesha512" | "filebase64sha256" | "filebase64sha512"
        | "templatefile" | "templatestring" => m::file_function,
        _ => return None,
    })
}

/// `try` and `can` need their arguments unevaluated; the evaluator handles them itself.
fn lazy(name: &str, _args: &[Value]) -> Outcome<Value> {
    Err(Flow::Unknown(Value::unknown(format!(
        "function {name} must be evaluated lazily by the evaluator"
    ))))
}

fn arity(args: &[Value], min: usize, max: usize) -> Outcome<()> {
    if args.len() < min || args.len() > max {
        let expected = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return invalid(format!(
            "expected {expected} argument(s), got {}",
            args.len()
        ));
    }
    Ok(())
}

/// Stops with `Unknown` if the value is unknown, or a `Ref` whose content a function needs.
fn known(value: &Value) -> Outcome<&Value> {
    match value {
        Value::Unknown(_) => Err(Flow::Unknown(value.clone())),
        Value::Ref(r) => Err(Flow::Unknown(Value::unknown(format!(
            "{value} is computed by the provider (resource {})",
            r.address
        )))),
        _ => Ok(value),
    }
}

/// Stops with `Unknown` unless the whole value (every element) is known.
fn wholly_known(value: &Value) -> Outcome<&Value> {
    known(value)?;
    match value {
        Value::List(items) => items.iter().try_for_each(|v| wholly_known(v).map(|_| ()))?,
        Value::Object(map) => map.values().try_for_each(|v| wholly_known(v).map(|_| ()))?,
        _ => {}
    }
    Ok(value)
}

/// A string argument, converting numbers and bools the way Terraform does.
fn string_arg(value: &Value) -> Outcome<String> {
    match known(value)? {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(format_number(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => invalid("argument must not be null"),
        other => invalid(format!("string required, got {}", other.type_name())),
    }
}

/// A number argument, converting numeric strings the way Terraform does.
fn number_arg(value: &Value) -> Outcome<f64> {
    match known(value)? {
        Value::Number(n) => Ok(*n),
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => invalid(format!("a number is required, got string {s:?}")),
        },
        Value::Null => invalid("argument must not be null"),
        other => invalid(format!("number required, got {}", other.type_name())),
    }
}

/// A whole-number argument (indexes, counts, lengths).
fn integer_arg(value: &Value) -> Outcome<i64> {
    let n = number_arg(value)?;
    if n.fract() != 0.0 || n.abs() > 9.007_199_254_740_992e15 {
        return invalid(format!(
            "a whole number is required, got {}",
            format_number(n)
        ));
    }
    Ok(n as i64)
}

/// A list argument: its elements may be unknown, but the list itself must be known.
fn list_arg(value: &Value) -> Outcome<&[Value]> {
    match known(value)? {
        Value::List(items) => Ok(items),
        Value::Null => invalid("argument must not be null"),
        other => invalid(format!("list required, got {}", other.type_name())),
    }
}

/// A map/object argument whose values may be unknown.
fn object_arg(value: &Value) -> Outcome<&std::collections::BTreeMap<String, Value>> {
    match known(value)? {
        Value::Object(map) => Ok(map),
        Value::Null => invalid("argument must not be null"),
        other => invalid(format!("map required, got {}", other.type_name())),
    }
}

/// Equality for `contains`, `index`, `distinct` and sets: `Some` when decidable. Two
/// identical `Ref`s are equal; anything else involving a `Ref` or an unknown is undecidable.
fn values_equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Ref(x), Value::Ref(y)) if x == y => Some(true),
        (Value::Ref(_), _) | (_, Value::Ref(_)) => None,
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = Some(true);
            for (p, q) in x.iter().zip(y) {
                match values_equal(p, q) {
                    Some(false) => return Some(false),
                    None => all = None,
                    Some(true) => {}
                }
            }
            all
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() || x.keys().ne(y.keys()) {
                return Some(false);
            }
            let mut all = Some(true);
            for (p, q) in x.values().zip(y.values()) {
                match values_equal(p, q) {
                    Some(false) => return Some(false),
                    None => all = None,
                    Some(true) => {}
                }
            }
            all
        }
        _ => Some(a == b),
    }
}

#[cfg(test)]
mod tests;
