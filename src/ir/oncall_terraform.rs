//! On-call as PagerDuty's Terraform defines it, in the same model as `oncall.yml` (SPEC
//! §5): each `pagerduty_service` pages its escalation policy's first rule (primary) and
//! then its second rule (secondary); a rule's schedule target contributes the people of
//! the schedule's layers, a user target that one person.
//!
//! What cannot be followed (a policy outside the configuration, an unknown id) leaves the
//! contact out and says why in `OnCallService::unknown`, so that the checks report UNKNOWN
//! rather than a missing secondary. Opsgenie follows with the on-call checks.

use super::oncall::{Contact, OnCallService};
use crate::terraform::{Configuration, Resource, Value};

/// The on-call services defined by `pagerduty_service` resources, in address order.
pub fn pagerduty_services(config: &Configuration) -> Vec<OnCallService> {
    config
        .resources_of("pagerduty_service")
        .map(|service| {
            let mut unknown = None;
            let (primary, secondary) = match follow(
                config,
                service.body.value("escalation_policy"),
                "pagerduty_escalation_policy",
            ) {
                Ok(policy) => {
                    let rules: Vec<_> = policy.body.blocks_of("rule").collect();
                    let mut contact_of = |i: usize| {
                        let rule = rules.get(i)?;
                        match rule_contact(config, rule) {
                            Ok(c) => c,
                            Err(why) => {
                                unknown.get_or_insert(why);
                                None
                            }
                        }
                    };
                    (contact_of(0), contact_of(1))
                }
                Err(why) => {
                    unknown = Some(why);
                    (None, None)
                }
            };
            OnCallService {
                name: service
                    .body
                    .value("name")
                    .and_then(Value::as_str)
                    .map_or_else(|| service.address.clone(), str::to_string),
                tier: None,
                primary,
                secondary,
                location: service.location.clone(),
                unknown,
            }
        })
        .collect()
}

/// The resource of `kind` a reference points to, or why it cannot be followed.
fn follow<'a>(
    config: &'a Configuration,
    v: Option<&Value>,
    kind: &str,
) -> Result<&'a Resource, String> {
    match v {
        Some(Value::Ref(r)) => match config.follow(r) {
            Some(target) if target.kind == kind => Ok(target),
            _ => Err(format!(
                "{} is not a {kind} of this configuration",
                r.address
            )),
        },
        Some(v @ Value::Unknown(_)) => Err(v.unknown_reason().unwrap_or("unknown").to_string()),
        Some(other) => Err(format!("{other} is not a {kind} of this configuration")),
        None => Err(format!("no {kind} is given")),
    }
}

/// Whom a rule pages: its first schedule target, else its first user target.
fn rule_contact(
    config: &Configuration,
    rule: &crate::terraform::model::EvalBlock,
) -> Result<Option<Contact>, String> {
    let targets: Vec<_> = rule.body.blocks_of("target").collect();
    for wanted in ["schedule_reference", "user_reference"] {
        for t in &targets {
            match t.body.value("type").and_then(Value::as_str) {
                Some(kind) if kind == wanted => {}
                _ => continue,
            }
            if wanted == "user_reference" {
                let user = follow(config, t.body.value("id"), "pagerduty_user")?;
                return Ok(Some(Contact::Person(person(user))));
            }
            let schedule = follow(config, t.body.value("id"), "pagerduty_schedule")?;
            let mut members = Vec::new();
            for layer in schedule.body.blocks_of("layer") {
                match layer.body.value("users") {
                    Some(Value::List(users)) => {
                        for u in users {
                            members.push(person(follow(config, Some(u), "pagerduty_user")?));
                        }
                    }
                    Some(v) if v.is_unknown() => {
                        return Err(v.unknown_reason().unwrap_or("unknown").to_string());
                    }
                    _ => {}
                }
            }
            let name = schedule
                .body
                .value("name")
                .and_then(Value::as_str)
                .map_or_else(|| schedule.address.clone(), str::to_string);
            return Ok(Some(Contact::Schedule { name, members }));
        }
    }
    Ok(None)
}

/// A person as the configuration names them: e-mail, else name, else the address.
fn person(user: &Resource) -> String {
    ["email", "name"]
        .iter()
        .find_map(|a| user.body.value(a).and_then(Value::as_str))
        .map_or_else(|| user.address.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::module::{LoadOptions, evaluate_tree};

    fn services(tf: &str) -> Vec<OnCallService> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), tf).unwrap();
        let (configs, diags) = evaluate_tree(dir.path(), &LoadOptions::default());
        assert!(diags.is_empty(), "{diags:?}");
        pagerduty_services(&configs[0])
    }

    const USERS: &str = r#"
resource "pagerduty_user" "alice" {
  name  = "Alice"
  email = "alice@example.com"
}
resource "pagerduty_user" "bob" {
  name  = "Bob"
  email = "bob@example.com"
}
resource "pagerduty_user" "lead" { name = "Lead" }
resource "pagerduty_schedule" "primary" {
  name      = "payments-primary"
  time_zone = "Europe/Berlin"
  layer {
    name                         = "weekly"
    start                        = "2026-01-05T08:00:00+01:00"
    rotation_virtual_start       = "2026-01-05T08:00:00+01:00"
    rotation_turn_length_seconds = 604800
    users                        = [pagerduty_user.alice.id, pagerduty_user.bob.id]
  }
}
"#;

    #[test]
    fn the_first_rule_is_the_primary_and_the_second_the_secondary() {
        let tf = format!(
            "{USERS}{}",
            r#"
resource "pagerduty_escalation_policy" "payments" {
  name = "payments"
  rule {
    escalation_delay_in_minutes = 10
    target {
      type = "schedule_reference"
      id   = pagerduty_schedule.primary.id
    }
  }
  rule {
    escalation_delay_in_minutes = 10
    target {
      type = "user_reference"
      id   = pagerduty_user.lead.id
    }
  }
}
resource "pagerduty_service" "api" {
  name              = "payment-api"
  escalation_policy = pagerduty_escalation_policy.payments.id
}
"#
        );
        let s = services(&tf);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "payment-api");
        assert_eq!(
            s[0].primary,
            Some(Contact::Schedule {
                name: "payments-primary".into(),
                members: vec!["alice@example.com".into(), "bob@example.com".into()],
            })
        );
        assert_eq!(s[0].secondary, Some(Contact::Person("Lead".into())));
        assert_eq!(s[0].unknown, None);
    }

    #[test]
    fn a_policy_that_cannot_be_followed_is_unknown_not_missing() {
        let s = services(
            r#"
variable "policy_id" {}
resource "pagerduty_service" "api" {
  name              = "payment-api"
  escalation_policy = var.policy_id
}
"#,
        );
        assert_eq!(s[0].primary, None);
        assert!(
            s[0].unknown.as_deref().unwrap().contains("var.policy_id"),
            "{:?}",
            s[0].unknown
        );
    }
}
