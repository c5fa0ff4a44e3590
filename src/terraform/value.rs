//! Values as irready's evaluator knows them: known, a reference to another resource, or
//! unknown with the reason why.
//!
//! The distinction drives every verdict: an assertion on a `Known` value passes or fails,
//! on an `Unknown` one it is SKIP with the reason (SPEC §3), and a `Ref` is a *known,
//! non-empty* value whose content is computed by the provider (an ARN, an id) but whose
//! target a check can follow (`alarm_actions = [aws_sns_topic.oncall.arn]`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// Lists, tuples and sets.
    List(Vec<Value>),
    /// Maps and objects. Keys are sorted, as Terraform sorts them (`jsonencode`, `keys`).
    Object(BTreeMap<String, Value>),
    /// A managed resource (or an attribute path inside it) that the provider computes.
    Ref(Arc<Ref>),
    /// Not knowable statically.
    Unknown(Arc<Unknown>),
}

/// A reference to a managed resource instance, optionally to an attribute path inside it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref {
    /// Full instance address: `module.a["x"].aws_sns_topic.oncall[0]`.
    pub address: String,
    /// Attribute path after the address: `["arn"]`; empty for the resource itself.
    pub path: Vec<String>,
}

impl Ref {
    /// The resource type of the target (`aws_sns_topic`).
    pub fn resource_type(&self) -> &str {
        resource_type_of(&self.address)
    }
}

/// The resource type in an instance address (`module.a.aws_x.y[0]` → `aws_x`).
pub fn resource_type_of(address: &str) -> &str {
    let mut rest = address;
    // Skip `module.NAME[KEY].` prefixes; keys may contain dots inside quotes.
    loop {
        if let Some(after) = rest.strip_prefix("module.") {
            rest = skip_segment(after);
            rest = rest.strip_prefix('.').unwrap_or(rest);
        } else if let Some(after) = rest.strip_prefix("data.") {
            rest = after;
        } else {
            break;
        }
    }
    let end = rest.find('.').unwrap_or(rest.len());
    &rest[..end]
}

/// Skips `NAME` or `NAME[KEY]` at the start of `s` and returns the rest.
fn skip_segment(s: &str) -> &str {
    let mut in_str = false;
    let mut depth = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' => depth += 1,
            ']' => depth -= 1,
            '.' if depth == 0 => return &s[i..],
            _ => {}
        }
    }
    ""
}

/// Why a value is unknown, in words a user can act on ("var.topic_arn has no value").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub reason: String,
    /// Known to be non-empty although its content and length are not: `concat(var.x,
    /// [aws_sns_topic.t.arn])`, `var.flag ? [a] : [a, b]`, `"prefix-${var.x}"`.
    pub non_empty: bool,
}

impl Value {
    pub fn unknown(reason: impl Into<String>) -> Value {
        Value::Unknown(Arc::new(Unknown {
            reason: reason.into(),
            non_empty: false,
        }))
    }

    /// An unknown value known to be non-empty (see [`Unknown::non_empty`]).
    pub fn unknown_non_empty(reason: impl Into<String>) -> Value {
        Value::Unknown(Arc::new(Unknown {
            reason: reason.into(),
            non_empty: true,
        }))
    }

    pub fn reference(address: impl Into<String>, path: Vec<String>) -> Value {
        Value::Ref(Arc::new(Ref {
            address: address.into(),
            path,
        }))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// The reason this value, or the first unknown part inside it, is unknown.
    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            Value::Unknown(u) => Some(&u.reason),
            Value::List(items) => items.iter().find_map(Value::unknown_reason),
            Value::Object(map) => map.values().find_map(Value::unknown_reason),
            _ => None,
        }
    }

    /// Is the value wholly known (no `Unknown` anywhere inside)? `Ref`s count as known.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown(_) => false,
            Value::List(items) => items.iter().all(Value::is_wholly_known),
            Value::Object(map) => map.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    /// Emptiness in Terraform's terms for `not_empty`: null, `""`, `[]` and `{}` are empty.
    /// `None` when it cannot be known. A list of known length is never unknown here, even
    /// when its elements are (`[data.aws_sns_topic.x.arn]` is not empty).
    pub fn is_empty(&self) -> Option<bool> {
        match self {
            Value::Null => Some(true),
            Value::String(s) => Some(s.is_empty()),
            Value::List(items) => Some(items.is_empty()),
            Value::Object(map) => Some(map.is_empty()),
            Value::Bool(_) | Value::Number(_) | Value::Ref(_) => Some(false),
            Value::Unknown(u) if u.non_empty => Some(false),
            Value::Unknown(_) => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Terraform's type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Ref(_) => "reference",
            Value::Unknown(_) => "unknown",
        }
    }

    /// Every `Ref` inside this value (in a list of actions, in an object...).
    pub fn refs(&self) -> Vec<&Ref> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a Ref>) {
        match self {
            Value::Ref(r) => out.push(r),
            Value::List(items) => items.iter().for_each(|v| v.collect_refs(out)),
            Value::Object(map) => map.values().for_each(|v| v.collect_refs(out)),
            _ => {}
        }
    }

    /// Converts to JSON the way `jsonencode` does (numbers that are whole print without
    /// a fraction). `None` when anything inside is unknown or a reference.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n)?,
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(Value::to_json)
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), v.to_json()?);
                }
                serde_json::Value::Object(out)
            }
            Value::Ref(_) | Value::Unknown(_) => return None,
        })
    }

    /// The inverse of `to_json` (for `jsondecode` and plan JSON).
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

fn number_to_json(n: f64) -> Option<serde_json::Value> {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Some(serde_json::Value::Number((n as i64).into()))
    } else {
        serde_json::Number::from_f64(n).map(serde_json::Value::Number)
    }
}

/// Formats a number the way Terraform prints it in strings (`3`, not `3.0`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl fmt::Display for Value {
    /// A compact, HCL-like rendering for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&format_number(*n)),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Object(map) => {
                f.write_str("{")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                f.write_str("}")
            }
            Value::Ref(r) => {
                f.write_str(&r.address)?;
                for p in &r.path {
                    write!(f, ".{p}")?;
                }
                Ok(())
            }
            Value::Unknown(u) => write!(f, "(unknown: {})", u.reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_type_skips_module_path_and_data() {
        assert_eq!(resource_type_of("aws_sns_topic.x"), "aws_sns_topic");
        assert_eq!(
            resource_type_of("module.a.aws_sns_topic.x[0]"),
            "aws_sns_topic"
        );
        assert_eq!(
            resource_type_of("module.a[\"p.q\"].module.b[1].aws_sns_topic.x"),
            "aws_sns_topic"
        );
        assert_eq!(resource_type_of("data.aws_sns_topic.x"), "aws_sns_topic");
    }

    #[test]
    fn known_length_list_of_unknowns_is_not_empty() {
        let v = Value::List(vec![Value::unknown("data source")]);
        assert_eq!(v.is_empty(), Some(false));
        assert_eq!(Value::unknown("x").is_empty(), None);
    }
}
