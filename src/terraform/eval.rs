//! Expression evaluation: HCL expressions to `Value`s, the way Terraform evaluates them.
//!
//! The evaluator knows the language (operators, templates, `for`, splats, conditionals,
//! `try`/`can`) and nothing of modules: names it cannot bind locally (`var`, `local`,
//! `module`, resources...) are asked of a `Resolver`, which `module.rs` implements.
//!
//! Unknown values propagate with their reason, and known structure is kept wherever
//! Terraform keeps it: `[data.x.y.arn]` is a one-element list even though its element is
//! unknown. A `Ref` (a managed resource's computed attribute) is known and non-empty but
//! its content is not: operations that need the content make it unknown.

use super::ast::{BinaryOp, Expr, ForExpr, ObjectKey, TemplatePart, Traverser, UnaryOp};
use super::functions;
use super::value::{Ref, Value, format_number};
use std::collections::BTreeMap;
use std::fmt;

/// An evaluation error: the configuration is invalid where Terraform would reject it
/// (wrong type, missing attribute, bad index). `try` and `can` catch these.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError(pub String);

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub type EvalResult = Result<Value, EvalError>;

/// The longest string an expression may build (a pathological `local` that doubles a
/// string thirty times must end in an error, not in gigabytes).
pub const MAX_STRING_BYTES: usize = 4 * 1024 * 1024;

thread_local! {
    /// Evaluation steps left on this thread (see [`with_budget`]).
    static STEPS_LEFT: std::cell::Cell<u64> = const { std::cell::Cell::new(u64::MAX) };
}

/// Runs `f` with at most `steps` expression evaluations on this thread: nested `for`s over
/// large ranges end in an error instead of running for hours. The previous budget is
/// restored afterwards.
pub fn with_budget<T>(steps: u64, f: impl FnOnce() -> T) -> T {
    let before = STEPS_LEFT.with(|c| c.replace(steps));
    let out = f();
    STEPS_LEFT.with(|c| c.set(before));
    out
}

fn charge() -> Result<(), EvalError> {
    STEPS_LEFT.with(|c| match c.get() {
        0 => err("evaluation budget exhausted: the configuration computes too much to be evaluated statically"),
        n => {
            c.set(n - 1);
            Ok(())
        }
    })
}

fn check_size(v: Value) -> EvalResult {
    match &v {
        Value::String(s) if s.len() > MAX_STRING_BYTES => err(format!(
            "a string of {} bytes, more than the {MAX_STRING_BYTES} irready evaluates",
            s.len()
        )),
        _ => Ok(v),
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError(msg.into()))
}

