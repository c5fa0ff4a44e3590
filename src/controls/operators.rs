//! The assertion operators of WAF++ control YAML, evaluated on irready's values.
//!
//! Each operator keeps wafpass's meaning (`wafpass/engine.py`): attribute paths are
//! dotted, step into maps and into nested blocks (the first block that has the next key),
//! an absent or `null` attribute fails every value operator with "not found", and a
//! failing assertion carries the YAML `message` or wafpass's default text. Where irready
//! knows more than wafpass, it says so instead of guessing: a value that is unknown until
//! apply gives SKIP with `UNKNOWN: <attribute>: <reason>`, and a value the provider computes
//! (a reference) is known to exist and be non-empty but not what it contains. wafpass skips
//! nine operators outright; irready evaluates them (their meaning is in docs/controls.md).

use super::schema::Assertion;
use crate::source::Location;
use crate::terraform::Configuration;
use crate::terraform::model::{ConfigBlock, EvalBlock, EvalBody};
use crate::terraform::value::{Value, format_number};
use std::borrow::Cow;

macro_rules! ops {
    ($($variant:ident => $name:literal,)*) => {
        /// An assertion operator.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Op { $($variant,)* }

        impl Op {
            /// Every operator, in the order docs list them.
            pub const ALL: &'static [Op] = &[$(Op::$variant,)*];

            /// The operator's name in YAML.
            pub fn name(self) -> &'static str {
                match self { $(Op::$variant => $name,)* }
            }

            /// The operator named in YAML, if it is one.
            pub fn parse(s: &str) -> Option<Op> {
                match s { $($name => Some(Op::$variant),)* _ => None }
            }
        }
    };
}

ops! {
    AttributeExists => "attribute_exists",
    AttributeExistsIf => "attribute_exists_if",
    AttributeExistsOnAllProviders => "attribute_exists_on_all_providers",
    AttributeExistsOrFallback => "attribute_exists_or_fallback",
    BlockExists => "block_exists",
    Equals => "equals",
    NotEquals => "not_equals",
    GreaterThanOrEqual => "greater_than_or_equal",
    LessThanOrEqual => "less_than_or_equal",
    In => "in",
    NotIn => "not_in",
    InVariable => "in_variable",
    IsTrue => "is_true",
    IsFalse => "is_false",
    JsonNotContainsPattern => "json_not_contains_pattern",
    KeyExists => "key_exists",
    Matches => "matches",
    NotMatches => "not_matches",
    NotContains => "not_contains",
    NotContainsPattern => "not_contains_pattern",
    NotEmpty => "not_empty",
    NotAllTrueWith => "not_all_true_with",
    NotEqualsWithSibling => "not_equals_with_sibling",
    HasAssociatedResource => "has_associated_resource",
    HasAssociatedMetricFilter => "has_associated_metric_filter",
    ReferencesCloudtrailBucket => "references_cloudtrail_bucket",
    RegionInArnMatches => "region_in_arn_matches",
}

/// What one assertion says about one block.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass(String),
    /// The message, and the attribute at fault when there is one.
    Fail(String, Option<Location>),
    /// Why it cannot be decided (`UNKNOWN: ...` for unknown values).
    Skip(String, Option<Location>),
}

/// The block an assertion looks at: a resource, a provider/variable/module/terraform
/// block, or an entry of a sub-block (a `required_providers` entry) held as a value.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Body(&'a EvalBody),
    Value(&'a Value),
}

/// One block in a check's scope.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The finding's resource: a Terraform address or `provider.aws`-like name.
    pub address: String,
    /// Resource type, provider name, variable name, `terraform` or module name.
    pub kind: &'a str,
    /// The block's own name (resource name, variable name, module name).
    pub name: &'a str,
    pub node: Node<'a>,
    pub location: &'a Location,
    /// For managed resources and data sources: the resource, which references point at.
    pub is_resource: bool,
}

/// The result of resolving an attribute path.
#[derive(Debug, Clone)]
pub enum Lookup<'a> {
    /// Not set (or `null`).
    Absent,
    Found(Cow<'a, Value>, Location),
    /// Not knowable statically, with why.
    Unknown(String, Location),
}

