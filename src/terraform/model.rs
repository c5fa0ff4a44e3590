//! The evaluated configuration: what checks and control assertions look at.
//!
//! One `Configuration` per root module. Every block instance (resources with their
//! `count`/`for_each` expanded, dynamic blocks expanded, module calls flattened into
//! addresses) carries its evaluated attributes and the location of its source.

use super::value::{Ref, Value};
use crate::source::Location;
use std::collections::BTreeMap;

/// Everything evaluated for one root module (and the modules it calls).
#[derive(Debug, Clone, Default)]
pub struct Configuration {
    /// The root module's directory relative to the scanned root (`.` for the root itself).
    pub root: String,
    /// Managed resources and data sources, in address order.
    pub resources: Vec<Resource>,
    /// `provider`, `terraform`, `variable`, `module`, `output`, `locals` blocks of every
    /// module instance, evaluated, for control checks whose scope is not `resource`.
    pub other_blocks: Vec<ConfigBlock>,
    /// Address → index into `resources`.
    pub by_address: BTreeMap<String, usize>,
    /// The root module's input variables as resolved (tfvars, `--var-file`, defaults), by
    /// name without `var.`; read by control operators such as `in_variable`. A variable
    /// missing here falls back to its `variable` block's `default`.
    pub variables: BTreeMap<String, Value>,
}

impl Configuration {
    /// Builds the address index; call after `resources` is complete.
    pub fn index(&mut self) {
        self.resources.sort_by(|a, b| a.address.cmp(&b.address));
        self.by_address = self
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.address.clone(), i))
            .collect();
    }

    pub fn resource(&self, address: &str) -> Option<&Resource> {
        self.by_address.get(address).map(|&i| &self.resources[i])
    }

    /// The resource a reference points to (`aws_sns_topic.oncall.arn` → that topic).
    pub fn follow(&self, r: &Ref) -> Option<&Resource> {
        self.resource(&r.address)
    }

    /// Managed resources of one type.
    pub fn resources_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources
            .iter()
            .filter(move |r| r.mode == Mode::Managed && r.kind == kind)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
}

/// One instance of a `resource` or `data` block.
#[derive(Debug, Clone)]
pub struct Resource {
    /// `module.alarms["x"].aws_cloudwatch_metric_alarm.this[0]`
    pub address: String,
    pub mode: Mode,
    /// `aws_cloudwatch_metric_alarm`
    pub kind: String,
    /// `this`
    pub name: String,
    /// `module.alarms["x"]`, empty in the root module.
    pub module_path: String,
    /// The block's keyword.
    pub location: Location,
    pub body: EvalBody,
    /// `irready:ignore` comments on the block (raw text after the marker).
    pub ignore_comments: Vec<String>,
}

/// A non-resource block (`provider "aws"`, `variable "x"`, `terraform`, `module "m"`).
#[derive(Debug, Clone)]
pub struct ConfigBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub module_path: String,
    pub location: Location,
    pub body: EvalBody,
}

impl ConfigBlock {
    /// An address-like name for findings: `provider.aws`, `module.x.variable.region`.
    pub fn address(&self) -> String {
        let mut s = String::new();
        if !self.module_path.is_empty() {
            s.push_str(&self.module_path);
            s.push('.');
        }
        s.push_str(&self.kind);
        for l in &self.labels {
            s.push('.');
            s.push_str(l);
        }
        s
    }
}

/// Evaluated attributes and nested blocks (dynamic blocks already expanded).
#[derive(Debug, Clone, Default)]
pub struct EvalBody {
    pub attributes: BTreeMap<String, EvalAttribute>,
    pub blocks: Vec<EvalBlock>,
}

#[derive(Debug, Clone)]
pub struct EvalAttribute {
    pub value: Value,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct EvalBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub location: Location,
    pub body: EvalBody,
}

impl EvalBody {
    pub fn get(&self, name: &str) -> Option<&EvalAttribute> {
        self.attributes.get(name)
    }

    /// An attribute's value, `None` when it is not set (absent or `null`).
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.attributes
            .get(name)
            .map(|a| &a.value)
            .filter(|v| !v.is_null())
    }

    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a EvalBlock> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }

    pub fn has_block(&self, kind: &str) -> bool {
        self.blocks.iter().any(|b| b.kind == kind)
    }

    /// The body as one value: attributes by name, nested blocks as lists of objects under
    /// their type name (how wafpass and checkov see a resource).
    pub fn to_value(&self) -> Value {
        let mut map: BTreeMap<String, Value> = self
            .attributes
            .iter()
            .map(|(k, a)| (k.clone(), a.value.clone()))
            .collect();
        for b in &self.blocks {
            let entry = map
                .entry(b.kind.clone())
                .or_insert_with(|| Value::List(Vec::new()));
            if let Value::List(items) = entry {
                items.push(b.body.to_value());
            }
        }
        Value::Object(map)
    }
}