/// Local bindings: `for` variables, `each`, `count`, dynamic block iterators.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    bindings: Vec<(String, Value)>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    pub fn with(bindings: Vec<(String, Value)>) -> Self {
        Scope { bindings }
    }

    pub fn push(&mut self, name: impl Into<String>, value: Value) {
        self.bindings.push((name.into(), value));
    }

    pub fn pop(&mut self) {
        self.bindings.pop();
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// Resolves what the expression language cannot: top-level names of a module.
pub trait Resolver {
    /// Resolves a root name (`var`, `local`, `aws_sns_topic`...) that is not bound in
    /// the scope, consuming as many traversal steps as it needs (`var.x` consumes one,
    /// `data.t.n` two). Returns the value and the number of steps consumed.
    fn resolve(
        &self,
        root: &str,
        steps: &[Traverser],
        scope: &mut Scope,
    ) -> Result<(Value, usize), EvalError>;

    /// The value of `attribute` of a referenced resource: its configured value when the
    /// configuration sets it, else a deeper `Ref` (computed by the provider).
    fn ref_attribute(&self, r: &Ref, attribute: &str) -> Value;

    /// The directory relative paths in `file()` and friends resolve against: the root
    /// module's directory (Terraform's working directory). `None` where there is none.
    fn file_base(&self) -> Option<std::path::PathBuf> {
        None
    }
}

/// A resolver that knows nothing: for tfvars files and standalone expressions.
pub struct NoResolver;

impl Resolver for NoResolver {
    fn resolve(
        &self,
        root: &str,
        _: &[Traverser],
        _: &mut Scope,
    ) -> Result<(Value, usize), EvalError> {
        err(format!(
            "unknown name `{root}` (only literal values are allowed here)"
        ))
    }

    fn ref_attribute(&self, r: &Ref, attribute: &str) -> Value {
        let mut path = r.path.clone();
        path.push(attribute.to_string());
        Value::reference(r.address.clone(), path)
    }
}

/// Evaluates `expr` with the resolver and local bindings.
pub fn eval(expr: &Expr, cx: &dyn Resolver, scope: &mut Scope) -> EvalResult {
    charge()?;
    match expr {
        Expr::Null => Ok(Value::Null),
        Expr::Bool(b) => Ok(Value::Bool(*b)),
        Expr::Number(n) => Ok(Value::Number(*n)),
        Expr::String(s) => Ok(Value::String(s.clone())),
        Expr::Template(parts) => eval_template(parts, cx, scope),
        Expr::Tuple(items) => items
            .iter()
            .map(|e| eval(e, cx, scope))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::List),
        Expr::Object(entries) => {
            let mut map = BTreeMap::new();
            for (key, value) in entries {
                let key = match key {
                    ObjectKey::Ident(name) => name.clone(),
                    ObjectKey::Expr(e) => match eval(e, cx, scope)? {
                        Value::Unknown(u) => return Ok(Value::Unknown(u)),
                        v => to_string(&v).map_err(|m| EvalError(format!("object key: {m}")))?,
                    },
                };
                let value = eval(value, cx, scope)?;
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
        Expr::Variable(name) => eval_traversal_from_root(name, &[], cx, scope),
        Expr::Traversal(root, steps) => match root.as_ref() {
            Expr::Variable(name) => eval_traversal_from_root(name, steps, cx, scope),
            other => {
                let v = eval(other, cx, scope)?;
                apply_steps(v, steps, cx, scope)
            }
        },
        Expr::Call(call) => eval_call(&call.name, &call.args, call.expand_final, cx, scope),
        Expr::Conditional(cond, then, otherwise) => {
            let c = eval(cond, cx, scope)?;
            match c {
                Value::Unknown(_) => {
                    // Both branches equal: the result is known whatever the condition.
                    let a = eval(then, cx, scope)?;
                    let b = eval(otherwise, cx, scope)?;
                    if a == b && a.is_wholly_known() {
                        Ok(a)
                    } else if a.is_empty() == Some(false) && b.is_empty() == Some(false) {
                        // Either way the result has something in it.
                        Ok(Value::unknown_non_empty(
                            c.unknown_reason().unwrap_or("the condition is unknown"),
                        ))
                    } else {
                        Ok(unknown_from(&c, "the condition is unknown"))
                    }
                }
                other => match to_bool(&other) {
                    Ok(true) => eval(then, cx, scope),
                    Ok(false) => eval(otherwise, cx, scope),
                    Err(m) => err(format!("condition: {m}")),
                },
            }
        }
        Expr::Unary(op, operand) => {
            let v = eval(operand, cx, scope)?;
            if let Value::Unknown(_) = v {
                return Ok(v);
            }
            match op {
                UnaryOp::Neg => Ok(Value::Number(-to_number(&v).map_err(EvalError)?)),
                UnaryOp::Not => Ok(Value::Bool(!to_bool(&v).map_err(EvalError)?)),
            }
        }
        Expr::Binary(op, lhs, rhs) => {
            let a = eval(lhs, cx, scope)?;
            let b = eval(rhs, cx, scope)?;
            binary(*op, a, b)
        }
        Expr::For(f) => eval_for(f, cx, scope),
    }
}

/// The unknown that `v` is, or a new one with `reason`.
fn unknown_from(v: &Value, reason: &str) -> Value {
    match v.unknown_reason() {
        Some(r) => Value::unknown(r.to_string()),
        None => Value::unknown(reason.to_string()),
    }
}

fn eval_traversal_from_root(
    name: &str,
    steps: &[Traverser],
    cx: &dyn Resolver,
    scope: &mut Scope,
) -> EvalResult {
    if let Some(v) = scope.get(name) {
        let v = v.clone();
        return apply_steps(v, steps, cx, scope);
    }
    let (v, used) = cx.resolve(name, steps, scope)?;
    apply_steps(v, &steps[used.min(steps.len())..], cx, scope)
}

/// Applies traversal steps (attribute access, index, splats) to a value.
pub fn apply_steps(
    mut v: Value,
    steps: &[Traverser],
    cx: &dyn Resolver,
    scope: &mut Scope,
) -> EvalResult {
    for (i, step) in steps.iter().enumerate() {
        match step {
            Traverser::AttrSplat | Traverser::FullSplat => {
                let rest = &steps[i + 1..];
                // `.*` applies only the attribute steps that follow it; `[*]` all of them.
                let (inner, after): (&[Traverser], &[Traverser]) =
                    if matches!(step, Traverser::AttrSplat) {
                        let n = rest
                            .iter()
                            .take_while(|s| {
                                matches!(s, Traverser::GetAttr(_) | Traverser::LegacyIndex(_))
                            })
                            .count();
                        (&rest[..n], &rest[n..])
                    } else {
                        (rest, &[])
                    };
                let items = match v {
                    Value::Unknown(_) => return Ok(v),
                    Value::Null => Vec::new(),
                    Value::List(items) => items,
                    // A splat on a single value wraps it in a list (Terraform's rule).
                    other => vec![other],
                };
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(apply_steps(item, inner, cx, scope)?);
                }
                return apply_steps(Value::List(out), after, cx, scope);
            }
            Traverser::GetAttr(name) => v = get_attr(v, name, cx)?,
            Traverser::LegacyIndex(n) => v = index(v, &Value::Number(*n as f64), cx)?,
            Traverser::Index(e) => {
                let key = eval(e, cx, scope)?;
                v = index(v, &key, cx)?;
            }
        }
    }
    Ok(v)
}

fn get_attr(v: Value, name: &str, cx: &dyn Resolver) -> EvalResult {
    match v {
        Value::Object(mut map) => match map.remove(name) {
            Some(x) => Ok(x),
            None => err(format!("this object has no attribute `{name}`")),
        },
        Value::Ref(r) => Ok(cx.ref_attribute(&r, name)),
        Value::Unknown(_) => Ok(v),
        Value::Null => err(format!(
            "attempt to get attribute `{name}` from a null value"
        )),
        Value::List(_) => err(format!(
            "cannot access attribute `{name}` on a list; use a splat (`[*].{name}`) or an index"
        )),
        other => err(format!(
            "cannot access attribute `{name}` on a {}",
            other.type_name()
        )),
    }
}

fn index(v: Value, key: &Value, cx: &dyn Resolver) -> EvalResult {
    if let Value::Unknown(_) = key {
        return Ok(unknown_from(key, "the index is unknown"));
    }
    match v {
        Value::List(mut items) => {
            let n = to_number(key).map_err(|m| EvalError(format!("list index: {m}")))?;
            if n.fract() != 0.0 || n < 0.0 || n as usize >= items.len() {
                return err(format!(
                    "index {} out of range for a list of {} elements",
                    format_number(n),
                    items.len()
                ));
            }
            Ok(items.swap_remove(n as usize))
        }
        Value::Object(mut map) => {
            let k = to_string(key).map_err(|m| EvalError(format!("map key: {m}")))?;
            match map.remove(&k) {
                Some(x) => Ok(x),
                None => err(format!("the map has no element for key {k:?}")),
            }
        }
        Value::Ref(r) => {
            let k = match key {
                Value::Number(n) => format_number(*n),
                other => to_string(other).map_err(EvalError)?,
            };
            Ok(cx.ref_attribute(&r, &k))
        }
        Value::Unknown(_) => Ok(v),
        Value::Null => err("attempt to index a null value"),
        other => err(format!("cannot index a {}", other.type_name())),
    }
}

fn eval_template(parts: &[TemplatePart], cx: &dyn Resolver, scope: &mut Scope) -> EvalResult {
    // A template that is exactly one interpolation yields the value itself, unconverted.
    if let [TemplatePart::Interpolation(e)] = parts {
        return eval(e, cx, scope);
    }
    let mut out = String::new();
    let mut unknown: Option<Value> = None;
    render_parts(parts, cx, scope, &mut out, &mut unknown)?;
    match unknown {
        // Literal text around an unknown part: not empty, whatever it turns out to be.
        Some(u) if !out.is_empty() => Ok(Value::unknown_non_empty(
            u.unknown_reason()
                .unwrap_or("a part of the string is unknown"),
        )),
        Some(u) => Ok(u),
        None => check_size(Value::String(out)),
    }
}

fn render_parts(
    parts: &[TemplatePart],
    cx: &dyn Resolver,
    scope: &mut Scope,
    out: &mut String,
    unknown: &mut Option<Value>,
) -> Result<(), EvalError> {
    for part in parts {
        match part {
            TemplatePart::Literal(s) => out.push_str(s),
            TemplatePart::Interpolation(e) => {
                let v = eval(e, cx, scope)?;
                match &v {
                    Value::Unknown(_) => {
                        unknown.get_or_insert(v.clone());
                    }
                    Value::Ref(r) => {
                        unknown.get_or_insert_with(|| {
                            Value::unknown(format!("computed from {}", Value::Ref(r.clone())))
                        });
                    }
                    Value::Null => return err("a null value cannot be interpolated into a string"),
                    other => out.push_str(
                        &to_string(other).map_err(|m| EvalError(format!("interpolation: {m}")))?,
                    ),
                }
            }
            TemplatePart::If {
                cond,
                then,
                otherwise,
            } => {
                let c = eval(cond, cx, scope)?;
                if c.is_unknown() {
                    unknown.get_or_insert(c);
                    continue;
                }
                if to_bool(&c).map_err(EvalError)? {
                    render_parts(then, cx, scope, out, unknown)?;
                } else {
                    render_parts(otherwise, cx, scope, out, unknown)?;
                }
            }
            TemplatePart::For {
                key_var,
                value_var,
                collection,
                body,
            } => {
                let coll = eval(collection, cx, scope)?;
                let pairs = match iterate(&coll) {
                    Ok(Some(p)) => p,
                    Ok(None) => {
                        unknown.get_or_insert(coll);
                        continue;
                    }
                    Err(m) => return err(m),
                };
                for (k, v) in pairs {
                    let pushed = bind_iteration(scope, key_var.as_deref(), value_var, k, v);
                    let r = render_parts(body, cx, scope, out, unknown);
                    for _ in 0..pushed {
                        scope.pop();
                    }
                    r?;
                }
            }
        }
    }
    Ok(())
}

fn bind_iteration(
    scope: &mut Scope,
    key_var: Option<&str>,
    value_var: &str,
    k: Value,
    v: Value,
) -> usize {
    let mut pushed = 0;
    if let Some(kv) = key_var {
        scope.push(kv, k);
        pushed += 1;
    }
    scope.push(value_var, v);
    pushed + 1
}

/// The (key, value) pairs of a collection: index/element for lists, key/value for maps.
/// `Ok(None)` when the collection is unknown.
fn iterate(coll: &Value) -> Result<Option<Vec<(Value, Value)>>, String> {
    match coll {
        Value::List(items) => Ok(Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v.clone()))
                .collect(),
        )),
        Value::Object(map) => Ok(Some(
            map.iter()
                .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                .collect(),
        )),
        Value::Unknown(_) => Ok(None),
        Value::Null => Err("cannot iterate over a null value".into()),
        other => Err(format!("cannot iterate over a {}", other.type_name())),
    }
}

