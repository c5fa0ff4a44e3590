//! Variable type constraints: `type = object({ a = optional(string, "x") })` and the
//! conversion Terraform applies to a variable's value, `optional()` defaults included.

use super::ast::{Expr, ObjectKey};
use super::eval::{self, NoResolver, Scope};
use super::value::Value;
use std::collections::BTreeMap;

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(BTreeMap<String, Attr>),
}

/// An object attribute's type, and whether it is `optional()` with what default.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub ty: Type,
    pub optional: bool,
    pub default: Option<Value>,
}

/// Reads a type expression. Unrecognised forms are `any` (never a reason to fail).
pub fn parse_type(expr: &Expr) -> Type {
    match expr {
        Expr::Variable(name) => match name.as_str() {
            "string" => Type::String,
            "number" => Type::Number,
            "bool" => Type::Bool,
            _ => Type::Any,
        },
        Expr::Call(call) => {
            let arg = call.args.first();
            match (call.name.as_str(), arg) {
                ("list", Some(a)) => Type::List(Box::new(parse_type(a))),
                ("set", Some(a)) => Type::Set(Box::new(parse_type(a))),
                ("map", Some(a)) => Type::Map(Box::new(parse_type(a))),
                ("tuple", Some(Expr::Tuple(items))) => {
                    Type::Tuple(items.iter().map(parse_type).collect())
                }
                ("object", Some(Expr::Object(entries))) => {
                    let mut attrs = BTreeMap::new();
                    for (key, ty) in entries {
                        let name = match key {
                            ObjectKey::Ident(n) => n.clone(),
                            ObjectKey::Expr(Expr::String(s)) => s.clone(),
                            ObjectKey::Expr(Expr::Variable(s)) => s.clone(),
                            ObjectKey::Expr(_) => continue,
                        };
                        attrs.insert(name, parse_attr(ty));
                    }
                    Type::Object(attrs)
                }
                _ => Type::Any,
            }
        }
        _ => Type::Any,
    }
}

fn parse_attr(expr: &Expr) -> Attr {
    if let Expr::Call(call) = expr
        && call.name == "optional"
    {
        let ty = call.args.first().map(parse_type).unwrap_or(Type::Any);
        let default = call
            .args
            .get(1)
            .and_then(|d| eval::eval(d, &NoResolver, &mut Scope::new()).ok());
        let default = default.map(|d| convert(d.clone(), &ty).unwrap_or(d));
        return Attr {
            ty,
            optional: true,
            default,
        };
    }
    Attr {
        ty: parse_type(expr),
        optional: false,
        default: None,
    }
}

/// Converts a value to a type as Terraform does for variables: primitive conversions,
/// object attributes filled from `optional()` defaults, extra attributes dropped. Unknown
/// and referenced values pass through.
pub fn convert(value: Value, ty: &Type) -> Result<Value, String> {
    if matches!(value, Value::Unknown(_) | Value::Ref(_) | Value::Null) {
        return Ok(value);
    }
    match ty {
        Type::Any => Ok(value),
        Type::String => eval::to_string(&value).map(Value::String),
        Type::Number => eval::to_number(&value).map(Value::Number),
        Type::Bool => eval::to_bool(&value).map(Value::Bool),
        Type::List(el) | Type::Set(el) => {
            let items = match value {
                Value::List(items) => items,
                other => return Err(format!("a list is required, got a {}", other.type_name())),
            };
            let mut out = items
                .into_iter()
                .map(|v| convert(v, el))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(ty, Type::Set(_)) && out.iter().all(Value::is_wholly_known) {
                let mut seen: Vec<Value> = Vec::new();
                out.retain(|v| {
                    if seen.contains(v) {
                        false
                    } else {
                        seen.push(v.clone());
                        true
                    }
                });
                if out.iter().all(|v| matches!(v, Value::String(_))) {
                    out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                }
            }
            Ok(Value::List(out))
        }
        Type::Map(el) => match value {
            Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| convert(v, el).map(|v| (k, v)))
                .collect::<Result<BTreeMap<_, _>, _>>()
                .map(Value::Object),
            other => Err(format!("a map is required, got a {}", other.type_name())),
        },
        Type::Tuple(types) => match value {
            Value::List(items) if items.len() == types.len() => items
                .into_iter()
                .zip(types)
                .map(|(v, t)| convert(v, t))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List),
            Value::List(items) => Err(format!(
                "a tuple of {} elements is required, got {}",
                types.len(),
                items.len()
            )),
            other => Err(format!("a tuple is required, got a {}", other.type_name())),
        },
        Type::Object(attrs) => {
            let mut map = match value {
                Value::Object(map) => map,
                other => {
                    return Err(format!(
                        "an object is required, got a {}",
                        other.type_name()
                    ));
                }
            };
            let mut out = BTreeMap::new();
            for (name, attr) in attrs {
                match map.remove(name) {
                    Some(v) if !v.is_null() => {
                        let v =
                            convert(v, &attr.ty).map_err(|m| format!("attribute {name:?}: {m}"))?;
                        out.insert(name.clone(), v);
                    }
                    present => {
                        if !attr.optional && present.is_none() {
                            return Err(format!("attribute {name:?} is required"));
                        }
                        out.insert(name.clone(), attr.default.clone().unwrap_or(Value::Null));
                    }
                }
            }
            Ok(Value::Object(out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::ast::Call;

    fn call(name: &str, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(Call {
            name: name.into(),
            args,
            expand_final: false,
        }))
    }

    #[test]
    fn optional_defaults_fill_missing_and_null_attributes() {
        let ty = parse_type(&call(
            "object",
            vec![Expr::Object(vec![
                (
                    ObjectKey::Ident("name".into()),
                    Expr::Variable("string".into()),
                ),
                (
                    ObjectKey::Ident("severity".into()),
                    call(
                        "optional",
                        vec![Expr::Variable("string".into()), Expr::String("SEV3".into())],
                    ),
                ),
                (
                    ObjectKey::Ident("threshold".into()),
                    call("optional", vec![Expr::Variable("number".into())]),
                ),
            ])],
        ));
        let mut given = BTreeMap::new();
        given.insert("name".to_string(), Value::String("api".into()));
        given.insert("extra".to_string(), Value::Bool(true));
        let v = convert(Value::Object(given), &ty).unwrap();
        let m = v.as_object().unwrap();
        assert_eq!(m["severity"], Value::String("SEV3".into()));
        assert_eq!(m["threshold"], Value::Null);
        assert!(!m.contains_key("extra"));
    }

    #[test]
    fn primitive_conversions_follow_terraform() {
        assert_eq!(
            convert(Value::String("5".into()), &Type::Number),
            Ok(Value::Number(5.0))
        );
        assert_eq!(
            convert(Value::Number(5.0), &Type::String),
            Ok(Value::String("5".into()))
        );
        assert_eq!(
            convert(Value::String("true".into()), &Type::Bool),
            Ok(Value::Bool(true))
        );
        assert!(convert(Value::String("x".into()), &Type::Number).is_err());
        let missing = convert(
            Value::Object(BTreeMap::new()),
            &Type::Object(BTreeMap::from([(
                "a".to_string(),
                Attr {
                    ty: Type::String,
                    optional: false,
                    default: None,
                },
            )])),
        );
        assert!(missing.is_err());
    }
}