/// Resolves a dotted attribute path the way wafpass's `get_nested` does, on evaluated values.
pub fn resolve<'a>(node: Node<'a>, at: &Location, path: &str) -> Lookup<'a> {
    let (key, rest) = match path.split_once('.') {
        Some((k, r)) => (k, Some(r)),
        None => (path, None),
    };
    match node {
        Node::Value(v) => resolve_value(v, at, path),
        Node::Body(body) => {
            if let Some(attr) = body.get(key) {
                return match rest {
                    None if attr.value.is_null() => Lookup::Absent,
                    None => step_into(&attr.value, &attr.location, None),
                    Some(rest) => resolve_value(&attr.value, &attr.location, rest),
                };
            }
            let blocks: Vec<&'a EvalBlock> = body.blocks.iter().filter(|b| b.kind == key).collect();
            let Some(first) = blocks.first() else {
                // A dynamic block with an unknown for_each may generate this block.
                if let Some(why) = body.unknown_blocks.get(key) {
                    return Lookup::Unknown(
                        format!(
                            "{key} blocks come from a dynamic block whose for_each is unknown: {why}"
                        ),
                        at.clone(),
                    );
                }
                return Lookup::Absent;
            };
            match rest {
                None => Lookup::Found(
                    Cow::Owned(Value::List(
                        blocks.iter().map(|b| b.body.to_value()).collect(),
                    )),
                    first.location.clone(),
                ),
                Some(rest) => {
                    let mut unknown = None;
                    for &b in &blocks {
                        match resolve(Node::Body(&b.body), &b.location, rest) {
                            found @ Lookup::Found(..) => return found,
                            u @ Lookup::Unknown(..) => unknown = unknown.or(Some(u)),
                            Lookup::Absent => {}
                        }
                    }
                    unknown.unwrap_or(Lookup::Absent)
                }
            }
        }
    }
}

/// Unknown and reference values cannot be stepped into; everything else can.
fn step_into<'a>(v: &'a Value, at: &Location, rest: Option<&str>) -> Lookup<'a> {
    match (v, rest) {
        (Value::Unknown(u), _) => Lookup::Unknown(u.reason.clone(), at.clone()),
        (Value::Null, None) => Lookup::Absent,
        (_, None) => Lookup::Found(Cow::Borrowed(v), at.clone()),
        (Value::Ref(r), Some(_)) => Lookup::Unknown(
            format!("{} is computed by the provider", Value::Ref(r.clone())),
            at.clone(),
        ),
        (_, Some(rest)) => resolve_value(v, at, rest),
    }
}

fn resolve_value<'a>(v: &'a Value, at: &Location, path: &str) -> Lookup<'a> {
    let (key, rest) = match path.split_once('.') {
        Some((k, r)) => (k, Some(r)),
        None => (path, None),
    };
    match v {
        Value::Object(map) => match map.get(key) {
            Some(inner) => step_into(inner, at, rest),
            None => Lookup::Absent,
        },
        Value::List(items) => {
            let mut unknown = None;
            for item in items {
                match resolve_value(item, at, path) {
                    found @ Lookup::Found(..) => return found,
                    u @ Lookup::Unknown(..) => unknown = unknown.or(Some(u)),
                    Lookup::Absent => {}
                }
            }
            unknown.unwrap_or(Lookup::Absent)
        }
        Value::Unknown(u) => Lookup::Unknown(u.reason.clone(), at.clone()),
        Value::Ref(_) => Lookup::Unknown(format!("{v} is computed by the provider"), at.clone()),
        _ => Lookup::Absent,
    }
}

/// Everything an operator may look at besides the block itself.
pub struct Context<'a> {
    pub config: &'a Configuration,
}

/// Evaluates one assertion on one block.
pub fn evaluate(a: &Assertion, t: &Target<'_>, cx: &Context<'_>) -> Outcome {
    let attr = a.attribute.as_str();
    let fail = |default: String, at: Option<Location>| {
        Outcome::Fail(a.message.clone().unwrap_or(default), at)
    };
    let not_found = || fail(format!("Attribute '{attr}' not found."), None);
    let unknown =
        |reason: &str, at: Location| Outcome::Skip(format!("UNKNOWN: {attr}: {reason}"), Some(at));

    match a.op {
        Op::BlockExists => {
            if attr.is_empty() {
                return Outcome::Pass("Block exists.".into());
            }
            match resolve(t.node, t.location, attr) {
                Lookup::Found(..) => Outcome::Pass(format!("Block '{attr}' exists.")),
                Lookup::Unknown(r, at) => unknown(&r, at),
                Lookup::Absent => fail(format!("Block '{attr}' is missing."), None),
            }
        }
        Op::AttributeExists => match resolve(t.node, t.location, attr) {
            Lookup::Found(..) => Outcome::Pass(format!("Attribute '{attr}' exists.")),
            Lookup::Unknown(r, at) => unknown(&r, at),
            Lookup::Absent => fail(format!("Attribute '{attr}' is missing or None."), None),
        },
        Op::AttributeExistsOrFallback => {
            let fallback = a.fallback_attribute.as_deref().unwrap_or_default();
            let first = resolve(t.node, t.location, attr);
            if let Lookup::Found(..) = first {
                return Outcome::Pass(format!("Attribute '{attr}' exists."));
            }
            match (first, resolve(t.node, t.location, fallback)) {
                (_, Lookup::Found(..)) => {
                    Outcome::Pass(format!("Fallback attribute '{fallback}' exists."))
                }
                (Lookup::Unknown(r, at), _) | (_, Lookup::Unknown(r, at)) => unknown(&r, at),
                _ => fail(
                    format!("Neither '{attr}' nor '{fallback}' is present."),
                    None,
                ),
            }
        }
        Op::AttributeExistsIf => attribute_exists_if(a, t, &fail, &unknown),
        Op::AttributeExistsOnAllProviders => on_all_entries(a, t, &fail, &unknown),
        Op::NotEmpty => match resolve(t.node, t.location, attr) {
            Lookup::Absent => fail(format!("Attribute '{attr}' is missing."), None),
            Lookup::Unknown(r, at) => unknown(&r, at),
            Lookup::Found(v, at) => match v.is_empty() {
                Some(false) => Outcome::Pass(format!("Attribute '{attr}' is not empty.")),
                Some(true) => fail(format!("Attribute '{attr}' is empty."), Some(at)),
                None => unknown("has unknown length", at),
            },
        },
        _ => value_op(a, t, cx, &fail, &not_found, &unknown),
    }
}