fn eval_for(f: &ForExpr, cx: &dyn Resolver, scope: &mut Scope) -> EvalResult {
    let coll = eval(&f.collection, cx, scope)?;
    let pairs = match iterate(&coll).map_err(EvalError)? {
        Some(p) => p,
        None => return Ok(unknown_from(&coll, "the collection of a `for` is unknown")),
    };
    let mut list = Vec::new();
    let mut map: BTreeMap<String, Value> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, v) in pairs {
        let pushed = bind_iteration(scope, f.key_var.as_deref(), &f.value_var, k, v);
        let r = for_item(f, cx, scope);
        for _ in 0..pushed {
            scope.pop();
        }
        match r? {
            ForItem::Skip => {}
            ForItem::Unknown(u) => return Ok(u),
            ForItem::Value(v) => list.push(v),
            ForItem::Entry(k, v) => {
                if f.grouping {
                    groups.entry(k).or_default().push(v);
                } else {
                    match map.entry(k) {
                        std::collections::btree_map::Entry::Occupied(e) => {
                            return err(format!(
                                "duplicate key {:?} in a `for` expression; add `...` after the value to group them",
                                e.key()
                            ));
                        }
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(v);
                        }
                    }
                }
            }
        }
    }
    if f.key.is_some() {
        if f.grouping {
            Ok(Value::Object(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::List(v)))
                    .collect(),
            ))
        } else {
            Ok(Value::Object(map))
        }
    } else {
        Ok(Value::List(list))
    }
}

