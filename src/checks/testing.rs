//! Builds evaluated configurations by hand for the checks' unit tests, so that a check is
//! tested on exactly the values the evaluator would produce, without parsing HCL.
//!
//! Every attribute and block gets its own line number (counting up from the resource's
//! line), so tests can assert which attribute a finding points at.

use super::{Check, CheckContext, CheckSettings, Verdict};
use crate::source::Location;
use crate::terraform::model::{Configuration, EvalAttribute, EvalBlock, EvalBody, Mode, Resource};
use crate::terraform::value::Value;
use std::cell::Cell;
use std::collections::BTreeMap;

thread_local! {
    static NEXT_LINE: Cell<u32> = const { Cell::new(1) };
}

/// A fresh line in `main.tf`.
fn next_location() -> Location {
    let line = NEXT_LINE.with(|l| {
        let v = l.get();
        l.set(v + 1);
        v
    });
    Location::new("main.tf".into(), line, 3)
}

pub fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

pub fn n(number: f64) -> Value {
    Value::Number(number)
}

pub fn b(value: bool) -> Value {
    Value::Bool(value)
}

pub fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

pub fn obj(entries: &[(&str, Value)]) -> Value {
    Value::Object(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// `aws_sns_topic.x.arn` → a reference to `aws_sns_topic.x` with path `["arn"]`.
pub fn r(address: &str, attribute: &str) -> Value {
    Value::reference(address, vec![attribute.to_string()])
}

pub fn unknown(reason: &str) -> Value {
    Value::unknown(reason)
}

/// A body under construction.
#[derive(Default)]
pub struct Body {
    body: EvalBody,
}

pub fn body() -> Body {
    Body::default()
}

impl Body {
    pub fn attr(mut self, name: &str, value: Value) -> Self {
        self.body.attributes.insert(
            name.to_string(),
            EvalAttribute {
                value,
                location: next_location(),
            },
        );
        self
    }

    pub fn block(mut self, kind: &str, inner: Body) -> Self {
        self.body.blocks.push(EvalBlock {
            kind: kind.to_string(),
            labels: Vec::new(),
            location: next_location(),
            body: inner.body,
        });
        self
    }

    pub fn build(self) -> EvalBody {
        self.body
    }
}

/// A managed resource `kind.name` (with `key` such as `[0]` or `["a"]` appended).
pub fn resource(kind: &str, name_and_key: &str, b: Body) -> Resource {
    let name = name_and_key
        .split('[')
        .next()
        .unwrap_or(name_and_key)
        .to_string();
    Resource {
        address: format!("{kind}.{name_and_key}"),
        mode: Mode::Managed,
        kind: kind.to_string(),
        name,
        module_path: String::new(),
        location: next_location(),
        body: b.build(),
        ignore_comments: Vec::new(),
        expansion_unknown: None,
    }
}

pub fn config(resources: Vec<Resource>) -> Configuration {
    let mut c = Configuration {
        root: ".".to_string(),
        resources,
        ..Configuration::default()
    };
    c.index();
    c
}

/// Runs a check with the default settings.
pub fn run(check: &dyn Check, config: &Configuration) -> Vec<Verdict> {
    run_with(check, config, &CheckSettings::default())
}

pub fn run_with(
    check: &dyn Check,
    config: &Configuration,
    settings: &CheckSettings,
) -> Vec<Verdict> {
    check.run(&CheckContext { config, settings })
}

/// The one verdict on `address`; panics (test failure) when there is not exactly one.
pub fn verdict_on<'a>(verdicts: &'a [Verdict], address: &str) -> &'a Verdict {
    let found: Vec<&Verdict> = verdicts.iter().filter(|v| v.resource == address).collect();
    assert_eq!(found.len(), 1, "verdicts on {address}: {verdicts:#?}");
    found[0]
}

/// The line of an attribute of a resource in the configuration.
pub fn line_of(config: &Configuration, address: &str, attribute: &str) -> u32 {
    config
        .resource(address)
        .and_then(|r| r.body.get(attribute))
        .map(|a| a.location.line)
        .unwrap_or(0)
}