type FailFn<'f> = dyn Fn(String, Option<Location>) -> Outcome + 'f;
type UnknownFn<'f> = dyn Fn(&str, Location) -> Outcome + 'f;

/// Operators that need the attribute's value: absent is "not found" (wafpass), unknown
/// (or a provider-computed reference, where the content matters) is SKIP.
fn value_op(
    a: &Assertion,
    t: &Target<'_>,
    cx: &Context<'_>,
    fail: &FailFn<'_>,
    not_found: &dyn Fn() -> Outcome,
    unknown: &UnknownFn<'_>,
) -> Outcome {
    let attr = a.attribute.as_str();
    // Operators whose absent attribute has a meaning of its own.
    match a.op {
        Op::NotAllTrueWith => return not_all_true_with(a, t, cx, unknown),
        Op::NotEqualsWithSibling => return not_equals_with_sibling(a, t, cx, unknown),
        Op::HasAssociatedResource => return has_associated_resource(a, t, cx, fail, unknown),
        Op::HasAssociatedMetricFilter => return has_metric_filter(a, t, cx, fail, unknown),
        _ => {}
    }
    let (v, at) = match resolve(t.node, t.location, attr) {
        Lookup::Absent => return not_found(),
        Lookup::Unknown(r, at) => return unknown(&r, at),
        Lookup::Found(v, at) => (v, at),
    };
    let v: &Value = &v;
    let computed = |v: &Value| format!("{v} is computed by the provider");
    match a.op {
        Op::Equals | Op::NotEquals => {
            let expected = a.expected.as_ref().unwrap_or(&serde_json::Value::Null);
            let Some(eq) = equals_json(v, expected) else {
                return unknown(&why_unknown(v), at);
            };
            let shown = json_text(expected);
            match (a.op, eq) {
                (Op::Equals, true) => Outcome::Pass(format!("'{attr}' == '{shown}'.")),
                (Op::Equals, false) => fail(
                    format!("'{attr}' is '{}', expected '{shown}'.", plain(v)),
                    Some(at),
                ),
                (_, false) => Outcome::Pass(format!("'{attr}' != '{shown}'.")),
                (_, true) => fail(
                    format!("'{attr}' is '{}', must not equal '{shown}'.", plain(v)),
                    Some(at),
                ),
            }
        }
        Op::In | Op::NotIn => {
            let list: Vec<serde_json::Value> = match &a.expected {
                Some(serde_json::Value::Array(items)) => items.clone(),
                Some(other) => vec![other.clone()],
                None => Vec::new(),
            };
            let mut found = false;
            for e in &list {
                match equals_json(v, e) {
                    Some(true) => found = true,
                    Some(false) => {}
                    None => return unknown(&why_unknown(v), at),
                }
            }
            let shown = json_text(&serde_json::Value::Array(list));
            match (a.op, found) {
                (Op::In, true) => Outcome::Pass(format!("'{attr}' is in allowed values.")),
                (Op::In, false) => fail(
                    format!("'{attr}' is '{}', must be one of {shown}.", plain(v)),
                    Some(at),
                ),
                (_, false) => Outcome::Pass(format!("'{attr}' is not in disallowed values.")),
                (_, true) => fail(
                    format!("'{attr}' is '{}', must NOT be one of {shown}.", plain(v)),
                    Some(at),
                ),
            }
        }
        Op::IsTrue | Op::IsFalse => {
            if matches!(v, Value::Ref(_)) {
                return unknown(&computed(v), at);
            }
            let want = a.op == Op::IsTrue;
            if coerce_bool(v) == Some(want) {
                Outcome::Pass(format!("'{attr}' is {want}."))
            } else {
                fail(
                    format!("'{attr}' is '{}', expected {want}.", plain(v)),
                    Some(at),
                )
            }
        }
        Op::GreaterThanOrEqual | Op::LessThanOrEqual => {
            if matches!(v, Value::Ref(_)) {
                return unknown(&computed(v), at);
            }
            let expected = a.expected.as_ref().and_then(json_number);
            let (Some(n), Some(e)) = (coerce_number(v), expected) else {
                return fail(
                    format!(
                        "Cannot compare '{attr}' ({}) with {}.",
                        plain(v),
                        a.expected.as_ref().map(json_text).unwrap_or_default()
                    ),
                    Some(at),
                );
            };
            let (ok, sym) = if a.op == Op::GreaterThanOrEqual {
                (n >= e, ">=")
            } else {
                (n <= e, "<=")
            };
            let (n, e) = (format_number(n), format_number(e));
            if ok {
                Outcome::Pass(format!("'{attr}' ({n}) {sym} {e}."))
            } else {
                fail(format!("'{attr}' is {n}, must be {sym} {e}."), Some(at))
            }
        }
        Op::Matches | Op::NotMatches | Op::NotContainsPattern => {
            let Some(re) = &a.pattern else {
                return Outcome::Skip(format!("no pattern for '{attr}'"), Some(at));
            };
            if !v.is_wholly_known() || !v.refs().is_empty() {
                return unknown(&why_unknown(v), at);
            }
            let text = plain(v);
            let hit = match re.is_match(&text) {
                Ok(hit) => hit,
                Err(e) => {
                    return Outcome::Skip(
                        format!("pattern '{}' on '{attr}': {e}", re.as_str()),
                        Some(at),
                    );
                }
            };
            let p = re.as_str();
            match (a.op, hit) {
                (Op::Matches, true) => Outcome::Pass(format!("'{attr}' matches pattern '{p}'.")),
                (Op::Matches, false) => fail(
                    format!("'{attr}' ('{text}') does not match pattern '{p}'."),
                    Some(at),
                ),
                (Op::NotMatches, false) => {
                    Outcome::Pass(format!("'{attr}' does not match pattern '{p}'."))
                }
                (Op::NotMatches, true) => fail(
                    format!("'{attr}' ('{text}') must not match pattern '{p}'."),
                    Some(at),
                ),
                (_, false) => Outcome::Pass(format!("'{attr}' does not contain pattern '{p}'.")),
                (_, true) => fail(
                    format!("'{attr}' must not contain pattern '{p}'."),
                    Some(at),
                ),
            }
        }
        Op::NotContains => {
            let needle = a.expected.as_ref().map(json_text).unwrap_or_default();
            let hit = match v {
                Value::List(items) => items.iter().try_fold(false, |acc, item| {
                    if acc {
                        return Some(true);
                    }
                    match item {
                        Value::Unknown(_) | Value::Ref(_) => None,
                        other => Some(plain(other).contains(&needle)),
                    }
                }),
                Value::Ref(_) | Value::Unknown(_) => None,
                other if !other.is_wholly_known() => None,
                other => Some(plain(other).contains(&needle)),
            };
            match hit {
                None => unknown(&why_unknown(v), at),
                Some(false) => Outcome::Pass(format!("'{attr}' does not contain '{needle}'.")),
                Some(true) => fail(format!("'{attr}' must not contain '{needle}'."), Some(at)),
            }
        }
        Op::KeyExists => {
            let key = a.key.as_deref().unwrap_or_default();
            match v {
                Value::Object(map) => {
                    if map.contains_key(key) {
                        Outcome::Pass(format!("Key '{key}' found in '{attr}'."))
                    } else {
                        fail(format!("Key '{key}' not found in '{attr}'."), Some(at))
                    }
                }
                Value::Ref(_) => unknown(&computed(v), at),
                _ => fail(
                    format!(
                        "'{attr}' is not a map or does not exist. Key '{key}' cannot be checked."
                    ),
                    Some(at),
                ),
            }
        }
        Op::JsonNotContainsPattern => {
            let Some(re) = &a.pattern else {
                return Outcome::Skip(format!("no pattern for '{attr}'"), Some(at));
            };
            let Some(text) = json_document(v) else {
                return unknown(&why_unknown(v), at);
            };
            let hit = match re.is_match(&text) {
                Ok(hit) => hit,
                Err(e) => {
                    return Outcome::Skip(
                        format!("pattern '{}' on '{attr}': {e}", re.as_str()),
                        Some(at),
                    );
                }
            };
            if hit {
                fail(
                    format!("'{attr}' contains pattern '{}'.", re.as_str()),
                    Some(at),
                )
            } else {
                Outcome::Pass(format!(
                    "'{attr}' does not contain pattern '{}'.",
                    re.as_str()
                ))
            }
        }
        Op::InVariable | Op::RegionInArnMatches => {
            let var = if a.op == Op::InVariable {
                a.variable.as_deref()
            } else {
                a.allowed_values_variable.as_deref()
            }
            .unwrap_or_default();
            let allowed = match variable_value(cx.config, var) {
                None => {
                    return Outcome::Skip(
                        format!("{var} is not declared in this root module; cannot check '{attr}'"),
                        Some(at),
                    );
                }
                Some(Value::Unknown(u)) => {
                    return Outcome::Skip(format!("UNKNOWN: {var}: {}", u.reason), Some(at));
                }
                Some(allowed) => allowed,
            };
            let subject = if a.op == Op::RegionInArnMatches {
                match v {
                    Value::String(arn) => match arn.split(':').nth(3) {
                        Some(region) => Value::String(region.to_string()),
                        None => {
                            return fail(format!("'{attr}' ('{arn}') is not an ARN."), Some(at));
                        }
                    },
                    _ => return unknown(&why_unknown(v), at),
                }
            } else {
                v.clone()
            };
            let items: Vec<&Value> = match &allowed {
                Value::List(items) => items.iter().collect(),
                Value::Object(map) => map.values().collect(),
                other => vec![other],
            };
            let mut found = false;
            for item in items {
                match equals_value(&subject, item) {
                    Some(true) => found = true,
                    Some(false) => {}
                    None => {
                        let why = if subject.is_wholly_known() && subject.refs().is_empty() {
                            format!("{var}: {}", why_unknown(item))
                        } else {
                            format!("{attr}: {}", why_unknown(&subject))
                        };
                        return Outcome::Skip(format!("UNKNOWN: {why}"), Some(at));
                    }
                }
            }
            if found {
                Outcome::Pass(format!("'{attr}' ({}) is in {var}.", plain(&subject)))
            } else {
                fail(
                    format!(
                        "'{attr}' is '{}', not in {var} ({}).",
                        plain(&subject),
                        allowed
                    ),
                    Some(at),
                )
            }
        }
        Op::ReferencesCloudtrailBucket => references_cloudtrail_bucket(v, at, cx, fail, unknown),
        // Handled in `evaluate` or above.
        _ => Outcome::Skip(
            format!("operator '{}' not evaluated here", a.op.name()),
            None,
        ),
    }
}