enum ForItem {
    Skip,
    Unknown(Value),
    Value(Value),
    Entry(String, Value),
}

fn for_item(f: &ForExpr, cx: &dyn Resolver, scope: &mut Scope) -> Result<ForItem, EvalError> {
    if let Some(cond) = &f.cond {
        let c = eval(cond, cx, scope)?;
        if c.is_unknown() {
            // Whether this element is kept is unknown, and so is the result's length.
            return Ok(ForItem::Unknown(unknown_from(
                &c,
                "a `for` condition is unknown",
            )));
        }
        if !to_bool(&c).map_err(|m| EvalError(format!("`for` condition: {m}")))? {
            return Ok(ForItem::Skip);
        }
    }
    let value = eval(&f.value, cx, scope)?;
    match &f.key {
        None => Ok(ForItem::Value(value)),
        Some(key) => {
            let k = eval(key, cx, scope)?;
            if k.is_unknown() {
                return Ok(ForItem::Unknown(unknown_from(&k, "a `for` key is unknown")));
            }
            Ok(ForItem::Entry(
                to_string(&k).map_err(|m| EvalError(format!("`for` key: {m}")))?,
                value,
            ))
        }
    }
}

fn eval_call(
    name: &str,
    args: &[Expr],
    expand_final: bool,
    cx: &dyn Resolver,
    scope: &mut Scope,
) -> EvalResult {
    // `try` and `can` see evaluation errors, so their arguments are evaluated here.
    match name {
        "try" => {
            let mut last = None;
            for a in args {
                match eval(a, cx, scope) {
                    Ok(v) if v.is_wholly_known() => return Ok(v),
                    // Whether it would fail at apply is unknown: so is the result.
                    Ok(v) => return Ok(unknown_from(&v, "an argument of try() is unknown")),
                    Err(e) => last = Some(e),
                }
            }
            return match last {
                Some(e) => err(format!("no argument of try() could be evaluated: {e}")),
                None => err("try() needs at least one argument"),
            };
        }
        "can" => {
            let [a] = args else {
                return err("can() takes exactly one argument");
            };
            return match eval(a, cx, scope) {
                Ok(v) if v.is_wholly_known() => Ok(Value::Bool(true)),
                Ok(v) => Ok(unknown_from(&v, "the argument of can() is unknown")),
                Err(_) => Ok(Value::Bool(false)),
            };
        }
        "file" | "fileexists" | "templatefile" => {
            return file_function(name, args, cx, scope);
        }
        _ => {}
    }
    let mut values = Vec::with_capacity(args.len());
    for a in args {
        values.push(eval(a, cx, scope)?);
    }
    if expand_final {
        match values.pop() {
            Some(Value::List(items)) => values.extend(items),
            Some(v @ Value::Unknown(_)) => return Ok(v),
            Some(other) => {
                return err(format!(
                    "`...` expands a list or tuple, not a {}",
                    other.type_name()
                ));
            }
            None => {}
        }
    }
    functions::call(name, &values)
        .map_err(|m| EvalError(format!("{name}(): {m}")))
        .and_then(check_size)
}

