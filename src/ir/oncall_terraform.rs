//! On-call as PagerDuty's Terraform defines it, in the same model as `oncall.yml` (SPEC
//! §5): each `pagerduty_service` pages its escalation policy's first rule (primary) and
//! then its second rule (secondary); a rule's schedule target contributes the people of
//! the schedule's layers, a user target that one person.
//!
//! Opsgenie's the same way: an `opsgenie_service` is paged through the escalations its
//! team owns (`owner_team_id`); without services, each escalation stands for one. Rules
//! are ordered by `delay`; the first is the primary, the second the secondary; a schedule
//! recipient contributes the participants of its rotations.
//!
//! What cannot be followed (a policy outside the configuration, an unknown id) leaves the
//! contact out and says why in `OnCallService::unknown`, so that the checks report UNKNOWN
//! rather than a missing secondary.

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

/// The on-call services of Opsgenie's Terraform, in address order.
pub fn opsgenie_services(config: &Configuration) -> Vec<OnCallService> {
    let escalations: Vec<&Resource> = config.resources_of("opsgenie_escalation").collect();
    let owner = |e: &Resource| match e.body.value("owner_team_id") {
        Some(Value::Ref(r)) => Some(r.address.clone()),
        _ => None,
    };
    let services: Vec<&Resource> = config.resources_of("opsgenie_service").collect();
    if services.is_empty() {
        return escalations
            .iter()
            .map(|e| opsgenie_service(config, name_of(e), Some(e), e))
            .collect();
    }
    services
        .iter()
        .map(|s| {
            let team = match s.body.value("team_id") {
                Some(Value::Ref(r)) => Some(r.address.clone()),
                _ => None,
            };
            let escalation = escalations
                .iter()
                .copied()
                .find(|e| team.is_some() && owner(e) == team);
            opsgenie_service(config, name_of(s), escalation, s)
        })
        .collect()
}

fn opsgenie_service(
    config: &Configuration,
    name: String,
    escalation: Option<&Resource>,
    at: &Resource,
) -> OnCallService {
    let mut unknown = None;
    let mut contacts = (None, None);
    match escalation {
        None => {
            unknown = Some(format!(
                "no opsgenie_escalation of {name}'s team in this configuration"
            ))
        }
        Some(e) => {
            let mut rules: Vec<(f64, &crate::terraform::model::EvalBlock)> = Vec::new();
            for rule in e.body.blocks_of("rules") {
                match rule.body.value("delay") {
                    Some(Value::Number(d)) => rules.push((*d, rule)),
                    Some(v) if v.is_unknown() => {
                        unknown = v.unknown_reason().map(str::to_string);
                    }
                    _ => rules.push((0.0, rule)),
                }
            }
            rules.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut contact_of = |i: usize| {
                let (_, rule) = rules.get(i)?;
                match recipient_contact(config, rule) {
                    Ok(c) => c,
                    Err(why) => {
                        unknown.get_or_insert(why);
                        None
                    }
                }
            };
            contacts = (contact_of(0), contact_of(1));
        }
    }
    OnCallService {
        name,
        tier: None,
        primary: contacts.0,
        secondary: contacts.1,
        location: at.location.clone(),
        unknown,
    }
}

/// Whom an Opsgenie rule notifies: its first schedule recipient, else its first user.
fn recipient_contact(
    config: &Configuration,
    rule: &crate::terraform::model::EvalBlock,
) -> Result<Option<Contact>, String> {
    let recipients: Vec<_> = rule.body.blocks_of("recipient").collect();
    for wanted in ["schedule", "user"] {
        for r in &recipients {
            if r.body.value("type").and_then(Value::as_str) != Some(wanted) {
                continue;
            }
            if wanted == "user" {
                let user = follow(config, r.body.value("id"), "opsgenie_user")?;
                return Ok(Some(Contact::Person(person(user))));
            }
            let schedule = follow(config, r.body.value("id"), "opsgenie_schedule")?;
            let mut members = Vec::new();
            for rotation in config.resources_of("opsgenie_schedule_rotation") {
                match rotation.body.value("schedule_id") {
                    Some(Value::Ref(x)) if x.address == schedule.address => {}
                    _ => continue,
                }
                for p in rotation.body.blocks_of("participant") {
                    if p.body.value("type").and_then(Value::as_str) != Some("user") {
                        continue;
                    }
                    members.push(person(follow(config, p.body.value("id"), "opsgenie_user")?));
                }
            }
            return Ok(Some(Contact::Schedule {
                name: name_of(schedule),
                members,
            }));
        }
    }
    Ok(None)
}

fn name_of(r: &Resource) -> String {
    r.body
        .value("name")
        .and_then(Value::as_str)
        .map_or_else(|| r.address.clone(), str::to_string)
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

/// A person as the configuration names them: e-mail or user name, else name, else the
/// address.
fn person(user: &Resource) -> String {
    ["email", "username", "name"]
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
    fn opsgenie_services_page_their_team_escalation_in_delay_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            r#"
resource "opsgenie_user" "alice" {
  username  = "alice@example.com"
  full_name = "Alice"
  role      = "User"
}
resource "opsgenie_user" "bob" {
  username  = "bob@example.com"
  full_name = "Bob"
  role      = "User"
}
resource "opsgenie_team" "payments" { name = "payments" }
resource "opsgenie_schedule" "primary" {
  name          = "payments-primary"
  owner_team_id = opsgenie_team.payments.id
}
resource "opsgenie_schedule_rotation" "weekly" {
  schedule_id = opsgenie_schedule.primary.id
  name        = "weekly"
  start_date  = "2026-01-05T08:00:00Z"
  type        = "weekly"
  participant {
    type = "user"
    id   = opsgenie_user.alice.id
  }
  participant {
    type = "user"
    id   = opsgenie_user.bob.id
  }
}
resource "opsgenie_escalation" "payments" {
  name          = "payments"
  owner_team_id = opsgenie_team.payments.id
  rules {
    condition   = "if-not-acked"
    notify_type = "default"
    delay       = 10
    recipient {
      type = "user"
      id   = opsgenie_user.bob.id
    }
  }
  rules {
    condition   = "if-not-acked"
    notify_type = "default"
    delay       = 0
    recipient {
      type = "schedule"
      id   = opsgenie_schedule.primary.id
    }
  }
}
resource "opsgenie_service" "api" {
  name    = "payment-api"
  team_id = opsgenie_team.payments.id
}
"#,
        )
        .unwrap();
        let (configs, diags) = evaluate_tree(dir.path(), &LoadOptions::default());
        assert!(diags.is_empty(), "{diags:?}");
        let s = opsgenie_services(&configs[0]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "payment-api");
        assert_eq!(
            s[0].primary,
            Some(Contact::Schedule {
                name: "payments-primary".into(),
                members: vec!["alice@example.com".into(), "bob@example.com".into()],
            })
        );
        assert_eq!(
            s[0].secondary,
            Some(Contact::Person("bob@example.com".into()))
        );
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