/// `attribute_exists_if` with `condition: source_starts_with_registry`: a module whose
/// source is a registry address (not local, not a URL or VCS/archive source) must set the
/// attribute (normally `version`); other modules pass.
fn attribute_exists_if(
    a: &Assertion,
    t: &Target<'_>,
    fail: &FailFn<'_>,
    unknown: &UnknownFn<'_>,
) -> Outcome {
    let attr = a.attribute.as_str();
    let source = match resolve(t.node, t.location, "source") {
        Lookup::Found(v, _) => v.into_owned(),
        Lookup::Unknown(r, at) => return Outcome::Skip(format!("UNKNOWN: source: {r}"), Some(at)),
        Lookup::Absent => return Outcome::Pass("No 'source': condition does not apply.".into()),
    };
    let Some(source) = source.as_str() else {
        return Outcome::Pass("'source' is not a string: condition does not apply.".into());
    };
    if !is_registry_source(source) {
        return Outcome::Pass(format!(
            "'{source}' is not a registry module: '{attr}' not required."
        ));
    }
    match resolve(t.node, t.location, attr) {
        Lookup::Found(..) => Outcome::Pass(format!("Attribute '{attr}' exists.")),
        Lookup::Unknown(r, at) => unknown(&r, at),
        Lookup::Absent => fail(
            format!("Registry module '{source}' does not set '{attr}'."),
            None,
        ),
    }
}