/// `file`, `fileexists` and `templatefile`: they read the repository, relative to the root
/// module's directory as Terraform does (`path.module` makes a module's own files
/// reachable). Reads are bounded like every other string.
fn file_function(name: &str, args: &[Expr], cx: &dyn Resolver, scope: &mut Scope) -> EvalResult {
    let Some(first) = args.first() else {
        return err(format!("{name}() needs a path"));
    };
    let path = eval(first, cx, scope)?;
    let path = match &path {
        Value::Unknown(_) | Value::Ref(_) => {
            return Ok(unknown_from(
                &path,
                &format!("the path given to {name}() is unknown"),
            ));
        }
        other => to_string(other).map_err(|m| EvalError(format!("{name}(): {m}")))?,
    };
    let Some(base) = cx.file_base() else {
        return Ok(Value::unknown(format!(
            "{name}({path:?}) is read relative to a module directory"
        )));
    };
    let full = base.join(&path);
    if name == "fileexists" {
        return Ok(Value::Bool(full.is_file()));
    }
    let text = read_bounded(&full).map_err(|m| EvalError(format!("{name}({path:?}): {m}")))?;
    if name == "file" {
        return Ok(Value::String(text));
    }
    // templatefile(path, vars): the template sees only `vars`.
    let vars = match args.get(1) {
        Some(e) => eval(e, cx, scope)?,
        None => return err("templatefile() needs a path and a map of variables"),
    };
    let bindings = match vars {
        Value::Object(map) => map.into_iter().collect::<Vec<_>>(),
        v @ Value::Unknown(_) => return Ok(v),
        other => {
            return err(format!(
                "templatefile(): the variables must be a map, got a {}",
                other.type_name()
            ));
        }
    };
    let template = super::parse::parse_template_text(&text)
        .map_err(|m| EvalError(format!("templatefile({path:?}): {m}")))?;
    eval(&template, &NoResolver, &mut Scope::with(bindings))
}

