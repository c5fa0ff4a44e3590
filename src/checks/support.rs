//! What the built-in checks share: turning what they found on one resource into one
//! verdict, and reading the value shapes they all ask about (a list that must not be
//! empty, an `enabled` flag, a reference to follow).
//!
//! One verdict per resource: every reason for a FAIL is listed in one message (the user
//! fixes them together); a definite FAIL wins over an UNKNOWN part (the resource is
//! non-compliant whatever the unknown value turns out to be); a PASS needs every part
//! verified.

use super::Verdict;
use crate::finding::Status;
use crate::source::Location;
use crate::terraform::model::{EvalBody, Resource};
use crate::terraform::value::{Ref, Value};

/// Follows the `id` of an escalation target (`target { type = "schedule_reference" }`,
/// `recipient { type = "schedule" }`) to the schedule resource of `kind` it names. Records
/// the verdict part and returns `None` when it cannot be followed: no id (FAIL), an unknown
/// id or a schedule outside the configuration (UNKNOWN).
pub(crate) fn follow_schedule<'a>(
    a: &mut Assessment,
    config: &'a crate::terraform::Configuration,
    target: &crate::terraform::model::EvalBlock,
    kind: &str,
    what: &str,
) -> Option<&'a Resource> {
    let loc = attr_location(&target.body, "id", &target.location);
    let Some(v) = target.body.value("id") else {
        a.fail(format!("a schedule {what} has no id"), &loc);
        return None;
    };
    match single_ref(v).and_then(|r| config.follow(r)) {
        Some(s) if s.kind == kind => Some(s),
        _ if v.is_unknown() => {
            a.unknown(
                format!("a schedule {what} id is unknown: {}", reason(v)),
                &loc,
            );
            None
        }
        _ => {
            a.unknown(
                format!("schedule {v} is not defined in this configuration"),
                &loc,
            );
            None
        }
    }
}