/// Terraform's registry source form: `[host/]namespace/name/provider`, not a local path,
/// URL or prefixed source (`git::`, `s3::`, `github.com/...`).
fn is_registry_source(source: &str) -> bool {
    if source.starts_with("./") || source.starts_with("../") || source.starts_with('/') {
        return false;
    }
    if source.contains("::") || source.contains("://") || source.contains('?') {
        return false;
    }
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("github.com/")
        || lower.starts_with("bitbucket.org/")
        || lower.starts_with("git@")
    {
        return false;
    }
    let parts: Vec<&str> = source.split("//").next().unwrap_or("").split('/').collect();
    (parts.len() == 3 || parts.len() == 4) && parts.iter().all(|p| !p.is_empty())
}

/// `attribute_exists_on_all_providers`: every entry of the block (the `required_providers`
/// map: `aws = { source = ..., version = ... }`) sets the attribute. A bare string entry is
/// the legacy version-only form and counts as having a version.
fn on_all_entries(
    a: &Assertion,
    t: &Target<'_>,
    fail: &FailFn<'_>,
    unknown: &UnknownFn<'_>,
) -> Outcome {
    let attr = a.attribute.as_str();
    let entries: Vec<(String, Value, Location)> = match t.node {
        Node::Body(body) => body
            .attributes
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone(), v.location.clone()))
            .collect(),
        Node::Value(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| (k.clone(), v.clone(), t.location.clone()))
            .collect(),
        Node::Value(v) => return unknown(&why_unknown(v), t.location.clone()),
    };
    let mut missing = Vec::new();
    for (name, v, at) in entries {
        match &v {
            Value::String(_) if attr == "version" => {}
            Value::Object(map) => match map.get(attr) {
                Some(Value::Unknown(u)) => return unknown(&u.reason, at),
                Some(Value::Null) | None => missing.push((name, at)),
                Some(_) => {}
            },
            Value::Unknown(u) => return unknown(&u.reason, at),
            _ => missing.push((name, at)),
        }
    }
    match missing.first() {
        None => Outcome::Pass(format!("Every entry sets '{attr}'.")),
        Some((_, at)) => {
            let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
            fail(
                format!("Entries without '{attr}': {}.", names.join(", ")),
                Some(at.clone()),
            )
        }
    }
}