fn read_bounded(path: &std::path::Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_STRING_BYTES as u64 {
        return Err(format!(
            "the file has {} bytes, more than the {MAX_STRING_BYTES} irready reads",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "the file is not valid UTF-8".to_string())
}

fn binary(op: BinaryOp, a: Value, b: Value) -> EvalResult {
    use BinaryOp::*;
    // Logic first: a known false/true decides `&&`/`||` whatever the other side is.
    match op {
        And | Or => {
            let decided = op != And;
            for side in [&a, &b] {
                if !side.is_unknown() && to_bool(side).map_err(EvalError)? == decided {
                    return Ok(Value::Bool(decided));
                }
            }
            if a.is_unknown() || b.is_unknown() {
                return Ok(unknown_from(
                    if a.is_unknown() { &a } else { &b },
                    "an operand is unknown",
                ));
            }
            return Ok(Value::Bool(!decided));
        }
        _ => {}
    }
    if a.is_unknown() || b.is_unknown() {
        return Ok(unknown_from(
            if a.is_unknown() { &a } else { &b },
            "an operand is unknown",
        ));
    }
    match op {
        Eq | NotEq => {
            if matches!(a, Value::Ref(_)) || matches!(b, Value::Ref(_)) {
                // A reference is known to be set: it is never null.
                if a == b || a.is_null() || b.is_null() {
                    let eq = a == b;
                    return Ok(Value::Bool(if op == Eq { eq } else { !eq }));
                }
                return Ok(Value::unknown(format!(
                    "comparison with {} computed at apply time",
                    if let Value::Ref(_) = a { &a } else { &b }
                )));
            }
            if !a.is_wholly_known() || !b.is_wholly_known() {
                return Ok(unknown_from(
                    if a.is_wholly_known() { &b } else { &a },
                    "an operand is unknown",
                ));
            }
            let eq = values_equal(&a, &b);
            Ok(Value::Bool(if op == Eq { eq } else { !eq }))
        }
        Lt | LtEq | Gt | GtEq | Add | Sub | Mul | Div | Mod => {
            if matches!(a, Value::Ref(_)) || matches!(b, Value::Ref(_)) {
                return Ok(Value::unknown(
                    "arithmetic on a value computed at apply time",
                ));
            }
            let x = to_number(&a).map_err(EvalError)?;
            let y = to_number(&b).map_err(EvalError)?;
            Ok(match op {
                Lt => Value::Bool(x < y),
                LtEq => Value::Bool(x <= y),
                Gt => Value::Bool(x > y),
                GtEq => Value::Bool(x >= y),
                Add => Value::Number(x + y),
                Sub => Value::Number(x - y),
                Mul => Value::Number(x * y),
                Div => {
                    if y == 0.0 {
                        return err("division by zero");
                    }
                    Value::Number(x / y)
                }
                Mod => {
                    if y == 0.0 {
                        return err("modulo by zero");
                    }
                    Value::Number(x % y)
                }
                _ => unreachable!("handled above"),
            })
        }
        And | Or => unreachable!("handled above"),
    }
}

/// Terraform's `==`: numbers compare by value, and a number never equals a string.
fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && values_equal(v1, v2))
        }
        _ => a == b,
    }
}

/// Terraform's automatic conversion to string (numbers and bools convert).
pub fn to_string(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(format_number(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err("a null value where a string is required".into()),
        other => Err(format!(
            "a {} where a string is required",
            other.type_name()
        )),
    }
}

/// Terraform's automatic conversion to number (numeric strings convert).
pub fn to_number(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => Ok(*n),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| format!("{s:?} is not a number")),
        Value::Null => Err("a null value where a number is required".into()),
        other => Err(format!(
            "a {} where a number is required",
            other.type_name()
        )),
    }
}

/// Terraform's automatic conversion to bool (`"true"`/`"false"` convert).
pub fn to_bool(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        Value::Null => Err("a null value where a bool is required".into()),
        other => Err(format!("{other} where a bool is required")),
    }
}