/// The ids of a rule's `block`s (targets, recipients) as comparable text: the address of
/// a referenced resource or a literal id; `None` when any of them is not known.
pub(crate) fn target_ids(
    rule: &crate::terraform::model::EvalBlock,
    block: &str,
) -> Option<Vec<String>> {
    rule.body
        .blocks_of(block)
        .map(|t| match t.body.value("id") {
            Some(Value::Ref(r)) => Some(r.address.clone()),
            Some(Value::String(id)) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

/// Why blocks of one of these kinds may exist though none is written out: a `dynamic`
/// block whose `for_each` is unknown generates them. "No such block" is then not a fact.
pub(crate) fn dynamic_blocks_unknown<'a>(body: &'a EvalBody, kinds: &[&str]) -> Option<&'a str> {
    kinds
        .iter()
        .find_map(|k| body.unknown_blocks.get(*k).map(String::as_str))
}

/// Collects the failures, unknowns and verified facts of one resource, then decides.
#[derive(Debug, Default)]
pub(crate) struct Assessment {
    failures: Vec<(String, Location)>,
    unknowns: Vec<(String, Location)>,
    verified: Vec<String>,
}

impl Assessment {
    pub(crate) fn new() -> Self {
        Assessment::default()
    }

    /// A definite violation, located where the user has to fix it.
    pub(crate) fn fail(&mut self, message: impl Into<String>, location: &Location) {
        self.failures.push((message.into(), location.clone()));
    }

    /// A part of the verdict that depends on a value nobody can know statically.
    pub(crate) fn unknown(&mut self, what: impl Into<String>, location: &Location) {
        self.unknowns.push((what.into(), location.clone()));
    }

    /// A fact that was verified (said in the PASS message).
    pub(crate) fn verified(&mut self, message: impl Into<String>) {
        self.verified.push(message.into());
    }

    pub(crate) fn has_failures(&self) -> bool {
        !self.failures.is_empty()
    }

    pub(crate) fn has_unknowns(&self) -> bool {
        !self.unknowns.is_empty()
    }

    /// FAIL if anything failed, else SKIP (`UNKNOWN: ...`) if anything was unknown, else
    /// PASS. The location is the first fault's, or the resource's block.
    pub(crate) fn verdict(self, resource: &Resource) -> Verdict {
        let (status, parts, location) = if !self.failures.is_empty() {
            let location = self.failures[0].1.clone();
            let parts: Vec<String> = self.failures.into_iter().map(|(m, _)| m).collect();
            (Status::Fail, parts.join("; "), location)
        } else if !self.unknowns.is_empty() {
            let location = self.unknowns[0].1.clone();
            let parts: Vec<String> = self.unknowns.into_iter().map(|(m, _)| m).collect();
            (
                Status::Skip,
                format!("UNKNOWN: {}", parts.join("; ")),
                location,
            )
        } else {
            (
                Status::Pass,
                self.verified.join("; "),
                resource.location.clone(),
            )
        };
        Verdict {
            root: None,
            status,
            resource: resource.address.clone(),
            message: parts,
            location,
        }
    }
}

/// The location of an attribute if it is written, else of the body's block.
pub(crate) fn attr_location(body: &EvalBody, name: &str, block: &Location) -> Location {
    body.get(name)
        .map(|a| a.location.clone())
        .unwrap_or_else(|| block.clone())
}

/// What a list-valued attribute holds, as far as a check cares.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Presence {
    /// Absent, `null`, `[]` or `""`: says which, for the message.
    Empty(&'static str),
    /// Not knowable statically; the reason.
    Unknown(String),
    /// Known not to be empty.
    Present,
}

/// Whether an attribute is set to something non-empty after evaluation.
pub(crate) fn presence(body: &EvalBody, name: &str) -> Presence {
    match body.get(name).map(|a| &a.value) {
        None => Presence::Empty("is not set"),
        Some(Value::Null) => Presence::Empty("is null"),
        Some(v) => match v.is_empty() {
            Some(true) => Presence::Empty(match v {
                Value::String(_) => "is an empty string",
                Value::Object(_) => "is an empty map",
                _ => "is an empty list",
            }),
            Some(false) => Presence::Present,
            None => Presence::Unknown(v.unknown_reason().unwrap_or("unknown").to_string()),
        },
    }
}

/// Reads a boolean switch such as `enabled` or `actions_enabled`: `Ok(true)` when it is
/// explicitly `false` (absent or null means the provider default, which is on), `Err`
/// with the reason when it is unknown.
pub(crate) fn switched_off(body: &EvalBody, name: &str) -> Result<bool, String> {
    match body.value(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(!b),
        // Terraform converts "false"/"true" strings to bool for a bool argument.
        Some(Value::String(s)) if s == "false" => Ok(true),
        Some(Value::String(s)) if s == "true" => Ok(false),
        Some(v) => match v.unknown_reason() {
            Some(reason) => Err(reason.to_string()),
            None => Ok(false),
        },
    }
}

/// The reason a value is unknown, with a fallback so messages never end empty.
pub(crate) fn reason(v: &Value) -> String {
    v.unknown_reason().unwrap_or("unknown value").to_string()
}

/// The one reference inside an id-like attribute (`aws_sns_topic.x.arn`,
/// `"${pagerduty_schedule.p.id}"` evaluates to the same reference).
pub(crate) fn single_ref(v: &Value) -> Option<&Ref> {
    match v {
        Value::Ref(r) => Some(r),
        _ => None,
    }
}

/// A person or target in a rotation, made comparable: references to different resources
/// are different people, equal literal strings are the same one.
pub(crate) fn identity_of(v: &Value) -> Option<String> {
    match v {
        Value::Ref(r) => Some(r.address.clone()),
        Value::String(s) if !s.is_empty() => Some(format!("{s:?}")),
        Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
        _ => None,
    }
}

/// Reads an alert's runbook and severity from its description attribute (falling back to
/// its tags / labels attribute) and records what is missing, unknown or verified. Shared
/// by every provider's "alert carries runbook and severity" check so the messages match.
pub(crate) fn assess_alert_meta(
    a: &mut Assessment,
    body: &EvalBody,
    block: &Location,
    description_attr: &str,
    tags_attr: &str,
    levels: &[String],
) -> Option<super::alert::AlertMeta> {
    use super::alert::{MetaProblem, alert_meta, problems};
    let description = body.value(description_attr);
    let location = if description.is_some() {
        attr_location(body, description_attr, block)
    } else {
        attr_location(body, tags_attr, block)
    };
    let meta = match alert_meta(description, body.value(tags_attr)) {
        Ok(meta) => meta,
        Err(why) => {
            a.unknown(
                format!("cannot read the runbook and severity from {description_attr}: {why}"),
                &location,
            );
            return None;
        }
    };
    let found = problems(&meta, levels);
    if description.is_none() {
        let missing: Vec<&str> = found
            .iter()
            .filter_map(|p| match p {
                MetaProblem::NoRunbook => Some("no runbook URL"),
                MetaProblem::NoSeverity => Some("no severity"),
                _ => None,
            })
            .collect();
        if !missing.is_empty() {
            a.fail(
                format!(
                    "{description_attr} is not set (nor a {tags_attr} entry): the alert carries {}",
                    missing.join(" and ")
                ),
                &location,
            );
        }
        for p in &found {
            if !matches!(p, MetaProblem::NoRunbook | MetaProblem::NoSeverity) {
                a.fail(p.describe(tags_attr), &location);
            }
        }
    } else {
        for p in &found {
            a.fail(p.describe(description_attr), &location);
        }
    }
    if found.is_empty()
        && let (Some(sev), Some(rb)) = (&meta.severity, &meta.runbook)
    {
        a.verified(format!("severity {sev}, runbook {rb}"));
    }
    Some(meta)
}