/// Evaluates a condition assertion (of `not_all_true_with` / `not_equals_with_sibling`) to
/// true, false, or unknown with the outcome to report.
fn holds(a: &Assertion, t: &Target<'_>, cx: &Context<'_>) -> Result<bool, Outcome> {
    match evaluate(a, t, cx) {
        Outcome::Pass(_) => Ok(true),
        Outcome::Fail(..) => Ok(false),
        skip @ Outcome::Skip(..) => Err(skip),
    }
}

/// `not_all_true_with`: fails when the attribute is true *and* every condition holds (an
/// NACL egress rule on port 0 to 0.0.0.0/0); an absent attribute is false.
fn not_all_true_with(
    a: &Assertion,
    t: &Target<'_>,
    cx: &Context<'_>,
    unknown: &UnknownFn<'_>,
) -> Outcome {
    let attr = a.attribute.as_str();
    let flag = match resolve(t.node, t.location, attr) {
        Lookup::Absent => false,
        Lookup::Unknown(r, at) => return unknown(&r, at),
        Lookup::Found(v, at) => match coerce_bool(&v) {
            Some(b) => b,
            None if matches!(*v, Value::Ref(_)) => return unknown(&why_unknown(&v), at),
            None => false,
        },
    };
    if !flag {
        return Outcome::Pass(format!("'{attr}' is not true."));
    }
    for c in &a.conditions {
        match holds(c, t, cx) {
            Ok(true) => {}
            Ok(false) => return Outcome::Pass("Not every condition holds.".into()),
            Err(skip) => return skip,
        }
    }
    Outcome::Fail(
        a.message
            .clone()
            .unwrap_or_else(|| format!("'{attr}' is true and every condition holds.")),
        None,
    )
}

/// `not_equals_with_sibling`: fails when the attribute equals `value` *and* the sibling
/// condition holds (an outbound NSG rule to `*`).
fn not_equals_with_sibling(
    a: &Assertion,
    t: &Target<'_>,
    cx: &Context<'_>,
    unknown: &UnknownFn<'_>,
) -> Outcome {
    let attr = a.attribute.as_str();
    let expected = a.expected.as_ref().unwrap_or(&serde_json::Value::Null);
    let (equal, at) = match resolve(t.node, t.location, attr) {
        Lookup::Absent => (false, None),
        Lookup::Unknown(r, at) => return unknown(&r, at),
        Lookup::Found(v, at) => match equals_json(&v, expected) {
            Some(eq) => (eq, Some(at)),
            None => return unknown(&why_unknown(&v), at),
        },
    };
    if !equal {
        return Outcome::Pass(format!("'{attr}' != '{}'.", json_text(expected)));
    }
    let Some(sibling) = &a.sibling_condition else {
        return Outcome::Pass("No sibling condition.".into());
    };
    match holds(sibling, t, cx) {
        Ok(false) => Outcome::Pass("Sibling condition does not hold.".into()),
        Ok(true) => Outcome::Fail(
            a.message.clone().unwrap_or_else(|| {
                format!(
                    "'{attr}' is '{}' and '{}' matches its condition.",
                    json_text(expected),
                    sibling.attribute
                )
            }),
            at,
        ),
        Err(skip) => skip,
    }
}

/// `has_associated_resource`: some resource of `associated_resource_type` in the same
/// configuration points at this one through `associated_attribute` (a reference to this
/// resource, or a value equal to this resource's `attribute`), and, with `filter_attribute`
/// / `filter_contains`, has that text in the filter attribute.
fn has_associated_resource(
    a: &Assertion,
    t: &Target<'_>,
    cx: &Context<'_>,
    fail: &FailFn<'_>,
    _unknown: &UnknownFn<'_>,
) -> Outcome {
    let kind = a.associated_resource_type.as_deref().unwrap_or_default();
    let link = a.associated_attribute.as_deref().unwrap_or_default();
    let own: Option<Value> = match resolve(t.node, t.location, &a.attribute) {
        Lookup::Found(v, _) if v.is_wholly_known() && v.refs().is_empty() => Some(v.into_owned()),
        _ => None,
    };
    let mut unknowns: Vec<String> = Vec::new();
    for other in cx.config.resources_of(kind) {
        if other.address == t.address {
            continue;
        }
        let linked = match resolve(Node::Body(&other.body), &other.location, link) {
            Lookup::Absent => false,
            Lookup::Unknown(r, _) => {
                unknowns.push(format!("{}.{link}: {r}", other.address));
                continue;
            }
            Lookup::Found(v, _) => {
                let by_ref = t.is_resource && v.refs().iter().any(|r| r.address == t.address);
                let by_value = own
                    .as_ref()
                    .is_some_and(|o| equals_value(&v, o) == Some(true));
                if !by_ref && !by_value && v.unknown_reason().is_some() {
                    unknowns.push(format!(
                        "{}.{link}: {}",
                        other.address,
                        v.unknown_reason().unwrap_or_default()
                    ));
                    continue;
                }
                by_ref || by_value
            }
        };
        if !linked {
            continue;
        }
        let (Some(fa), Some(needle)) = (&a.filter_attribute, &a.filter_contains) else {
            return Outcome::Pass(format!("{} is associated.", other.address));
        };
        match resolve(Node::Body(&other.body), &other.location, fa) {
            Lookup::Found(v, _) if v.is_wholly_known() && v.refs().is_empty() => {
                if plain(&v).contains(needle.as_str()) {
                    return Outcome::Pass(format!("{} is associated.", other.address));
                }
            }
            Lookup::Found(v, _) => {
                unknowns.push(format!("{}.{fa}: {}", other.address, why_unknown(&v)))
            }
            Lookup::Unknown(r, _) => unknowns.push(format!("{}.{fa}: {r}", other.address)),
            Lookup::Absent => {}
        }
    }
    if let Some(first) = unknowns.first() {
        return Outcome::Skip(format!("UNKNOWN: {first}"), None);
    }
    fail(
        format!("No {kind} references '{}' through '{link}'.", t.address),
        None,
    )
}

/// `has_associated_metric_filter`: an `aws_cloudwatch_log_metric_filter` in the same
/// configuration publishes the alarm's metric (`metric_transformation.name` equals the
/// alarm's `metric_name`) and its `pattern` contains the condition of `filter_pattern`
/// (braces and whitespace ignored).
fn has_metric_filter(
    a: &Assertion,
    t: &Target<'_>,
    cx: &Context<'_>,
    fail: &FailFn<'_>,
    unknown: &UnknownFn<'_>,
) -> Outcome {
    let attr = a.attribute.as_str();
    let metric = match resolve(t.node, t.location, attr) {
        Lookup::Absent => return fail(format!("Attribute '{attr}' not found."), None),
        Lookup::Unknown(r, at) => return unknown(&r, at),
        Lookup::Found(v, at) => match v.as_str() {
            Some(s) => s.to_string(),
            None => return unknown(&why_unknown(&v), at),
        },
    };
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '{' && *c != '}')
            .collect()
    };
    let wanted = squash(a.filter_pattern.as_deref().unwrap_or_default());
    let mut unknowns = Vec::new();
    for f in cx.config.resources_of("aws_cloudwatch_log_metric_filter") {
        let name = match resolve(
            Node::Body(&f.body),
            &f.location,
            "metric_transformation.name",
        ) {
            Lookup::Found(v, _) => v.as_str().map(str::to_string),
            Lookup::Unknown(r, _) => {
                unknowns.push(format!("{}.metric_transformation.name: {r}", f.address));
                continue;
            }
            Lookup::Absent => None,
        };
        if name.as_deref() != Some(metric.as_str()) {
            continue;
        }
        match resolve(Node::Body(&f.body), &f.location, "pattern") {
            Lookup::Found(v, _) => {
                if let Some(p) = v.as_str()
                    && squash(p).contains(&wanted)
                {
                    return Outcome::Pass(format!(
                        "{} publishes '{metric}' with the filter pattern.",
                        f.address
                    ));
                }
            }
            Lookup::Unknown(r, _) => unknowns.push(format!("{}.pattern: {r}", f.address)),
            Lookup::Absent => {}
        }
    }
    if let Some(first) = unknowns.first() {
        return Outcome::Skip(format!("UNKNOWN: {first}"), None);
    }
    fail(
        format!(
            "No aws_cloudwatch_log_metric_filter publishes '{metric}' with the filter pattern."
        ),
        None,
    )
}

/// `references_cloudtrail_bucket`: the attribute (an `aws_s3_bucket_logging`'s `bucket`)
/// names the bucket an `aws_cloudtrail` in the configuration writes to: both refer to the
/// same `aws_s3_bucket`, or both are the same known name.
fn references_cloudtrail_bucket(
    v: &Value,
    at: Location,
    cx: &Context<'_>,
    fail: &FailFn<'_>,
    unknown: &UnknownFn<'_>,
) -> Outcome {
    let bucket_of = |v: &Value| -> Option<Result<String, String>> {
        match v {
            Value::String(s) => Some(Ok(s.clone())),
            Value::Ref(r) => match cx.config.follow(r).and_then(|b| b.body.value("bucket")) {
                Some(Value::String(name)) => Some(Ok(name.clone())),
                _ => Some(Ok(format!("ref:{}", r.address))),
            },
            Value::Unknown(u) => Some(Err(u.reason.clone())),
            _ => None,
        }
    };
    let mine = match bucket_of(v) {
        Some(Ok(b)) => b,
        Some(Err(r)) => return unknown(&r, at),
        None => return fail(format!("'{v}' does not name a bucket."), Some(at)),
    };
    let mut trails = 0;
    let mut unknowns = Vec::new();
    for trail in cx.config.resources_of("aws_cloudtrail") {
        trails += 1;
        let Some(target) = trail.body.value("s3_bucket_name") else {
            continue;
        };
        match bucket_of(target) {
            Some(Ok(b)) if b == mine => {
                return Outcome::Pass(format!("Logs the bucket of {}.", trail.address));
            }
            Some(Err(r)) => unknowns.push(format!("{}.s3_bucket_name: {r}", trail.address)),
            _ => {}
        }
    }
    if let Some(first) = unknowns.first() {
        return Outcome::Skip(format!("UNKNOWN: {first}"), Some(at));
    }
    if trails == 0 {
        return fail("No aws_cloudtrail in this configuration.".into(), Some(at));
    }
    fail(
        "The bucket is not the bucket of any aws_cloudtrail.".into(),
        Some(at),
    )
}

/// The value of `var.NAME` in the root module: the resolved value when the evaluator
/// provides it, else the `variable` block's `default`, unknown when it has none. `None`
/// when no such variable is declared.
pub fn variable_value(config: &Configuration, name: &str) -> Option<Value> {
    let name = name.strip_prefix("var.").unwrap_or(name);
    if let Some(v) = config.variables.get(name) {
        return Some(v.clone());
    }
    let block: &ConfigBlock = config.other_blocks.iter().find(|b| {
        b.kind == "variable"
            && b.module_path.is_empty()
            && b.labels.first().map(String::as_str) == Some(name)
    })?;
    Some(match block.body.value("default") {
        Some(v) => v.clone(),
        None => Value::unknown(format!("var.{name} has no value")),
    })
}

/// Why a value (or a part of it that matters) cannot be compared.
fn why_unknown(v: &Value) -> String {
    if let Some(r) = v.unknown_reason() {
        return r.to_string();
    }
    match v.refs().first() {
        Some(r) => format!(
            "{} is computed by the provider",
            Value::Ref(std::sync::Arc::new((*r).clone()))
        ),
        None => "cannot be compared".to_string(),
    }
}

/// Equality with a YAML value: strings, bools and numbers by value (numbers numerically),
/// lists and maps element-wise. `None` when an unknown or computed part decides it.
pub fn equals_json(v: &Value, e: &serde_json::Value) -> Option<bool> {
    equals_value(v, &Value::from_json(e))
}

fn equals_value(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Ref(x), Value::Ref(y)) if x == y => Some(true),
        (Value::Ref(_), _) | (_, Value::Ref(_)) => None,
        (Value::Null, Value::Null) => Some(true),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = Some(true);
            for (p, q) in x.iter().zip(y) {
                match equals_value(p, q) {
                    Some(true) => {}
                    Some(false) => return Some(false),
                    None => all = None,
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
                match equals_value(p, q) {
                    Some(true) => {}
                    Some(false) => return Some(false),
                    None => all = None,
                }
            }
            all
        }
        _ => Some(false),
    }
}

/// wafpass's `_coerce_bool`: booleans, and the strings true/1/yes and false/0/no.
fn coerce_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// wafpass's `_coerce_numeric` (Python `float()`): numbers, numeric strings, booleans.
fn coerce_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

fn json_number(e: &serde_json::Value) -> Option<f64> {
    match e {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// A value as text for messages and regexes: strings bare, numbers as Terraform prints them.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => format_number(*n),
        other => other.to_string(),
    }
}

fn json_text(e: &serde_json::Value) -> String {
    match e {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The JSON text a `json_not_contains_pattern` regex runs over: a string as written (a
/// policy from `jsonencode` or a heredoc), anything else as compact JSON (as `jsonencode`
/// would print it). References print as their address, which no policy pattern matches
/// by accident; `None` when something inside is unknown.
fn json_document(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Unknown(_) => None,
        other if !other.is_wholly_known() => None,
        other => Some(refs_as_strings(other).to_json()?.to_string()),
    }
}

fn refs_as_strings(v: &Value) -> Value {
    match v {
        Value::Ref(_) => Value::String(v.to_string()),
        Value::List(items) => Value::List(items.iter().map(refs_as_strings).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), refs_as_strings(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}
